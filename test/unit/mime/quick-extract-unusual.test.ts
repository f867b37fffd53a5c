import { describe, expect, it } from 'vitest';
import { quickExtract } from '../../../main/mime/quick-extract.ts';
import { corpusMessage, malformedMessages } from '../../corpus/index.ts';
import { Random } from '../../corpus/random.ts';
import { expectSameRecords, share } from './quick-oracle.ts';
import { variantMessage } from './variants.ts';

// The fast path on broken and unusual mail (the corpus and hand-made
// messages are in quick-extract.test.ts): every message it takes gets
// parseMessage's record.

describe('the fast path on broken and unusual mail', () => {
  it('gives parseMessage’s record for the malformed messages it takes', async () => {
    const result = await expectSameRecords(malformedMessages().map((m) => ({ raw: m.raw, name: m.name })));
    console.info(`fast path, malformed messages: ${share(result)}`);
  });

  it('leaves what mailparser fails on or reports to parseMessage', () => {
    const left = malformedMessages()
      .filter((m) => !quickExtract(m.raw))
      .map((m) => m.name);
    for (const name of [
      'boundary not found',
      'boundary parameter missing',
      'bad base64',
      'unknown charset',
      'raw 8-bit Latin-1 headers',
      'multiparts nested 100 deep',
      'NUL bytes',
      'header over 1 MB',
      '1,500 parts',
    ]) {
      expect(left).toContain(name);
    }
  });

  it.each([1, 2, 3])('gives parseMessage’s record for the edge-case variants it takes (seed %i)', async (seed) => {
    const messages = Array.from({ length: 1000 }, (_, i) => ({ raw: variantMessage(i, seed), name: `variant ${seed}/${i}` }));
    const result = await expectSameRecords(messages);
    console.info(`fast path, variants seed ${seed}: ${share(result)}`);
    // many variants are broken on purpose, but enough must be taken for the comparison to mean something
    expect(result.taken / result.total).toBeGreaterThan(0.25);
  });

  it('gives parseMessage’s record for mutated messages it takes, and never throws', async () => {
    const rng = new Random(0xbad);
    const pieces = ['\r', '\n', '\r\n', '--', '=', '=?', '?=', ';', '"', '(', ' ', '\t', '\0', '\xff', ':', '\r\n\r\n', '\r\n ', '=\r\n'];
    const messages = Array.from({ length: 800 }, (_, i) => {
      let text = (i % 2 ? variantMessage(i, 9) : corpusMessage(i, 9).raw).toString('latin1');
      for (let k = rng.int(1, 4); k > 0; k--) {
        const at = rng.int(0, text.length);
        const op = rng.int(0, 2);
        if (op === 0) text = text.slice(0, at) + rng.pick(pieces) + text.slice(at);
        else if (op === 1) text = text.slice(0, at) + text.slice(at + rng.int(1, 5));
        else text = text.slice(0, at);
      }
      return { raw: Buffer.from(text, 'latin1'), name: `mutated ${i}` };
    });
    const result = await expectSameRecords(messages);
    console.info(`fast path, mutated messages: ${share(result)}`);
  });

  it('reads delimiters and line ends that straddle mailparser’s 64 KB input slices as it does', async () => {
    const messages: { raw: Buffer; name: string }[] = [];
    for (const eol of ['\r\n', '\n']) {
      const head = `From: a@example.com${eol}Subject: slices${eol}Content-Type: multipart/mixed; boundary="b"${eol}${eol}--b${eol}Content-Type: text/plain${eol}${eol}`;
      const tails = [
        `${eol}--b${eol}Content-Type: text/plain${eol}${eol}second${eol}--b--${eol}`,
        `${eol}--b${eol}Content-Type: text/plain${eol}${eol}${eol}--b${eol}Content-Type: text/plain${eol}${eol}third${eol}--b--${eol}`,
        `${eol}--b${eol}Content-Type: text/plain${eol}Content-Transfer-Encoding: quoted-printable${eol}${eol}a=${eol}b=3D=${eol}${eol}--b--`,
        `${eol}--b \t${eol}Content-Type: text/html${eol}${eol}<p>x</p>${eol}--b--  ${eol}epilogue${eol}`,
      ];
      for (let shift = -6; shift <= 6; shift++) {
        const fill = 65_536 + shift - head.length;
        const line = `${'x'.repeat(70)}${eol}`;
        const filler = line.repeat(Math.floor(fill / line.length)).padEnd(fill, 'y');
        for (const [t, tail] of tails.entries()) {
          for (const cut of [0, 1, 3]) {
            messages.push({
              raw: Buffer.from(head + filler + tail.slice(cut), 'latin1'),
              name: `${JSON.stringify(eol)} ${shift} ${t} ${cut}`,
            });
          }
        }
      }
    }
    const result = await expectSameRecords(messages);
    expect(result.taken).toBe(result.total);
  });
});
