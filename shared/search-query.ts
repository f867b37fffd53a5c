// What a person types into the search box, read into a query: free words,
// "quoted phrases", -negation, OR, fields (from:, subject:, is:unread, ...).
// Pure (no I/O, never throws), so that the core runs it on every search and
// the UI can run it as the user types to show what is wrong before asking.
// The store turns a query into SQL (main/store/search-plan.ts).
//
// The grammar, as Gmail's: clauses are joined by AND; `OR` (upper case)
// between two clauses makes one of them enough (`a OR b c` is "(a or b) and
// c"); `-` before a clause negates it; a field is `name:value`, the value a
// word or a "quoted phrase". Anything else is text to find.

/** Where a text term is looked for: `any` is everywhere (subject, names and addresses, body, attachment names). */
export type TextField = 'any' | 'from' | 'to' | 'cc' | 'subject' | 'filename';

export type SearchTerm =
  /**
   * Words to find. `text` as typed (the index splits it into words the same
   * way it split the mail; several words must follow each other, as a
   * phrase). `prefix`: its last word may go on ("inv" finds "invoice").
   */
  | { kind: 'text'; field: TextField; text: string; quoted: boolean; prefix: boolean }
  | { kind: 'has'; what: 'attachment' }
  | { kind: 'is'; state: 'unread' | 'read' | 'starred' }
  /** A folder, by name, path or role (inbox, sent, ...); case-insensitive. */
  | { kind: 'in'; folder: string }
  /** A Gmail label, case-insensitive. */
  | { kind: 'label'; label: string }
  /** A calendar day (the store takes its start in local time): before is "earlier than that day", after is "that day or later". */
  | { kind: 'before' | 'after'; year: number; month: number; day: number }
  /** An age from now: d days, m months, y years. */
  | { kind: 'older_than' | 'newer_than'; amount: number; unit: 'd' | 'm' | 'y' };

export interface SearchClause {
  negated: boolean;
  term: SearchTerm;
}

/** Every group must match; a group matches when one of its clauses does (clauses joined by OR). */
export interface SearchQuery {
  groups: SearchClause[][];
}

/** What is wrong with a query, in words for the person who typed it, and where (offsets into the text, end exclusive). */
export interface SearchSyntaxError {
  message: string;
  start: number;
  end: number;
}

export type SearchParse = { ok: true; query: SearchQuery } | { ok: false; error: SearchSyntaxError };

const TEXT_FIELDS: Record<string, TextField> = { from: 'from', to: 'to', cc: 'cc', subject: 'subject', filename: 'filename' };
const FIELDS = [
  'from',
  'to',
  'cc',
  'subject',
  'filename',
  'has',
  'is',
  'in',
  'label',
  'before',
  'after',
  'older_than',
  'newer_than',
] as const;
const IS_STATES = ['unread', 'read', 'starred'] as const;
/** The longest age one may ask for (older_than:, newer_than:), in its unit: beyond it the date is not a date any more. */
const MAX_AGE = 100_000;
/**
 * The last word is a prefix from this many letters on. The index answers a
 * prefix by merging the lists of every word it begins (it cannot stop at the
 * newest page): "t" or "th" would read a large part of the whole index.
 */
export const MIN_PREFIX = 3;

/** A word of what was typed: a run of text, a quoted phrase, or a field with its value. */
interface Token {
  /** `-` before it. */
  negated: boolean;
  /** Lower-cased field name, when it is `name:value`. */
  field: string | null;
  value: string;
  quoted: boolean;
  /** Where it is in the input (from the `-`, to after the closing quote). */
  start: number;
  end: number;
  /** A bare `OR` (not negated, not quoted). */
  or: boolean;
}

class SyntaxFailure {
  constructor(readonly error: SearchSyntaxError) {}
}

function fail(message: string, start: number, end: number): never {
  throw new SyntaxFailure({ message, start, end });
}

