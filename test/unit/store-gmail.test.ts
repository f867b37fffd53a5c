import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchMissingBodies } from '../../main/imap/body-fetch';
import { openDatabase } from '../../main/store/database';
import { FoldersRepo } from '../../main/store/folders-repo';
import type { BodyRecord, HeaderRecord } from '../../main/store/messages-repo';
import { MessagesRepo } from '../../main/store/messages-repo';
import { migrations } from '../../main/store/migrations';
import { SourceFiles } from '../../main/store/source-files';
import { messageStoreIn, searchFor } from '../helpers/message-store';

// Gmail shows one message in the folder of each of its labels and in All
// Mail. The store keeps a row per folder (what paging and UIDs need) but the
// message's content once: downloaded once, indexed once, found once.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function gmailStore() {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-gmail-store-'));
  dirs.push(dir);
  const store = messageStoreIn(dir);
  const folders = new FoldersRepo(store.db);
  const base = { delimiter: '/', parentPath: null, subscribed: true, selectable: true };
  folders.replaceAll('a', [
    { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
    { ...base, path: 'Work', name: 'Work', role: null },
    { ...base, path: '[Gmail]/All Mail', name: 'All Mail', parentPath: '[Gmail]', role: 'all' },
  ]);
  const id = (path: string) => folders.byPath('a', path)?.id as number;
  return { ...store, folders, inbox: id('INBOX'), work: id('Work'), all: id('[Gmail]/All Mail') };
}

function header(uid: number, msgid: string, labels: string[], subject = `message ${msgid}`): HeaderRecord {
  return {
    uid,
    messageId: `<${msgid}@example.test>`,
    inReplyTo: null,
    references: [],
    subject,
    from: { name: 'Ada', address: 'ada@example.test' },
    to: [],
    cc: [],
    replyTo: [],
    date: Date.UTC(2026, 0, 1) + Number(msgid),
    flags: 0,
    keywords: [],
    size: 100,
    gmail: { msgid, thrid: `9${msgid}`, labels },
  };
}

function body(text: string): BodyRecord {
  return {
    raw: new TextEncoder().encode(`Subject: x\r\n\r\n${text}`),
    parsed: true,
    snippet: text,
    hasAttachments: false,
    searchText: text,
  };
}

