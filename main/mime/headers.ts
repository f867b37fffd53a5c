// Reading header values from raw header lines. mailparser decodes the common
// case; these helpers cover what it gets wrong or cannot reach: raw 8-bit
// bytes that are not UTF-8, unreadable dates (mailparser substitutes "now"),
// comma-separated References, and the fallback when the message cannot be
// parsed at all.
import { isUtf8 } from 'node:buffer';
import { decodeBytes } from './charsets.ts';
import { mailparser } from './mailparser-lazy.ts';
import type { Address } from './types.ts';

/** One header line as mailparser gives it: lowercase key, the raw line (folding included) as a latin1 string of its bytes. */
export interface RawHeaderLine {
  key: string;
  line: string;
}

/** The value of the first header named `key`, unfolded (RFC 5322 2.2.3), still as a latin1 string of raw bytes. */
export function rawHeaderValue(lines: readonly RawHeaderLine[], key: string): string | undefined {
  const found = lines.find((l) => l.key === key);
  if (!found) return undefined;
  const colon = found.line.indexOf(':');
  return found.line
    .slice(colon + 1)
    .replace(/\r?\n(?=[ \t])/g, '')
    .trim();
}

/** True when the raw value has bytes above 0x7F that are not UTF-8: a legacy charset used without RFC 2047. */
export function hasRawLegacyBytes(latin1: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for any non-ASCII byte
  if (!/[^\x00-\x7f]/.test(latin1)) return false;
  return !isUtf8(Buffer.from(latin1, 'latin1'));
}

/**
 * Turns raw header bytes into text. RFC 6532 allows UTF-8 in headers; any other
 * 8-bit bytes are a sender bug, and windows-1252 is the usual guess (what
 * browsers and most mail clients assume; it is a superset of ISO-8859-1).
 */
