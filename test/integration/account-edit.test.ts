import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import { type Account, type AccountUpdateResult, DEFAULT_POP3_OPTIONS } from '../../shared/accounts';
import type { Events } from '../../shared/contract';
import type { Folder, MessagePage } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { changeMailPassword, newMailUser, otherClient } from '../helpers/mail-users';
import type { TestServers, TestUser } from '../servers/types';

// Editing an account in place against the real Dovecot and Postfix: a new
// password or new servers are tried before they are saved, the account keeps
// its id and its mail, and its sync reconnects with what was saved. And the
// sidebar's figures: one overall count per account, ending with idle.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const poll = { timeout: 30_000, interval: 100 };

function message(i: number): Buffer {
  return Buffer.from(
    [
      'From: Sender <sender@example.test>',
      'To: someone@example.test',
      `Subject: Message ${i}`,
      `Message-ID: <edit${i}.${Math.random().toString(36).slice(2)}@example.test>`,
      `Date: Mon, 02 Nov 2026 10:${String(i % 60).padStart(2, '0')}:00 +0000`,
      '',
      `Body ${i}.`,
      '',
    ].join('\r\n'),
  );
}

async function mailbox(prefix: string, counts: Record<string, number>): Promise<TestUser> {
  const user = await newMailUser(servers, prefix);
  const client = await otherClient(servers, user);
  let i = 0;
  for (const [path, count] of Object.entries(counts)) {
    if (path !== 'INBOX') await client.mailboxCreate(path).catch(() => undefined);
    for (let n = 0; n < count; n++) await client.append(path, message(i++));
  }
  await client.logout();
  return user;
}

interface Started {
  core: TempCore;
  account: Account;
  progress: Events['sync.progress'][];
  statuses: Events['account.status'][];
}

async function start(user: TestUser): Promise<Started> {
  const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 60_000 } });
  cleanups.push(() => core.dispose());
  const progress: Events['sync.progress'][] = [];
  const statuses: Events['account.status'][] = [];
  core.events.subscribe((event, payload) => {
    if (event === 'sync.progress') progress.push(payload as Events['sync.progress']);
    if (event === 'account.status') statuses.push(payload as Events['account.status']);
  });
  const account = (await core.dispatch('accounts.add', draftFor(servers, { user }))) as Account;
  return { core, account, progress, statuses };
}

async function inbox(core: TempCore, accountId: string): Promise<MessagePage> {
  const folders = (await core.dispatch('folders.list', { accountId })) as Folder[];
  const folder = folders.find((f) => f.role === 'inbox');
  if (!folder) return { items: [], total: 0 } as unknown as MessagePage;
  return (await core.dispatch('messages.page', { folderId: folder.id, offset: 0, limit: 500 })) as MessagePage;
}

async function statusOf(core: TempCore, id: string): Promise<Account['status']> {
  const accounts = (await core.dispatch('accounts.list', {})) as Account[];
  return accounts.find((a) => a.id === id)?.status ?? { state: 'unknown' };
}

