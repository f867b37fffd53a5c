import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { logger } from '../../main/base/log';
import { UiEvents } from '../../main/base/ui-events';
import { MailService } from '../../main/mailbox/mail-service';
import { ThreadBackfill } from '../../main/mailbox/thread-backfill';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { openDatabase } from '../../main/store/database';
import { FLAG } from '../../main/store/flags';
import { FoldersRepo } from '../../main/store/folders-repo';
import type { HeaderRecord } from '../../main/store/messages-repo';
import { MessagesRepo } from '../../main/store/messages-repo';
import { migrations } from '../../main/store/migrations';
import { RemoteContentRepo } from '../../main/store/remote-content-repo';
import { SourceFiles } from '../../main/store/source-files';
import { idsIn, keyHash, threadKeys } from '../../main/store/threads-repo';
import { messageStoreIn } from '../helpers/message-store';

// Conversations (main/store/threads-repo.ts): JWZ's threading over
// Message-ID, References and In-Reply-To, kept as messages arrive, with his
// hard cases, and a result that does not depend on the order they arrive in.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const base = { delimiter: '/', parentPath: null, subscribed: true, selectable: true };

async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-threads-'));
  dirs.push(dir);
  const s = messageStoreIn(dir);
  const server = { host: 'h.example', port: 993, security: 'tls' as const, username: 'u' };
  new AccountsRepo(s.db).insert({
    id: 'b',
    name: 'B',
    email: 'b@x.test',
    incoming: { ...server, protocol: 'imap' },
    outgoing: server,
    options: { bodyDays: null },
    createdAt: '2026-01-01T00:00:00Z',
  });
  const folders = new FoldersRepo(s.db);
  folders.replaceAll('a', [
    { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
    { ...base, path: 'Sent', name: 'Sent', role: 'sent' },
    { ...base, path: 'Archive', name: 'Archive', role: 'archive' },
    { ...base, path: 'Trash', name: 'Trash', role: 'trash' },
    { ...base, path: 'All Mail', name: 'All Mail', role: 'all' },
    { ...base, path: 'Starred', name: 'Starred', role: 'flagged' },
  ]);
  folders.replaceAll('b', [{ ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' }]);
  const id = (account: string, path: string) => {
    const folder = folders.byPath(account, path);
    folders.setSyncState(folder?.id as number, { uidvalidity: 1, uidnext: 1000, highestmodseq: null });
    return folder?.id as number;
  };
  const ids = {
    inbox: id('a', 'INBOX'),
    sent: id('a', 'Sent'),
    archive: id('a', 'Archive'),
    trash: id('a', 'Trash'),
    all: id('a', 'All Mail'),
    starred: id('a', 'Starred'),
    other: id('b', 'INBOX'),
  };
  let uid = 0;
  /** Stores messages in a folder as a sync does (one batch), each with the next UID. */
  const add = (folderId: number, ...records: Omit<HeaderRecord, 'uid'>[]) =>
    s.messages.upsertHeaders(
      folderId === ids.other ? 'b' : 'a',
      folderId,
      records.map((r) => ({ ...r, uid: ++uid })),
    );
  const mail = new MailService({
    folders,
    messages: s.messages,
    remote: new RemoteContentRepo(s.db),
    events: new UiEvents(),
    parse: () => Promise.reject(new Error('not needed')),
    fetchBodyNow: async () => false,
    poke: () => undefined,
    dataDir: dir,
    isLocal: () => false,
    usesLabels: () => false,
    searchServer: () => Promise.reject(new Error('not needed')),
  });
  return { ...s, folders, ids, add, mail };
}

let clock = Date.UTC(2026, 0, 1);

/** A message named `name` (its subject), with Message-ID <name@x> unless `id` says otherwise (null: none). */
function msg(
  name: string,
  refs: string[] = [],
  options: { id?: string | null; inReplyTo?: string; date?: number; from?: string; flags?: number; thrid?: string } = {},
): Omit<HeaderRecord, 'uid'> {
  const id = options.id === undefined ? `<${name}@x>` : options.id;
  clock += 60_000;
  return {
    messageId: id,
    inReplyTo: options.inReplyTo ?? null,
    references: refs.map((r) => `<${r}@x>`),
    subject: name,
    from: { name: options.from ?? `Sender of ${name}`, address: `${(options.from ?? name).toLowerCase().replace(/\W/g, '')}@x.test` },
    to: [],
    cc: [],
    replyTo: [],
    date: options.date ?? clock,
    flags: options.flags ?? FLAG.seen,
    keywords: [],
    size: 100,
    ...(options.thrid ? { gmail: { msgid: `${name.length}${clock}`, thrid: options.thrid, labels: [] } } : {}),
  };
}

type Store = Awaited<ReturnType<typeof store>>;

/** The threads as sets of subjects: a partition, independent of thread ids and of order. */
function partition(s: Store): string[][] {
  const rows = s.db.prepare('SELECT subject, thread_id FROM messages ORDER BY subject').all() as { subject: string; thread_id: number }[];
  const groups = new Map<number, string[]>();
  for (const row of rows) {
    expect(row.thread_id).not.toBeNull();
    groups.set(row.thread_id, [...(groups.get(row.thread_id) ?? []), row.subject]);
  }
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** folder_threads must always equal what the rows say; recomputed here from scratch. */
function expectSummariesConsistent(s: Store): void {
  const kept = s.db
    .prepare(
      'SELECT folder_id, thread_id, messages, unread, flagged, newest_date, newest_id FROM folder_threads ORDER BY folder_id, thread_id',
    )
    .all();
  const computed = s.db
    .prepare(
      `SELECT folder_id, thread_id, COUNT(*) AS messages, SUM((flags & 1) = 0) AS unread, SUM((flags & 2) != 0) AS flagged,
         MAX(date) AS newest_date,
         (SELECT id FROM messages n WHERE n.folder_id = m.folder_id AND n.thread_id = m.thread_id ORDER BY date DESC, id DESC LIMIT 1) AS newest_id
       FROM messages m WHERE thread_id IS NOT NULL GROUP BY folder_id, thread_id ORDER BY folder_id, thread_id`,
    )
    .all();
  expect(kept).toEqual(computed);
  const counted = s.db
    .prepare('SELECT folder_id, conversations FROM folder_conversations WHERE conversations != 0 ORDER BY folder_id')
    .all();
  const entries = s.db
    .prepare('SELECT folder_id, COUNT(*) AS conversations FROM folder_threads GROUP BY folder_id ORDER BY folder_id')
    .all();
  expect(counted).toEqual(entries);
}

const threadOf = (s: Store, subject: string) =>
  (s.db.prepare('SELECT thread_id FROM messages WHERE subject = ?').get(subject) as { thread_id: number }).thread_id;

describe('message ids and thread keys', () => {
  it('reads ids with their brackets, and brackets a bare one', () => {
    expect(idsIn('<a@x> (comment) <b@y>')).toEqual(['<a@x>', '<b@y>']);
    expect(idsIn(' a@x ')).toEqual(['<a@x>']);
    expect(idsIn('')).toEqual([]);
    expect(idsIn(null)).toEqual([]);
  });

  it('keys a message by its id, References and In-Reply-To; a Gmail message by its thread and id only', () => {
    expect(threadKeys({ messageId: '<m@x>', inReplyTo: '<p@x>', references: ['<r@x>', '<p@x>'], gmThrid: null }).sort()).toEqual(
      ['<m@x>', '<p@x>', '<r@x>'].sort(),
    );
    expect(threadKeys({ messageId: '<m@x>', inReplyTo: '<p@x>', references: ['<r@x>'], gmThrid: '42' }).sort()).toEqual(['<m@x>', 'gm:42']);
    expect(threadKeys({ messageId: null, inReplyTo: null, references: [], gmThrid: null })).toEqual([]);
  });
});

describe('threading (JWZ) in the store', () => {
  it('threads a reply chain, across folders: a reply in Sent joins its thread', async () => {
    const s = await store();
    s.add(s.ids.inbox, msg('a'), msg('b', ['a']), msg('unrelated'));
    s.add(s.ids.sent, msg('c', ['a', 'b'], { from: 'Me' }));
    expect(partition(s)).toEqual([['a', 'b', 'c'], ['unrelated']]);
    expectSummariesConsistent(s);
  });

  it('threads siblings through a parent that was never seen, by References or In-Reply-To alone', async () => {
    const s = await store();
    s.add(s.ids.inbox, msg('b', ['missing']), msg('c', [], { inReplyTo: '<missing@x>' }), msg('d', ['elsewhere']));
    expect(partition(s)).toEqual([['b', 'c'], ['d']]);
    // The parent arrives later: it joins them.
    s.add(s.ids.inbox, msg('missing'));
    expect(partition(s)).toEqual([['b', 'c', 'missing'], ['d']]);
  });

  it('merges two threads when a late message links them (a parent after its children)', async () => {
    const s = await store();
    s.add(s.ids.inbox, msg('c1', ['root', 'a1']), msg('c2', ['b1']));
    expect(partition(s)).toEqual([['c1'], ['c2']]);
    // b1 replies to root: c2's thread (through b1) and c1's (through root) are one now.
    s.add(s.ids.archive, msg('b1', ['root']));
    expect(partition(s)).toEqual([['b1', 'c1', 'c2']]);
    expectSummariesConsistent(s);
    // The id of a thread merged away still finds its conversation.
    const live = threadOf(s, 'c1');
    const dead = (s.db.prepare('SELECT id FROM threads WHERE merged_into IS NOT NULL').get() as { id: number }).id;
    expect(s.messages.threads.thread(dead, s.ids.inbox)?.threadId).toBe(live);
    expect(s.messages.threads.thread(dead, s.ids.inbox)?.messages.map((m) => m.subject)).toEqual(['c1', 'c2', 'b1']);
  });

  it('survives loops in References and messages that name themselves', async () => {
    const s = await store();
    s.add(
      s.ids.inbox,
      msg('a', ['b', 'a']), // a names b, and itself
      msg('b', ['a']), // b names a: a loop
      msg('self', ['self'], { inReplyTo: '<self@x>' }),
      msg('c', ['c', 'b', 'c']),
    );
    expect(partition(s)).toEqual([['a', 'b', 'c'], ['self']]);
    const thread = s.mail.thread(threadOf(s, 'a'), s.ids.inbox);
    expect(thread.messages.map((m) => m.subject)).toEqual(['a', 'b', 'c']);
    expectSummariesConsistent(s);
  });

  it('keeps two different messages with one Message-ID apart as messages, in one thread, without a loop', async () => {
    const s = await store();
    s.add(s.ids.inbox, msg('first', [], { id: '<dup@x>' }), msg('second', ['first'], { id: '<dup@x>' }));
    s.add(s.ids.inbox, msg('reply', [], { inReplyTo: '<dup@x>' }));
    expect(partition(s)).toEqual([['first', 'reply', 'second']]);
    const page = s.mail.conversations(s.ids.inbox, 0, 10);
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ count: 3, total: 3 });
    expect(s.mail.thread(threadOf(s, 'first'), s.ids.inbox).messages.map((m) => m.subject)).toEqual(['first', 'second', 'reply']);
  });

  it('shows a copy of one message in two folders once in the conversation', async () => {
    const s = await store();
    const copy = msg('a');
    s.add(s.ids.inbox, copy, msg('b', ['a']));
    s.add(s.ids.archive, copy);
    const thread = s.mail.thread(threadOf(s, 'b'), s.ids.inbox);
    expect(thread.messages.map((m) => [m.subject, m.folderId])).toEqual([
      ['a', s.ids.inbox],
      ['b', s.ids.inbox],
    ]);
    expect(s.mail.conversations(s.ids.archive, 0, 10).items[0]).toMatchObject({ count: 1, total: 2 });
  });

  it('gives a message without any id a thread of its own; with References it joins them', async () => {
    const s = await store();
    s.add(s.ids.inbox, msg('lonely1', [], { id: null }), msg('lonely2', [], { id: null }), msg('p'), msg('child', ['p'], { id: null }));
    expect(partition(s)).toEqual([['child', 'p'], ['lonely1'], ['lonely2']]);
  });

  it('keeps threads per account', async () => {
    const s = await store();
    s.add(s.ids.inbox, msg('a'), msg('b', ['a']));
    s.add(s.ids.other, msg('a-copy', [], { id: '<a@x>' }), msg('c', ['a']));
    expect(partition(s)).toEqual([
      ['a', 'b'],
      ['a-copy', 'c'],
    ]);
  });

  it("uses Gmail's thread ids on Gmail rows: one message in two folders is one, and Gmail's threads stay Gmail's", async () => {
    const s = await store();
    const one = msg('g1', [], { thrid: '100' });
    s.add(s.ids.inbox, one, msg('g2', [], { thrid: '100' }), msg('g3', ['g1'], { thrid: '200' }));
    s.add(s.ids.archive, one); // the same Gmail message (same X-GM-MSGID) under another label
    expect(partition(s)).toEqual([['g1', 'g1', 'g2'], ['g3']]);
    const thread = s.mail.thread(threadOf(s, 'g2'), s.ids.inbox);
    expect(thread.messages.map((m) => m.subject)).toEqual(['g1', 'g2']);
    // A reply written here, stored before Gmail lists it (no X-GM-THRID yet), joins by its In-Reply-To.
    s.add(s.ids.sent, msg('mine', [], { inReplyTo: '<g2@x>' }));
    expect(threadOf(s, 'mine')).toBe(threadOf(s, 'g1'));
  });

  it('gives the same threads whatever order the messages arrive in', async () => {
    // Hard cases together: a chain, siblings of a missing parent, a late
    // parent that links two threads, a loop, a self-reference, a duplicated
    // Message-ID, messages without ids, and lonely ones.
    const set = (): Omit<HeaderRecord, 'uid'>[] => [
      msg('r'),
      msg('r1', ['r']),
      msg('r2', ['r', 'r1']),
      msg('r3', ['r', 'r1', 'r2']),
      msg('s1', ['gone']),
      msg('s2', ['gone']),
      msg('s3', [], { inReplyTo: '<gone@x>' }),
      msg('t1', ['troot', 't0']),
      msg('u1', ['u0']),
      msg('link', ['troot', 'u0']),
      msg('loop1', ['loop2']),
      msg('loop2', ['loop3']),
      msg('loop3', ['loop1']),
      msg('self', ['self']),
      msg('dup1', [], { id: '<dup@x>' }),
      msg('dup2', [], { id: '<dup@x>' }),
      msg('dupchild', ['dup']),
      msg('noid1', [], { id: null }),
      msg('noid2', ['r'], { id: null }),
      msg('alone1'),
      msg('alone2'),
      ...Array.from({ length: 20 }, (_, i) => msg(`chain${i}`, i === 0 ? [] : [`chain${Math.floor(i / 2)}`, `chain${i - 1}`])),
    ];
    const orders: [string, (list: Omit<HeaderRecord, 'uid'>[]) => Omit<HeaderRecord, 'uid'>[]][] = [
      ['as given', (l) => l],
      ['reversed', (l) => [...l].reverse()],
      ...[1, 2, 3, 4, 5].map((seed): [string, (l: Omit<HeaderRecord, 'uid'>[]) => Omit<HeaderRecord, 'uid'>[]] => [
        `shuffled (seed ${seed})`,
        (l) => shuffled(l, seed),
      ]),
    ];
    const partitions: string[][][] = [];
    for (const [, order] of orders) {
      const s = await store();
      // One message a batch, into folders by turns: the order is the arrival order.
      for (const [i, m] of order(set()).entries()) s.add([s.ids.inbox, s.ids.sent, s.ids.archive][i % 3] as number, m);
      expectSummariesConsistent(s);
      partitions.push(partition(s));
    }
    expect(partitions[0]).toEqual([
      ['alone1'],
      ['alone2'],
      Array.from({ length: 20 }, (_, i) => `chain${i}`).sort(),
      ['dup1', 'dup2', 'dupchild'],
      ['link', 't1', 'u1'],
      ['loop1', 'loop2', 'loop3'],
      ['noid1'],
      ['noid2', 'r', 'r1', 'r2', 'r3'],
      ['s1', 's2', 's3'],
      ['self'],
    ]);
    for (const p of partitions.slice(1)) expect(p).toEqual(partitions[0]);
  });
});

/** A shuffle that depends only on the seed (mulberry32). */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("a folder's conversations", () => {
  it('lists one row per thread, newest first, with counts, participants, unread, starred and its messages here', async () => {
    const s = await store();
    const day = (n: number) => Date.UTC(2026, 1, n);
    s.add(
      s.ids.inbox,
      msg('Plans', [], { date: day(1), from: 'Ada' }),
      msg('Re: Plans', ['Plans'], { date: day(3), from: 'Charles', flags: 0 }),
      msg('Old news', [], { date: day(2), from: 'Mary', flags: FLAG.seen | FLAG.flagged }),
      msg('Newest alone', [], { date: day(5), from: 'Mary' }),
    );
    s.add(s.ids.sent, msg('Re: Re: Plans', ['Plans', 'Re: Plans'], { date: day(4), from: 'Me' }));
    const page = s.mail.conversations(s.ids.inbox, 0, 10);
    expect(page.total).toBe(3);
    expect(page.items.map((c) => c.subject)).toEqual(['Newest alone', 'Plans', 'Old news']);
    const plans = page.items[1];
    expect(plans).toMatchObject({
      count: 2,
      total: 3,
      unread: 1,
      flagged: false,
      snippet: '',
      date: new Date(day(3)).toISOString(),
      participants: [
        { name: 'Ada', address: 'ada@x.test' },
        { name: 'Charles', address: 'charles@x.test' },
        { name: 'Me', address: 'me@x.test' },
      ],
    });
    const ids = (subject: string) => (s.db.prepare('SELECT id FROM messages WHERE subject = ?').get(subject) as { id: number }).id;
    expect(plans?.messageIds).toEqual([ids('Re: Plans'), ids('Plans')]);
    expect(page.items[2]).toMatchObject({ count: 1, flagged: true, unread: 0 });
    // Paged: the second page starts where the first stopped.
    expect(s.mail.conversations(s.ids.inbox, 1, 1).items.map((c) => c.subject)).toEqual(['Plans']);
    // The reader gets the whole thread, oldest first, with the reply from Sent.
    const thread = s.mail.thread(plans?.threadId as number, s.ids.inbox);
    expect(thread.subject).toBe('Plans');
    expect(thread.messages.map((m) => [m.subject, m.folderId])).toEqual([
      ['Plans', s.ids.inbox],
      ['Re: Plans', s.ids.inbox],
      ['Re: Re: Plans', s.ids.sent],
    ]);
    // A new message joins its conversation at once and moves it up.
    s.add(s.ids.inbox, msg('Re: Plans again', [], { inReplyTo: '<Plans@x>', date: day(6), flags: 0 }));
    const after = s.mail.conversations(s.ids.inbox, 0, 10);
    expect(after.total).toBe(3);
    expect(after.items[0]).toMatchObject({ subject: 'Plans', count: 3, total: 4, unread: 2 });
    expectSummariesConsistent(s);
  });

  it("acts on a conversation's messages in the folder: read, star, archive, delete (Trash leaves it elsewhere), move", async () => {
    const s = await store();
    s.add(s.ids.inbox, msg('x', [], { flags: 0 }), msg('y', ['x'], { flags: 0 }), msg('other'));
    s.add(s.ids.sent, msg('z', ['x', 'y']));
    const conversation = () => s.mail.conversations(s.ids.inbox, 0, 10).items.find((c) => c.subject === 'x');
    const ids = conversation()?.messageIds as number[];
    expect(ids).toHaveLength(2);

    s.mail.setFlags(ids, { seen: true, flagged: true });
    expect(conversation()).toMatchObject({ unread: 0, flagged: true });
    expectSummariesConsistent(s);

    s.mail.archive(ids);
    expect(conversation()).toBeUndefined();
    expect(s.mail.conversations(s.ids.archive, 0, 10).items[0]).toMatchObject({ subject: 'x', count: 2, total: 3 });
    expectSummariesConsistent(s);

    const archived = s.mail.conversations(s.ids.archive, 0, 10).items[0]?.messageIds as number[];
    // The server's new UIDs (a row moved here has none until the server says).
    s.messages.setUids(archived.map((id, i) => ({ id, uid: 500 + i })));
    s.mail.move(archived, s.ids.inbox);
    s.messages.setUids(archived.map((id, i) => ({ id, uid: 600 + i })));
    expect(conversation()).toMatchObject({ count: 2 });

    s.mail.delete(ids);
    s.messages.setUids(ids.map((id, i) => ({ id, uid: 700 + i })));
    expect(conversation()).toBeUndefined();
    // From Sent, the conversation no longer counts what is in Trash; from Trash, it is there.
    expect(s.mail.conversations(s.ids.sent, 0, 10).items[0]).toMatchObject({ count: 1, total: 1 });
    expect(s.mail.thread(threadOf(s, 'z'), s.ids.sent).messages.map((m) => m.subject)).toEqual(['z']);
    expect(s.mail.thread(threadOf(s, 'z'), s.ids.trash).messages.map((m) => m.subject)).toEqual(['x', 'y', 'z']);
    // Deleting from Trash removes them for good; the entries go with their last rows.
    s.mail.delete(ids);
    expect(s.mail.conversations(s.ids.trash, 0, 10).total).toBe(0);
    expectSummariesConsistent(s);
  });

  it('keeps its per-thread entries right through random inserts, moves, flag changes, merges and deletes', async () => {
    const s = await store();
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const folders = [s.ids.inbox, s.ids.sent, s.ids.archive, s.ids.trash];
    for (let step = 0; step < 400; step++) {
      const rows = s.db.prepare('SELECT id FROM messages').all() as { id: number }[];
      const some = rows.filter(() => random(4) === 0).map((r) => r.id);
      const action = random(6);
      if (action <= 1 || rows.length < 5) {
        const n = random(40);
        const refs = random(3) === 0 ? [] : [`m${random(40)}`, `m${random(40)}`];
        s.add(
          folders[random(3)] as number,
          msg(`m${n}-${step}`, refs, { id: `<m${n}@x>`, date: clock - random(10) * 3_600_000, flags: random(4) }),
        );
      } else if (action === 2 && some.length) s.messages.moveLocal(some, folders[random(4)] as number);
      else if (action === 3 && some.length) s.messages.setLocalFlags(some, random(4), random(4));
      else if (action === 4 && some.length) s.messages.deleteLocal(some.slice(0, 2));
      else s.messages.clearFolder(folders[random(4)] as number);
    }
    expectSummariesConsistent(s);
    // A folder deleted with its mail takes its entries; the threads' other folders keep theirs.
    s.add(s.ids.archive, msg('kept', ['m1']), msg('kept too', ['m2']));
    s.folders.deleteTree('a', 'Archive', '/');
    expectSummariesConsistent(s);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM folder_threads WHERE folder_id = ?').get(s.ids.archive) as { n: number }).n).toBe(0);
  });
});

describe('a long conversation', () => {
  it('reads only its newest messages for its row: who wrote first and lately; all its messages here to act on', async () => {
    const s = await store();
    const names = ['Ada', 'Charles', 'Mary', 'Grace', 'Alan', 'Edsger'];
    // 30 messages: Ada starts, Charles and Mary write only early on, Grace, Alan and Edsger lately; every fifth is in Sent.
    for (let i = 0; i < 30; i++) {
      const from = i === 0 ? 'Ada' : i < 8 ? (names[1 + (i % 2)] as string) : (names[3 + (i % 3)] as string);
      s.add(i % 5 === 4 ? s.ids.sent : s.ids.inbox, msg(`long-${i}`, i === 0 ? [] : ['long-0', `long-${i - 1}`], { from }));
    }
    const row = s.mail.conversations(s.ids.inbox, 0, 10).items[0];
    expect(row).toMatchObject({ subject: 'long-0', count: 24, total: 30 });
    expect(row?.messageIds).toHaveLength(24);
    // The first writer, then those of the newest 20 (Charles and Mary wrote before them).
    expect(row?.participants.map((p) => p.name)).toEqual(['Ada', 'Alan', 'Edsger', 'Grace']);
    // The reader still shows every message.
    expect(s.mail.thread(row?.threadId as number, s.ids.inbox).messages).toHaveLength(30);
  });

  it("counts a Gmail conversation's messages once, in All Mail, not once per label or in Starred", async () => {
    const s = await store();
    for (let i = 0; i < 25; i++) {
      const m = msg(`g-${i}`, [], { thrid: '77', flags: FLAG.seen | (i % 6 === 0 ? FLAG.flagged : 0) });
      s.add(s.ids.inbox, m);
      s.add(s.ids.all, m);
      if (i % 3 === 0) s.add(s.ids.archive, m);
      if (i % 6 === 0) s.add(s.ids.starred, m);
    }
    const trashed = msg('g-trashed', [], { thrid: '77' });
    s.add(s.ids.trash, trashed);
    expect(s.mail.conversations(s.ids.inbox, 0, 10).items[0]).toMatchObject({ count: 25, total: 25 });
    expect(s.mail.conversations(s.ids.archive, 0, 10).items[0]).toMatchObject({ count: 9, total: 25 });
    expect(s.mail.conversations(s.ids.trash, 0, 10).items[0]).toMatchObject({ count: 1, total: 26 });
    // A short one counts from its rows, each message once, whatever the folders.
    const short = msg('g-short', [], { thrid: '78' });
    s.add(s.ids.inbox, short);
    s.add(s.ids.all, short);
    s.add(s.ids.archive, short);
    expect(s.mail.conversations(s.ids.inbox, 0, 10).items.find((c) => c.subject === 'g-short')).toMatchObject({ count: 1, total: 1 });
  });
});

describe('a store upgraded from before threads', () => {
  /** A store as version 10 left it: 50 threads of five (a root and four replies; the second reply in Sent, the third naming only its parent). */
  async function upgraded() {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-threads-upgrade-'));
    dirs.push(dir);
    const file = join(dir, 'tidings.sqlite');
    const before = migrations.findIndex((m) => m.includes('CREATE TABLE folder_threads'));
    const old = new DatabaseSync(file);
    for (const migration of migrations.slice(0, before)) old.exec(migration);
    old.exec(`PRAGMA user_version = ${before}`);
    old.exec(`INSERT INTO accounts (id, name, email, incoming_json, outgoing_json, created_at, position)
              VALUES ('a', 'A', 'a@x.test', '{}', '{}', '2026-01-01', 1)`);
    old.exec(
      "INSERT INTO folders (id, account_id, path, name, role) VALUES (1, 'a', 'INBOX', 'Inbox', 'inbox'), (2, 'a', 'Sent', 'Sent', 'sent')",
    );
    const insert = old.prepare(
      'INSERT INTO messages (account_id, folder_id, uid, message_id, in_reply_to, references_json, subject, date, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    old.exec('BEGIN');
    for (let i = 0; i < 250; i++) {
      const root = Math.floor(i / 5) * 5;
      const refs = i === root ? null : JSON.stringify(i % 5 === 3 ? [] : [`<${root}@x>`]);
      const inReplyTo = i % 5 === 3 ? `<${i - 1}@x>` : null;
      insert.run(
        'a',
        i % 5 === 2 ? 2 : 1,
        i + 1,
        `<${i}@x>`,
        inReplyTo,
        refs,
        `subject ${root}`,
        Date.UTC(2025, 0, 1) + i * 60_000,
        i % 7 ? 1 : 0,
      );
    }
    old.exec('COMMIT');
    old.close();
    const db = openDatabase(file);
    return { db, messages: new MessagesRepo(db, new SourceFiles(join(dir, 'sources'))) };
  }

  it('threads its existing rows in batches (the backfill), and new mail joins them', async () => {
    const { db, messages } = await upgraded();
    expect(messages.threads.unthreaded()).toBe(true);
    expect(messages.threads.conversations(1, 0, 100).total).toBe(0);
    let batches = 0;
    while (messages.threads.backfill(60).threaded > 0) batches++;
    expect(batches).toBe(5);
    expect(messages.threads.unthreaded()).toBe(false);
    const page = messages.threads.conversations(1, 0, 100);
    expect(page.total).toBe(50);
    expect(page.items.map((c) => [c.subject, c.count, c.total])).toEqual(
      Array.from({ length: 50 }, (_, i) => [`subject ${(49 - i) * 5}`, 4, 5]),
    );
    expect(page.items[0]?.unread).toBe(1); // 245 + 0..4: 245 is 7 × 35
    expectSummariesConsistent({ db } as Store);
    // A reply arriving now joins its backfilled thread.
    messages.upsertHeaders('a', 1, [{ ...msg('late', ['245']), uid: 999 }]);
    expect(messages.threads.conversations(1, 0, 1).items[0]).toMatchObject({ subject: 'subject 245', count: 5, total: 6 });
    db.close();
  });

  it('is done by the core in the background, batch by batch, telling the UI which folders changed', async () => {
    const { db, messages } = await upgraded();
    const events = new UiEvents();
    const changed: { accountId: string; folderIds: number[] }[] = [];
    events.subscribe((event, payload) => {
      if (event === 'store.changed') changed.push(payload as { accountId: string; folderIds: number[] });
    });
    const backfill = new ThreadBackfill({ threads: messages.threads, events, log: logger('threads') });
    backfill.start();
    // Not in one go: the first batch runs after the caller has gone on.
    expect(messages.threads.unthreaded()).toBe(true);
    await backfill.finished();
    expect(messages.threads.unthreaded()).toBe(false);
    expect(messages.threads.conversations(1, 0, 100).total).toBe(50);
    expect(changed.map((c) => [c.accountId, [...c.folderIds].sort()])).toContainEqual(['a', [1, 2]]);
    // Started again with nothing to do, it does nothing.
    const again = new ThreadBackfill({ threads: messages.threads, events, log: logger('threads') });
    again.start();
    await again.finished();
    db.close();
  });
});

describe('the key hash', () => {
  it('spreads similar ids over 64 bits: no collision among 200,000 (a 32-bit hash would have about five)', () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 200_000; i++) seen.add(keyHash(`<CAF${i}.x${i % 97}@mail.example.test>`));
    expect(seen.size).toBe(200_000);
    expect(keyHash('<a@x>')).toBe(keyHash('<a@x>'));
    expect(keyHash('<a@x>')).not.toBe(keyHash('<a@y>'));
  });
});
