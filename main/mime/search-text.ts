// The text the full-text index gets for a message.
import type { Address, ParsedMessage } from './types.ts';

/** Bound on what one message puts in the index (UTF-8 bytes): a 20 MB log pasted into a mail is not worth indexing whole. */
export const MAX_SEARCH_TEXT_BYTES = 256 * 1024;

/**
 * Subject, the names and addresses of sender and recipients, attachment file
 * names (people search for "invoice.pdf"), then the body text.
 */
export function extractSearchText(parsed: ParsedMessage, maxBytes = MAX_SEARCH_TEXT_BYTES): string {
  const people = (list: Address[]) => list.map((a) => `${a.name} ${a.address}`.trim());
  const files = parsed.attachments.map((a) => a.filename).filter((f): f is string => Boolean(f));
  const head = [parsed.subject, ...people(parsed.from), ...people(parsed.to), ...people(parsed.cc), ...files].filter(Boolean).join('\n');
  return truncateUtf8(`${head}\n\n${parsed.text}`.trim(), maxBytes);
}

/** The longest prefix that fits in `maxBytes` of UTF-8, never cutting a character in two. */
export function truncateUtf8(text: string, maxBytes: number): string {
  // a UTF-16 code unit is at most 3 UTF-8 bytes: short strings need no encoding
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // back off continuation bytes (10xxxxxx) to the start of the cut character
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
