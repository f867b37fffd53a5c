import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UiEvents } from '../../main/base/ui-events';
import { MailService } from '../../main/mailbox/mail-service';
import { FoldersRepo } from '../../main/store/folders-repo';
import type { HeaderRecord } from '../../main/store/messages-repo';
import { OpsRepo } from '../../main/store/ops-repo';
import { RemoteContentRepo } from '../../main/store/remote-content-repo';
import { messageStoreIn } from '../helpers/message-store';

// What the user's actions mean on a Gmail account, in the store and in the
// queue for the server (main/mailbox/gmail-labels.ts), with no server: the
// integration tests (gmail.test.ts) check what the server then makes of them.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function gmail() {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-gmail-actions-'));
  dirs.push(dir);
  const store = messageStoreIn(dir);
  const folders = new FoldersRepo(store.db);
  const base = { delimiter: '/', parentPath: null, subscribed: true, selectable: true };
  folders.replaceAll('a', [
    { ...base, path: 'INBOX', name: 'Inbox', role: 'inbox' },
    { ...base, path: 'Work', name: 'Work', role: null },
    { ...base, path: 'Travel', name: 'Travel', role: null },
    { ...base, path: '[Gmail]/All Mail', name: 'All Mail', parentPath: '[Gmail]', role: 'all' },
    { ...base, path: '[Gmail]/Trash', name: 'Trash', parentPath: '[Gmail]', role: 'trash' },
  ]);
  const id = (path: string) => {
    const folder = folders.byPath('a', path);
    folders.setSyncState(folder?.id as number, { uidvalidity: 7, uidnext: 100, highestmodseq: null });
    return folder?.id as number;
  };
  const ids = { inbox: id('INBOX'), work: id('Work'), travel: id('Travel'), all: id('[Gmail]/All Mail'), trash: id('[Gmail]/Trash') };
  const mail = new MailService({
    folders,
    messages: store.messages,
    remote: new RemoteContentRepo(store.db),
    events: new UiEvents(),
    parse: () => Promise.reject(new Error('not needed')),
    fetchBodyNow: async () => false,
    poke: () => undefined,
    dataDir: dir,
    isLocal: () => false,
    usesLabels: () => true,
    searchServer: () => Promise.reject(new Error('not needed')),
  });
  const ops = new OpsRepo(store.db);
  const subjects = (folderId: number) =>
    store.messages
      .page(folderId, 0, 50)
      .items.map((m) => m.subject)
      .sort();
  const row = (folderId: number, subject: string) => store.messages.page(folderId, 0, 50).items.find((m) => m.subject === subject);
  const add = (folderId: number, uid: number, msgid: string, subject: string, labels: string[]) =>
    store.messages.upsertHeaders('a', folderId, [header(uid, msgid, subject, labels)]);
  return { mail, ids, ops, subjects, row, add, messages: store.messages };
}

function header(uid: number, msgid: string, subject: string, labels: string[]): HeaderRecord {
  return {
    uid,
    messageId: `<${msgid}@example.test>`,
    inReplyTo: null,
    references: [],
    subject,
    from: null,
    to: [],
    cc: [],
    replyTo: [],
    date: Date.UTC(2026, 0, 1),
    flags: 0,
    keywords: [],
    size: 10,
    gmail: { msgid, thrid: msgid, labels },
  };
}

describe('actions on a Gmail account', () => {
  it('archives by removing \\Inbox: the Inbox row goes, All Mail keeps the message, the server is asked to remove the label', async () => {
    const g = await gmail();
    g.add(g.ids.inbox, 11, '1', 'Lunch', ['\\Inbox', 'Work']);
    g.add(g.ids.work, 21, '1', 'Lunch', ['\\Inbox', 'Work']);
    g.add(g.ids.all, 31, '1', 'Lunch', ['\\Inbox', 'Work']);
    expect(g.mail.archive([g.row(g.ids.inbox, 'Lunch')?.id as number])).toBe(1);
    expect(g.subjects(g.ids.inbox)).toEqual([]);
    expect(g.subjects(g.ids.all)).toEqual(['Lunch']);
    expect(g.row(g.ids.work, 'Lunch')?.labels).toEqual(['Work']);
    expect(g.ops.next('a').map((q) => q.op)).toEqual([
      { kind: 'labels', folderPath: 'INBOX', uidvalidity: 7, uids: [11], add: [], remove: ['\\Inbox'] },
    ]);
  });

  it('keeps a message whose only row leaves (All Mail not synced yet) by moving that row to All Mail', async () => {
    const g = await gmail();
    g.add(g.ids.inbox, 12, '2', 'Only here', ['\\Inbox']);
    g.mail.archive([g.row(g.ids.inbox, 'Only here')?.id as number]);
    expect(g.subjects(g.ids.inbox)).toEqual([]);
    expect(g.subjects(g.ids.all)).toEqual(['Only here']);
    // All Mail's sync finds it there: the row gets its UID instead of a duplicate.
    expect(g.messages.upsertHeaders('a', g.ids.all, [header(40, '2', 'Only here', [])])).toBe(0);
    expect(g.messages.uids(g.ids.all)).toEqual([40]);
  });

  it('moves between two labels as a change of labels, and to Trash out of every folder', async () => {
    const g = await gmail();
    g.add(g.ids.work, 22, '3', 'Tickets', ['Work']);
    g.add(g.ids.all, 33, '3', 'Tickets', ['Work']);
    g.mail.move([g.row(g.ids.work, 'Tickets')?.id as number], g.ids.travel);
    expect(g.subjects(g.ids.work)).toEqual([]);
    expect(g.subjects(g.ids.travel)).toEqual(['Tickets']);
    expect(g.row(g.ids.all, 'Tickets')?.labels).toEqual(['Travel']);
    expect(g.ops.next('a').map((q) => q.op)).toEqual([
      { kind: 'labels', folderPath: 'Work', uidvalidity: 7, uids: [22], add: ['Travel'], remove: ['Work'] },
    ]);

    g.mail.delete([g.row(g.ids.all, 'Tickets')?.id as number]);
    for (const folderId of [g.ids.travel, g.ids.all]) expect(g.subjects(folderId)).toEqual([]);
    expect(g.subjects(g.ids.trash)).toEqual(['Tickets']);
    expect(g.ops.next('a').at(-1)?.op).toMatchObject({ kind: 'move', folderPath: '[Gmail]/All Mail', toPath: '[Gmail]/Trash' });
  });

  it('adds a label to several messages at once, skipping those that have it already', async () => {
    const g = await gmail();
    g.add(g.ids.inbox, 13, '4', 'One', ['\\Inbox']);
    g.add(g.ids.inbox, 14, '5', 'Two', ['\\Inbox', 'Travel']);
    const ids = [g.row(g.ids.inbox, 'One')?.id as number, g.row(g.ids.inbox, 'Two')?.id as number];
    expect(g.mail.setLabels(ids, { add: ['Travel'], remove: [] })).toBe(1); // 'Two' has it already
    expect(g.subjects(g.ids.travel)).toEqual(['One']);
    expect(g.ops.next('a').map((q) => q.op)).toEqual([
      { kind: 'labels', folderPath: 'INBOX', uidvalidity: 7, uids: [13], add: ['Travel'], remove: [] },
    ]);
  });
});