export function decodeHeaderBytes(latin1: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for any non-ASCII byte
  if (!/[^\x00-\x7f]/.test(latin1)) return latin1;
  const bytes = Buffer.from(latin1, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : decodeBytes(bytes, 'windows-1252');
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * RFC 2047 encoded words, decoded with the platform's TextDecoder. Adjacent
 * words are joined: the whitespace between them is not part of the text
 * (RFC 2047 6.2), and their bytes are decoded together because senders do
 * split multibyte characters (and ISO-2022-JP escape sequences) across words.
 */
export function decodeEncodedWords(input: string): string {
  if (!input.includes('=?')) return input;
  let out = '';
  let last = 0;
  let pending: { charset: string; parts: Buffer[] } | null = null;
  for (const m of input.matchAll(ENCODED_WORD)) {
    const between = input.slice(last, m.index);
    // RFC 2231 5: a language may follow the charset after "*"
    const charset = (m[1] ?? '').split('*')[0]?.toLowerCase() ?? '';
    const bytes = wordBytes(m[2] ?? 'Q', m[3] ?? '');
    if (pending && /^\s*$/.test(between) && pending.charset === charset) {
      pending.parts.push(bytes);
    } else {
      if (pending) out += decodeBytes(Buffer.concat(pending.parts), pending.charset);
      if (!pending || !/^\s*$/.test(between)) out += between;
      pending = { charset, parts: [bytes] };
    }
    last = (m.index ?? 0) + m[0].length;
  }
  if (pending) out += decodeBytes(Buffer.concat(pending.parts), pending.charset);
  return out + input.slice(last);
}

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  // Q encoding (RFC 2047 4.2): "_" is a space, =XX a byte
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hex = c === 0x3d ? text.slice(i + 1, i + 3) : '';
    if (hex.length === 2 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(c === 0x5f ? 0x20 : c & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** A header's text: raw bytes decoded, then encoded words. */
export function headerText(latin1: string): string {
  return decodeEncodedWords(decodeHeaderBytes(latin1)).trim();
}

/** An address list, groups flattened (RFC 5322 3.4), names decoded. */
export function parseAddressList(latin1: string | undefined): Address[] {
  if (!latin1) return [];
  let parsed: { name?: string; address?: string }[];
  try {
    parsed = mailparser().parseAddressHeader(decodeHeaderBytes(latin1), { flatten: true }).value;
  } catch {
    // addressparser is lenient and should not throw; if it does, keep the bare addresses
    parsed = [...latin1.matchAll(/[^\s<>,;:"]+@[^\s<>,;:"]+/g)].map((m) => ({ address: m[0] }));
  }
  return parsed.map((a) => ({ name: (a.name ?? '').trim(), address: (a.address ?? '').trim() })).filter((a) => a.name || a.address);
}

/** Message-IDs in a header value, with their angle brackets (RFC 5322 3.6.4); a bare id is bracketed. */
export function messageIds(latin1: string | undefined): string[] {
  if (!latin1) return [];
  const bracketed = latin1.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  const bare = latin1.trim().split(/[\s,]+/)[0];
  return bare?.includes('@') ? [`<${bare}>`] : [];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 5322 4.3 obs-zone; any other alphabetic zone means "unknown", i.e. -0000
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  edt: -4,
  est: -5,
  cdt: -5,
  cst: -6,
  mdt: -6,
  mst: -7,
  pdt: -7,
  pst: -8,
};
// [day-of-week ","] day month year hour ":" minute [":" second] [zone] (RFC 5322 3.3, with the obsolete forms of 4.3)
const RFC5322_DATE =
  /^(?:[a-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2,4}),?\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?\s*(.*)$/i;
// what some scripts write: asctime() ("Mon Jan  1 10:00:00 2024") and ISO 8601
const ASCTIME = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/i;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An RFC 5322 date (3.3) as an ISO string, or null. Parsed by hand: V8's
 * Date.parse reads "yesterday at noon +0000" as 1 Jan 2000. A missing or
 * unknown zone counts as +0000, so that the result does not depend on the
 * time zone of the machine that parses.
 */
export function parseMailDate(latin1: string | undefined): string | null {
  if (!latin1) return null;
  const value = latin1
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (ISO_8601.test(value)) return validDate(Date.parse(value));
  const asc = ASCTIME.exec(value);
  if (asc) return utcDate(asc[6], asc[1], asc[2], asc[3], asc[4], asc[5], 0);
  const m = RFC5322_DATE.exec(value);
  if (!m) return null;
  // what follows the zone ("+0100 CET" without parentheses) is ignored
  const offset = zoneOffset((m[7] ?? '').split(' ')[0] ?? '');
  return offset === null ? null : utcDate(m[3], m[2], m[1], m[4], m[5], m[6], offset);
}

/** Minutes east of UTC, or null when what follows the time is not a zone. */
function zoneOffset(zone: string): number | null {
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  if (zone === '') return 0;
  if (!/^[a-z]{1,5}$/i.test(zone)) return null;
  return (ZONES[zone.toLowerCase()] ?? 0) * 60;
}

function utcDate(
  yearText = '',
  monthText = '',
  dayText = '',
  hourText = '',
  minuteText = '',
  secondText: string | undefined,
  offsetMinutes: number,
): string | null {
  const month = MONTHS.indexOf(monthText.slice(0, 3).toLowerCase());
  let year = Number(yearText);
  // RFC 5322 4.3: two-digit years below 50 are 20xx, three-digit years add 1900
  if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText.length === 3) year += 1900;
  const [day, hour, minute, second] = [dayText, hourText, minuteText, secondText ?? '0'].map(Number) as [number, number, number, number];
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  return validDate(Date.UTC(year, month, day, hour, minute, Math.min(second, 59)) - offsetMinutes * 60_000);
}

function validDate(time: number): string | null {
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year >= 1900 && year <= 9999 ? new Date(time).toISOString() : null;
}

const MAX_HEADER_BLOCK = 1024 * 1024;

/**
 * Whether the message starts with its header block: a header field, an mbox
 * "From " line (which the parser skips), or the empty line of an empty block.
 * A message whose first line is none of these has no header block at all
 * (a bare text someone saved, a broken export): other readers (Python's email
 * package, mbsync's users) show all of it as the body, and so do we, instead
 * of reading its lines as header fields up to the first empty one.
 */
export function startsWithHeaderBlock(raw: Buffer): boolean {
  const lf = raw.indexOf(0x0a);
  const first = raw.subarray(0, Math.min(lf < 0 ? raw.length : lf, 1000)).toString('latin1');
  return first === '' || first === '\r' || first.startsWith('From ') || /^[!-9;-~]+[ \t]*:/.test(first);
}

/**
 * A minimal header reader for messages mailparser cannot parse: the lines up
 * to the first empty line (at most 1 MB), unfolded into one entry per field;
 * none when the message has no header block (startsWithHeaderBlock).
 */
export function readHeaderBlock(raw: Buffer): RawHeaderLine[] {
  if (!startsWithHeaderBlock(raw)) return [];
  const head = raw.subarray(0, MAX_HEADER_BLOCK).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end < 0 ? head : head.slice(0, end);
  const lines: RawHeaderLine[] = [];
  for (const physical of block.split(/\r?\n/)) {
    const last = lines.at(-1);
    if (/^[ \t]/.test(physical) && last) {
      last.line += `\r\n${physical}`;
      continue;
    }
    // field-name is printable ASCII without ":" (RFC 5322 2.2); anything else
    // (an mbox "From " line, garbage) is skipped
    const match = /^([!-9;-~]+)[ \t]*:/.exec(physical);
    if (match?.[1]) lines.push({ key: match[1].toLowerCase(), line: physical });
  }
  return lines;
}
