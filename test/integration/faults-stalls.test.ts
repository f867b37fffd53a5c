import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { AccountSyncOptions } from '../../main/sync/account-sync';
import type { Account, AccountStatus } from '../../shared/accounts';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy';
import { newMailUser, otherClient, writeMaildirFolder } from '../helpers/mail-users';
import { bareState, type FolderState, numberedMessages, serverFolderState, storedFolderState } from '../helpers/mailbox-state';
import type { TestServers, TestUser } from '../servers/types';

// A server that stops answering, or answers what no one expects, in the
// middle of a command: each must end in a timeout or an error, a new
// connection after a backoff, and a store that agrees with the server again;
// never a sync that hangs. Between Tidings and Dovecot sits the test's own
// relay (helpers/fault-proxy.ts), which ends TLS to see the dialogue.

const servers = inject('servers') as TestServers;
/** Short, so that a stalled connection is noticed within the test (the default is 2 minutes). */
const SOCKET_TIMEOUT_MS = 3_000;
const SYNC: AccountSyncOptions = { pollMs: 1_000, socketTimeoutMs: SOCKET_TIMEOUT_MS };
/** Generous: the machine is busy; each wait ends as soon as its condition holds. */
const poll = { timeout: 90_000, interval: 250 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Setup {
  user: TestUser;
  /** Another client of the same mailbox, straight to Dovecot. */
  other: ImapFlow;
  proxy: FaultProxy;
  /** The folder "Big" as the server has it. */
  server: FolderState;
}

/** A user with `count` messages in "Big" (written into the Maildir) and a relay to Dovecot's IMAPS port. */
async function setUp(name: string, count: number, bodyBytes: number): Promise<Setup> {
  const user = await newMailUser(servers, name);
  const other = await otherClient(servers, user); // the first login makes the Maildir
  cleanups.push(() => other.logout());
  await writeMaildirFolder(servers, user, 'Big', numberedMessages(name, count, bodyBytes));
  const server = bareState(await serverFolderState(other, 'Big'));
  expect(server.messages).toHaveLength(count);
  const proxy = await startFaultProxy({ targetPort: servers.dovecot.ports.imaps, tlsCaDir: servers.caDir });
  cleanups.push(() => proxy.close());
  return { user, other, proxy, server };
}

async function addAccount(
  setup: Setup,
  options: AccountSyncOptions = SYNC,
): Promise<{ core: TempCore; account: Account; statuses: AccountStatus[] }> {
  const core = await tempCore(new MemorySecretStore(), { syncOptions: options });
  cleanups.push(() => core.dispose());
  const statuses: AccountStatus[] = [];
  core.events.subscribe((event, payload) => {
    if (event === 'account.status') statuses.push((payload as { status: AccountStatus }).status);
  });
  const draft = draftFor(servers, { user: setup.user });
  draft.incoming = { ...draft.incoming, port: setup.proxy.port };
  const account = (await core.dispatch('accounts.add', draft)) as Account;
  return { core, account, statuses };
}

/** The store holds what the server holds in "Big", each message once and with its body. */
async function converged(core: TempCore, account: Account, server: FolderState): Promise<void> {
  await expect
    .poll(() => {
      const stored = storedFolderState(core.dataDir, account.id, 'Big');
      return { same: stored.messages.join('\n') === server.messages.join('\n'), twice: stored.twice, withoutBody: stored.withoutBody };
    }, poll)
    .toEqual({ same: true, twice: [], withoutBody: 0 });
}

/** Connections accepted after the log's event `after`. */
function connectsAfter(proxy: FaultProxy, at: number): number[] {
  return proxy.log.filter((e) => e.kind === 'connect' && e.at >= at).map((e) => e.at);
}

describe('a server that stalls mid-literal (slow-loris)', { timeout: 180_000 }, () => {
  it('a body download that stops halfway through a message times out, and a new connection brings every body', async () => {
    const setup = await setUp('stallbody', 40, 8_000);
    const stalled = setup.proxy.stallLiteral({ command: /BODY\.PEEK\[\]/, minBytes: 4_000 });
    const { core, account } = await addAccount(setup);
    await stalled;
    const stall = setup.proxy.log.find((e) => e.kind === 'stall');
    if (!stall) throw new Error('no stall');
    // The stalled connection is given up by Tidings (its socket timeout), not left hanging ...
    await expect.poll(() => setup.proxy.log.some((e) => e.kind === 'closed' && e.connection === stall.connection), poll).toBe(true);
    // ... and the bodies come over another one.
    await converged(core, account, setup.server);
    expect(connectsAfter(setup.proxy, stall.at).length).toBeGreaterThan(0);
  });

  it('a header fetch that stops halfway through a literal times out; the sync reconnects and completes', async () => {
    const setup = await setUp('stallhead', 300, 300);
    const stalled = setup.proxy.stallLiteral({ command: /BODY\.PEEK\[HEADER\.FIELDS/, fraction: 0.5 });
    const { core, account, statuses } = await addAccount(setup);
    await stalled;
    await converged(core, account, setup.server);
    // The sync said it lost the connection (offline, retrying: not an error of the server), and is connected again.
    const lost = statuses.find((s) => s.state !== 'connected');
    expect(lost).toMatchObject({ state: 'offline', code: 'connect_failed' });
    await expect.poll(() => statuses.at(-1)?.state, poll).toBe('connected');
  });
});

describe('a server that answers out of turn', { timeout: 180_000 }, () => {
  it('BYE in the middle of a FETCH: the connection is made again and the sync completes', async () => {
    const setup = await setUp('bye', 300, 300);
    const said = setup.proxy.inject({
      command: /UID FETCH .*BODY\.PEEK\[HEADER\.FIELDS/,
      afterUntagged: 20,
      reply: () => '* BYE Server shutting down (fault test)',
      close: true,
    });
    const { core, account } = await addAccount(setup);
    await said;
    await converged(core, account, setup.server);
  });

  it('BAD in the middle of a FETCH: the folder is synced again and nothing is stored twice', async () => {
    const setup = await setUp('bad', 300, 300);
    const said = setup.proxy.inject({
      command: /UID FETCH .*BODY\.PEEK\[HEADER\.FIELDS/,
      afterUntagged: 20,
      reply: (tag) => `${tag} BAD Internal error in the middle of a command (fault test)`,
    });
    const { core, account } = await addAccount(setup);
    await said;
    await converged(core, account, setup.server);
  });

  it("a FETCH the server sends unasked during a header fetch (another client's flag change) does not overwrite a stored message", async () => {
    const setup = await setUp('unasked', 120, 300);
    // The oldest message: not in the first batch (the 50 newest), so the store does not have it yet.
    const lock = await setup.other.getMailboxLock('Big');
    const uids = ((await setup.other.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    lock.release();
    const target = uids[0] as number;
    const said = setup.proxy.inject({
      command: /UID FETCH .*ENVELOPE/,
      afterUntagged: 5,
      alongside: true,
      reply: () => `* 1 FETCH (UID ${target} FLAGS (\\Flagged) MODSEQ (1))`,
    });
    const { core, account } = await addAccount(setup);
    await said;
    // Every message with its own headers (Message-ID) and its flags as the server has them. Before the fix in
    // folder-sync.ts the oldest was stored from the unasked FETCH, without subject, sender or Message-ID, and
    // never fetched again (it was no longer missing).
    await converged(core, account, setup.server);
  });

  it('NO [UNAVAILABLE] at login: the status says when it tries again, it does not loop, and "sync now" resumes', async () => {
    const setup = await setUp('unavail', 50, 300);
    const { core, account, statuses } = await addAccount(setup, { ...SYNC, idle: false });
    await converged(core, account, setup.server);
    // From now on the server is "unavailable" at login, twice; the connection in use is cut.
    const refused = setup.proxy.inject({
      command: /^(LOGIN|AUTHENTICATE)\b/i,
      reply: (tag) => `${tag} NO [UNAVAILABLE] Backend temporarily down (fault test)`,
      times: 2,
    });
    const before = setup.proxy.connections();
    setup.proxy.cutAll();
    const busy = () => statuses.find((s) => s.code === 'server_busy');
    await expect.poll(busy, poll).toBeDefined();
    expect(busy()?.message).toMatch(/unavailable for a while.*Trying again at \d\d:\d\d/);
    // A server's "not now" is waited out (15 minutes), not asked again in a loop.
    const afterRefusal = setup.proxy.connections();
    expect(afterRefusal - before).toBe(1);
    await core.dispatch('sync.now', { accountId: account.id });
    await refused; // the second refusal: "sync now" asked again, once
    await core.dispatch('sync.now', { accountId: account.id });
    await expect.poll(() => statuses.at(-1)?.state, poll).toBe('connected');
    await converged(core, account, setup.server);
  });

  it('BYE at every login for a while: each new try waits longer than the one before (backoff), then the sync resumes', async () => {
    const setup = await setUp('backoff', 30, 300);
    // No IDLE connection: only the worker connects while the Inbox is up to date (bodies are all there).
    const { core, account, statuses } = await addAccount(setup, { ...SYNC, idle: false });
    await converged(core, account, setup.server);
    const refusals = 3;
    const said = setup.proxy.inject({
      command: /^(LOGIN|AUTHENTICATE)\b/i,
      reply: () => '* BYE Not now (fault test)',
      close: true,
      times: refusals,
    });
    const cutAt = setup.proxy.log.at(-1)?.at ?? 0;
    setup.proxy.cutAll();
    await said;
    await expect.poll(() => statuses.at(-1)?.state, poll).toBe('connected');
    const connects = connectsAfter(setup.proxy, cutAt);
    expect(connects.length).toBeGreaterThanOrEqual(refusals + 1);
    const gaps = connects.slice(1, refusals + 1).map((at, i) => at - (connects[i] as number));
    console.log(`[faults] reconnects after BYE at login: gaps ${gaps.join(', ')} ms`);
    // main/base/backoff.ts: 2 s, 3 s, 4.5 s (a drop while connected retries at once), each -20 %..+20 %; a busy machine only adds to them.
    expect(gaps[0]).toBeGreaterThanOrEqual(1_500);
    expect(gaps[1]).toBeGreaterThanOrEqual(2_300);
    expect(gaps[2]).toBeGreaterThanOrEqual(3_500);
    await converged(core, account, setup.server);
  });
});
