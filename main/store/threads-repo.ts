import type { Address, ConversationSummary, MessageSummary } from '../../shared/mail';
import { type Database, sql, transaction } from './database';
import { type MessageRow, SUMMARY_COLUMNS, type SummaryRow, stringList, toSummary, userLabels } from './message-row';

// Conversations: which thread each message belongs to, kept as messages
// arrive, and a folder's conversations read a page at a time (schema:
// threads-migration.ts).
//
// Threading follows JWZ's algorithm (https://www.jwz.org/doc/threading.html)
// over Message-ID, References and In-Reply-To, without subject merging: a
// message, the messages it refers to and the messages that refer to it are
// one thread, also through a parent that was never seen (its id is a
// container without a message). What is stored is the partition JWZ's
// containers make (which messages are one conversation), not its tree: the
// reader shows a conversation in date order. Kept incrementally as a
// union-find over ids:
//
// - each message brings its keys: its own Message-ID and every id it refers
//   to (or, on Gmail, its X-GM-THRID and its own Message-ID: Gmail's threads
//   are Gmail's, see threadKeys);
// - the keys already known name the threads they belong to; none: a new
//   thread; one: that one; several: the message links them, and they merge
//   into the largest (its rows keep their thread id; the others' rows are
//   rewritten, and their thread rows point to it);
// - every key then names that thread.
//
// A thread is then a connected component of the graph of messages and the
// ids they name, and a component does not depend on the order its edges
// came in: a parent arriving after its child merges their two threads, as it
// would have joined one. JWZ's hard cases: a missing parent is a key without
// a message; a loop in References (A names B, B names A) is just two edges of
// one component, and no tree is built that could loop; a message naming
// itself adds nothing; two different messages with the same Message-ID stay
// two rows (two messages) of one thread, neither replacing the other; a
// message without any id is a thread of its own. JWZ's "first link wins"
// rule, which makes its tree depend on arrival order, has no part here.
// Threads are per account: another account's copy of the same mail has its own.

/** The fields of a row that threading reads. */
export interface ThreadedFields {
  messageId: string | null;
  inReplyTo: string | null;
  references: readonly string[];
  /** Gmail's X-GM-THRID, when the server gave one. */
  gmThrid: string | null;
}

/** At most this many ids of one References field count (its first, the root, and the last ones, the nearest parents). */
const MAX_REFERENCES = 50;

/** The ids in a header value (with their <>); a bare one without them is bracketed. */
export function idsIn(value: string | null | undefined): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  const bare = value.trim();
  return bare && !/\s/.test(bare) ? [`<${bare}>`] : [];
}

/**
 * The keys that tie a message to its thread. On Gmail (an X-GM-THRID), the
 * thread is Gmail's: its id and the message's own Message-ID (so a reply
 * written here, stored before Gmail lists it, finds it); not its
 * References, or threads Gmail keeps apart (a new subject, its size limit)
 * would merge here. Elsewhere: its own Message-ID, its References and its
 * In-Reply-To.
 */
export function threadKeys(fields: ThreadedFields): string[] {
  const keys = new Set<string>(idsIn(fields.messageId).slice(0, 1));
  if (fields.gmThrid) {
    keys.add(`gm:${fields.gmThrid}`);
    return [...keys];
  }
  const references = fields.references.flatMap((r) => idsIn(r));
  const kept = references.length > MAX_REFERENCES ? [references[0] as string, ...references.slice(-(MAX_REFERENCES - 1))] : references;
  for (const id of kept) keys.add(id);
  for (const id of idsIn(fields.inReplyTo)) keys.add(id);
  return [...keys];
}

/**
 * A key as thread_refs stores it: a 64-bit hash of its text (see
 * threads-migration.ts). Two 32-bit multiply-xor lanes over the UTF-16 code
 * units, each mixed with the other at the end; ten times cheaper than a
 * SHA-1 from node:crypto here, and a key needs no more than spread.
 */
export function keyHash(key: string): bigint {
  let a = 0x9e3779b9 ^ key.length;
  let b = 0x85ebca6b;
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x9e3779b1);
    b = Math.imul(b ^ unit, 0x5f356495);
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return BigInt.asIntN(64, (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0));
}

/** What conversations and the reader read of a thread's rows. */
type ThreadRow = SummaryRow & Pick<MessageRow, 'message_id' | 'gm_msgid'> & { role: string | null };

