import { describe, expect, it } from 'vitest';
import { EXACT_SINGLE_BYTE_CHARSETS } from '../../../main/mime/quick/exact-charsets.ts';
import { quickExtract } from '../../../main/mime/quick-extract.ts';
import { recordOf } from '../../../main/sync/body-record.ts';
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
