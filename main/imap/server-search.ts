import type { ImapFlow, SearchObject } from 'imapflow';
import { ApiError } from '../../shared/errors';
import type { Folder, MessageSummary } from '../../shared/mail';
import { parseSearchQuery, type SearchClause, type SearchQuery, type SearchTerm } from '../../shared/search-query';
import type { MessagesRepo } from '../store/messages-repo';
import { fetchHeaders, toSequenceSet } from './folder-sync';

// "Search on server": asks the server, for what the local index cannot find
// (bodies outside the "last N days" window are not downloaded, so not
// indexed). The query is ours (shared/search-query.ts), translated here:
// Gmail gets it in its own syntax (X-GM-RAW: from:, label:, newer_than:2d,
// ...) over the folder given (All Mail, as mail-service chooses); other
// servers get IMAP SEARCH keys (FROM, SUBJECT, TEXT, SENTSINCE, UNSEEN, NOT,
// OR) in one folder, and what IMAP cannot say (attachments, labels) is
// refused with a sentence, never dropped into a wider answer. The newest
// matches are returned as stored rows; any whose headers are not stored yet
// (a first sync still under way, mail that arrived since) are fetched and
// stored first, so every result opens like any other message.

export interface ServerSearchDeps {
  messages: MessagesRepo;
  gmail: boolean;
}

export async function searchOnServer(
  client: ImapFlow,
  folder: Pick<Folder, 'id' | 'accountId' | 'path' | 'role'>,
  query: string,
  limit: number,
  deps: ServerSearchDeps,
): Promise<MessageSummary[]> {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) throw new ApiError('invalid_argument', parsed.error.message);
  // Translated before the folder is selected: a query the server cannot take costs no round trip.
  const searches = deps.gmail ? [{ gmraw: gmailQuery(parsed.query) }] : imapSearches(parsed.query, new Date());
  const lock = await client.getMailboxLock(folder.path, { readOnly: true });
  try {
    const found = await allOf(client, searches);
    const newest = [...found].sort((a, b) => b - a).slice(0, limit);
    const stored = new Set(deps.messages.uids(folder.id));
    const missing = newest.filter((uid) => !stored.has(uid));
    if (missing.length > 0) {
      const records = await fetchHeaders(client, toSequenceSet(missing), deps.gmail ? folder : undefined);
      deps.messages.upsertHeaders(folder.accountId, folder.id, records);
    }
    return deps.messages.byUids(folder.id, newest);
  } finally {
    lock.release();
  }
}

/** The UIDs every search matches (one SEARCH each; usually one). */
async function allOf(client: ImapFlow, searches: SearchObject[]): Promise<number[]> {
  let result: Set<number> | null = null;
  for (const search of searches) {
    const found: number[] = (await client.search(search, { uid: true })) || [];
    result = result === null ? new Set(found) : new Set(found.filter((uid) => (result as Set<number>).has(uid)));
    if (result.size === 0) break;
  }
  return [...(result ?? [])];
}

// ---- IMAP SEARCH ----

/** The message for what IMAP SEARCH has no key for. */
function unsupported(what: string): never {
  throw new ApiError(
    'invalid_argument',
    `The server cannot search for ${what}: leave it out to search the server, or search the mail stored here.`,
  );
}

/**
 * The query as IMAP SEARCH criteria: every group one key (a clause, or OR of
 * its clauses), all of them to match. imapflow takes each key once per
 * object (two words are two TEXT keys), so the groups are packed into as few
 * objects as keep their keys apart, each one SEARCH, and the answers
 * intersected. Matching is the server's (IMAP: substrings, so a prefix
 * matches by itself). `in:` picks the folder searched (mail-service), and is
 * left out here; dates are days, as IMAP's SENTBEFORE and SENTSINCE know them.
 */
export function imapSearches(query: SearchQuery, now: Date): SearchObject[] {
  const keys: SearchObject[] = [];
  for (const group of query.groups) {
    if (group.length === 1 && !group[0]?.negated && group[0]?.term.kind === 'in') continue;
    const criteria = group.map((clause) => imapClause(clause, now));
    keys.push(criteria.length === 1 ? (criteria[0] as SearchObject) : { or: criteria });
  }
  if (keys.length === 0) return [{ all: true }];
  const packed: SearchObject[] = [];
  for (const key of keys) {
    const names = Object.keys(key);
    const room = packed.find((object) => names.every((name) => !(name in object)));
    if (room) Object.assign(room, key);
    else packed.push({ ...key });
  }
  return packed;
}

function imapClause({ negated, term }: SearchClause, now: Date): SearchObject {
  const criterion = imapTerm(term, now);
  return negated ? { not: criterion } : criterion;
}

