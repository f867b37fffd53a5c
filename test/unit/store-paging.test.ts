import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../main/store/database';
import { FLAG } from '../../main/store/flags';
import { FoldersRepo } from '../../main/store/folders-repo';
import type { PageRequest } from '../../main/store/message-pages';
import { type HeaderRecord, MessagesRepo } from '../../main/store/messages-repo';
import { migrations } from '../../main/store/migrations';
import { SourceFiles } from '../../main/store/source-files';
import type { MessageSummary, PageKey } from '../../shared/mail';
import { messageStoreIn } from '../helpers/message-store';

// Keyset paging (issue 14): a folder is read a page at a time after or
// before a row's (date, id), or at a position found from the per-span counts
// (message_spans, kept by triggers). These tests check what the list relies
// on: every row exactly once and in order, ties of date included, through
// inserts and deletes between pages; and counts that stay equal to a real
// count through every kind of write the store makes.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A number in [0, 1) from a seed: the same sequence every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const DAY = 86_400_000;
const START = Date.UTC(2017, 0, 1);

function header(uid: number, date: number, flags: number = FLAG.seen, subject = `m${uid}`): HeaderRecord {
  return {
    uid,
    messageId: `<${subject}-${uid}@example.test>`,
    inReplyTo: null,
    references: [],
    subject,
    from: { name: 'Ada', address: 'ada@example.test' },
    to: [],
    cc: [],
    replyTo: [],
    date,
    flags,
    keywords: [],
    size: 10,
  };
}

async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-paging-'));
  dirs.push(dir);
  const s = messageStoreIn(dir);
  const folders = new FoldersRepo(s.db);
  return { ...s, folders };
}

/** The folder's rows as the list must show them: newest first, ties by id (newest id first). */
function truth(db: Database, folderId: number): number[] {
  return (db.prepare('SELECT id, date FROM messages WHERE folder_id = ?').all(folderId) as { id: number; date: number }[])
    .sort((a, b) => b.date - a.date || b.id - a.id)
    .map((r) => r.id);
}

const keyOf = (m: MessageSummary): PageKey => ({ date: Date.parse(m.date), id: m.id });

/** Reads the whole folder page by page, each page after the last row of the one before. */
function readForward(messages: MessagesRepo, folderId: number, limit: number, between?: (page: number) => void): MessageSummary[] {
  const all: MessageSummary[] = [];
  let after: PageKey | undefined;
  for (let page = 0; page < 10_000; page++) {
    const { items } = messages.page(folderId, { offset: all.length, limit, after });
    all.push(...items);
    if (items.length < limit) return all;
    after = keyOf(items.at(-1) as MessageSummary);
    between?.(page);
  }
  throw new Error('never ended');
}

