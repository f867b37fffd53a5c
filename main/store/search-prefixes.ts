import { type Database, sql } from './database';

// The words of the index that a prefix begins, so that the last word typed
// (shared/search-query.ts: a prefix from three letters on) is searched as
// those words OR'ed, which FTS5 walks newest first and stops after a page,
// instead of as FTS5's own prefix query, which merges the whole list of every
// word the prefix begins before returning the first match (measured: "the*"
// 130 ms at 100,000 messages, growing with the store, where the same four
// words OR'ed take 1.3 ms).
//
// The words are read from the index's vocabulary (fts5vocab), which counts
// every entry of each word it lists: as costly as FTS5's merge for a common
// word. So the common words are kept here and skipped: the vocabulary is read
// only in the gaps between them, which hold the rare words (each in fewer
// than FREQUENT_DOCS messages). Which words are common is guessed once from
// the newest messages' subjects and snippets, and learned as the gaps show
// more; a guess that is wrong costs time once, never a match: every word in
// the answer is either read from the index or a common word that a MATCH
// finds or does not, and every gap is read whole.

/** The full-text tables (search-index.ts). */
export type IndexTable = 'search_full' | 'search_headers';

/** A word in at least this many messages is read from the vocabulary once, then skipped. */
const FREQUENT_DOCS = 500;
/** How many of the newest messages the first guess of common words reads... */
const SAMPLE_ROWS = 1000;
/** ...and in how many of them a word must be to count as common. */
const SAMPLE_MIN = 20;

/** A prefix this module expands: lower-case ASCII letters and digits (what the tokenizer leaves of them unchanged). */
const PLAIN = /^[a-z0-9]+$/;

export class SearchPrefixes {
  /** The common words, sorted by their UTF-8 bytes (the index's order). */
  private common: string[] | null = null;
  private readonly vocabularies = new Set<IndexTable>();

  constructor(
    private readonly db: Database,
    /** The thresholds above (tests make small stores' words common). */
    private readonly limits = { frequentDocs: FREQUENT_DOCS, sampleRows: SAMPLE_ROWS, sampleMin: SAMPLE_MIN },
  ) {}

  /**
   * The words of `table` that `prefix` begins, with how many messages hold
   * each (a common word's count may be out of date: it is an estimate), or
   * null when the prefix is not plain lower-case ASCII (the caller then
   * uses FTS5's own prefix query).
   */
  words(table: IndexTable, prefix: string): { term: string; docs: number; common: boolean }[] | null {
    if (!PLAIN.test(prefix)) return null;
    const common = this.commonWords();
    const vocabulary = this.vocabulary(table);
    const read = sql(this.db, `SELECT term, doc FROM temp.${vocabulary} WHERE term >= ? AND term <= ?`);
    const words: { term: string; docs: number; common: boolean }[] = [];
    const readGap = (from: string, through: Uint8Array) => {
      for (const row of read.all(from, through) as { term: string; doc: number }[]) {
        const learned = row.doc >= this.limits.frequentDocs;
        if (learned) this.learn(row.term);
        words.push({ term: row.term, docs: row.doc, common: learned });
      }
    };
    let from = prefix;
    for (let i = lowerBound(common, prefix); i < common.length && (common[i] as string).startsWith(prefix); i++) {
      const word = common[i] as string;
      readGap(from, justBelow(word));
      words.push({ term: word, docs: this.limits.frequentDocs, common: true });
      // The next gap starts right after the word: a longer word it begins sorts after this.
      from = `${word}\u0001`;
    }
    readGap(from, allBeginning(prefix));
    return words;
  }

  /**
   * What to OR for `prefix` in `table`: each common word it begins, whole,
   * and the rare ones by the shortest prefixes that begin no common word
   * (each then one of FTS5's prefix queries, a merge of short lists: OR'ing
   * every rare word costs a lookup of each in every segment, measured 0.2-0.7
   * ms a word). Null as words() (FTS5's own prefix query, then); empty: no
   * word begins with it.
   */
  alternatives(table: IndexTable, prefix: string): { text: string; prefix: boolean; common: boolean }[] | null {
    const words = this.words(table, prefix);
    if (!words) return null;
    const common = this.commonWords();
    const beginsCommon = (start: string) => (common[lowerBound(common, start)] ?? '').startsWith(start);
    const out: { text: string; prefix: boolean; common: boolean }[] = [];
    for (const word of words) {
      if (word.common) {
        out.push({ text: word.term, prefix: false, common: true });
        continue;
      }
      // The shortest start of the word, longer than what was typed, that no common word has (every word with that start is rare: read above).
      let start: string | null = null;
      const letters = [...word.term];
      for (let n = [...prefix].length + 1; n <= letters.length && start === null; n++) {
        const candidate = letters.slice(0, n).join('');
        if (!beginsCommon(candidate)) start = candidate;
      }
      const last = out[out.length - 1];
      if (start === null) out.push({ text: word.term, prefix: false, common: false });
      else if (!(last?.prefix && start.startsWith(last.text))) out.push({ text: start, prefix: true, common: false });
    }
    return out;
  }

  /** The fts5vocab table of `table` on this connection (temp: nothing is written to the store). */
  private vocabulary(table: IndexTable): string {
    const name = `${table}_vocabulary`;
    if (!this.vocabularies.has(table)) {
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${name} USING fts5vocab(main, ${table}, row)`);
      this.vocabularies.add(table);
    }
    return name;
  }

  /** The common words, guessed the first time from the newest messages. */
  private commonWords(): string[] {
    if (this.common) return this.common;
    const rows = sql(this.db, 'SELECT subject, snippet FROM messages WHERE search_key IS NOT NULL ORDER BY search_key DESC LIMIT ?').all(
      this.limits.sampleRows,
    ) as { subject: string | null; snippet: string | null }[];
    const seen = new Map<string, number>();
    for (const row of rows) {
      const words = new Set(`${row.subject ?? ''} ${row.snippet ?? ''}`.toLowerCase().split(/[^a-z0-9]+/));
      for (const word of words) if (word.length >= 3) seen.set(word, (seen.get(word) ?? 0) + 1);
    }
    this.common = [...seen].filter(([, n]) => n >= this.limits.sampleMin).map(([word]) => word);
    this.common.sort(byBytes);
    return this.common;
  }

  private learn(word: string): void {
    const common = this.commonWords();
    const at = lowerBound(common, word);
    if (common[at] !== word) common.splice(at, 0, word);
  }
}

const encoder = new TextEncoder();

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The first index of `sorted` whose word is not below `word`. */
function lowerBound(sorted: readonly string[], word: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (byBytes(sorted[mid] as string, word) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The largest bound below `word`, as fts5vocab compares (the bytes, as
 * memcmp): its last byte one less, then 0xFF, which no UTF-8 text holds. A
 * BLOB: SQLite's own check of `term <= ?` then passes every text, and
 * fts5vocab stops its walk there, before the word, whose entries it would
 * otherwise count.
 */
function justBelow(word: string): Uint8Array {
  const bytes = encoder.encode(word);
  const bound = new Uint8Array(bytes.length + 1);
  bound.set(bytes);
  bound[bytes.length - 1] = (bytes[bytes.length - 1] as number) - 1;
  bound[bytes.length] = 0xff;
  return bound;
}

/** The bound above every word `prefix` begins (see justBelow). */
function allBeginning(prefix: string): Uint8Array {
  const bytes = encoder.encode(prefix);
  const bound = new Uint8Array(bytes.length + 1);
  bound.set(bytes);
  bound[bytes.length] = 0xff;
  return bound;
}
