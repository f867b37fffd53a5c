import type { SQLInputValue } from 'node:sqlite';
import type { MessageSummary } from '../../shared/mail';
import type { SearchClause, SearchQuery, SearchTerm, TextField } from '../../shared/search-query';
import type { Database } from './database';
import { FLAG } from './flags';
import { type MessageRow, SUMMARY_COLUMNS, toSummary } from './message-row';
import { keyFloor } from './search-index';
import type { SearchPrefixes } from './search-prefixes';

// A parsed search (shared/search-query.ts) as SQL over the index's two tables
// (search-index.ts) and the messages table, and its execution: a page of
// matches, newest first, one per message (a Gmail message's rows share a
// key), with a count that stops early.
//
// The plan: the text the query must contain becomes one FTS5 MATCH per table,
// walked down from the highest key (= newest date, see search-index.ts), with
// the rest (account, folder, flags, labels, OR across kinds, text that is
// only excluded) checked on each match's rows; the two tables' walks are
// merged by SQLite (a compound SELECT ordered by key), and the walk stops
// once it has the page and the count it needs. A query without text to
// contain (is:unread, in:inbox -draft, before:...) walks the messages by key
// instead. Dates become key ranges. While the old index of a store from
// before migration 11 is still being moved, every query takes the second
// way, with each text term looked up in the old index too.
//
// A prefix (the last word typed) is searched as the words of the index it
// begins, OR'ed (search-prefixes.ts), so that it too is walked newest first
// and stops after the page: FTS5's own prefix query reads every entry of
// every such word first, a cost that grows with the store.

export interface SearchScope {
  accountId?: string | undefined;
  folderId?: number | undefined;
}

export interface SearchPaging {
  /** Position of the page's first match among all (for the count; the page starts here unless `after` is given). */
  offset: number;
  limit: number;
  /** Continue after this key (a page's `next`): the page then starts right after it, without walking `offset` matches again. */
  after?: number | undefined;
}

export interface SearchPage {
  items: MessageSummary[];
  /** How many match in all, when the count got to the end... */
  total?: number;
  /** ...else how many at least (the count stops a window beyond the page: counting every match of a common word costs as much as the search). */
  moreThan?: number;
  /** The key to continue after (SearchPaging.after); null when this page is the last. */
  next: number | null;
  /** Some rows have no key yet (a store being upgraded, for a moment): matches may be missing. (The old index's bodies are found meanwhile.) */
  indexing: boolean;
}

/** The query names something that does not exist (a folder): a message for the person, like a syntax error. */
export class SearchQueryError extends Error {}

/** How far beyond the page the count goes before it says "more than". */
export const COUNT_WINDOW = 1000;

type Table = 'search_full' | 'search_headers' | 'messages_fts';

/** The column each field is looked for in, per table; null: every column; false: not in this table. */
const COLUMNS: Record<Table, Record<TextField, string | null | false>> = {
  search_full: { any: null, from: 'sender', to: 'to_list', cc: 'cc_list', subject: 'subject', filename: 'files' },
  search_headers: { any: null, from: 'sender', to: 'to_list', cc: 'cc_list', subject: 'subject', filename: false },
  // The old index had one column for every address, and attachment names in the body.
  messages_fts: { any: null, from: 'addresses', to: 'addresses', cc: 'addresses', subject: 'subject', filename: 'body' },
};

type TextTerm = Extract<SearchTerm, { kind: 'text' }>;

/** SQL and its parameters, in the order they appear. */
interface Fragment {
  sql: string;
  params: SQLInputValue[];
}

const fragment = (sql: string, ...params: SQLInputValue[]): Fragment => ({ sql, params });

function joined(parts: readonly Fragment[], separator: string): Fragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}