describe('the store of a Gmail account', () => {
  it('asks for one body per message, shares it with the other folders, and indexes it once', async () => {
    const s = await gmailStore();
    s.messages.upsertHeaders('a', s.inbox, [header(10, '1', ['\\Inbox', 'Work'], 'Quarterly zebra report')]);
    s.messages.upsertHeaders('a', s.work, [header(3, '1', ['\\Inbox', 'Work'])]);
    s.messages.upsertHeaders('a', s.all, [header(50, '1', ['\\Inbox', 'Work']), header(51, '2', [])]);

    const todo = s.messages.withoutBody('a', 100);
    expect(todo.map((m) => [m.folder_id, m.uid]).sort()).toEqual(
      [
        [s.inbox, 10],
        [s.all, 51],
      ].sort(),
    );

    const inboxRow = s.messages.page(s.inbox, 0, 10).items[0];
    expect(inboxRow?.labels).toEqual(['Work']);
    expect(s.messages.storeBody(inboxRow?.id as number, body('zebra crossing notes'))).toBe(true);

    // Every row of message 1 has the body now: nothing more to download for it.
    expect(s.messages.withoutBody('a', 100).map((m) => m.uid)).toEqual([51]);
    for (const folderId of [s.work, s.all]) {
      const row = s.messages.page(folderId, 0, 10).items.find((m) => m.snippet === 'zebra crossing notes');
      expect(row).toBeDefined();
      expect(Buffer.from(s.messages.source(row?.id as number) ?? []).toString()).toContain('zebra crossing notes');
    }
    expect(searchFor(s.messages, 'zebra', { accountId: 'a' })).toHaveLength(1);
  });

  it('lists the rows of one folder without body, with their message, until its body is stored under any row', async () => {
    const s = await gmailStore();
    s.messages.upsertHeaders('a', s.inbox, [header(10, '1', ['\\Inbox', 'Work'])]);
    s.messages.upsertHeaders('a', s.work, [header(3, '1', ['\\Inbox', 'Work']), header(4, '2', ['Work'])]);
    s.messages.upsertHeaders('a', s.all, [header(50, '1', ['\\Inbox', 'Work']), header(51, '2', ['Work']), header(52, '3', [])]);
    expect(s.messages.withoutBodyIn('a', s.all, 100).map((m) => [m.uid, m.gm_msgid])).toEqual([
      [52, '3'],
      [51, '2'],
      [50, '1'],
    ]);
    const inboxId = s.messages.page(s.inbox, 0, 1).items[0]?.id as number;
    s.messages.storeBody(inboxId, body('stored under the Inbox'));
    expect(s.messages.withoutBodyIn('a', s.all, 100).map((m) => m.uid)).toEqual([52, 51]);
    expect(s.messages.withoutBodyIn('a', s.work, 100).map((m) => m.uid)).toEqual([4]);
  });

  it('gives a row added later the content stored already', async () => {
    const s = await gmailStore();
    s.messages.upsertHeaders('a', s.inbox, [header(10, '7', ['\\Inbox'])]);
    const inboxId = s.messages.page(s.inbox, 0, 1).items[0]?.id as number;
    s.messages.storeBody(inboxId, body('stored first'));
    s.messages.upsertHeaders('a', s.all, [header(70, '7', ['\\Inbox'])]);
    const allRow = s.messages.get(s.messages.page(s.all, 0, 1).items[0]?.id as number);
    expect(allRow?.body_state).toBe(1);
    expect(allRow?.content_id).toBe(inboxId);
    expect(s.messages.withoutBody('a', 10)).toEqual([]);
  });

  it('keeps a message findable when the row its body was stored under goes (archived out of the Inbox)', async () => {
    const s = await gmailStore();
    s.messages.upsertHeaders('a', s.inbox, [header(10, '1', ['\\Inbox'], 'Lunch on Friday')]);
    s.messages.upsertHeaders('a', s.all, [header(50, '1', ['\\Inbox'])]);
    const inboxId = s.messages.page(s.inbox, 0, 1).items[0]?.id as number;
    s.messages.storeBody(inboxId, body('pancakes'));

    s.messages.deleteUids(s.inbox, [10]);
    const found = searchFor(s.messages, 'pancakes', { accountId: 'a' });
    expect(found).toHaveLength(1);
    expect(found[0]?.folderId).toBe(s.all);
    // The last row going takes the index entry with it.
    s.messages.deleteUids(s.all, [50]);
    expect(searchFor(s.messages, 'pancakes', { accountId: 'a' })).toEqual([]);
  });

  it('applies flags and labels one folder reports to the message in every folder', async () => {
    const s = await gmailStore();
    s.messages.upsertHeaders('a', s.inbox, [header(10, '1', ['\\Inbox'])]);
    s.messages.upsertHeaders('a', s.all, [header(50, '1', ['\\Inbox'])]);
    s.messages.setServerFlags(s.all, [{ uid: 50, flags: 1, keywords: [], labels: ['\\Inbox', 'Travel'] }]);
    const inboxRow = s.messages.page(s.inbox, 0, 1).items[0];
    expect(inboxRow?.seen).toBe(true);
    expect(inboxRow?.labels).toEqual(['Travel']);
    // A local change of flags too.
    s.messages.setLocalFlags([inboxRow?.id as number], 2, 1);
    const allRow = s.messages.page(s.all, 0, 1).items[0];
    expect(allRow?.seen).toBe(false);
    expect(allRow?.flagged).toBe(true);
  });

  it('adopts a row a label change left without a UID by X-GM-MSGID, not by a duplicate', async () => {
    const s = await gmailStore();
    s.messages.upsertHeaders('a', s.inbox, [header(10, '1', ['\\Inbox'])]);
    const inboxId = s.messages.page(s.inbox, 0, 1).items[0]?.id as number;
    s.messages.relabel({
      labels: [{ rowId: inboxId, labels: ['\\Inbox', 'Work'] }],
      add: [{ fromId: inboxId, folderId: s.work }],
      remove: [],
      move: [],
    });
    expect(s.messages.page(s.work, 0, 10).items).toHaveLength(1);
    // Adding it again does not make a second row.
    s.messages.relabel({ labels: [], add: [{ fromId: inboxId, folderId: s.work }], remove: [], move: [] });
    expect(s.messages.page(s.work, 0, 10).total).toBe(1);
    // The label folder's sync finds it on the server: the row gets its UID.
    expect(s.messages.upsertHeaders('a', s.work, [header(4, '1', ['\\Inbox', 'Work'])])).toBe(0);
    expect(s.messages.uids(s.work)).toEqual([4]);
    expect(s.messages.page(s.work, 0, 10).total).toBe(1);
  });

  it('upgrades a store of an older version: its mail stays findable, and a deleted message leaves the index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-gmail-upgrade-'));
    dirs.push(dir);
    const file = join(dir, 'tidings.sqlite');
    // The schema as version 9 left it, with a message stored and indexed the way it stored them.
    const old = new DatabaseSync(file);
    for (const migration of migrations.slice(0, 9)) old.exec(migration);
    old.exec('PRAGMA user_version = 9');
    old.exec(`INSERT INTO accounts (id, name, email, incoming_json, outgoing_json, created_at, position)
              VALUES ('a', 'A', 'a@x.test', '{}', '{}', '2026-01-01', 1)`);
    old.exec("INSERT INTO folders (id, account_id, path, name) VALUES (1, 'a', 'INBOX', 'Inbox')");
    old.exec(`INSERT INTO messages (id, account_id, folder_id, uid, subject, date, body_state, snippet)
              VALUES (5, 'a', 1, 1, 'Old times', 0, 1, 'kept'), (6, 'a', 1, 2, 'Not yet', 0, 0, '')`);
    old.exec("INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (5, 'Old times', '', 'gramophone')");
    old.close();

    const db = openDatabase(file);
    const messages = new MessagesRepo(db, new SourceFiles(join(dir, 'sources')));
    // Rows get their search keys in the background (migration 11; sync/search-backfill.ts).
    messages.searchIndex.backfillKeys(100);
    expect(searchFor(messages, 'gramophone', { accountId: 'a' }).map((m) => m.id)).toEqual([5]);
    expect(messages.get(6)?.content_id).toBeNull();
    messages.deleteUids(1, [1]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH ?').get('gramophone') as { n: number }).n).toBe(0);
    db.close();
  });
});

