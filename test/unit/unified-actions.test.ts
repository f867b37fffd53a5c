import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UiEvents } from '../../main/base/ui-events';
import { MailService } from '../../main/mailbox/mail-service';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { FoldersRepo } from '../../main/store/folders-repo';
import type { HeaderRecord } from '../../main/store/messages-repo';
import { OpsRepo } from '../../main/store/ops-repo';
import { RemoteContentRepo } from '../../main/store/remote-content-repo';
import type { Events } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import { messageStoreIn } from '../helpers/message-store';

// A unified view lists messages of several accounts side by side; an action
// on a selection of them acts on each in its own account: archive to each
// account's Archive (on Gmail: out of the Inbox), delete to each one's
// Trash, flags queued for each one's server. A move to a folder is refused
// when the selection spans accounts (a folder belongs to one), and nothing
// moves then.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function twoAccounts() {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-unified-actions-'));
  dirs.push(dir);
  const store = messageStoreIn(dir); // account "a" with its INBOX
  const server = { host: 'imap.gmail.example', port: 993, security: 'tls' as const, username: 'g' };
  new AccountsRepo(store.db).insert({
    id: 'g',
    name: 'G',
    email: 'g@gmail.example',
    incoming: { ...server, protocol: 'imap' },
    outgoing: server,
    options: { bodyDays: null },
    createdAt: '2026-01-02T00:00:00Z',
  });
  const folders = new FoldersRepo(store.db);
  const base = { delimiter: '/', parentPath: null, subscribed: true, selectable: true };
  folders.replaceAll('a', [
    { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
    { ...base, path: 'Archive', name: 'Archive', role: 'archive' },
    { ...base, path: 'Trash', name: 'Trash', role: 'trash' },
  ]);
  folders.replaceAll('g', [
    { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
    { ...base, path: '[Gmail]/All Mail', name: 'All Mail', parentPath: '[Gmail]', role: 'all' },
    { ...base, path: '[Gmail]/Trash', name: 'Trash', parentPath: '[Gmail]', role: 'trash' },
  ]);
  const id = (account: string, path: string) => {
    const folder = folders.byPath(account, path);
    folders.setSyncState(folder?.id as number, { uidvalidity: 7, uidnext: 100, highestmodseq: null });
    return folder?.id as number;
  };
  const f = {
    aInbox: id('a', 'INBOX'),
    aArchive: id('a', 'Archive'),
    aTrash: id('a', 'Trash'),
    gInbox: id('g', 'INBOX'),
    gAll: id('g', '[Gmail]/All Mail'),
    gTrash: id('g', '[Gmail]/Trash'),
  };
  const events = new UiEvents();
  const changed: Events['store.changed'][] = [];
  events.subscribe((event, payload) => {
    if (event === 'store.changed') changed.push(payload as Events['store.changed']);
  });
  const poked: string[] = [];
  const mail = new MailService({
    folders,
    messages: store.messages,
    remote: new RemoteContentRepo(store.db),
    events,
    parse: () => Promise.reject(new Error('not needed')),
    fetchBodyNow: async () => false,
    poke: (accountId) => poked.push(accountId),
    dataDir: dir,
    isLocal: () => false,
    usesLabels: (accountId) => accountId === 'g',
    searchServer: () => Promise.reject(new Error('not needed')),
  });
  const header = (uid: number, subject: string, gmail?: string): HeaderRecord => ({
    uid,
    messageId: `<${subject}@example.test>`,
    inReplyTo: null,
    references: [],
    subject,
    from: null,
    to: [],
    cc: [],
    replyTo: [],
    date: Date.UTC(2026, 0, 1) + uid * 60_000,
    flags: 0,
    keywords: [],
    size: 10,
    ...(gmail ? { gmail: { msgid: gmail, thrid: gmail, labels: ['\\Inbox'] } } : {}),
  });
  // Two messages in each Inbox; the Gmail ones in All Mail too.
  store.messages.upsertHeaders('a', f.aInbox, [header(1, 'a-one'), header(2, 'a-two')]);
  store.messages.upsertHeaders('g', f.gInbox, [header(1, 'g-one', '101'), header(2, 'g-two', '102')]);
  store.messages.upsertHeaders('g', f.gAll, [header(11, 'g-one', '101'), header(12, 'g-two', '102')]);
  const inbox = () => store.messages.viewPage('inbox', { offset: 0, limit: 50 }).items;
  const rowId = (subject: string) => inbox().find((m) => m.subject === subject)?.id as number;
  const subjects = (folderId: number) =>
    store.messages
      .page(folderId, 0, 50)
      .items.map((m) => m.subject)
      .sort();
  return { mail, f, inbox, rowId, subjects, ops: new OpsRepo(store.db), changed, poked, messages: store.messages };
}

describe('actions in a unified view', () => {
  it('archive each message in its own account: to the Archive folder, on Gmail out of the Inbox', async () => {
    const s = await twoAccounts();
    expect(s.inbox().map((m) => m.subject)).toEqual(['g-two', 'a-two', 'g-one', 'a-one']);
    expect(s.mail.archive([s.rowId('a-one'), s.rowId('g-one')])).toBe(2);
    expect(s.subjects(s.f.aInbox)).toEqual(['a-two']);
    expect(s.subjects(s.f.aArchive)).toEqual(['a-one']);
    expect(s.subjects(s.f.gInbox)).toEqual(['g-two']);
    expect(s.subjects(s.f.gAll)).toEqual(['g-one', 'g-two']);
    expect(s.inbox().map((m) => m.subject)).toEqual(['g-two', 'a-two']);
    // Each account's server is asked, about its own folders.
    expect(s.ops.next('a').map((q) => q.op)).toMatchObject([{ kind: 'move', folderPath: 'INBOX', toPath: 'Archive' }]);
    expect(s.ops.next('g').map((q) => q.op)).toMatchObject([{ kind: 'labels', folderPath: 'INBOX', remove: ['\\Inbox'] }]);
    expect(new Set(s.changed.map((c) => c.accountId))).toEqual(new Set(['a', 'g']));
    expect(new Set(s.poked)).toEqual(new Set(['a', 'g']));
  });

  it('delete each message to its own account’s Trash, and mark read on each one’s server', async () => {
    const s = await twoAccounts();
    expect(s.mail.setFlags([s.rowId('a-two'), s.rowId('g-two')], { seen: true })).toBe(2);
    expect(
      s
        .inbox()
        .filter((m) => m.seen)
        .map((m) => m.subject),
    ).toEqual(['g-two', 'a-two']);
    expect(s.ops.next('a').map((q) => q.op)).toMatchObject([{ kind: 'flags', folderPath: 'INBOX', uids: [2], add: ['\\Seen'] }]);
    expect(s.ops.next('g').map((q) => q.op)).toMatchObject([{ kind: 'flags', folderPath: 'INBOX', uids: [2], add: ['\\Seen'] }]);
    // The view's counts follow (Gmail's message read in All Mail too).
    expect(s.messages.viewCounts().find((c) => c.view === 'inbox')).toEqual({ view: 'inbox', total: 4, unread: 2 });
    expect(s.messages.viewCounts().find((c) => c.view === 'unread')).toEqual({ view: 'unread', total: 2, unread: 2 });

    expect(s.mail.delete([s.rowId('a-two'), s.rowId('g-two')])).toBe(2);
    expect(s.subjects(s.f.aTrash)).toEqual(['a-two']);
    expect(s.subjects(s.f.gTrash)).toEqual(['g-two']);
    expect(s.subjects(s.f.gAll)).toEqual(['g-one']);
    expect(s.inbox().map((m) => m.subject)).toEqual(['g-one', 'a-one']);
  });

  it('refuses to move messages of two accounts to one folder, clearly, and moves none of them', async () => {
    const s = await twoAccounts();
    const ids = [s.rowId('a-one'), s.rowId('g-one')];
    let refusal: unknown;
    try {
      s.mail.move(ids, s.f.aArchive);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'invalid_argument', message: 'Messages can only be moved between folders of the same account.' });
    expect(s.inbox().map((m) => m.subject)).toEqual(['g-two', 'a-two', 'g-one', 'a-one']);
    expect(s.subjects(s.f.aArchive)).toEqual([]);
    expect(s.ops.next('a')).toEqual([]);
    expect(s.ops.next('g')).toEqual([]);
    // One account's messages move as ever.
    expect(s.mail.move([s.rowId('a-one')], s.f.aArchive)).toBe(1);
    expect(s.messages.viewPage('starred', { offset: 0, limit: 5 }).total).toBe(0);
    s.mail.setFlags([s.rowId('g-one')], { flagged: true });
    expect(s.messages.viewPage('starred', { offset: 0, limit: 5 }).items.map((m) => [m.subject, m.folderId])).toEqual([
      ['g-one', s.f.gAll],
    ]);
  });
});
