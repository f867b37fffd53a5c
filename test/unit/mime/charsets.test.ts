import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../main/mime/parse-message.ts';
import { encodeText } from '../../corpus/encode.ts';
import { assemble } from '../../corpus/generate.ts';
import { CHARSET_SAMPLES, charsetMessage, contextFor, corpusMismatches } from '../../corpus/index.ts';

// Each charset with B and with Q encoded words, and an RFC 2231 filename.
const CASES = CHARSET_SAMPLES.flatMap((sample) => (['B', 'Q'] as const).map((wordEncoding) => ({ charset: sample.charset, wordEncoding })));

describe('charsets', () => {
  it.each(CHARSET_SAMPLES.map((s) => s.charset))('the %s sample is representable in its charset (a round trip keeps it)', (charset) => {
    const sample = CHARSET_SAMPLES.find((s) => s.charset === charset);
    for (const text of [sample?.subject, sample?.senderName, sample?.body, sample?.filename]) {
      const bytes = encodeText(text ?? '', charset);
      // decoded by another implementation than the one mailparser uses
      const decoded = charset === 'iso-2022-jp' ? new TextDecoder('iso-2022-jp').decode(bytes) : iconv.decode(bytes, charset);
      expect(decoded).toBe(text);
    }
  });

  it.each(CASES)('$charset: body, $wordEncoding-encoded Subject and name, RFC 2231 filename', async ({ charset, wordEncoding }) => {
    const ctx = contextFor(3, 1);
    const { raw, expected } = assemble(ctx, charsetMessage(ctx, charset, { withAttachment: true, wordEncoding }), 'charset');
    const head = raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(head).toContain(`Subject: =?${charset}?${wordEncoding}?`);
    expect(head).toContain(`From: =?${charset}?${wordEncoding}?`);
    const parsed = await parseMessage(raw);
    expect(corpusMismatches(parsed, expected)).toEqual([]);
    const sample = CHARSET_SAMPLES.find((s) => s.charset === charset);
    expect(parsed.attachments[0]?.filename).toBe(sample?.filename);
    expect(parsed.from[0]?.name).toBe(sample?.senderName);
  });
});