describe('editing an account in place', () => {
  it('takes a changed password only once the servers accept it, and keeps every downloaded message', async () => {
    const user = await mailbox('edit', { INBOX: 12 });
    const { core, account, progress } = await start(user);
    await expect.poll(async () => (await inbox(core, account.id)).total, poll).toBe(12);
    await expect.poll(() => progress.at(-1)?.phase, poll).toBe('idle');
    const before = (await inbox(core, account.id)).items.map((m) => m.id).sort();

    // The password changed elsewhere: the next login says so.
    const changed = await changeMailPassword(servers, user, `${user.password}-new`);
    await core.services.syncs.restart(core.services.accounts.list().find((a) => a.id === account.id) as Account);
    await expect.poll(async () => (await statusOf(core, account.id)).code, poll).toBe('auth_failed');

    // A mistyped new password is tried, refused, and not saved.
    const wrong = (await core.dispatch('accounts.update', { id: account.id, password: 'not-it' })) as AccountUpdateResult;
    expect(wrong.saved).toBe(false);
    expect(wrong.check?.incoming).toMatchObject({ ok: false, code: 'auth_failed' });
    expect(await core.services.credentials.source(account).get()).toEqual({ kind: 'password', password: user.password });

    // The right one: saved, and the sync reconnects with it.
    progress.length = 0;
    const right = (await core.dispatch('accounts.update', { id: account.id, password: changed.password })) as AccountUpdateResult;
    expect(right).toMatchObject({ saved: true, check: { incoming: { ok: true }, outgoing: { ok: true } } });
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('connected');
    await expect.poll(() => progress.at(-1)?.phase, poll).toBe('idle');
    // Same account, same rows: nothing was removed or downloaded again.
    const after = (await inbox(core, account.id)).items.map((m) => m.id).sort();
    expect(after).toEqual(before);
    expect(progress.some((p) => p.phase === 'bodies' || (p.phase === 'headers' && p.total > 0))).toBe(false);
  });

  it('tries new server settings before saving them, saves untried ones only when asked, and reconnects with what was saved', async () => {
    const user = await mailbox('servers', { INBOX: 3 });
    const { core, account } = await start(user);
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('connected');

    // Nothing listens on port 1: refused, the old settings stay in use.
    const closed = { ...account.incoming, port: 1 };
    const refused = (await core.dispatch('accounts.update', { id: account.id, incoming: closed })) as AccountUpdateResult;
    expect(refused.saved).toBe(false);
    expect(refused.check?.incoming).toMatchObject({ ok: false, code: 'connect_failed' });
    expect((core.services.accounts.list().find((a) => a.id === account.id) as Account).incoming.port).toBe(account.incoming.port);

    // "Save anyway": saved untried, and the sync now says it cannot reach the server.
    const forced = (await core.dispatch('accounts.update', { id: account.id, incoming: closed, force: true })) as AccountUpdateResult;
    expect(forced).toMatchObject({ saved: true, account: { incoming: { port: 1 } } });
    expect((forced as { check?: unknown }).check).toBeUndefined();
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('offline');

    // Back to the right port (the other security mode, to change more than one field): tried, saved, connected.
    const ports = servers.dovecot.ports;
    const starttls = { ...account.incoming, port: ports.imap, security: 'starttls' as const };
    const fixed = (await core.dispatch('accounts.update', { id: account.id, incoming: starttls })) as AccountUpdateResult;
    expect(fixed).toMatchObject({ saved: true, account: { incoming: { port: ports.imap, security: 'starttls' } } });
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('connected');
    expect((await inbox(core, account.id)).total).toBe(3);
  });

  it('renames, colours and reorders without touching the sign-in; refuses control characters and a switch of protocol', async () => {
    const { core, account } = await start(await mailbox('names', { INBOX: 1 }));
    const second = (await core.dispatch('accounts.add', { ...draftFor(servers, { user: 'bob' }), name: 'Bob' })) as Account;
    const renamed = (await core.dispatch('accounts.update', { id: account.id, name: 'Work', color: '#1f7a4d' })) as AccountUpdateResult;
    expect(renamed).toMatchObject({ saved: true, account: { name: 'Work', color: '#1f7a4d' } });
    expect((renamed as { check?: unknown }).check).toBeUndefined();

    const reordered = (await core.dispatch('accounts.reorder', { ids: [second.id, account.id] })) as Account[];
    expect(reordered.map((a) => a.id)).toEqual([second.id, account.id]);
    expect(((await core.dispatch('accounts.list', {})) as Account[]).map((a) => [a.id, a.name, a.color ?? null])).toEqual([
      [second.id, 'Bob', null],
      [account.id, 'Work', '#1f7a4d'],
    ]);
    await core.dispatch('accounts.update', { id: account.id, color: null });
    expect(((await core.dispatch('accounts.list', {})) as Account[]).find((a) => a.id === account.id)?.color).toBeUndefined();

    await expect(core.dispatch('accounts.update', { id: account.id, name: 'Work\u0007' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(
      core.dispatch('accounts.update', { id: account.id, incoming: { ...account.incoming, username: 'a\r\nb' } }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(core.dispatch('accounts.update', { id: account.id, color: 'red' })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(
      core.dispatch('accounts.update', {
        id: account.id,
        incoming: { ...account.incoming, protocol: 'pop3', port: servers.dovecot.ports.pop3s },
      }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('says a password is missing (not that sign-in failed) when none is saved, and connects once it is entered', async () => {
    const user = await mailbox('missing', { INBOX: 2 });
    const { core, account } = await start(user);
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('connected');
    await core.services.credentials.delete(account);
    await core.services.syncs.restart(core.services.accounts.list().find((a) => a.id === account.id) as Account);
    await expect.poll(async () => (await statusOf(core, account.id)).code, poll).toBe('password_missing');

    const saved = (await core.dispatch('accounts.update', { id: account.id, password: user.password })) as AccountUpdateResult;
    expect(saved.saved).toBe(true);
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('connected');
  });
});

describe('the sidebar figure of a sync', () => {
  it('counts over the whole account, headers then bodies, and ends with idle once the last body is stored', async () => {
    const user = await mailbox('figure', { INBOX: 30, Archive: 25 });
    const { core, account, progress } = await start(user);
    // Every body stored (a message's snippet comes from its body), in both folders.
    const pages = async () => {
      const folders = (await core.dispatch('folders.list', { accountId: account.id })) as Folder[];
      const read = folders.filter((f) => f.path === 'INBOX' || f.path === 'Archive');
      return Promise.all(
        read.map(async (f) => (await core.dispatch('messages.page', { folderId: f.id, offset: 0, limit: 100 })) as MessagePage),
      );
    };
    const withBody = async () => (await pages()).flatMap((p) => p.items).filter((m) => m.snippet !== '').length;
    await expect.poll(withBody, poll).toBe(55);
    // Then idle, without waiting for the next periodic pass (a minute away here).
    await expect.poll(() => progress.at(-1)?.phase, { timeout: 10_000, interval: 100 }).toBe('idle');

    // Headers: summed over the folders of the pass (never one folder's alone at the end).
    const headers = progress.filter((p) => p.phase === 'headers');
    expect(Math.max(...headers.map((p) => p.total))).toBe(55);
    expect(headers.at(-1)).toMatchObject({ done: 55, total: 55 });
    // Bodies: counted over the account, not a download round's window; the last one is all of them.
    const bodies = progress.filter((p) => p.phase === 'bodies');
    expect(bodies.every((p) => p.total === 55)).toBe(true);
    if (bodies.length > 0) expect(bodies.at(-1)).toMatchObject({ done: 55, total: 55 });
  });
});

describe('account options', () => {
  it('restart the sync for what it reads (the check interval), not for notifications; POP3 options are refused for IMAP', async () => {
    const user = await mailbox('options', { INBOX: 2 });
    const { core, account } = await start(user);
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('connected');
    const restart = vi.spyOn(core.services.syncs, 'restart');

    const quiet = (await core.dispatch('accounts.setOptions', {
      id: account.id,
      options: { ...account.options, notifications: false },
    })) as Account;
    expect(quiet.options.notifications).toBe(false);
    expect(restart).not.toHaveBeenCalled();

    const slower = (await core.dispatch('accounts.setOptions', {
      id: account.id,
      options: { ...quiet.options, imap: { checkEveryMinutes: 15 } },
    })) as Account;
    expect(slower.options).toMatchObject({ notifications: false, imap: { checkEveryMinutes: 15 } });
    expect(restart).toHaveBeenCalledTimes(1);
    expect(restart.mock.calls[0]?.[0].options.imap).toEqual({ checkEveryMinutes: 15 });

    await expect(
      core.dispatch('accounts.setOptions', { id: account.id, options: { bodyDays: null, pop3: DEFAULT_POP3_OPTIONS } }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    // What the list says is what the store has.
    const listed = ((await core.dispatch('accounts.list', {})) as Account[]).find((a) => a.id === account.id);
    expect(listed?.options).toMatchObject({ bodyDays: null, notifications: false, imap: { checkEveryMinutes: 15 } });
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('connected');
  });
});
