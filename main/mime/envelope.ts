// The header fields of ParsedMessage, read from the root's raw header lines.
// Shared by the normal path (lines from mailparser) and the fallback (lines
// from readHeaderBlock), so both agree on what a header means.
import {
  hasRawLegacyBytes,
  headerText,
  messageIds,
  parseAddressList,
  parseMailDate,
  type RawHeaderLine,
  rawHeaderValue,
} from './headers.ts';
import { listUnsubscribe } from './list-unsubscribe.ts';
import type { Address, ParsedMessage } from './types.ts';

export type Envelope = Pick<
  ParsedMessage,
  'messageId' | 'inReplyTo' | 'references' | 'subject' | 'date' | 'from' | 'to' | 'cc' | 'bcc' | 'replyTo' | 'unsubscribe'
>;

const ADDRESS_FIELDS = { from: 'From', to: 'To', cc: 'Cc', bcc: 'Bcc', replyTo: 'Reply-To' } as const;

/**
 * `decoded` is mailparser's reading of the headers (libmime, iconv-lite): its
 * Subject and addresses are used unless the raw header has 8-bit bytes that
 * are not UTF-8, which mailparser turns into U+FFFD.
 */
export function readEnvelope(lines: readonly RawHeaderLine[], problems: string[], decoded?: ReadonlyMap<string, unknown>): Envelope {
  const value = (key: string) => rawHeaderValue(lines, key);
  // To, Cc and Bcc may (wrongly, RFC 5322 3.6) appear more than once: keep every address
  const all = (key: string) =>
    lines
      .filter((l) => l.key === key)
      .map((l) => rawHeaderValue([l], key))
      .join(', ');

  // The first Subject, as other readers show it (mailparser keeps the last, so its reading is used only when there is one).
  const rawSubject = value('subject') ?? '';
  const subjects = lines.filter((l) => l.key === 'subject').length;
  const legacy = hasRawLegacyBytes(rawSubject);
  const decodedSubject = subjects === 1 ? decoded?.get('subject') : undefined;
  const subject = legacy || typeof decodedSubject !== 'string' ? headerText(rawSubject) : decodedSubject.trim();
  if (subjects > 1) problems.push(`${subjects} Subject headers; the first is shown`);
  if (legacy) problems.push('raw 8-bit bytes in the Subject header; read as windows-1252');
  else if (subject.includes('\ufffd')) problems.push('characters in the Subject header could not be decoded');

  const addresses = {} as Pick<Envelope, keyof typeof ADDRESS_FIELDS>;
  for (const [field, name] of Object.entries(ADDRESS_FIELDS) as [keyof typeof ADDRESS_FIELDS, string][]) {
    const raw = all(name.toLowerCase());
    const legacyBytes = hasRawLegacyBytes(raw);
    addresses[field] = (!legacyBytes && decoded && fromMailparser(decoded.get(name.toLowerCase()))) || parseAddressList(raw);
    if (legacyBytes) problems.push(`raw 8-bit bytes in the ${name} header; read as windows-1252`);
    else if (addresses[field].some((a) => a.name.includes('\ufffd'))) problems.push(`a name in the ${name} header could not be decoded`);
  }
  if (addresses.from.length === 0) problems.push('no From header');

  const rawDate = value('date');
  const date = parseMailDate(rawDate);
  if (rawDate === undefined) problems.push('no Date header');
  else if (date === null) problems.push(`unreadable Date header "${headerText(rawDate).slice(0, 100)}"`);

  if (lines.some((l) => !/^[!-9;-~]+$/.test(l.key))) problems.push('the header section has lines that are not header fields');

  return {
    messageId: messageIds(value('message-id'))[0] ?? null,
    inReplyTo: messageIds(value('in-reply-to'))[0] ?? null,
    references: messageIds(value('references')),
    subject,
    date,
    ...addresses,
    unsubscribe: listUnsubscribe(value('list-unsubscribe'), value('list-unsubscribe-post')),
  };
}

/** mailparser's AddressObject (or a list of them, for a repeated header) as Address[], groups flattened. */
export function fromMailparser(value: unknown): Address[] | null {
  if (value === undefined) return [];
  const objects = Array.isArray(value) ? value : [value];
  const out: Address[] = [];
  for (const object of objects as { value?: { name?: string; address?: string; group?: { name?: string; address?: string }[] }[] }[]) {
    if (!Array.isArray(object?.value)) return null;
    for (const entry of object.value) {
      for (const a of entry.group ?? [entry]) {
        const address = { name: (a.name ?? '').trim(), address: (a.address ?? '').trim() };
        if (address.name || address.address) out.push(address);
      }
    }
  }
  return out;
}
