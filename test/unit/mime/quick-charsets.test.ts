import { describe, expect, it } from 'vitest';
import { EXACT_MULTIBYTE_CHARSETS, EXACT_SINGLE_BYTE_CHARSETS } from '../../../main/mime/quick/exact-charsets.ts';
import { quickExtract } from '../../../main/mime/quick-extract.ts';
import { recordOf } from '../../../main/sync/body-record.ts';
import { base64Lines, encodeText, quotedPrintable } from '../../corpus/encode.ts';
import { CHARSET_SAMPLES } from '../../corpus/index.ts';
import { recordByParseMessage } from './oracle.ts';

// The fast path decodes single-byte charsets with TextDecoder where mailparser
// uses iconv-lite (through libmime): every byte of every charset it accepts
// has to come out the same, in a body and in an encoded word, or the fast
// path has to leave the message to parseMessage.

const HIGH = Array.from({ length: 128 }, (_, i) => 0x80 + i);

/** The high bytes TextDecoder turns into C1 controls for this charset: undefined in windows-125x, which iconv-lite reads as U+FFFD. */
function undefinedBytes(charset: string): number[] {
  if (!new TextDecoder(charset).encoding.startsWith('windows-')) return [];
  return HIGH.filter((b) => /[\u0080-\u009f]/.test(new TextDecoder(charset).decode(Uint8Array.of(b))));
}

function message(charset: string, bytes: number[], wordCharset = charset): Buffer {
  const q = bytes.map((b) => `=${b.toString(16).toUpperCase()}`).join('');
  // lines of 32 bytes, without CR and LF among them
  const lines: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 32) lines.push(Buffer.from(bytes.slice(i, i + 32)), Buffer.from('\r\n'));
  return Buffer.concat([
    Buffer.from(
      `From: =?${wordCharset}?Q?${q.slice(0, 60)}?= <a@example.com>\r\nSubject: =?${wordCharset}?Q?${q}?=\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
    ),
    ...lines,
  ]);
}

describe('charsets the fast path decodes itself', () => {
  it.each(EXACT_SINGLE_BYTE_CHARSETS)('%s: every defined byte as parseMessage reads it', async (charset) => {
    const skip = new Set(undefinedBytes(charset));
    for (const label of [charset, charset.toUpperCase(), ` ${charset}`]) {
      const raw = message(label.trim() === label ? label : `"${label}"`, [...HIGH.filter((b) => !skip.has(b)), 0x41], charset);
      const digest = quickExtract(raw);
      expect(digest).toBeDefined();
      if (digest) expect(recordOf(raw, digest)).toEqual(await recordByParseMessage(raw));
    }
  });

  it.each(EXACT_SINGLE_BYTE_CHARSETS.filter((c) => undefinedBytes(c).length > 0))(
    '%s: leaves the bytes the charset leaves undefined',
    (charset) => {
      for (const b of undefinedBytes(charset)) expect(quickExtract(message(charset, [0x41, b]))).toBeUndefined();
    },
  );

  it('reads us-ascii and unlabelled bodies as UTF-8, but us-ascii encoded words as windows-1252 (as libmime does)', async () => {
    const utf8 = [...Buffer.from('Grüße — 😀')];
    for (const raw of [
      message('us-ascii', utf8, 'us-ascii'),
      message('', utf8, 'utf-8'),
      message('UTF8', utf8, 'utf8'),
      message('utf-8', [0xc3, 0x28, 0xff], 'utf-8'),
    ]) {
      const digest = quickExtract(raw);
      expect(digest).toBeDefined();
      if (digest) expect(recordOf(raw, digest)).toEqual(await recordByParseMessage(raw));
    }
  });
});

describe('multibyte charsets the fast path decodes with libmime (as mailparser does)', () => {
  /** A text/plain or text/html part in `charset`, with these body bytes, in a transfer encoding. */
  function part(charset: string, body: Buffer, encoding: '8bit' | 'base64' | 'quoted-printable', type = 'text/plain'): Buffer {
    const encoded = encoding === 'base64' ? base64Lines(body) : encoding === 'quoted-printable' ? quotedPrintable(body) : body;
    return Buffer.concat([
      Buffer.from(
        `From: a@example.com\r\nSubject: x\r\nContent-Type: ${type}; charset=${charset}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`,
      ),
      encoded,
      Buffer.from('\r\n'),
    ]);
  }

  it.each(EXACT_MULTIBYTE_CHARSETS)(
    '%s: real text, cut sequences and stray bytes give parseMessage’s record, or go to parseMessage',
    async (charset) => {
      const sample = CHARSET_SAMPLES.find((s) => s.charset === charset);
      expect(sample).toBeDefined();
      const text = encodeText(`${sample?.body}\n\n${sample?.phrase}`, charset);
      const broken = [
        text,
        text.subarray(0, text.length - 1), // the last character cut in half (or an escape sequence's end)
        Buffer.concat([text.subarray(0, 7), Buffer.from([0x81, 0xff, 0x80, 0x1b, 0x24]), text.subarray(7)]), // stray bytes
        Buffer.concat([Buffer.from([0xa1]), text]),
        Buffer.from([0x1b, 0x24, 0x42, 0x30, 0x21, 0x0d, 0x0a, 0x30]), // ISO-2022-JP shifted in, a line break inside
        Buffer.from('plain ASCII only\r\n'),
      ];
      let taken = 0;
      for (const [i, body] of broken.entries()) {
        for (const encoding of ['8bit', 'base64', 'quoted-printable'] as const) {
          for (const type of ['text/plain', 'text/html']) {
            const raw = part(charset, body, encoding, type);
            const digest = quickExtract(raw);
            if (!digest) continue;
            taken++;
            expect({ i, encoding, type, record: recordOf(raw, digest) }).toEqual({
              i,
              encoding,
              type,
              record: await recordByParseMessage(raw),
            });
          }
        }
      }
      // the real text at least is taken, in every encoding
      expect(taken).toBeGreaterThanOrEqual(6);
    },
  );
});