interface Compiled {
  /** Groups of text terms every match must contain (each group: one of its terms). */
  contain: TextTerm[][];
  /** Text terms no match may contain. */
  exclude: TextTerm[];
  /** Everything else, on a message's row `m`. */
  conditions: Fragment[];
  /** Keys from `low` to `high` (dates, see keyFloor). */
  low: number;
  high: number;
  /** A small folder searched alone: its keys, read once, sift the index's matches before each is checked on its rows. */
  smallFolder?: number;
}

interface PlanState {
  /** The old index still has entries (search-index.ts: hasLegacy). */
  legacy: boolean;
  /** Some rows have no key yet. */
  unkeyed: boolean;
  now: number;
  /** The words a prefix begins (none: FTS5's own prefix query). */
  prefixes?: SearchPrefixes | undefined;
}

export function searchMessages(db: Database, query: SearchQuery, scope: SearchScope, paging: SearchPaging, state: PlanState): SearchPage {
  const compiled = compile(db, query, scope, state);
  const skip = paging.after === undefined ? paging.offset : 0;
  const high = paging.after === undefined ? compiled.high : Math.min(compiled.high, paging.after - 1);
  // One walk gives the page and the count: the matches up to a window beyond the page.
  const cap = skip + Math.max(paging.limit, COUNT_WINDOW) + 1;
  const walk =
    compiled.low > high
      ? null
      : state.legacy || compiled.contain.length === 0
        ? walkRows(compiled, state, compiled.low, high, cap)
        : walkIndex(compiled, state, compiled.low, high, cap);
  const hits = walk ? (db.prepare(walk.sql).all(...walk.params) as unknown as { k: number; id: number }[]) : [];
  const page = hits.slice(skip, skip + paging.limit);
  const summary = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM messages WHERE id = ?`);
  const items = page
    .map(({ id }) => summary.get(id) as unknown as MessageRow | undefined)
    .filter((row): row is MessageRow => row !== undefined)
    .map(toSummary);
  const base = paging.after === undefined ? 0 : paging.offset;
  const counted = hits.length < cap ? { total: base + hits.length } : { moreThan: base + cap - 1 };
  const last = page[page.length - 1];
  const more = hits.length > skip + page.length;
  return { items, ...counted, next: more && last ? last.k : null, indexing: state.unkeyed };
}

/**
 * The fast way: each table's MATCH walked down by key, the other conditions
 * checked on the rows of each match, the two walks merged by SQLite (a
 * compound SELECT in key order streams each arm; nothing is sorted).
 */
function walkIndex(c: Compiled, state: PlanState, low: number, high: number, limit: number): Fragment | null {
  const where = c.conditions.length ? joined(c.conditions, ' AND ') : null;
  const arms: Fragment[] = [];
  for (const table of ['search_full', 'search_headers'] as const) {
    const match = matchExpression(c, table, state);
    if (match === false) continue;
    const rows = `FROM messages m WHERE m.search_key = ${table}.rowid`;
    const parts = [
      // The row a match is shown as: the first of its message's rows that meets the conditions.
      fragment(`SELECT ${table}.rowid AS k, (SELECT min(m.id) ${rows}`),
      ...(where ? [fragment(' AND '), where] : []),
      fragment(`) AS id FROM ${table} WHERE ${table} MATCH ? AND ${table}.rowid BETWEEN ? AND ?`, match, low, high),
      // (+ 0: SQLite would otherwise hand each key to FTS5 as a lookup of its own, each costing a new query of the index.)
      ...(c.smallFolder !== undefined
        ? [
            fragment(
              ` AND (${table}.rowid + 0) IN (SELECT search_key FROM messages WHERE folder_id = ? AND search_key IS NOT NULL)`,
              c.smallFolder,
            ),
          ]
        : []),
      ...(where ? [fragment(` AND EXISTS (SELECT 1 ${rows} AND `), where, fragment(')')] : []),
    ];
    arms.push(joined(parts, ''));
  }
  if (arms.length === 0) return null;
  return joined([joined(arms, ' UNION ALL '), fragment(' ORDER BY k DESC LIMIT ?', limit)], '');
}

/**
 * The other way: the messages walked down by key, every condition (text too,
 * as a lookup in each table) checked on each; one row per key.
 */
function walkRows(c: Compiled, state: PlanState, low: number, high: number, limit: number): Fragment {
  const conditions = [
    ...c.contain.map((group) =>
      wrap(
        joined(
          group.map((term) => textCondition(term, state)),
          ' OR ',
        ),
      ),
    ),
    ...c.exclude.map((term) => wrap(textCondition(term, state), 'NOT ')),
    ...c.conditions,
  ];
  return joined(
    [
      fragment(
        'SELECT m.search_key AS k, min(m.id) AS id FROM messages m WHERE m.search_key IS NOT NULL AND m.search_key BETWEEN ? AND ?',
        low,
        high,
      ),
      ...conditions.flatMap((f) => [fragment(' AND '), f]),
      fragment(' GROUP BY m.search_key ORDER BY m.search_key DESC LIMIT ?', limit),
    ],
    '',
  );
}

function wrap(f: Fragment, prefix = ''): Fragment {
  return { sql: `${prefix}(${f.sql})`, params: f.params };
}

/** A text term on a row: found in the table its message is in (full when its body is stored, else headers; the old index too while it lasts). */
function textCondition(term: TextTerm, state: PlanState): Fragment {
  const parts: Fragment[] = [];
  const full = ftsTerm(term, 'search_full', state);
  if (typeof full === 'string')
    parts.push(fragment('(m.body_state != 0 AND m.search_key IN (SELECT rowid FROM search_full WHERE search_full MATCH ?))', full));
  const headers = ftsTerm(term, 'search_headers', state);
  if (typeof headers === 'string')
    parts.push(fragment('(m.body_state = 0 AND m.search_key IN (SELECT rowid FROM search_headers WHERE search_headers MATCH ?))', headers));
  const old = state.legacy ? ftsTerm(term, 'messages_fts', state) : false;
  if (typeof old === 'string') parts.push(fragment('m.content_id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)', old));
  return parts.length ? joined(parts, ' OR ') : fragment('0');
}

/** The table's MATCH for what every match must and must not contain; false when nothing in this table can match. */
function matchExpression(c: Compiled, table: Table, state: PlanState): string | false {
  const groups: string[] = [];
  for (const group of c.contain) {
    const terms = group.map((term) => ftsTerm(term, table, state)).filter((t): t is string => typeof t === 'string');
    if (terms.length === 0) return false;
    groups.push(terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`);
  }
  const excluded = c.exclude.map((term) => ftsTerm(term, table, state)).filter((t): t is string => typeof t === 'string');
  const contained = groups.length === 1 ? (groups[0] as string) : `(${groups.join(' AND ')})`;
  return excluded.length ? `${contained} NOT (${excluded.join(' OR ')})` : contained;
}