describe('keyset paging of a folder', () => {
  it('reads every row exactly once, in order, forwards, backwards and at any position, with many rows of one date', async () => {
    const s = await store();
    const next = random(7);
    // 1,500 rows over 3 years, a third of them on one of 5 dates (mail imported at one moment), the rest spread.
    const ties = [0, 1, 2, 3, 4].map((i) => START + i * 200 * DAY);
    const records = Array.from({ length: 1500 }, (_, i) =>
      header(i + 1, next() < 0.33 ? (ties[Math.floor(next() * ties.length)] as number) : START + Math.floor(next() * 3 * 365 * DAY)),
    );
    for (let at = 0; at < records.length; at += 200) s.messages.upsertHeaders('a', s.folderId, records.slice(at, at + 200));
    const expected = truth(s.db, s.folderId);
    expect(expected).toHaveLength(1500);

    for (const limit of [1, 37, 100, 500]) {
      expect(readForward(s.messages, s.folderId, limit).map((m) => m.id)).toEqual(expected);
    }

    // Backwards from the last page, each page before the first row of the one after.
    const backwards: MessageSummary[] = [];
    let page = s.messages.page(s.folderId, { offset: 1400, limit: 100 }).items;
    backwards.unshift(...page);
    while (page.length > 0) {
      page = s.messages.page(s.folderId, { offset: 0, limit: 100, before: keyOf(page[0] as MessageSummary) }).items;
      backwards.unshift(...page);
    }
    expect(backwards.map((m) => m.id)).toEqual(expected);

    // A jump to any position gives the rows there.
    for (const offset of [0, 1, 99, 499, 500, 501, 777, 1234, 1499]) {
      const { items, total } = s.messages.page(s.folderId, { offset, limit: 50 });
      expect(total).toBe(1500);
      expect(items.map((m) => m.id)).toEqual(expected.slice(offset, offset + 50));
    }
    expect(s.messages.page(s.folderId, { offset: 1500, limit: 50 }).items).toEqual([]);
    expect(s.messages.page(s.folderId, { offset: 90_000, limit: 50 }).items).toEqual([]);
  });

  it('reads every row that stays exactly once when rows come and go between pages', async () => {
    const s = await store();
    const next = random(11);
    let uid = 0;
    const add = (n: number, date: () => number) =>
      s.messages.upsertHeaders(
        'a',
        s.folderId,
        Array.from({ length: n }, () => header(++uid, date())),
      );
    add(1000, () => START + Math.floor(next() * 50) * DAY);
    const before = new Set(truth(s.db, s.folderId));
    const deleted = new Set<number>();
    const added = new Set<number>();
    const seen = readForward(s.messages, s.folderId, 40, () => {
      // New mail on top, and older mail (a folder synced further back), some of it on the page's own date.
      const fresh = uid;
      add(3, () => START + 60 * DAY + Math.floor(next() * DAY));
      add(3, () => START + Math.floor(next() * 50) * DAY);
      for (let id = fresh + 1; id <= uid; id++) added.add(s.messages.byMessageId(s.folderId, `<m${id}-${id}@example.test>`)[0]?.id ?? 0);
      // Rows deleted: read ones and ones still ahead.
      const ids = truth(s.db, s.folderId);
      const gone = [ids[Math.floor(next() * ids.length)], ids[Math.floor(next() * ids.length)]] as number[];
      s.messages.deleteLocal(gone);
      for (const id of gone) deleted.add(id);
    });
    const ids = seen.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    // In order: each row older than the one before it.
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [keyOf(seen[i - 1] as MessageSummary), keyOf(seen[i] as MessageSummary)];
      expect(a.date > b.date || (a.date === b.date && a.id > b.id)).toBe(true);
    }
    // Every row that was there from start to end was read.
    const kept = [...before].filter((id) => !deleted.has(id));
    const read = new Set(ids);
    expect(kept.filter((id) => !read.has(id))).toEqual([]);
    // Whatever was read that was not there at the start was added meanwhile; nothing deleted before its page came back.
    expect(ids.filter((id) => !before.has(id) && !added.has(id))).toEqual([]);
  });
});