describe('the body download of a Gmail account', () => {
  it('downloads whole batches of one folder even when the newest messages are spread over several folders', async () => {
    const s = await gmailStore();
    // Stored as a sync stores them: the Inbox, then the label, then All Mail. Every second message is
    // in the Inbox, every tenth (of the others) only under Work, the rest only in All Mail.
    const inbox: HeaderRecord[] = [];
    const work: HeaderRecord[] = [];
    const all: HeaderRecord[] = [];
    for (let i = 1; i <= 2_000; i++) {
      const msgid = String(i);
      const labels = i % 2 === 0 ? ['\\Inbox'] : i % 10 === 1 ? ['Work'] : [];
      if (i % 2 === 0) inbox.push(header(i, msgid, labels));
      if (i % 10 === 1) work.push(header(i, msgid, labels));
      all.push(header(i, msgid, labels));
    }
    s.messages.upsertHeaders('a', s.inbox, inbox);
    s.messages.upsertHeaders('a', s.work, work);
    s.messages.upsertHeaders('a', s.all, all);

    const reads: { path: string; uids: number[] }[] = [];
    const fetched = await fetchMissingBodies(
      async (folder, uids) => {
        reads.push({ path: folder.path, uids: [...uids] });
        return uids.map((uid) => ({ uid, raw: Buffer.from(`Subject: ${uid}\r\n\r\nbody ${uid}`) }));
      },
      'a',
      {
        folders: s.folders,
        messages: s.messages,
        storeBodies: async (bodies) => s.messages.storeBodies(bodies.map(({ id }) => ({ id, body: body(`body ${id}`) }))),
        onStored: () => undefined,
        yieldPoint: async () => undefined,
        notBefore: 0,
      },
    );
    expect(fetched).toBe(2_000);
    expect(s.messages.withoutBody('a', 10)).toEqual([]);
    // Each message read once (its UID is its number in every folder here), in batches of 200: the
    // label's 200 in one read, not a few at a time, whichever folder's row a message was read under.
    const read = reads.flatMap((r) => r.uids);
    expect(read).toHaveLength(2_000);
    expect(new Set(read).size).toBe(2_000);
    expect(reads.map((r) => r.uids.length)).toEqual(Array(10).fill(200));
    expect(reads.filter((r) => r.path === 'Work').map((r) => r.uids.length)).toEqual([200]);
  });
});
