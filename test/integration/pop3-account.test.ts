import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Events } from '../../shared/contract';
import type { Folder, MessageDetail, MessagePage, SearchResults } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import type { TestServers } from '../servers/types';

// A POP3 account through the core's API, as the UI uses it: its local
// folders exist, the Inbox fills from the server, messages read like IMAP
// mail, and folder and message actions happen here without any queue.

const servers = inject('servers') as TestServers;
let core: TempCore | undefined;
afterAll(async () => core?.dispose());

function pendingOps(dataDir: string): number {
  const db = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM pending_ops').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('a POP3 account', () => {
  it('fills its local Inbox and keeps folders, moves, flags and deletions local', async () => {
    const user = await newMailUser(servers, 'popapi');
    const client = await otherClient(servers, user);
    for (let i = 0; i < 12; i++) {
      await client.append(
        'INBOX',
        Buffer.from(
          `From: Ann <ann@example.test>\r\nTo: ${user.address}\r\nSubject: Local ${i}\r\nMessage-ID: <local${i}@example.test>\r\nDate: Tue, 03 Nov 2026 09:${String(i).padStart(2, '0')}:00 +0000\r\n\r\nHello number ${i}, pineapple.\r\n`,
        ),
      );
    }
    await client.logout();

    core = await tempCore(new MemorySecretStore());
    const c = core;
    const progress: Events['sync.progress'][] = [];
    c.events.subscribe((event, payload) => {
      if (event === 'sync.progress') progress.push(payload as Events['sync.progress']);
    });
    const account = (await c.dispatch('accounts.add', draftFor(servers, { user, protocol: 'pop3' }))) as Account;
    expect(account.options.pop3 ?? null).toBeNull(); // defaults apply
    const folders = async () => (await c.dispatch('folders.list', { accountId: account.id })) as Folder[];
    expect((await folders()).map((f) => [f.name, f.role])).toEqual([
      ['Inbox', 'inbox'],
      ['Drafts', 'drafts'],
      ['Sent', 'sent'],
      ['Trash', 'trash'],
    ]);
    const inbox = (await folders())[0] as Folder;
    await expect.poll(async () => (await folders())[0]?.total, { timeout: 30_000 }).toBe(12);
    // The worker commits the batch before the sync hears back and reports it: the count can be seen first.
    await expect.poll(() => progress.some((p) => p.phase === 'download' && p.total === 12 && p.done === 12)).toBe(true);

    const page = (await c.dispatch('messages.page', { folderId: inbox.id, offset: 0, limit: 50 })) as MessagePage;
    expect(page.items[0]).toMatchObject({ subject: 'Local 11', from: { name: 'Ann', address: 'ann@example.test' }, seen: false });
    const first = page.items[0]?.id as number;
    const detail = (await c.dispatch('messages.get', { id: first })) as MessageDetail;
    expect(detail).toMatchObject({ body: 'ready', subject: 'Local 11' });
    expect(detail.text).toContain('Hello number 11');
    expect(((await c.dispatch('messages.search', { query: 'pineapple' })) as SearchResults).items.length).toBe(12);

    // Folders: create, rename, nest, delete, all local.
    const archive = (await c.dispatch('folders.create', { accountId: account.id, name: 'Receipts' })) as Folder;
    const renamed = (await c.dispatch('folders.rename', { id: archive.id, name: 'Bills' })) as Folder;
    expect(renamed).toMatchObject({ id: archive.id, name: 'Bills', path: 'Bills' });
    const child = (await c.dispatch('folders.create', { accountId: account.id, name: 'Old', parentId: renamed.id })) as Folder;
    expect(child.path).toBe('Bills/Old');
    await expect(c.dispatch('folders.rename', { id: inbox.id, name: 'Other' })).rejects.toMatchObject({ code: 'invalid_argument' });

    // Messages: flags, move, delete (to Trash, then for good).
    const ids = page.items.slice(0, 3).map((m) => m.id);
    await c.dispatch('messages.setFlags', { ids, seen: true, flagged: true });
    expect(await c.dispatch('messages.move', { ids, folderId: child.id })).toEqual({ moved: 3 });
    const inChild = (await c.dispatch('messages.page', { folderId: child.id, offset: 0, limit: 10 })) as MessagePage;
    expect(inChild.items.map((m) => [m.subject, m.seen, m.flagged])).toEqual([
      ['Local 11', true, true],
      ['Local 10', true, true],
      ['Local 9', true, true],
    ]);
    await c.dispatch('messages.delete', { ids: [first] });
    const trash = (await folders()).find((f) => f.role === 'trash') as Folder;
    expect(trash.total).toBe(1);
    await c.dispatch('messages.delete', { ids: [first] });
    expect((await folders()).find((f) => f.role === 'trash')?.total).toBe(0);
    await c.dispatch('folders.delete', { id: renamed.id });
    expect((await folders()).map((f) => f.name)).toEqual(['Inbox', 'Drafts', 'Sent', 'Trash']);
    expect(pendingOps(c.dataDir)).toBe(0);

    // A check now downloads nothing again: what was deleted or moved here stays as it is.
    await c.dispatch('sync.now', { accountId: account.id });
    const before = progress.length;
    await expect.poll(() => progress.slice(before).some((p) => p.phase === 'idle'), { timeout: 30_000 }).toBe(true);
    expect((await folders()).find((f) => f.role === 'inbox')?.total).toBe(9);

    // Options: only what is given changes.
    const changed = (await c.dispatch('accounts.setOptions', {
      id: account.id,
      options: { bodyDays: null, pop3: { leaveOnServer: true, deleteAfterDays: 14, deleteWhenDeletedHere: false, checkEveryMinutes: 30 } },
    })) as Account;
    expect(changed.options.pop3?.deleteAfterDays).toBe(14);
    const again = (await c.dispatch('accounts.setOptions', { id: account.id, options: { bodyDays: 30 } })) as Account;
    expect(again.options).toMatchObject({ bodyDays: 30, pop3: { deleteAfterDays: 14, checkEveryMinutes: 30 } });
  });
});