interface FolderThread {
  thread_id: number;
  messages: number;
  unread: number;
  flagged: number;
  newest_date: number;
}

/** Folders whose mail a conversation elsewhere leaves out (as Gmail does): it was thrown away. */
const SET_ASIDE = new Set(['trash', 'junk']);

/** A thread of up to this many rows is read whole for its row (with the page's other short ones, in one statement). */
const SHORT = 20;
/** Of a longer one, its row reads its first message and this many of its newest (here, and anywhere), not all. */
const SAMPLE = 8;

/** A folder where a thread has messages, and how many (its folder_threads entry). */
interface Place {
  folder_id: number;
  messages: number;
  role: string | null;
}

type SampleRow = Pick<MessageRow, 'id' | 'from_name' | 'from_address' | 'subject' | 'date' | 'message_id' | 'gm_msgid'>;

/**
 * How many messages a conversation has, counted from its folders' entries
 * (not its rows), and the folders to read it from. Trash and Junk count only
 * when shown; a virtual Starred folder never (its messages are elsewhere).
 * Where an All Mail folder holds it (Gmail's, or a server's \All), it is
 * counted there, once, not once per label, with what is in Trash or Junk.
 * Elsewhere a message copied into two folders counts twice (the reader shows
 * it once): summarize counts the sample instead when it holds every row.
 */
function counted(places: readonly Place[], folderId: number): { total: number; read: number[] } {
  const kept = places.filter((p) => p.role !== 'flagged' && (p.folder_id === folderId || !SET_ASIDE.has(p.role ?? '')));
  const all = kept.filter((p) => p.role === 'all');
  const used = all.length > 0 ? [...all, ...kept.filter((p) => SET_ASIDE.has(p.role ?? ''))] : kept;
  return { total: used.reduce((sum, p) => sum + p.messages, 0), read: used.map((p) => p.folder_id) };
}

export class ThreadsRepo {
  constructor(private readonly db: Database) {}

  // ---- written with the rows (MessagesRepo calls these inside its transactions) ----

  /**
   * The thread a message with these fields belongs to: found by its keys,
   * made when none is known, merged when it links several. Every key then
   * names it. Call inside the transaction that stores the row.
   */
  threadFor(accountId: string, fields: ThreadedFields): number {
    const keys = threadKeys(fields).map(keyHash);
    const lookup = sql(
      this.db,
      `SELECT r.thread_id, t.merged_into FROM thread_refs r LEFT JOIN threads t ON t.id = r.thread_id
         WHERE r.account_id = ? AND r.key = ?`,
    );
    // What each key names now (undefined: not seen yet), and the live threads they lead to.
    const named: (number | undefined)[] = [];
    const found = new Set<number>();
    for (const key of keys) {
      const row = lookup.get(accountId, key) as { thread_id: number; merged_into: number | null } | undefined;
      named.push(row?.thread_id);
      if (row) found.add(row.merged_into === null ? row.thread_id : this.resolve(row.merged_into));
    }
    let thread: number;
    if (found.size === 0) {
      thread = Number(sql(this.db, 'INSERT INTO threads (account_id) VALUES (?)').run(accountId).lastInsertRowid);
    } else {
      thread = found.size === 1 ? (found.values().next().value as number) : this.merge([...found]);
    }
    const link = sql(
      this.db,
      `INSERT INTO thread_refs (account_id, key, thread_id) VALUES (?, ?, ?)
       ON CONFLICT (account_id, key) DO UPDATE SET thread_id = excluded.thread_id`,
    );
    keys.forEach((key, i) => {
      if (named[i] !== thread) link.run(accountId, key, thread);
    });
    return thread;
  }

  /** The live thread an id names: itself, or the thread it was merged into (at the end of the chain, which is shortened). */
  resolve(threadId: number): number {
    const next = sql(this.db, 'SELECT merged_into FROM threads WHERE id = ?');
    const path: number[] = [];
    let at = threadId;
    for (;;) {
      const row = next.get(at) as { merged_into: number | null } | undefined;
      if (!row || row.merged_into === null) break;
      path.push(at);
      at = row.merged_into;
    }
    if (path.length > 1) {
      const shorten = sql(this.db, 'UPDATE threads SET merged_into = ? WHERE id = ?');
      for (const id of path.slice(0, -1)) shorten.run(at, id);
    }
    return at;
  }