/** The counts the store keeps, against a count of the rows. */
function expectCountsRight(db: Database, folders: FoldersRepo): void {
  const counted = db
    .prepare(
      `SELECT f.id, (SELECT COUNT(*) FROM messages m WHERE m.folder_id = f.id) AS total,
              (SELECT COUNT(*) FROM messages m WHERE m.folder_id = f.id AND (m.flags & 1) = 0) AS unread FROM folders f`,
    )
    .all() as { id: number; total: number; unread: number }[];
  const listed = new Map(folders.list().map((f) => [f.id, { total: f.total, unread: f.unread }]));
  for (const { id, total, unread } of counted) expect({ id, ...listed.get(id) }).toEqual({ id, total, unread });
  // Span by span too: jumps depend on them.
  const spans = db
    .prepare('SELECT folder_id, span, total, unread, flagged, flagged_unread FROM message_spans WHERE total != 0 ORDER BY 1, 2')
    .all();
  const real = db
    .prepare(
      `SELECT folder_id, date >> 30 AS span, COUNT(*) AS total, SUM((flags & 1) = 0) AS unread, SUM((flags & 2) != 0) AS flagged,
              SUM((flags & 3) = 2) AS flagged_unread FROM messages GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all();
  expect(spans).toEqual(real);
  // No span counts below zero (a delete counted twice), and none left for folders that are gone.
  expect(db.prepare('SELECT COUNT(*) AS n FROM message_spans WHERE total < 0 OR unread < 0 OR flagged < 0').get()).toEqual({ n: 0 });
  expect(
    db.prepare('SELECT COUNT(*) AS n FROM message_spans WHERE folder_id NOT IN (SELECT id FROM folders)').get() as { n: number },
  ).toEqual({ n: 0 });
}

describe('folder counts without counting', () => {
  it('stay equal to a count of the rows through inserts, flag changes, moves, deletes and folders going', async () => {
    const s = await store();
    const base = { delimiter: '/', parentPath: null, subscribed: true, selectable: true };
    s.folders.replaceAll('a', [
      { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
      { ...base, path: 'Archive', name: 'Archive', role: 'archive' },
      { ...base, path: 'Old', name: 'Old', role: null },
    ]);
    const archive = s.folders.byPath('a', 'Archive')?.id as number;
    const old = s.folders.byPath('a', 'Old')?.id as number;
    const next = random(3);
    const flags = () => (next() < 0.3 ? 0 : FLAG.seen) | (next() < 0.2 ? FLAG.flagged : 0);
    const date = () => START + Math.floor(next() * 400 * DAY);
    s.messages.upsertHeaders(
      'a',
      s.folderId,
      Array.from({ length: 300 }, (_, i) => header(i + 1, date(), flags())),
    );
    s.messages.upsertHeaders(
      'a',
      old,
      Array.from({ length: 50 }, (_, i) => header(i + 1, date(), flags())),
    );
    // Inserting a UID again changes nothing (INSERT OR IGNORE).
    s.messages.upsertHeaders('a', s.folderId, [header(1, date(), 0)]);
    expectCountsRight(s.db, s.folders);

    const inbox = () => truth(s.db, s.folderId);
    // The user's flags, and the server's.
    s.messages.setLocalFlags(inbox().slice(0, 40), 0, FLAG.seen);
    s.messages.setLocalFlags(inbox().slice(20, 90), FLAG.seen | FLAG.flagged, 0);
    s.messages.setLocalFlags(inbox().slice(0, 5), FLAG.answered, 0); // not a counted flag
    s.messages.setServerFlags(
      s.folderId,
      Array.from({ length: 60 }, (_, i) => ({ uid: i + 100, flags: flags(), keywords: [] })),
    );
    expectCountsRight(s.db, s.folders);
    // Moves, and the row adopted by its new UID there.
    const moving = inbox().slice(50, 80);
    s.messages.moveLocal(moving, archive);
    s.messages.setUids(moving.map((id, i) => ({ id, uid: 1000 + i })));
    expectCountsRight(s.db, s.folders);
    // Deletes: local, by the server, a whole folder cleared, a folder gone with its mail.
    s.messages.deleteLocal(inbox().slice(0, 10));
    s.messages.deleteUids(s.folderId, [200, 201, 202, 99_999]);
    expectCountsRight(s.db, s.folders);
    s.messages.clearFolder(archive);
    expectCountsRight(s.db, s.folders);
    s.folders.replaceAll('a', [{ ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' }]);
    expectCountsRight(s.db, s.folders);
    expect(s.folders.list().map((f) => f.path)).toEqual(['INBOX']);
    // A local message (a Sent copy, a POP3 download).
    s.messages.insertLocal('a', s.folderId, header(0, date(), 0));
    expectCountsRight(s.db, s.folders);
    const { total, unread } = s.folders.list()[0] as { total: number; unread: number };
    expect(total).toBeGreaterThan(200);
    expect(unread).toBeGreaterThan(0);
  });

  it('stay right on Gmail, where one message is a row in several folders and its flags and labels change in all of them', async () => {
    const s = await store();
    const base = { delimiter: '/', parentPath: null, subscribed: true, selectable: true };
    s.folders.replaceAll('a', [
      { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
      { ...base, path: 'Work', name: 'Work', role: null },
      { ...base, path: '[Gmail]/All Mail', name: 'All Mail', parentPath: '[Gmail]', role: 'all' },
      { ...base, path: '[Gmail]/Trash', name: 'Trash', parentPath: '[Gmail]', role: 'trash' },
    ]);
    const id = (path: string) => s.folders.byPath('a', path)?.id as number;
    const [inbox, work, all] = [id('INBOX'), id('Work'), id('[Gmail]/All Mail')];
    const gmail = (uid: number, msgid: string, labels: string[], flags = 0): HeaderRecord => ({
      ...header(uid, START + Number(msgid) * DAY, flags),
      gmail: { msgid, thrid: msgid, labels },
    });
    s.messages.upsertHeaders('a', inbox, [gmail(1, '1', ['\\Inbox', 'Work']), gmail(2, '2', ['\\Inbox'])]);
    s.messages.upsertHeaders('a', work, [gmail(1, '1', ['\\Inbox', 'Work'])]);
    s.messages.upsertHeaders('a', all, [gmail(1, '1', ['\\Inbox', 'Work']), gmail(2, '2', ['\\Inbox']), gmail(3, '3', [])]);
    expectCountsRight(s.db, s.folders);
    // All Mail reports message 1 read and starred: its rows in the Inbox and Work change too.
    s.messages.upsertHeaders('a', all, [gmail(1, '1', ['\\Inbox', 'Work'], FLAG.seen | FLAG.flagged)]);
    expect(s.folders.list().find((f) => f.id === inbox)?.unread).toBe(1);
    expectCountsRight(s.db, s.folders);
    s.messages.setServerFlags(work, [{ uid: 1, flags: 0, keywords: [], labels: ['\\Inbox', 'Work'] }]);
    s.messages.setLocalFlags([s.messages.byMessageId(all, '<m2-2@example.test>')[0]?.id as number], FLAG.seen, 0);
    expectCountsRight(s.db, s.folders);
    // Archive message 1 (out of the Inbox), label message 3 Work, trash message 2.
    const row = (folderId: number, n: number) => s.messages.byMessageId(folderId, `<m${n}-${n}@example.test>`)[0]?.id as number;
    s.messages.relabel({
      labels: [{ rowId: row(all, 1), labels: ['Work'] }],
      add: [{ fromId: row(all, 3), folderId: work }],
      remove: [row(inbox, 1)],
      move: [{ id: row(inbox, 2), folderId: id('[Gmail]/Trash') }],
    });
    expectCountsRight(s.db, s.folders);
    expect(s.folders.list().find((f) => f.id === work)?.total).toBe(2);
  });

  it('are filled by the migration from the messages already stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-paging-migration-'));
    dirs.push(dir);
    const file = join(dir, 'tidings.sqlite');
    const ours = migrations.findIndex((m) => m.includes('CREATE TABLE message_spans'));
    expect(ours).toBeGreaterThan(0);
    // The schema just before ours, with mail in it.
    const old = new DatabaseSync(file);
    for (const migration of migrations.slice(0, ours)) old.exec(migration);
    old.exec(`PRAGMA user_version = ${ours}`);
    old.exec(`INSERT INTO accounts (id, name, email, incoming_json, outgoing_json, created_at, position)
              VALUES ('a', 'A', 'a@x.test', '{}', '{}', '2026-01-01', 1)`);
    old.exec("INSERT INTO folders (id, account_id, path, name) VALUES (1, 'a', 'INBOX', 'Inbox'), (2, 'a', 'Sent', 'Sent')");
    const insert = old.prepare('INSERT INTO messages (account_id, folder_id, uid, subject, date, flags) VALUES (?, ?, ?, ?, ?, ?)');
    const next = random(5);
    old.exec('BEGIN');
    for (let i = 1; i <= 500; i++)
      insert.run('a', i % 5 === 0 ? 2 : 1, i, `m${i}`, START + Math.floor(next() * 900) * DAY, i % 3 === 0 ? 0 : 1);
    old.exec('COMMIT');
    old.close();

    const db = openDatabase(file);
    const folders = new FoldersRepo(db);
    expectCountsRight(db, folders);
    expect(folders.list().find((f) => f.id === 1)).toMatchObject({ total: 400, unread: 133 });
    const messages = new MessagesRepo(db, new SourceFiles(join(dir, 'sources')));
    expect(messages.page(1, { offset: 250, limit: 10 }).items.map((m) => m.id)).toEqual(truth(db, 1).slice(250, 260));
    db.close();
  });
});

describe('unified views', () => {
  async function twoAccounts() {
    const s = await store();
    const server = { host: 'h.example', port: 993, security: 'tls' as const, username: 'u' };
    const { AccountsRepo } = await import('../../main/store/accounts-repo');
    new AccountsRepo(s.db).insert({
      id: 'g',
      name: 'G',
      email: 'g@gmail.example',
      incoming: { ...server, protocol: 'imap' },
      outgoing: server,
      options: { bodyDays: null },
      createdAt: '2026-01-02T00:00:00Z',
    });
    const base = { delimiter: '/', parentPath: null, subscribed: true, selectable: true };
    s.folders.replaceAll('a', [
      { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
      { ...base, path: 'Drafts', name: 'Drafts', role: 'drafts' },
      { ...base, path: 'Sent', name: 'Sent', role: 'sent' },
      { ...base, path: 'Junk', name: 'Junk', role: 'junk' },
      { ...base, path: 'Trash', name: 'Trash', role: 'trash' },
      { ...base, path: 'Projects', name: 'Projects', role: null },
    ]);
    s.folders.replaceAll('g', [
      { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
      { ...base, path: 'Work', name: 'Work', role: null },
      { ...base, path: '[Gmail]', name: '[Gmail]', role: null, selectable: false },
      { ...base, path: '[Gmail]/All Mail', name: 'All Mail', parentPath: '[Gmail]', role: 'all' },
      { ...base, path: '[Gmail]/Drafts', name: 'Drafts', parentPath: '[Gmail]', role: 'drafts' },
      { ...base, path: '[Gmail]/Sent Mail', name: 'Sent Mail', parentPath: '[Gmail]', role: 'sent' },
      { ...base, path: '[Gmail]/Starred', name: 'Starred', parentPath: '[Gmail]', role: 'flagged' },
      { ...base, path: '[Gmail]/Spam', name: 'Spam', parentPath: '[Gmail]', role: 'junk' },
    ]);
    const folder = (account: string, path: string) => s.folders.byPath(account, path)?.id as number;
    return { ...s, folder };
  }

  it('list every account’s Inbox, Drafts and Sent newest first, and the unread and starred mail once each, not in Trash or Junk', async () => {
    const s = await twoAccounts();
    const { folder } = s;
    const day = (n: number) => START + n * DAY;
    const put = (account: string, path: string, uid: number, n: number, flags: number, subject: string) =>
      s.messages.upsertHeaders(account, folder(account, path), [header(uid, day(n), flags, subject)]);
    const gmail = (path: string, uid: number, msgid: string, flags: number, labels: string[]) =>
      s.messages.upsertHeaders('g', folder('g', path), [
        { ...header(uid, day(Number(msgid)), flags, `g${msgid}`), gmail: { msgid, thrid: msgid, labels } },
      ]);
    put('a', 'INBOX', 1, 10, 0, 'a-inbox-unread');
    put('a', 'INBOX', 2, 12, FLAG.seen | FLAG.flagged, 'a-inbox-starred');
    put('a', 'INBOX', 3, 12, FLAG.seen, 'a-inbox-read'); // same date as the one before: ties by id
    put('a', 'Projects', 1, 5, 0, 'a-projects-unread');
    put('a', 'Junk', 1, 30, 0, 'a-junk-unread');
    put('a', 'Trash', 1, 31, FLAG.flagged, 'a-trash-starred-unread');
    put('a', 'Drafts', 1, 7, FLAG.seen | FLAG.draft, 'a-draft');
    put('a', 'Sent', 1, 8, FLAG.seen, 'a-sent');
    // Gmail: message 11 in the Inbox, Work and All Mail, unread and starred (also in [Gmail]/Starred); 20 in Spam only.
    for (const path of ['INBOX', 'Work', '[Gmail]/All Mail', '[Gmail]/Starred'])
      gmail(path, 1, '11', FLAG.flagged, ['\\Inbox', '\\Starred', 'Work']);
    gmail('INBOX', 2, '13', FLAG.seen, ['\\Inbox']);
    gmail('[Gmail]/All Mail', 2, '13', FLAG.seen, ['\\Inbox']);
    gmail('[Gmail]/Spam', 1, '20', 0, ['\\Spam']);
    gmail('[Gmail]/Drafts', 1, '6', FLAG.seen | FLAG.draft, ['\\Draft']);
    gmail('[Gmail]/All Mail', 3, '6', FLAG.seen | FLAG.draft, ['\\Draft']);
    gmail('[Gmail]/Sent Mail', 1, '9', FLAG.seen, ['\\Sent']);
    gmail('[Gmail]/All Mail', 4, '9', FLAG.seen, ['\\Sent']);

    const subjects = (view: Parameters<MessagesRepo['viewPage']>[0], request: PageRequest = { offset: 0, limit: 100 }) =>
      s.messages.viewPage(view, request).items.map((m) => m.subject);
    expect(subjects('inbox')).toEqual(['g13', 'a-inbox-read', 'a-inbox-starred', 'g11', 'a-inbox-unread']);
    expect(subjects('unread')).toEqual(['g11', 'a-inbox-unread', 'a-projects-unread']);
    expect(subjects('starred')).toEqual(['a-inbox-starred', 'g11']);
    expect(subjects('drafts')).toEqual(['a-draft', 'g6']);
    expect(subjects('sent')).toEqual(['g9', 'a-sent']);
    // Rows say whose they are.
    const inbox = s.messages.viewPage('inbox', { offset: 0, limit: 100 }).items;
    expect(inbox.map((m) => [m.accountId, m.folderId])).toEqual([
      ['g', folder('g', 'INBOX')],
      ['a', folder('a', 'INBOX')],
      ['a', folder('a', 'INBOX')],
      ['g', folder('g', 'INBOX')],
      ['a', folder('a', 'INBOX')],
    ]);

    // Counts, as the sidebar shows them.
    expect(s.messages.viewCounts()).toEqual([
      { view: 'inbox', total: 5, unread: 2 },
      { view: 'unread', total: 3, unread: 3 },
      { view: 'starred', total: 2, unread: 1 },
      { view: 'drafts', total: 2, unread: 0 },
      { view: 'sent', total: 2, unread: 0 },
    ]);

    // Paged by keys and by positions, as a folder is.
    const all = subjects('inbox');
    for (const limit of [1, 2, 3]) {
      const read: MessageSummary[] = [];
      let after: PageKey | undefined;
      for (;;) {
        const { items } = s.messages.viewPage('inbox', { offset: read.length, limit, after });
        read.push(...items);
        if (items.length < limit) break;
        after = keyOf(items.at(-1) as MessageSummary);
      }
      expect(read.map((m) => m.subject)).toEqual(all);
      for (let offset = 0; offset <= all.length; offset++)
        expect(subjects('inbox', { offset, limit })).toEqual(all.slice(offset, offset + limit));
    }
    const last = s.messages.viewPage('inbox', { offset: 3, limit: 2 }).items;
    expect(subjects('inbox', { offset: 1, limit: 2, before: keyOf(last[0] as MessageSummary) })).toEqual(all.slice(1, 3));
    expect(subjects('unread', { offset: 1, limit: 5 })).toEqual(['a-inbox-unread', 'a-projects-unread']);
    expect(
      subjects('unread', {
        offset: 1,
        limit: 1,
        after: keyOf(s.messages.viewPage('unread', { offset: 0, limit: 1 }).items[0] as MessageSummary),
      }),
    ).toEqual(['a-inbox-unread']);
    expect(
      subjects('starred', {
        offset: 0,
        limit: 5,
        before: keyOf(s.messages.viewPage('starred', { offset: 1, limit: 1 }).items[0] as MessageSummary),
      }),
    ).toEqual(['a-inbox-starred']);

    // Reading a message changes the views' counts at once.
    const g11 = s.messages.byMessageId(folder('g', '[Gmail]/All Mail'), '<g11-1@example.test>')[0]?.id as number;
    s.messages.setLocalFlags([g11], FLAG.seen, 0);
    expect(subjects('unread')).toEqual(['a-inbox-unread', 'a-projects-unread']);
    expect(s.messages.viewCounts().find((c) => c.view === 'inbox')).toEqual({ view: 'inbox', total: 5, unread: 1 });
  });
});