/**
 * A term as FTS5 query syntax: a quoted string (the tokenizer splits it as it
 * split the mail: several words make a phrase), maybe in one column. A prefix
 * (its last word may go on) becomes the common words of the table it begins
 * and prefixes of its rare ones, OR'ed (see search-prefixes.ts), or FTS5's
 * prefix query when none of them is common (then FTS5's merge reads little)
 * or the word is not plain ASCII.
 * False: the field is not in this table; null: no word of the table begins
 * with the prefix.
 */
function ftsTerm(term: TextTerm, table: Table, state: PlanState): string | false | null {
  const column = COLUMNS[table][term.field];
  if (column === false) return false;
  const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
  let expression = `${quoted(term.text)}${term.prefix ? '*' : ''}`;
  const last = term.prefix && table !== 'messages_fts' && state.prefixes ? LAST_WORD.exec(term.text) : null;
  if (last && state.prefixes) {
    const alternatives = state.prefixes.alternatives(table as 'search_full' | 'search_headers', (last[1] as string).toLowerCase());
    if (alternatives && alternatives.length === 0) return null;
    if (alternatives?.some((alternative) => alternative.common)) {
      // The text before the last word, then each word or start of words: the same phrase, its last word completed.
      const head = term.text.slice(0, last.index);
      const texts = alternatives.map((a) => `${quoted(`${head}${a.text}`)}${a.prefix ? '*' : ''}`);
      expression = texts.length === 1 ? (texts[0] as string) : `(${texts.join(' OR ')})`;
    }
  }
  return column === null ? expression : `{${column}} : ${expression}`;
}

