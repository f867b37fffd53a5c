import { describe, expect, it } from 'vitest';
import { fetchedBody } from '../../main/imap/bulk-connection';
import { encodeMailboxName, quoted } from '../../main/imap/mailbox-name';
import { type ImapResponse, ResponseReader } from '../../main/imap/response-reader';

// The pieces of the bulk body connection that need no server: splitting the
// byte stream into responses, reading a FETCH response, naming folders.

const LIMITS = { maxLineBytes: 1024, maxLiteralBytes: 1_000_000 };

function readAll(chunks: Buffer[], limits = LIMITS): ImapResponse[] {
  const responses: ImapResponse[] = [];
  const reader = new ResponseReader(limits, (r) => responses.push(r));
  for (const chunk of chunks) reader.push(chunk);
  return responses;
}

describe('ResponseReader', () => {
  const body = Buffer.from('Subject: {5}\r\n\r\nA line ending in a brace {3}\r\n)\r\n* 2 FETCH (UID 9)\r\n');
  const stream = Buffer.concat([
    Buffer.from('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n'),
    Buffer.from(`* 1 FETCH (UID 7 BODY[] {${body.length}}\r\n`),
    body,
    Buffer.from(' FLAGS (\\Seen))\r\n'),
    Buffer.from('* 2 FETCH (UID 8 BODY[] {0}\r\n)\r\n'),
    Buffer.from('T1 OK done\n'),
  ]);

  it('gives the same responses wherever the chunks split, literals copied whole', () => {
    const whole = readAll([stream]);
    expect(whole.map((r) => r.parts)).toEqual([
      ['* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready'],
      ['* 1 FETCH (UID 7 BODY[] ', ' FLAGS (\\Seen))'],
      ['* 2 FETCH (UID 8 BODY[] ', ')'],
      ['T1 OK done'],
    ]);
    expect(whole[1]?.literals[0]?.equals(body)).toBe(true);
    expect(whole[2]?.literals[0]?.length).toBe(0);
    for (let cut = 1; cut < stream.length; cut++) {
      const split = readAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(
        split.map((r) => r.parts),
        `cut at ${cut}`,
      ).toEqual(whole.map((r) => r.parts));
      expect(split[1]?.literals[0]?.equals(body), `cut at ${cut}`).toBe(true);
    }
    // Byte by byte, too.
    const bytes = readAll([...stream].map((b) => Buffer.from([b])));
    expect(bytes[1]?.literals[0]?.equals(body)).toBe(true);
  });

  it('keeps nothing of a chunk: the socket reads the next one into the same memory', () => {
    const scratch = Buffer.alloc(7);
    const responses: ImapResponse[] = [];
    const reader = new ResponseReader(LIMITS, (r) => responses.push(r));
    for (let at = 0; at < stream.length; at += scratch.length) {
      const n = stream.copy(scratch, 0, at, at + scratch.length);
      reader.push(scratch.subarray(0, n));
      scratch.fill(0x21); // what the next read would leave there
    }
    expect(responses.map((r) => r.parts)).toEqual(readAll([stream]).map((r) => r.parts));
    expect(responses[1]?.literals[0]?.equals(body)).toBe(true);
  });

  it('gives each literal memory of its own, so it can move to another thread without a copy', () => {
    const [, fetch] = readAll([stream]);
    const literal = fetch?.literals[0] as Buffer;
    expect(literal.byteOffset).toBe(0);
    expect(literal.buffer.byteLength).toBe(literal.length);
  });

  it('refuses a line or a literal over the limits', () => {
    expect(() => readAll([Buffer.from(`* OK ${'x'.repeat(2000)}\r\n`)])).toThrow(/longer than 1024/);
    expect(() => readAll([Buffer.from('* 1 FETCH (BODY[] {5000000}\r\n')])).toThrow(/literal of 5000000 bytes/);
  });
});

describe('fetchedBody', () => {
  const response = (parts: string[], literals: string[] = []): ImapResponse => ({ parts, literals: literals.map((l) => Buffer.from(l)) });

  it('takes the UID wherever it comes, before or after the body', () => {
    expect(fetchedBody(response(['* 1 FETCH (UID 7 BODY[] ', ')'], ['raw']))).toEqual({ uid: 7, raw: Buffer.from('raw') });
    expect(fetchedBody(response(['* 1 FETCH (BODY[] ', ' UID 12)'], ['raw']))).toEqual({ uid: 12, raw: Buffer.from('raw') });
  });

  it('reads a body sent as a quoted string', () => {
    expect(fetchedBody(response(['* 3 FETCH (UID 4 BODY[] "a \\"b\\" \\\\c")']))).toEqual({ uid: 4, raw: Buffer.from('a "b" \\c') });
  });

  it('ignores what is not a body: a flag change, another response', () => {
    expect(fetchedBody(response(['* 1 FETCH (UID 7 FLAGS (\\Seen))']))).toBeUndefined();
    expect(fetchedBody(response(['* 1 FETCH (UID 7 BODY[HEADER] ', ')'], ['x']))).toBeUndefined();
    expect(fetchedBody(response(['* OK still here']))).toBeUndefined();
  });
});

describe('mailbox names', () => {
  it('encodes non-ASCII names in modified UTF-7 (RFC 3501 5.1.3)', () => {
    expect(encodeMailboxName('INBOX')).toBe('INBOX');
    expect(encodeMailboxName('~peter/mail/台北/日本語')).toBe('~peter/mail/&U,BTFw-/&ZeVnLIqe-');
    expect(encodeMailboxName('Entwürfe & Co')).toBe('Entw&APw-rfe &- Co');
    expect(encodeMailboxName('😀')).toBe('&2D3eAA-');
  });

  it('quotes arguments, escaping what must be', () => {
    expect(quoted('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
    expect(() => quoted('line\r\nbreak')).toThrow();
  });
});
