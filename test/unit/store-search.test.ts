import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { openDatabase } from '../../main/store/database';
import { FoldersRepo } from '../../main/store/folders-repo';
import type { BodyRecord, HeaderRecord } from '../../main/store/messages-repo';
import { MessagesRepo } from '../../main/store/messages-repo';
import { migrations } from '../../main/store/migrations';
import { COUNT_WINDOW, inWordNamesFolder, SearchQueryError } from '../../main/store/search-plan';
import { SourceFiles } from '../../main/store/source-files';
import { searchBackfillStep } from '../../main/sync/search-backfill';
import type { MessageSummary } from '../../shared/mail';
import { parseSearchQuery } from '../../shared/search-query';
import { messageStoreIn } from '../helpers/message-store';

// Search over real rows of a store: what each operator finds and what it
// must not, mail found from its header on (before its body is stored), one
// result per Gmail message, newest first, paging and counting, and a store
// of version 10 moved into today's index in the background.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
/** "Now" for the tests' dates: 2026-06-15 12:00 local time. */
const NOW = new Date(2026, 5, 15, 12).getTime();

async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-search-'));
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
  const base = { delimiter: '/', subscribed: true, selectable: true };
  folders.replaceAll('a', [
    { ...base, path: 'INBOX', name: 'Inbox', parentPath: null, role: 'inbox' },
    { ...base, path: 'Sent Items', name: 'Sent Items', parentPath: null, role: 'sent' },
    { ...base, path: 'Lists', name: 'Lists', parentPath: null, role: null },
    { ...base, path: 'Lists/Rust', name: 'Rust', parentPath: 'Lists', role: null },
  ]);
  folders.replaceAll('b', [{ ...base, path: 'INBOX', name: 'Inbox', parentPath: null, role: 'inbox' }]);
  const id = (account: string, path: string) => folders.byPath(account, path)?.id as number;
  let uid = 0;
  /** Adds one message's header row; returns its row id. */
  const add = (over: Partial<HeaderRecord> & { folder?: number; account?: string } = {}): number => {
    const { folder = id('a', 'INBOX'), account = 'a', ...rest } = over;
    uid++;
    const record: HeaderRecord = {
      uid,
      messageId: `<m${uid}@x.test>`,
      inReplyTo: null,
      references: [],
      subject: `Message ${uid}`,
      from: { name: 'Nobody', address: 'nobody@example.org' },
      to: [],
      cc: [],
      replyTo: [],
      date: NOW - uid * 60_000,
      flags: 0,
      keywords: [],
      size: 100,
      ...rest,
    };
    s.messages.upsertHeaders(account, folder, [record]);
    return s.messages.byMessageId(folder, record.messageId as string)[0]?.id as number;
  };
  const find = (text: string, scope: { accountId?: string; folderId?: number } = {}, limit = 100): MessageSummary[] => {
    const parsed = parseSearchQuery(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return s.messages.search(parsed.query, scope, { offset: 0, limit }).items;
  };
  const ids = (text: string, scope: { accountId?: string; folderId?: number } = {}) => find(text, scope).map((m) => m.id);
  return { ...s, folders, id, add, find, ids, inbox: id('a', 'INBOX') };
}

function body(text: string, files: string[] = []): BodyRecord {
  return {
    raw: Buffer.from(`Subject: x\r\n\r\n${text}\r\n`),
    parsed: true,
    snippet: text.slice(0, 50),
    hasAttachments: files.length > 0,
    searchText: text,
    attachmentNames: files,
  };
}

const ada = { name: 'Ada Lovelace', address: 'ada@example.net' };
const bob = { name: 'Bob Babbage', address: 'bob@engine.test' };
const carol = { name: 'Carol', address: 'carol@example.org' };

