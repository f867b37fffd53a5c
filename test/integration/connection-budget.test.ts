import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { AccountSyncOptions } from '../../main/sync/account-sync';
import type { Account } from '../../shared/accounts';
import type { Folder } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient, writeMaildirFolder } from '../helpers/mail-users';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy';
import type { TestServers, TestUser } from '../servers/types';

// A provider that caps IMAP connections (Gmail: 15 for all of a user's
// clients together) gets at most its budget from Tidings. The most the sync
// holds at once is four: the worker, the body download, IDLE on the Inbox,
// and a lean connection for a large first sync's headers. A large folder that
// appears while the account is already watching its Inbox needs all four;
// with a budget of three the worker reads those headers itself.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const BIG = 2_100; // above the 2,000 headers from which a first sync takes a lean connection
const poll = { timeout: 90_000, interval: 100 };

function message(i: number): Buffer {
  return Buffer.from(
    `From: Sender <sender@example.test>\r\nTo: someone@example.test\r\nSubject: Budget ${i}\r\nMessage-ID: <budget${i}.${Date.now()}@example.test>\r\nDate: Tue, 03 Nov 2026 09:00:00 +0000\r\n\r\nHello ${i}.\r\n`,
  );
}

async function folderTotal(core: TempCore, accountId: string, path: string): Promise<number> {
  const folders = (await core.dispatch('folders.list', { accountId })) as Folder[];
  return folders.find((f) => f.path === path)?.total ?? 0;
}

/** Syncs an account through a proxy that counts its connections; a large folder appears once IDLE is up. Returns the most connections held at once. */
async function mostConnections(user: TestUser, options: AccountSyncOptions): Promise<{ most: number; proxy: RecordingProxy }> {
  const proxy = await startRecordingProxy(servers.dovecot.ports.imaps);
  cleanups.push(() => proxy.close());
  const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 300, ...options } });
  cleanups.push(() => core.dispose());
  const draft = draftFor(servers, { user });
  draft.incoming = { ...draft.incoming, port: proxy.port };
  const account = (await core.dispatch('accounts.add', draft)) as Account;
  // The first pass is done and the Inbox watched: the worker and IDLE are connected.
  await expect.poll(() => proxy.connections(), poll).toBeGreaterThanOrEqual(options.maxConnections === 2 ? 1 : 2);

  // Another client fills a folder under a name the sync then sees only whole: a renamed folder is new to it.
  const other: ImapFlow = await otherClient(servers, user);
  cleanups.push(() => other.logout());
  // Written on disk (APPENDing 2,100 messages takes too long on a busy machine), then renamed whole over IMAP.
  const staging = `Staging${Date.now()}`;
  await writeMaildirFolder(
    servers,
    user,
    staging,
    Array.from({ length: BIG }, (_, i) => message(i)),
  );
  await other.mailboxRename(staging, 'Big');
  await expect.poll(() => folderTotal(core, account.id, 'Big'), poll).toBe(BIG);
  return { most: proxy.mostAtOnce(), proxy };
}

describe('the IMAP connection budget', () => {
  it('holds four connections at most without a budget, and three with a budget of three, syncing the same', async () => {
    const free = await mostConnections(await newMailUser(servers, 'budgetfree'), {});
    const capped = await mostConnections(await newMailUser(servers, 'budgetcap'), { maxConnections: 3 });
    expect(free.most).toBe(4);
    expect(capped.most).toBeLessThanOrEqual(3);
  });
});