/** Reads a query; a malformed one gives an error saying which part and why, never an exception. */
export function parseSearchQuery(input: string): SearchParse {
  try {
    return { ok: true, query: build(tokenize(input), input) };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: error.error };
    // A bug here must not take the search box down with it: say so, as a syntax error would.
    return { ok: false, error: { message: 'This search could not be read.', start: 0, end: input.length } };
  }
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < input.length) {
    if (isSpace(input[at])) {
      at++;
      continue;
    }
    const start = at;
    let negated = false;
    if (input[at] === '-') {
      negated = true;
      at++;
      if (at >= input.length || isSpace(input[at]))
        fail('A "-" must be followed by what to leave out, e.g. -newsletter or -from:ada@example.com.', start, at);
    }
    if (input[at] === '"') {
      const { value, end } = quoted(input, at);
      tokens.push({ negated, field: null, value, quoted: true, start, end, or: false });
      at = end;
      continue;
    }
    // A word: up to a space or a quote.
    let end = at;
    while (end < input.length && !isSpace(input[end]) && input[end] !== '"') end++;
    const word = input.slice(at, end);
    const field = /^([A-Za-z_]+):(.*)$/s.exec(word);
    if (field && !(field[2] ?? '').startsWith('//')) {
      const name = (field[1] as string).toLowerCase();
      if (!(FIELDS as readonly string[]).includes(name)) {
        fail(
          `"${field[1]}:" is not something search knows. Use from:, to:, cc:, subject:, filename:, has:attachment, is:unread, is:read, is:starred, in:, label:, before:, after:, older_than: or newer_than: (or put the text in quotes to look for it as it is).`,
          start,
          at + (field[1] as string).length + 1,
        );
      }
      const rest = field[2] as string;
      if (rest === '' && input[end] === '"') {
        const phrase = quoted(input, end);
        tokens.push({ negated, field: name, value: phrase.value, quoted: true, start, end: phrase.end, or: false });
        at = phrase.end;
        continue;
      }
      if (rest === '') fail(`"${name}:" needs something after it, e.g. ${example(name)}.`, start, end);
      tokens.push({ negated, field: name, value: rest, quoted: false, start, end, or: false });
      at = end;
      continue;
    }
    tokens.push({ negated, field: null, value: word, quoted: false, start, end, or: !negated && word === 'OR' });
    at = end;
  }
  return tokens;
}

/** A quoted phrase starting at `at` (the opening quote). */
function quoted(input: string, at: number): { value: string; end: number } {
  const close = input.indexOf('"', at + 1);
  if (close < 0) fail('A quote is not closed: add the closing ".', at, input.length);
  return { value: input.slice(at + 1, close), end: close + 1 };
}

function build(tokens: Token[], input: string): SearchQuery {
  const groups: SearchClause[][] = [];
  let joinNext = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.or) {
      const before = tokens[i - 1];
      const after = tokens[i + 1];
      if (!before || before.or || !after || after.or)
        fail('OR goes between two things to find, e.g. invoice OR receipt.', token.start, token.end);
      joinNext = true;
      continue;
    }
    const clause = toClause(token, input);
    if (clause === null) {
      // Only punctuation: nothing the index could find. Left out (as the index leaves it out of mail), unless OR needs it.
      if (joinNext || tokens[i + 1]?.or)
        fail(`"${input.slice(token.start, token.end)}" has no letters or digits to look for.`, token.start, token.end);
      continue;
    }
    if (joinNext) (groups[groups.length - 1] as SearchClause[]).push(clause);
    else groups.push([clause]);
    joinNext = false;
  }
  if (groups.length === 0) {
    fail(tokens.length === 0 ? 'Type something to search for.' : 'There are no letters or digits to look for.', 0, input.length);
  }
  // The last word typed may still be growing: it matches as a prefix (from MIN_PREFIX letters on).
  const last = tokens[tokens.length - 1];
  const lastGroup = groups[groups.length - 1] as SearchClause[];
  const lastClause = lastGroup[lastGroup.length - 1] as SearchClause;
  const term = lastClause.term;
  if (last && !last.quoted && !lastClause.negated && term.kind === 'text' && !term.quoted) {
    const lastWord =
      term.text
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .at(-1) ?? '';
    if ([...lastWord].length >= MIN_PREFIX) lastClause.term = { ...term, prefix: true };
  }
  return { groups };
}