  /** Merges threads into the one with most rows (the fewest rows to rewrite); returns it. */
  private merge(threads: number[]): number {
    const count = sql(this.db, 'SELECT COUNT(*) AS n FROM messages WHERE thread_id = ?');
    const sizes = threads.map((id) => ({ id, n: (count.get(id) as { n: number }).n }));
    sizes.sort((a, b) => b.n - a.n || a.id - b.id);
    const into = (sizes[0] as { id: number }).id;
    const point = sql(this.db, 'UPDATE threads SET merged_into = ? WHERE id = ?');
    const move = sql(this.db, 'UPDATE messages SET thread_id = ? WHERE thread_id = ?');
    for (const { id } of sizes.slice(1)) {
      point.run(into, id);
      move.run(into, id);
    }
    return into;
  }

  /**
   * Threads up to `limit` rows that have no thread yet (those of a store
   * upgraded from before threads), in one transaction; returns how many, and
   * the folders they are in (by account). New rows get theirs as they are
   * inserted, so this runs out.
   */
  backfill(limit: number): { threaded: number; folders: Map<string, Set<number>> } {
    return transaction(this.db, () => {
      const rows = sql(
        this.db,
        `SELECT id, account_id, folder_id, message_id, in_reply_to, references_json, gm_thrid FROM messages
           WHERE thread_id IS NULL ORDER BY id LIMIT ?`,
      ).all(limit) as unknown as Pick<
        MessageRow,
        'id' | 'account_id' | 'folder_id' | 'message_id' | 'in_reply_to' | 'references_json' | 'gm_thrid'
      >[];
      const set = sql(this.db, 'UPDATE messages SET thread_id = ? WHERE id = ?');
      const folders = new Map<string, Set<number>>();
      for (const row of rows) {
        const thread = this.threadFor(row.account_id, {
          messageId: row.message_id,
          inReplyTo: row.in_reply_to,
          references: stringList(row.references_json),
          gmThrid: row.gm_thrid,
        });
        set.run(thread, row.id);
        folders.set(row.account_id, (folders.get(row.account_id) ?? new Set()).add(row.folder_id));
      }
      return { threaded: rows.length, folders };
    });
  }

  /** Whether rows are still waiting for the backfill. */
  unthreaded(): boolean {
    return sql(this.db, 'SELECT 1 FROM messages WHERE thread_id IS NULL LIMIT 1').get() !== undefined;
  }

  // ---- read by the API ----

