import { describe, expect, it } from 'vitest';
import { ByteSink, MultilineDecoder } from '../../main/pop3/multiline-decoder';

// The POP3 multi-line decoder against every way TCP can split an answer:
// dot-stuffed lines and the terminator straddling chunks must come out the same.

function decode(chunks: Buffer[]): { body: string; rest: string | undefined } {
  const decoder = new MultilineDecoder();
  const parts: Buffer[] = [];
  for (const [index, chunk] of chunks.entries()) {
    const result = decoder.push(chunk);
    parts.push(...result.parts.map((p) => Buffer.from(p)));
    if (result.rest !== undefined) {
      // What follows the terminator: the rest of this chunk and every later one (the next answer).
      const rest = Buffer.concat([result.rest, ...chunks.slice(index + 1)]);
      return { body: Buffer.concat(parts).toString('latin1'), rest: rest.toString('latin1') };
    }
  }
  return { body: Buffer.concat(parts).toString('latin1'), rest: undefined };
}

const WIRE = 'Subject: dots\r\n\r\n..\r\n...leading\r\nmiddle . dot\r\n..\r\n.x\r\nend\r\n.\r\n+OK next';
const BODY = 'Subject: dots\r\n\r\n.\r\n..leading\r\nmiddle . dot\r\n.\r\nx\r\nend\r\n';

describe('MultilineDecoder', () => {
  it('undoes dot-stuffing and stops at the terminator, in one chunk', () => {
    expect(decode([Buffer.from(WIRE, 'latin1')])).toEqual({ body: BODY, rest: '+OK next' });
  });

  it('gives the same result for every split into two and three chunks', () => {
    const wire = Buffer.from(WIRE, 'latin1');
    for (let i = 0; i <= wire.length; i++) {
      expect(decode([wire.subarray(0, i), wire.subarray(i)]), `split at ${i}`).toEqual({ body: BODY, rest: '+OK next' });
      for (let j = i; j <= wire.length; j += 3) {
        expect(decode([wire.subarray(0, i), wire.subarray(i, j), wire.subarray(j)])).toEqual({ body: BODY, rest: '+OK next' });
      }
    }
  });

  it('gives the same result byte by byte', () => {
    const wire = Buffer.from(WIRE, 'latin1');
    expect(decode([...wire].map((b) => Buffer.from([b])))).toEqual({ body: BODY, rest: '+OK next' });
  });

  it('reads an empty body and a body whose first line is stuffed', () => {
    expect(decode([Buffer.from('.\r\n')])).toEqual({ body: '', rest: '' });
    expect(decode([Buffer.from('..\r\n.\r\n')])).toEqual({ body: '.\r\n', rest: '' });
  });

  it('is not done while the terminator has not arrived', () => {
    expect(decode([Buffer.from('line\r\n.'), Buffer.from('\r')]).rest).toBeUndefined();
  });
});

describe('ByteSink', () => {
  it('keeps every byte when the server under-reports the size', () => {
    const sink = new ByteSink(4);
    for (let i = 0; i < 1000; i++) sink.write(Buffer.from(`${i},`));
    expect(sink.bytes().toString()).toBe(Array.from({ length: 1000 }, (_, i) => `${i},`).join(''));
  });
});
