import { afterEach, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Folder, MessagePage } from '../../shared/mail';
import { tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { startFaultProxy } from '../helpers/fault-proxy';
import { newMailUser, otherClient, writeMaildirFolders } from '../helpers/mail-users';
import { numberedMessages } from '../helpers/mailbox-state';
import type { TestServers } from '../servers/types';

// A full pass SELECTs only the folders that changed (sync/pass-plan.ts): one
// LIST-STATUS tells every folder's UIDNEXT, MESSAGES and HIGHESTMODSEQ, the
// empty folders of a first sync are stored as synced from it, and a folder
// changed elsewhere (new mail, a flag) is synced as before. Against the real
// Dovecot, through the test's relay, which records the commands Tidings sends.

const servers = inject('servers') as TestServers;
const poll = { timeout: 90_000, interval: 250 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const EMPTY = Array.from({ length: 20 }, (_, i) => `Empty ${String(i).padStart(2, '0')}`);

it('selects the folders that changed, not every folder, in each full pass', async () => {
  const user = await newMailUser(servers, 'passes');
  const other = await otherClient(servers, user); // the first login makes the Maildir
  cleanups.push(() => other.logout());
  await writeMaildirFolders(servers, user, [
    ...EMPTY.map((name) => ({ name, messages: [] })),
    { name: 'Mail', messages: numberedMessages('passes', 2) },
  ]);
  const proxy = await startFaultProxy({ targetPort: servers.dovecot.ports.imaps, tlsCaDir: servers.caDir });
  cleanups.push(() => proxy.close());
  const selectsOf = (path: string) => proxy.sent.filter((command) => new RegExp(`^(SELECT|EXAMINE) "${path}"`, 'i').test(command)).length;
  const listStatuses = () => proxy.sent.filter((command) => /^LIST .*RETURN .*STATUS/i.test(command)).length;

  const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 1_500 } });
  cleanups.push(() => core.dispose());
  const draft = draftFor(servers, { user });
  draft.incoming = { ...draft.incoming, port: proxy.port };
  const account = (await core.dispatch('accounts.add', draft)) as Account;
  const folder = async (path: string) =>
    ((await core.dispatch('folders.list', { accountId: account.id })) as Folder[]).find((f) => f.path === path);
  const messagesIn = async (path: string) => {
    const found = await folder(path);
    if (!found) return [];
    const page = (await core.dispatch('messages.page', { folderId: found.id, offset: 0, limit: 10 })) as MessagePage;
    return page.items.map((m) => ({ subject: m.subject, flagged: m.flagged }));
  };

  // The first pass ends before IDLE starts: by then "Mail" is synced and no empty folder was selected.
  await expect.poll(() => proxy.sent.includes('IDLE'), poll).toBe(true);
  expect(await messagesIn('Mail')).toHaveLength(2);
  expect(listStatuses()).toBeGreaterThanOrEqual(1);
  expect(EMPTY.filter((path) => selectsOf(path) > 0)).toEqual([]);
  expect(selectsOf('Mail')).toBeGreaterThanOrEqual(1);

  // Changes elsewhere: new mail in an empty folder (stored as synced from STATUS alone), a flag in "Mail".
  await other.append('Empty 07', numberedMessages('arrived', 1)[0] as Buffer);
  const lock = await other.getMailboxLock('Mail');
  try {
    await other.messageFlagsAdd({ subject: 'passes 00001' }, ['\\Flagged']);
  } finally {
    lock.release();
  }
  await expect.poll(() => messagesIn('Empty 07'), poll).toEqual([{ subject: 'arrived 00000', flagged: false }]);
  await expect.poll(async () => (await messagesIn('Mail')).find((m) => m.subject === 'passes 00001')?.flagged, poll).toBe(true);

  // Two more full passes: the folders nobody changed are still never selected.
  const passes = listStatuses();
  await expect.poll(listStatuses, poll).toBeGreaterThanOrEqual(passes + 2);
  expect(EMPTY.filter((path) => path !== 'Empty 07' && selectsOf(path) > 0)).toEqual([]);
}, 180_000);