  /**
   * A page of a folder's conversations, newest first (by the newest message
   * in the folder): one per thread with messages there. Paged on the
   * folder's per-thread entries (folder_threads, kept by triggers); only the
   * page's threads are read row by row.
   */
  conversations(folderId: number, offset: number, limit: number): { total: number; items: ConversationSummary[] } {
    // Kept by triggers: counting a folder's entries took ~20 ms at 235,000 conversations.
    const total =
      (
        sql(this.db, 'SELECT conversations FROM folder_conversations WHERE folder_id = ?').get(folderId) as
          | { conversations: number }
          | undefined
      )?.conversations ?? 0;
    // The page's threads from the index alone (an offset skips index entries, not rows), then their entries
    // (CROSS JOIN: in this order, each by its key; left to itself SQLite walked the whole folder for them).
    const entries = sql(
      this.db,
      `SELECT e.thread_id, e.messages, e.unread, e.flagged, e.newest_date
         FROM (SELECT thread_id FROM folder_threads WHERE folder_id = ? ORDER BY newest_date DESC, thread_id DESC LIMIT ? OFFSET ?) page
         CROSS JOIN folder_threads e ON e.folder_id = ? AND e.thread_id = page.thread_id
         ORDER BY e.newest_date DESC, e.thread_id DESC`,
    ).all(folderId, limit, offset, folderId) as unknown as FolderThread[];
    // Where the page's threads are (one statement for the page), and the rows of the short ones (one more).
    const threads = JSON.stringify(entries.map((e) => e.thread_id));
    const places = groupBy(
      sql(
        this.db,
        `SELECT e.thread_id, e.folder_id, e.messages, f.role FROM folder_threads e JOIN folders f ON f.id = e.folder_id
           WHERE e.thread_id IN (SELECT value FROM json_each(?))`,
      ).all(threads) as unknown as (Place & { thread_id: number })[],
    );
    const short = entries.filter((e) => (places.get(e.thread_id) ?? []).reduce((sum, p) => sum + p.messages, 0) <= SHORT);
    const rows = groupBy(
      sql(
        this.db,
        `SELECT thread_id, id, account_id, folder_id, subject, from_name, from_address, date, snippet, flags, has_attachments, size,
           labels_json, message_id, gm_msgid FROM messages WHERE thread_id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(short.map((e) => e.thread_id))) as unknown as (Omit<ThreadRow, 'role'> & { thread_id: number })[],
    );
    return {
      total,
      items: entries.map((entry) => {
        const where = places.get(entry.thread_id) ?? [];
        const read = rows.get(entry.thread_id);
        return read ? summarizeShort(folderId, entry, where, read) : this.summarizeLong(folderId, entry, where);
      }),
    };
  }

  /**
   * A long conversation's row (a list's thread may have thousands of rows),
   * read with work bounded whatever its length: its messages here are ids
   * from the index alone; the snippet, attachments and labels come from its
   * newest SAMPLE here; who wrote and the subject from its first message
   * and its newest SAMPLE anywhere; how many it has from its per-folder
   * entries (counted()).
   */
  private summarizeLong(folderId: number, entry: FolderThread, places: readonly Place[]): ConversationSummary {
    const thread = entry.thread_id;
    const ids = (
      sql(
        this.db,
        "SELECT group_concat(id, ',' ORDER BY date DESC, id DESC) AS ids FROM messages WHERE thread_id = ? AND folder_id = ?",
      ).get(thread, folderId) as { ids: string | null }
    ).ids;
    const here = sql(
      this.db,
      `SELECT id, account_id, snippet, has_attachments, labels_json FROM messages
         WHERE thread_id = ? AND folder_id = ? ORDER BY date DESC, id DESC LIMIT ?`,
    ).all(thread, folderId, SAMPLE) as unknown as Pick<MessageRow, 'id' | 'account_id' | 'snippet' | 'has_attachments' | 'labels_json'>[];
    const { total, read } = counted(places, folderId);
    const sample = this.sample(thread, read);
    return summary(folderId, entry, {
      here,
      ids: ids ? ids.split(',').map(Number) : [],
      shown: sample,
      total: total <= SAMPLE ? sample.length : total,
    });
  }

  /** A thread's first message and its newest SAMPLE, from these folders, each message once, oldest first. */
  private sample(thread: number, folderIds: readonly number[]): SampleRow[] {
    const columns = 'id, from_name, from_address, subject, date, message_id, gm_msgid';
    const first = sql(this.db, `SELECT ${columns} FROM messages WHERE thread_id = ? AND folder_id = ? ORDER BY date, id LIMIT 1`);
    const last = sql(this.db, `SELECT ${columns} FROM messages WHERE thread_id = ? AND folder_id = ? ORDER BY date DESC, id DESC LIMIT ?`);
    const rows: SampleRow[] = [];
    for (const folder of folderIds) {
      rows.push(...(first.all(thread, folder) as unknown as SampleRow[]), ...(last.all(thread, folder, SAMPLE) as unknown as SampleRow[]));
    }
    const seen = new Set<string>();
    const once = rows
      .sort((a, b) => a.date - b.date || a.id - b.id)
      .filter((row) => {
        const identity = identityOf(row);
        if (seen.has(identity)) return false;
        seen.add(identity);
        return true;
      });
    return once.length > SAMPLE + 1 ? [once[0] as SampleRow, ...once.slice(-SAMPLE)] : once;
  }

  /**
   * A whole conversation for the reader, oldest first: its messages in every
   * folder (a reply in Sent, the rest in the Archive), each once (a Gmail
   * message's rows, or a copy in two folders, are one), without what is in
   * Trash or Junk unless `folderId` is that folder. Undefined when the
   * thread is gone (its id may be one merged since: it is followed).
   */
  thread(threadId: number, folderId?: number): { threadId: number; subject: string; messages: MessageSummary[] } | undefined {
    const live = this.resolve(threadId);
    const rows = this.rowsOf(live);
    if (rows.length === 0) return undefined;
    const shown = conversationRows(rows, folderId);
    if (shown.length === 0) return undefined;
    return { threadId: live, subject: (shown[0] as ThreadRow).subject, messages: shown.map(toSummary) };
  }

  private rowsOf(threadId: number): ThreadRow[] {
    const columns = `${SUMMARY_COLUMNS}, message_id, gm_msgid`
      .split(', ')
      .map((c) => `m.${c}`)
      .join(', ');
    return sql(this.db, `SELECT ${columns}, f.role FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.thread_id = ?`).all(
      threadId,
    ) as unknown as ThreadRow[];
  }
}

/**
 * A short conversation's row (up to SHORT rows, read with the page's other
 * short ones in one statement): counted as the reader shows it, each
 * message once.
 */
function summarizeShort(
  folderId: number,
  entry: FolderThread,
  places: readonly Place[],
  read: readonly Omit<ThreadRow, 'role'>[],
): ConversationSummary {
  const role = new Map(places.map((p) => [p.folder_id, p.role]));
  const rows = read.map((row) => ({ ...row, role: role.get(row.folder_id) ?? null }));
  const here = rows.filter((r) => r.folder_id === folderId).sort((a, b) => b.date - a.date || b.id - a.id);
  const shown = conversationRows(rows, folderId);
  return summary(folderId, entry, { here, ids: here.map((r) => r.id), shown, total: shown.length });
}

/** Rows by their thread. */
function groupBy<T extends { thread_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.thread_id);
    if (group) group.push(row);
    else groups.set(row.thread_id, [row]);
  }
  return groups;
}

/** A conversation's row from what was read of it: its newest rows here, its ids here, the rows that say who wrote (oldest first), its size. */
function summary(
  folderId: number,
  entry: FolderThread,
  read: {
    here: readonly Pick<MessageRow, 'id' | 'account_id' | 'snippet' | 'has_attachments' | 'labels_json'>[];
    ids: number[];
    shown: readonly SampleRow[];
    total: number;
  },
): ConversationSummary {
  const newest = read.here[0] as (typeof read.here)[number];
  const labels = new Set<string>();
  for (const row of read.here) for (const label of userLabels(row.labels_json) ?? []) labels.add(label);
  const gmail = read.here.some((r) => r.labels_json !== null);
  return {
    threadId: entry.thread_id,
    accountId: newest.account_id,
    folderId,
    subject: read.shown[0]?.subject ?? '',
    participants: participants(read.shown),
    date: new Date(entry.newest_date).toISOString(),
    snippet: newest.snippet,
    count: entry.messages,
    total: read.total,
    unread: entry.unread,
    flagged: entry.flagged > 0,
    hasAttachments: read.here.some((r) => r.has_attachments === 1),
    messageIds: read.ids,
    ...(gmail ? { labels: [...labels].sort((a, b) => a.localeCompare(b)) } : {}),
  };
}

/**
 * The rows a conversation shows, oldest first: each message once (preferring
 * its row in `folderId`), Trash and Junk only when that is the folder shown.
 */
function conversationRows(rows: readonly ThreadRow[], folderId: number | undefined): ThreadRow[] {
  const kept = rows.filter((r) => r.folder_id === folderId || !SET_ASIDE.has(r.role ?? ''));
  kept.sort((a, b) => Number(b.folder_id === folderId) - Number(a.folder_id === folderId) || a.id - b.id);
  const seen = new Set<string>();
  const once: ThreadRow[] = [];
  for (const row of kept) {
    const identity = identityOf(row);
    if (seen.has(identity)) continue;
    seen.add(identity);
    once.push(row);
  }
  return once.sort((a, b) => a.date - b.date || a.id - b.id);
}

/**
 * What makes two rows one message: Gmail's X-GM-MSGID; elsewhere the same
 * Message-ID, date, sender and subject (a copy in another folder). Two
 * different messages that share a Message-ID stay two.
 */
function identityOf(row: Pick<ThreadRow, 'id' | 'gm_msgid' | 'message_id' | 'date' | 'from_address' | 'subject'>): string {
  if (row.gm_msgid !== null) return `g${row.gm_msgid}`;
  if (row.message_id === null) return `r${row.id}`;
  return `m${row.message_id}\u0000${row.date}\u0000${row.from_address ?? ''}\u0000${row.subject}`;
}

/** The senders, in the order they first wrote, each once. */
function participants(rows: readonly SampleRow[]): Address[] {
  const seen = new Set<string>();
  const list: Address[] = [];
  for (const row of rows) {
    const key = (row.from_address || row.from_name || '').toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    list.push({ name: row.from_name ?? '', address: row.from_address ?? '' });
  }
  return list;
}