/** The last word of a term's text (letters and digits, as the tokenizer splits), and what follows it. */
const LAST_WORD = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u;

/**
 * Up to how many messages a folder searched alone is small: its keys are
 * read into a set (SQLite builds it once per query, about 0.3 µs a row) that
 * each match of the index is looked up in, instead of a lookup of the match's
 * rows in the messages table (3× as costly, measured at 100,000). A common
 * word in a small folder reads many matches of the index for each one in the
 * folder, so the cheaper check is what matters there.
 */
const SMALL_FOLDER = 20_000;

/** How many messages the folder holds: the sum of its spans' counts (migration 12), not a count of its rows. */
function folderSize(db: Database, folderId: number): number {
  const row = db.prepare('SELECT IFNULL(SUM(total), 0) AS n FROM message_spans WHERE folder_id = ?').get(folderId) as { n: number };
  return row.n;
}

function compile(db: Database, query: SearchQuery, scope: SearchScope, state: PlanState): Compiled {
  const c: Compiled = { contain: [], exclude: [], conditions: [], low: 0, high: Number.MAX_SAFE_INTEGER };
  // By folder: the key's index holds folder_id (not account_id), so a match is checked without reading its row.
  if (scope.accountId !== undefined)
    c.conditions.push(fragment('m.folder_id IN (SELECT id FROM folders WHERE account_id = ?)', scope.accountId));
  if (scope.folderId !== undefined) {
    c.conditions.push(fragment('m.folder_id = ?', scope.folderId));
    if (folderSize(db, scope.folderId) <= SMALL_FOLDER) c.smallFolder = scope.folderId;
  }
  for (const group of query.groups) {
    const [only] = group;
    if (group.length === 1 && only) {
      const { term, negated } = only;
      if (term.kind === 'text') {
        if (negated) c.exclude.push(term);
        else c.contain.push([term]);
        continue;
      }
      const range = negated ? null : dateRange(term, state.now);
      if (range) {
        c.low = Math.max(c.low, range.low);
        c.high = Math.min(c.high, range.high);
        continue;
      }
    } else if (group.every((clause) => clause.term.kind === 'text' && !clause.negated)) {
      c.contain.push(group.map((clause) => clause.term as TextTerm));
      continue;
    }
    c.conditions.push(
      wrap(
        joined(
          group.map((clause) => clauseCondition(db, clause, scope, state)),
          ' OR ',
        ),
      ),
    );
  }
  return c;
}

/** One clause as a condition on a row `m`. */
function clauseCondition(db: Database, { term, negated }: SearchClause, scope: SearchScope, state: PlanState): Fragment {
  const condition = termCondition(db, term, scope, state);
  return negated ? wrap(condition, 'NOT ') : condition;
}

function termCondition(db: Database, term: SearchTerm, scope: SearchScope, state: PlanState): Fragment {
  switch (term.kind) {
    case 'text':
      return wrap(textCondition(term, state));
    case 'is':
      if (term.state === 'unread') return fragment(`(m.flags & ${FLAG.seen}) = 0`);
      if (term.state === 'read') return fragment(`(m.flags & ${FLAG.seen}) != 0`);
      return fragment(`(m.flags & ${FLAG.flagged}) != 0`);
    case 'has':
      return fragment('m.has_attachments = 1');
    case 'in':
      return fragment(`m.folder_id IN (${folderIds(db, term.folder, scope).join(', ')})`);
    case 'label':
      return fragment(
        "EXISTS (SELECT 1 FROM json_each(m.labels_json) WHERE lower(json_each.value) IN (lower(?), lower('\\' || ?)))",
        term.label,
        term.label,
      );
    default: {
      const range = dateRange(term, state.now);
      if (!range) throw new Error(`unhandled search term ${term.kind}`);
      // As dates: keys hold the second, so the same bounds.
      return fragment('m.search_key BETWEEN ? AND ?', range.low, range.high);
    }
  }
}

