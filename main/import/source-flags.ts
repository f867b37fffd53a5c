import { FLAG } from '../store/flags';

// The flags each kind of source keeps, as the store's bits (store/flags.ts).

/** The header block's bytes (up to the first empty line), at most 64 KB of it, as latin1. */
export function headerText(raw: Buffer): string {
  const limit = Math.min(raw.length, 64 * 1024);
  let end = raw.indexOf('\n\n');
  const crlf = raw.indexOf('\r\n\r\n');
  if (end < 0 || (crlf >= 0 && crlf < end)) end = crlf;
  return raw.subarray(0, end < 0 ? limit : Math.min(end, limit)).toString('latin1');
}

function field(headers: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\n)${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(headers);
  return match?.[1]?.trim();
}

/**
 * Flags an mbox keeps in the message's own headers: Thunderbird's
 * X-Mozilla-Status (hex: 0x1 read, 0x2 replied, 0x4 starred, 0x8 deleted
 * but not yet compacted away, 0x1000 forwarded), else the Status and
 * X-Status of mutt and other Unix mailers (R read, A answered, F flagged,
 * D deleted). `deleted`: the message is gone in its client, not imported.
 */
export function mboxFlags(raw: Buffer): { bits: number; deleted: boolean } {
  const headers = headerText(raw);
  const mozilla = field(headers, 'X-Mozilla-Status');
  if (mozilla && /^[0-9a-f]{1,4}$/i.test(mozilla)) {
    const value = Number.parseInt(mozilla, 16);
    let bits = 0;
    if (value & 0x1) bits |= FLAG.seen;
    if (value & 0x2) bits |= FLAG.answered;
    if (value & 0x4) bits |= FLAG.flagged;
    if (value & 0x1000) bits |= FLAG.forwarded;
    return { bits, deleted: (value & 0x8) !== 0 };
  }
  const status = `${field(headers, 'Status') ?? ''}${field(headers, 'X-Status') ?? ''}`;
  let bits = 0;
  if (status.includes('R')) bits |= FLAG.seen;
  if (status.includes('A')) bits |= FLAG.answered;
  if (status.includes('F')) bits |= FLAG.flagged;
  return { bits, deleted: status.includes('D') };
}

/**
 * Maildir's info suffix (`:2,` then letters in ASCII order; `;2,` or `!2,`
 * where a file system forbids ':'): P passed (forwarded), R replied, S seen,
 * T trashed, D draft, F flagged. A message still in new/ is unseen.
 */
export function maildirFlags(fileName: string): { bits: number; deleted: boolean } {
  const match = /[:;!]2,([A-Za-z]*)$/.exec(fileName);
  const letters = match?.[1] ?? '';
  let bits = 0;
  if (letters.includes('S')) bits |= FLAG.seen;
  if (letters.includes('R')) bits |= FLAG.answered;
  if (letters.includes('F')) bits |= FLAG.flagged;
  if (letters.includes('D')) bits |= FLAG.draft;
  if (letters.includes('P')) bits |= FLAG.forwarded;
  return { bits, deleted: letters.includes('T') };
}

/** The info suffix for the store's bits (export: the inverse of maildirFlags). */
export function maildirInfo(bits: number): string {
  let letters = '';
  if (bits & FLAG.draft) letters += 'D';
  if (bits & FLAG.flagged) letters += 'F';
  if (bits & FLAG.forwarded) letters += 'P';
  if (bits & FLAG.answered) letters += 'R';
  if (bits & FLAG.seen) letters += 'S';
  return `:2,${letters}`;
}

/**
 * Apple Mail's flags, the `flags` integer of an .emlx file's plist: bit 0
 * read, 1 deleted, 2 answered, 4 flagged, 6 draft, 8 forwarded.
 */
export function emlxFlags(value: number): { bits: number; deleted: boolean } {
  let bits = 0;
  if (value & (1 << 0)) bits |= FLAG.seen;
  if (value & (1 << 2)) bits |= FLAG.answered;
  if (value & (1 << 4)) bits |= FLAG.flagged;
  if (value & (1 << 6)) bits |= FLAG.draft;
  if (value & (1 << 8)) bits |= FLAG.forwarded;
  return { bits, deleted: (value & (1 << 1)) !== 0 };
}

/** The store's bits as IMAP flags, for an APPEND. */
export function imapFlags(bits: number): string[] {
  const flags: string[] = [];
  if (bits & FLAG.seen) flags.push('\\Seen');
  if (bits & FLAG.flagged) flags.push('\\Flagged');
  if (bits & FLAG.answered) flags.push('\\Answered');
  if (bits & FLAG.draft) flags.push('\\Draft');
  if (bits & FLAG.forwarded) flags.push('$Forwarded');
  return flags;
}