describe('search finds mail from its header on', () => {
  it('finds a message by subject, names and addresses before its body is stored, and by its body after', async () => {
    const s = await store();
    const m = s.add({ subject: 'Quarterly budget', from: ada, to: [bob], cc: [carol] });
    for (const query of ['quarterly', 'budget', 'ada', 'lovelace', 'ada@example.net', 'babbage', 'carol@example.org'])
      expect(s.ids(query), query).toEqual([m]);
    expect(s.ids('walrus')).toEqual([]);
    s.messages.storeBody(m, body('The walrus said hello', ['invoice-2024.pdf']));
    expect(s.ids('walrus')).toEqual([m]);
    expect(s.ids('invoice')).toEqual([m]);
    // Still found once, by what the header gave too (the entry moved; none is left behind).
    expect(s.ids('quarterly')).toEqual([m]);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM search_headers').get() as { n: number }).n).toBe(0);
  });

  it('takes a message out of the index when its last row goes', async () => {
    const s = await store();
    const kept = s.add({ subject: 'Zanzibar trip' });
    const gone = s.add({ subject: 'Zanzibar hotel' });
    s.messages.storeBody(gone, body('spice'));
    s.messages.deleteLocal([gone]);
    expect(s.ids('zanzibar')).toEqual([kept]);
    const entries = (table: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([entries('search_headers'), entries('search_full')]).toEqual([1, 0]);
  });
});

describe('the fields', () => {
  it('from:, to: and cc: look at their own header, not the others or the body', async () => {
    const s = await store();
    const fromAda = s.add({ from: ada, to: [bob] });
    const toAda = s.add({ from: bob, to: [ada] });
    const ccAda = s.add({ from: bob, to: [carol], cc: [ada] });
    const mentions = s.add({ from: bob });
    s.messages.storeBody(mentions, body('write to ada@example.net about it'));
    expect(s.ids('from:ada@example.net')).toEqual([fromAda]);
    expect(s.ids('from:"Ada Lovelace"')).toEqual([fromAda]);
    expect(s.ids('from:ada')).toEqual([fromAda]);
    expect(s.ids('to:ada@example.net')).toEqual([toAda]);
    expect(s.ids('cc:ada@example.net')).toEqual([ccAda]);
    expect(s.ids('ada@example.net').sort()).toEqual([fromAda, toAda, ccAda, mentions].sort());
    // The address must be the one asked for, not one sharing a word with it.
    expect(s.ids('from:ada@example.org')).toEqual([]);
  });

  it('subject: looks at the subject only', async () => {
    const s = await store();
    const inSubject = s.add({ subject: 'Through the looking glass' });
    const inBody = s.add({ subject: 'Other' });
    s.messages.storeBody(inBody, body('we went through it'));
    expect(s.ids('subject:through')).toEqual([inSubject]);
    expect(s.ids('through').sort()).toEqual([inSubject, inBody].sort());
  });

  it('filename: and has:attachment look at the attachments', async () => {
    const s = await store();
    const withPdf = s.add({ subject: 'Report' });
    s.messages.storeBody(withPdf, body('see attached', ['report-march.pdf']));
    const mentionsPdf = s.add({ subject: 'About pdf files' });
    s.messages.storeBody(mentionsPdf, body('a report in pdf'));
    s.add({ subject: 'No body yet' });
    expect(s.ids('filename:pdf')).toEqual([withPdf]);
    expect(s.ids('filename:report-march.pdf')).toEqual([withPdf]);
    expect(s.ids('has:attachment')).toEqual([withPdf]);
    expect(s.ids('report -has:attachment')).toEqual([mentionsPdf]);
  });

  it('is:unread, is:read, is:starred', async () => {
    const s = await store();
    const unread = s.add({ flags: 0 });
    const read = s.add({ flags: 1 });
    const starred = s.add({ flags: 1 | 2 });
    expect(s.ids('is:unread')).toEqual([unread]);
    expect(s.ids('is:read')).toEqual([read, starred]);
    expect(s.ids('is:starred')).toEqual([starred]);
    expect(s.ids('is:unread OR is:starred')).toEqual([unread, starred]);
    expect(s.ids('message -is:read')).toEqual([unread]);
  });

  it('in: by name, path or role, any case; a folder that does not exist is an error, not an empty list', async () => {
    const s = await store();
    const inbox = s.add({ subject: 'Weekly notes' });
    const rust = s.add({ subject: 'Weekly notes', folder: s.id('a', 'Lists/Rust') });
    const sent = s.add({ subject: 'Weekly notes', folder: s.id('a', 'Sent Items') });
    const other = s.add({ subject: 'Weekly notes', account: 'b', folder: s.id('b', 'INBOX') });
    expect(s.ids('weekly in:rust')).toEqual([rust]);
    expect(s.ids('weekly in:lists/RUST')).toEqual([rust]);
    expect(s.ids('weekly in:sent')).toEqual([sent]);
    expect(s.ids('weekly in:"sent items"')).toEqual([sent]);
    expect(s.ids('weekly in:inbox')).toEqual([inbox, other]);
    expect(s.ids('weekly in:inbox', { accountId: 'a' })).toEqual([inbox]);
    expect(s.ids('weekly -in:inbox')).toEqual([rust, sent]);
    expect(() => s.find('weekly in:nowhere')).toThrow(SearchQueryError);
    expect(() => s.find('weekly in:nowhere')).toThrow('No folder is called "nowhere"');
    // Cyrus: personal folders under "INBOX.", named as the UI shows them (without it) or by their whole path.
    const cyrus = { delimiter: '.', subscribed: true, selectable: true, role: null };
    s.folders.replaceAll('b', [
      { ...cyrus, path: 'INBOX', name: 'Inbox', parentPath: null, role: 'inbox' },
      { ...cyrus, path: 'INBOX.Lists', name: 'Lists', parentPath: null },
      { ...cyrus, path: 'INBOX.Lists.Rust', name: 'Rust', parentPath: 'INBOX.Lists' },
    ]);
    const onCyrus = s.add({ subject: 'Weekly notes', account: 'b', folder: s.id('b', 'INBOX.Lists.Rust') });
    expect(s.ids('weekly in:lists.rust')).toEqual([onCyrus]);
    expect(s.ids('weekly in:INBOX.Lists.Rust')).toEqual([onCyrus]);
    expect(s.ids('weekly in:rust')).toEqual([rust, onCyrus]);
    // The server search reads in: by the same rule.
    const rustOnCyrus = { path: 'INBOX.Lists.Rust', name: 'Rust', delimiter: '.', role: null };
    expect(['lists.rust', 'INBOX.Lists.Rust', 'rust', 'lists'].map((word) => inWordNamesFolder(word, rustOnCyrus))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(inWordNamesFolder('spam', { path: 'INBOX.Junk', name: 'Junk', delimiter: '.', role: 'junk' })).toBe(true);
  });

  it('before:, after:, older_than:, newer_than:', async () => {
    const s = await store();
    const day = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();
    const march1 = s.add({ date: day(2024, 3, 1, 0) });
    const march15 = s.add({ date: day(2024, 3, 15) });
    const april = s.add({ date: day(2024, 4, 1, 0) });
    const recent = s.add({ date: NOW - DAY });
    const find = (text: string) => {
      const parsed = parseSearchQuery(text);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return s.messages.searchIndex.search(parsed.query, {}, { offset: 0, limit: 100 }, NOW).items.map((m) => m.id);
    };
    expect(find('after:2024-03-01 before:2024-04-01')).toEqual([march15, march1]);
    expect(find('after:2024-03-02')).toEqual([recent, april, march15]);
    expect(find('before:2024-03-15')).toEqual([march1]);
    expect(find('newer_than:2d')).toEqual([recent]);
    expect(find('older_than:2d')).toEqual([april, march15, march1]);
    expect(find('older_than:2y')).toEqual([april, march15, march1]);
    expect(find('newer_than:3y -after:2024-03-15')).toEqual([march1]);
    expect(find('before:2024-03-02 OR after:2025-01-01')).toEqual([recent, march1]);
  });

  it('label: finds Gmail labels, any case', async () => {
    const s = await store();
    const gmail = (msgid: string, labels: string[]) => ({ msgid, thrid: msgid, labels });
    const receipt = s.add({ gmail: gmail('1', ['\\Inbox', 'Receipts/2024']) });
    const work = s.add({ gmail: gmail('2', ['Work']) });
    expect(s.ids('label:receipts/2024')).toEqual([receipt]);
    expect(s.ids('label:WORK')).toEqual([work]);
    expect(s.ids('label:inbox')).toEqual([receipt]);
    expect(s.ids('-label:work')).toEqual([receipt]);
  });
});

describe('words, phrases, negation, OR', () => {
  it('every word must match; the last one as a prefix, the others whole', async () => {
    const s = await store();
    const both = s.add({ subject: 'Invoice for the quarterly budget' });
    s.add({ subject: 'Invoices overdue' });
    expect(s.ids('budget invoice')).toEqual([both]);
    expect(s.ids('budget inv')).toEqual([both]);
    expect(s.ids('inv budget')).toEqual([]);
  });

  it('a quoted phrase needs its words together, in order', async () => {
    const s = await store();
    const phrase = s.add({ subject: 'The quarterly budget review' });
    const apart = s.add({ subject: 'Budget for the quarterly review' });
    expect(s.ids('"quarterly budget"')).toEqual([phrase]);
    expect(s.ids('quarterly budget').sort()).toEqual([phrase, apart].sort());
    expect(s.ids('"budget quarterly"')).toEqual([]);
    // A word with punctuation is a phrase of its parts, as the index split the mail.
    const marker = s.add({ subject: 'Ref TID-1-4242 noted' });
    expect(s.ids('TID-1-4242')).toEqual([marker]);
    expect(s.ids('TID-1-424')).toEqual([marker]);
    // Two letters are a word, not yet a prefix.
    expect(s.ids('TID-1-42')).toEqual([]);
  });

  it('-negation of a word, a phrase or a field; a query of negations only', async () => {
    const s = await store();
    const plain = s.add({ subject: 'Garden party', from: ada });
    const draft = s.add({ subject: 'Garden party draft', from: bob });
    const weekly = s.add({ subject: 'Garden weekly digest', from: carol });
    expect(s.ids('garden -draft')).toEqual([plain, weekly]);
    expect(s.ids('garden -"weekly digest"')).toEqual([plain, draft]);
    expect(s.ids('garden -from:bob')).toEqual([plain, weekly]);
    expect(s.ids('-draft -weekly')).toEqual([plain]);
  });

  it('OR between words, fields and states', async () => {
    const s = await store();
    const tea = s.add({ subject: 'Tea time' });
    const coffee = s.add({ subject: 'Coffee break', from: ada });
    const starred = s.add({ subject: 'Lunch', flags: 2 });
    s.add({ subject: 'Dinner' });
    expect(s.ids('tea OR coffee')).toEqual([tea, coffee]);
    expect(s.ids('tea OR from:ada')).toEqual([tea, coffee]);
    expect(s.ids('tea OR is:starred')).toEqual([tea, starred]);
    expect(s.ids('tea OR -lunch').length).toBe(3);
    expect(s.ids('(tea) OR coffee break')).toEqual([coffee]);
  });
});

describe('results', () => {
  it('newest first, one per Gmail message, shown as the row in the folder asked for', async () => {
    const s = await store();
    const all = s.folders.byPath('a', 'Lists')?.id as number;
    const gmail = { msgid: '77', thrid: '77', labels: ['\\Inbox', 'Lists'] };
    const date = NOW - 5 * DAY;
    const inInbox = s.add({ subject: 'Shared quokka', gmail, date });
    const inLists = s.add({ subject: 'Shared quokka', gmail, date, folder: all });
    const older = s.add({ subject: 'Older quokka', date: NOW - 9 * DAY });
    const newer = s.add({ subject: 'Newer quokka', date: NOW - DAY });
    expect(s.ids('quokka')).toEqual([newer, inInbox, older]);
    s.messages.storeBody(inLists, body('with a body now'));
    expect(s.ids('quokka')).toEqual([newer, inInbox, older]);
    expect(s.ids('quokka in:lists')).toEqual([inLists]);
    expect(s.ids('quokka', { folderId: all })).toEqual([inLists]);
    // Archived out of the Inbox: still found, as its other row.
    s.messages.deleteLocal([inInbox]);
    expect(s.ids('body')).toEqual([inLists]);
  });

  it('searches every account, or one, or one folder', async () => {
    const s = await store();
    const a = s.add({ subject: 'Harbour lights' });
    const aRust = s.add({ subject: 'Harbour lights', folder: s.id('a', 'Lists/Rust') });
    const b = s.add({ subject: 'Harbour lights', account: 'b', folder: s.id('b', 'INBOX') });
    expect(s.ids('harbour')).toEqual([a, aRust, b]);
    expect(s.ids('harbour', { accountId: 'b' })).toEqual([b]);
    expect(s.ids('harbour', { folderId: s.id('a', 'Lists/Rust') })).toEqual([aRust]);
    expect(s.find('harbour').map((m) => [m.accountId, m.folderId])).toEqual([
      ['a', s.inbox],
      ['a', s.id('a', 'Lists/Rust')],
      ['b', s.id('b', 'INBOX')],
    ]);
  });

  it('pages through every match by offset or by cursor, counting to a window beyond the page', async () => {
    const s = await store();
    const count = COUNT_WINDOW + 150;
    const records: HeaderRecord[] = Array.from({ length: count }, (_, i) => ({
      uid: 10_000 + i,
      messageId: `<bulk${i}@x.test>`,
      inReplyTo: null,
      references: [],
      subject: `Bulk walrus ${i}`,
      from: ada,
      to: [],
      cc: [],
      replyTo: [],
      // Several in one second, to see the order hold within it.
      date: NOW - Math.floor(i / 3) * 1000,
      flags: 0,
      keywords: [],
      size: 10,
    }));
    s.messages.upsertHeaders('a', s.inbox, records);
    s.add({ subject: 'not a match' });
    const parsed = parseSearchQuery('walrus');
    if (!parsed.ok) throw new Error('unparsed');
    const page = (offset: number, limit: number, after?: number) => s.messages.search(parsed.query, {}, { offset, limit, after });

    const first = page(0, 100);
    expect(first.items).toHaveLength(100);
    expect(first.total).toBeUndefined();
    expect(first.moreThan).toBe(COUNT_WINDOW);
    const dates = first.items.map((m) => Date.parse(m.date));
    expect([...dates].sort((x, y) => y - x)).toEqual(dates);

    // Walking every page by cursor gives each match once, newest first, and the total at the end.
    const seen: MessageSummary[] = [];
    let next: number | null = null;
    let last = first;
    for (let offset = 0; offset === 0 || next !== null; offset += 100) {
      last = page(offset, 100, next ?? undefined);
      seen.push(...last.items);
      next = last.next;
    }
    expect(seen).toHaveLength(count);
    expect(new Set(seen.map((m) => m.id)).size).toBe(count);
    expect(last.total).toBe(count);
    const all = seen.map((m) => Date.parse(m.date));
    expect([...all].sort((x, y) => y - x)).toEqual(all);

    // An offset gives the same page as the cursor.
    expect(page(500, 100).items.map((m) => m.id)).toEqual(seen.slice(500, 600).map((m) => m.id));
    expect(page(count - 50, 100)).toMatchObject({ total: count, next: null });
    expect(page(count - 50, 100).items).toHaveLength(50);
  });
});

describe('a store of version 10', () => {
  it('is moved into the new index in the background, found all along, and the old index dropped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-search-upgrade-'));
    dirs.push(dir);
    const file = join(dir, 'tidings.sqlite');
    const old = new DatabaseSync(file);
    for (const migration of migrations.slice(0, 10)) old.exec(migration);
    old.exec('PRAGMA user_version = 10');
    old.exec(`INSERT INTO accounts (id, name, email, incoming_json, outgoing_json, created_at, position)
              VALUES ('a', 'A', 'a@x.test', '{}', '{}', '2026-01-01', 1)`);
    old.exec("INSERT INTO folders (id, account_id, path, name) VALUES (1, 'a', 'INBOX', 'Inbox'), (2, 'a', 'All', 'All Mail')");
    // 5: a body stored and indexed the old way; 6: a header only (never findable before); 7 and 8: one Gmail message, body stored.
    old.exec(`INSERT INTO messages (id, account_id, folder_id, uid, subject, from_address, date, body_state, snippet, content_id, gm_msgid)
              VALUES (5, 'a', 1, 1, 'Old times', 'ada@example.net', 1000000, 1, 'kept', 5, NULL),
                     (6, 'a', 1, 2, 'Not yet downloaded gramophone', 'bob@engine.test', 2000000, 0, '', NULL, NULL),
                     (7, 'a', 1, 3, 'Labelled', 'carol@example.org', 3000000, 1, '', 7, '99'),
                     (8, 'a', 2, 4, 'Labelled', 'carol@example.org', 3000000, 1, '', 7, '99')`);
    old.exec(`INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES
              (5, 'Old times', 'ada@example.net', 'gramophone needle'), (7, 'Labelled', 'carol@example.org', 'gramophone cabinet')`);
    old.close();

    const db = openDatabase(file);
    const sources = new SourceFiles(join(dir, 'sources'));
    const messages = new MessagesRepo(db, sources);
    const search = (text: string) => {
      const parsed = parseSearchQuery(text);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return messages.search(parsed.query, {}, { offset: 0, limit: 10 });
    };
    expect(search('gramophone').indexing).toBe(true);
    // The rows get their keys (SQL only): the old bodies are found through the old index, the header through the new.
    await searchBackfillStep(messages);
    expect(messages.searchIndex.hasUnkeyed()).toBe(false);
    expect(messages.get(7)?.search_key).toBe(messages.get(8)?.search_key);
    expect(search('gramophone').items.map((m) => m.id)).toEqual([7, 6, 5]);
    expect(search('from:ada@example.net needle').items.map((m) => m.id)).toEqual([5]);
    expect(search('gramophone').indexing).toBe(false);

    // The old bodies cannot be read here (no source was stored in this test): their words are lost, their headers stay findable.
    while (await searchBackfillStep(messages));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_fts'").get()).toBeUndefined();
    expect(search('labelled').items.map((m) => m.id)).toEqual([7]);
    expect(search('from:ada@example.net').items.map((m) => m.id)).toEqual([5]);
    expect(search('gramophone').items.map((m) => m.id)).toEqual([6]);
    db.close();
  });

  it('parses an old body again for the new index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-search-reparse-'));
    dirs.push(dir);
    const s = messageStoreIn(dir);
    const raw = Buffer.from(
      'Subject: Old times\r\nFrom: Ada <ada@example.net>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ngramophone needle\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="catalogue.pdf"\r\n\r\nxx\r\n--b--\r\n',
    );
    s.messages.upsertHeaders('a', s.folderId, [
      {
        uid: 1,
        messageId: '<old@x.test>',
        inReplyTo: null,
        references: [],
        subject: 'Old times',
        from: { name: 'Ada', address: 'ada@example.net' },
        to: [],
        cc: [],
        replyTo: [],
        date: NOW,
        flags: 0,
        keywords: [],
        size: raw.length,
      },
    ]);
    const id = s.messages.withoutBody('a', 1)[0]?.id as number;
    s.messages.storeBody(id, { ...body('gramophone needle', ['catalogue.pdf']), raw });
    // As version 10 left it: the body in the old index only.
    const key = s.messages.get(id)?.search_key as number;
    s.db.exec(`DELETE FROM search_full WHERE rowid = ${key}`);
    s.db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5 (subject, addresses, body, content = '', contentless_delete = 1)`,
    );
    s.db.exec(
      `INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (${id}, 'Old times', 'ada@example.net', 'gramophone needle catalogue.pdf')`,
    );
    s.db.exec(`UPDATE messages SET content_id = ${id} WHERE id = ${id}`);
    const search = (text: string) => {
      const parsed = parseSearchQuery(text);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return s.messages.search(parsed.query, {}, { offset: 0, limit: 10 }).items.map((m) => m.id);
    };
    expect(search('gramophone')).toEqual([id]);
    while (await searchBackfillStep(s.messages));
    expect(s.db.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_fts'").get()).toBeUndefined();
    expect(search('gramophone')).toEqual([id]);
    expect(search('filename:catalogue')).toEqual([id]);
    expect(s.messages.get(id)?.body_state).toBe(1);
  });
});
