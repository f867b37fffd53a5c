// Message flags as one integer in the store (cheap to filter and to index);
// IMAP system flags map to bits, anything else is a keyword kept as JSON.

export const FLAG = {
  seen: 1,
  flagged: 2,
  answered: 4,
  draft: 8,
  deleted: 16,
  forwarded: 32,
} as const;

const IMAP_TO_BIT: Record<string, number> = {
  '\\seen': FLAG.seen,
  '\\flagged': FLAG.flagged,
  '\\answered': FLAG.answered,
  '\\draft': FLAG.draft,
  '\\deleted': FLAG.deleted,
  $forwarded: FLAG.forwarded,
};

export function flagsToBits(flags: Iterable<string>): { bits: number; keywords: string[] } {
  let bits = 0;
  const keywords: string[] = [];
  for (const flag of flags) {
    const bit = IMAP_TO_BIT[flag.toLowerCase()];
    if (bit) bits |= bit;
    else if (flag !== '\\Recent') keywords.push(flag);
  }
  return { bits, keywords };
}