/** The keys of the messages a date term keeps. */
function dateRange(term: SearchTerm, now: number): { low: number; high: number } | null {
  switch (term.kind) {
    case 'before':
      return { low: 0, high: keyFloor(new Date(term.year, term.month - 1, term.day).getTime()) - 1 };
    case 'after':
      return { low: keyFloor(new Date(term.year, term.month - 1, term.day).getTime()), high: Number.MAX_SAFE_INTEGER };
    case 'older_than':
      return { low: 0, high: keyFloor(ageCutoff(term.amount, term.unit, now)) - 1 };
    case 'newer_than':
      return { low: keyFloor(ageCutoff(term.amount, term.unit, now)), high: Number.MAX_SAFE_INTEGER };
    default:
      return null;
  }
}

/** The moment `amount` days, months or years before `now` (calendar months and years, local time). */
function ageCutoff(amount: number, unit: 'd' | 'm' | 'y', now: number): number {
  const date = new Date(now);
  if (unit === 'd') date.setDate(date.getDate() - amount);
  else if (unit === 'm') date.setMonth(date.getMonth() - amount);
  else date.setFullYear(date.getFullYear() - amount);
  return date.getTime();
}

/**
 * The folders `in:` names, among the accounts searched: by path, name or
 * role (inbox, sent, drafts, trash, junk or spam, archive, all, starred),
 * case-insensitively. A path may leave out the "INBOX." that Cyrus keeps
 * personal folders under, as the UI does ("Lists.Rust" for
 * "INBOX.Lists.Rust"). None: the query is wrong, and says so.
 */
function folderIds(db: Database, name: string, scope: SearchScope): number[] {
  const wanted = name.toLowerCase();
  const role = roleOfInWord(wanted);
  const rows = db
    .prepare(
      `SELECT id FROM folders WHERE (? IS NULL OR account_id = ?)
         AND (lower(path) = ? OR lower(path) = 'inbox' || coalesce(delimiter, '') || ? OR lower(name) = ? OR role = ?)`,
    )
    .all(scope.accountId ?? null, scope.accountId ?? null, wanted, wanted, wanted, role) as { id: number }[];
  if (rows.length === 0) throw new SearchQueryError(`No folder is called "${name}"${scope.accountId ? ' in this account' : ''}.`);
  return rows.map((r) => r.id);
}

/** Words for a folder's role that `in:` understands (Gmail's and other clients' names too). */
const ROLE_NAMES: Record<string, string> = {
  inbox: 'inbox',
  sent: 'sent',
  drafts: 'drafts',
  draft: 'drafts',
  trash: 'trash',
  junk: 'junk',
  spam: 'junk',
  archive: 'archive',
  all: 'all',
  'all mail': 'all',
  anywhere: 'all',
  starred: 'flagged',
  flagged: 'flagged',
};

/** The folder role an `in:` word names ("spam" → junk), or null. */
function roleOfInWord(word: string): string | null {
  return ROLE_NAMES[word.toLowerCase()] ?? null;
}

/** Whether an `in:` word names this folder, as folderIds' query reads it, for folders already in memory (the server search): one rule for both. */
export function inWordNamesFolder(
  word: string,
  folder: { path: string; name: string; delimiter: string | null; role: string | null },
): boolean {
  const wanted = word.toLowerCase();
  const path = folder.path.toLowerCase();
  const role = roleOfInWord(wanted);
  return (
    path === wanted ||
    path === `inbox${(folder.delimiter ?? '').toLowerCase()}${wanted}` ||
    folder.name.toLowerCase() === wanted ||
    (role !== null && folder.role === role)
  );
}