/** True when the text has something the index keeps: a letter or a digit. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

function toClause(token: Token, input: string): SearchClause | null {
  const { negated, value, start, end } = token;
  const part = input.slice(start, end);
  if (token.field === null) {
    if (!hasWords(value)) {
      if (token.quoted || negated) fail(`"${part}" has no letters or digits to look for.`, start, end);
      return null;
    }
    return { negated, term: { kind: 'text', field: 'any', text: value, quoted: token.quoted, prefix: false } };
  }
  const name = token.field;
  const field = TEXT_FIELDS[name];
  if (field) {
    if (!hasWords(value)) fail(`"${name}:" needs a word to look for, e.g. ${example(name)}.`, start, end);
    return { negated, term: { kind: 'text', field, text: value, quoted: token.quoted, prefix: false } };
  }
  const lower = value.trim().toLowerCase();
  switch (name) {
    case 'has':
      if (lower !== 'attachment' && lower !== 'attachments') fail(`Search knows has:attachment only, not "${part}".`, start, end);
      return { negated, term: { kind: 'has', what: 'attachment' } };
    case 'is': {
      const state = IS_STATES.find((s) => s === lower);
      if (!state) fail(`Search knows is:unread, is:read and is:starred, not "${part}".`, start, end);
      return { negated, term: { kind: 'is', state } };
    }
    case 'in':
      if (lower === '') fail('"in:" needs a folder, e.g. in:inbox or in:"Lists/Rust".', start, end);
      return { negated, term: { kind: 'in', folder: value.trim() } };
    case 'label':
      if (lower === '') fail('"label:" needs a label, e.g. label:receipts.', start, end);
      return { negated, term: { kind: 'label', label: value.trim() } };
    case 'before':
    case 'after': {
      const date = calendarDate(value.trim());
      if (!date) fail(`"${name}:" needs a date as YYYY-MM-DD, e.g. ${name}:2024-03-31; "${value}" is not one.`, start, end);
      return { negated, term: { kind: name, ...date } };
    }
    case 'older_than':
    case 'newer_than': {
      const age = /^(\d{1,6})([dmy])$/i.exec(value.trim());
      const amount = age ? Number(age[1]) : Number.NaN;
      if (!age || amount < 1 || amount > MAX_AGE)
        fail(`"${name}:" needs a number of days, months or years, e.g. ${name}:2d, ${name}:3m or ${name}:1y; not "${value}".`, start, end);
      return { negated, term: { kind: name, amount, unit: (age[2] as string).toLowerCase() as 'd' | 'm' | 'y' } };
    }
    default:
      return fail(`"${name}:" is not something search knows.`, start, end);
  }
}

/** YYYY-MM-DD (or YYYY/MM/DD, as Gmail writes it), a day that exists. */
function calendarDate(text: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[3]), Number(match[4])];
  if (month < 1 || month > 12 || day < 1) return null;
  // Day 0 of the next month is the last day of this one.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last ? { year, month, day } : null;
}

function example(field: string): string {
  const examples: Record<string, string> = {
    from: 'from:ada@example.com',
    to: 'to:ada@example.com',
    cc: 'cc:ada@example.com',
    subject: 'subject:invoice',
    filename: 'filename:report.pdf',
    has: 'has:attachment',
    is: 'is:unread',
    in: 'in:inbox',
    label: 'label:receipts',
    before: 'before:2024-03-31',
    after: 'after:2024-03-01',
    older_than: 'older_than:1y',
    newer_than: 'newer_than:2d',
  };
  return examples[field] ?? `${field}:…`;
}

/** A word the reader marks where it shows: in the body (`any`), or also in the subject or the sender. */
export interface HighlightTerm {
  /** Lower-cased, as typed (the reader folds case and diacritics when it compares). */
  word: string;
  /** The last word typed: it matches words it begins, as the search does. */
  prefix: boolean;
  /** Where it was looked for: `any` shows in the subject, the sender and the body; `subject` and `from` only there. */
  field: 'any' | 'subject' | 'from';
}

/**
 * What a reader may highlight for a query: the words of its positive text
 * terms that show in the reader (free words, subject:, from:), not negated
 * ones, not those of to:, cc: or filename:. The last word of a prefix term
 * keeps `prefix`.
 */
export function highlightTerms(query: SearchQuery): HighlightTerm[] {
  const terms = new Map<string, HighlightTerm>();
  for (const group of query.groups) {
    for (const { negated, term } of group) {
      if (negated || term.kind !== 'text' || (term.field !== 'any' && term.field !== 'subject' && term.field !== 'from')) continue;
      const words = term.text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      words.forEach((text, at) => {
        const word = text.toLowerCase();
        const prefix = term.prefix && at === words.length - 1;
        const key = `${term.field}:${word}`;
        const known = terms.get(key);
        terms.set(key, { word, prefix: prefix || (known?.prefix ?? false), field: term.field as HighlightTerm['field'] });
      });
    }
  }
  return [...terms.values()];
}

/**
 * The words a reader may highlight for a query: what its positive text terms
 * look for (not negated ones, not those of fields about addresses or files).
 */
export function highlightWords(query: SearchQuery): string[] {
  return [
    ...new Set(
      highlightTerms(query)
        .filter((t) => t.field !== 'from')
        .map((t) => t.word),
    ),
  ];
}