function imapTerm(term: SearchTerm, now: Date): SearchObject {
  switch (term.kind) {
    case 'text':
      switch (term.field) {
        case 'any':
          return { text: term.text };
        case 'from':
        case 'to':
        case 'cc':
        case 'subject':
          return { [term.field]: term.text };
        case 'filename':
          return unsupported('attachment names (filename:)');
      }
      break;
    case 'has':
      return unsupported('attachments (has:attachment)');
    case 'is':
      return term.state === 'unread' ? { seen: false } : term.state === 'read' ? { seen: true } : { flagged: true };
    case 'in':
      return unsupported('a folder combined with OR or "-" (in:)');
    case 'label':
      return unsupported("labels (label:, which are Gmail's; use in: with a folder)");
    case 'before':
      return { sentBefore: utcDay(term.year, term.month, term.day) };
    case 'after':
      return { sentSince: utcDay(term.year, term.month, term.day) };
    case 'older_than':
      return { sentBefore: ageDay(term.amount, term.unit, now) };
    case 'newer_than':
      return { sentSince: ageDay(term.amount, term.unit, now) };
  }
  return unsupported('this');
}

/** A calendar day as imapflow sends it (midnight UTC is that day, nothing shifted). */
function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

/** The day `amount` days, months or years before `now` (local calendar, as the local search counts them). */
function ageDay(amount: number, unit: 'd' | 'm' | 'y', now: Date): Date {
  const then = new Date(now);
  if (unit === 'd') then.setDate(then.getDate() - amount);
  else if (unit === 'm') then.setMonth(then.getMonth() - amount);
  else then.setFullYear(then.getFullYear() - amount);
  return utcDay(then.getFullYear(), then.getMonth() + 1, then.getDate());
}

// ---- Gmail ----

/** Gmail's words for the folders search knows by role; any other `in:` is a label. */
const GMAIL_PLACES: Record<string, string> = {
  inbox: 'inbox',
  sent: 'sent',
  drafts: 'drafts',
  draft: 'drafts',
  trash: 'trash',
  junk: 'spam',
  spam: 'spam',
  starred: 'starred',
  flagged: 'starred',
  important: 'important',
  all: 'anywhere',
  anywhere: 'anywhere',
};

/**
 * The query in Gmail's search syntax, for X-GM-RAW. Ours is Gmail's almost
 * word for word; what differs is written Gmail's way: dates as YYYY/MM/DD,
 * a group of OR'ed clauses in parentheses, a label's spaces and slashes as
 * "-" (label:receipts-2024), a folder's role as Gmail's place (in:spam).
 * Gmail matches whole words: the last word typed is not a prefix there.
 */
export function gmailQuery(query: SearchQuery): string {
  return query.groups
    .map((group) => {
      const clauses = group.map(gmailClause);
      return clauses.length === 1 ? (clauses[0] as string) : `(${clauses.join(' OR ')})`;
    })
    .join(' ');
}

function gmailClause({ negated, term }: SearchClause): string {
  return `${negated ? '-' : ''}${gmailTerm(term)}`;
}

function gmailTerm(term: SearchTerm): string {
  switch (term.kind) {
    case 'text': {
      const value = gmailValue(term.text, term.quoted);
      return term.field === 'any' ? value : `${term.field}:${value}`;
    }
    case 'has':
      return 'has:attachment';
    case 'is':
      return `is:${term.state}`;
    case 'in': {
      const place = GMAIL_PLACES[term.folder.toLowerCase()];
      return place ? `in:${place}` : `label:${gmailLabel(term.folder)}`;
    }
    case 'label':
      return `label:${gmailLabel(term.label)}`;
    case 'before':
    case 'after':
      return `${term.kind}:${term.year}/${pad(term.month)}/${pad(term.day)}`;
    case 'older_than':
    case 'newer_than':
      return `${term.kind}:${term.amount}${term.unit}`;
  }
}

/** A word as is; a phrase, or anything Gmail would read as syntax, in quotes (which it cannot contain). */
function gmailValue(text: string, quoted: boolean): string {
  const clean = text.replace(/"/g, ' ').trim();
  return quoted || /[\s(){}:]/.test(clean) || clean === 'OR' || clean.startsWith('-') ? `"${clean}"` : clean;
}

/** Gmail's form of a label in a search: lower case would do too; spaces and "/" become "-". */
function gmailLabel(name: string): string {
  return name
    .trim()
    .replace(/[\s/]+/g, '-')
    .replace(/"/g, '');
}

const pad = (n: number) => String(n).padStart(2, '0');
