import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import { listFolders } from '../../main/imap/folder-list';
import { type FolderSyncDeps, syncFolder } from '../../main/imap/folder-sync';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { openDatabase } from '../../main/store/database';
import { FoldersRepo } from '../../main/store/folders-repo';
import { MessagesRepo } from '../../main/store/messages-repo';
import { SourceFiles } from '../../main/store/source-files';
import type { Account } from '../../shared/accounts';
import { tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { startFaultProxy } from '../helpers/fault-proxy';
import { newMailUser, otherClient, writeMaildirFolder } from '../helpers/mail-users';
import { bareState, integrityCheck, numberedMessages, serverFolderState, storedFolderState } from '../helpers/mailbox-state';
import { seededRandom, seedFromEnv } from '../helpers/seeded-random';
import type { TestServers } from '../servers/types';

// The network drops 20 times at random moments of a first sync of a few
// thousand messages, while another client marks messages read, flags them
// and expunges some. Tidings must end with what the server has: the same
// messages, the same flags, nothing twice, every body. The moments come from
// a seeded generator: the seed is printed, and TIDINGS_FAULT_SEED=N replays a run.

const servers = inject('servers') as TestServers;
const MESSAGES = 3_000;
const CUTS = 20;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the network cut during a first sync', () => {
  it(`converges to the server's state after ${CUTS} cuts, with flags changed and messages expunged meanwhile`, {
    timeout: 600_000,
  }, async () => {
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    console.log(`[faults] cuts: seed ${seed} (TIDINGS_FAULT_SEED=${seed} replays it)`);

    const user = await newMailUser(servers, 'cuts');
    const other = await otherClient(servers, user);
    cleanups.push(() => other.logout());
    await writeMaildirFolder(servers, user, 'Big', numberedMessages('cuts', MESSAGES, 400));
    const proxy = await startFaultProxy({ targetPort: servers.dovecot.ports.imaps, tlsCaDir: servers.caDir });
    cleanups.push(() => proxy.close());

    const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 1_000, socketTimeoutMs: 10_000 } });
    cleanups.push(() => core.dispose());
    const draft = draftFor(servers, { user });
    draft.incoming = { ...draft.incoming, port: proxy.port };
    const account = (await core.dispatch('accounts.add', draft)) as Account;

    // The server's UIDs, for the other client's changes (expunged ones leave the list).
    const lock = await other.getMailboxLock('Big');
    const uids = ((await other.search({ all: true }, { uid: true })) || []).slice();
    lock.release();
    expect(uids).toHaveLength(MESSAGES);
    const pick = (n: number) => Array.from({ length: n }, () => uids[Math.floor(random() * uids.length)] as number);
    const changes = { seen: 0, flagged: 0, expunged: 0 };
    /** Another client changes the folder: some read, some flagged (or unflagged), some expunged. */
    const changeOnServer = async (round: number) => {
      const folder = await other.getMailboxLock('Big');
      try {
        if (round % 3 === 0) {
          const chosen = [...new Set(pick(25))];
          await other.messageFlagsAdd(chosen, ['\\Seen'], { uid: true });
          changes.seen += chosen.length;
        } else if (round % 3 === 1) {
          const chosen = [...new Set(pick(10))];
          await other.messageFlagsAdd(chosen, ['\\Flagged'], { uid: true });
          await other.messageFlagsRemove(chosen.slice(0, 2), ['\\Flagged'], { uid: true });
          changes.flagged += chosen.length;
        } else {
          const chosen = [...new Set(pick(8))];
          await other.messageDelete(chosen, { uid: true });
          for (const uid of chosen) uids.splice(uids.indexOf(uid), 1);
          changes.expunged += chosen.length;
        }
      } finally {
        folder.release();
      }
    };
    const firstSyncDone = () => {
      const stored = storedFolderState(core.dataDir, account.id, 'Big');
      return stored.messages.length >= uids.length && stored.withoutBody === 0;
    };

    const moments: number[] = [];
    let duringFirstSync = 0;
    const started = Date.now();
    for (let cut = 0; cut < CUTS; cut++) {
      // A moment while Tidings is connected: wait for a connection (bounded), then a random while into it.
      for (let i = 0; i < 600 && proxy.open() === 0; i++) await sleep(50);
      const delay = Math.floor(50 + random() * 1_450);
      moments.push(delay);
      await sleep(delay);
      if (cut % 2 === 0) await changeOnServer(cut / 2);
      if (!firstSyncDone()) duringFirstSync++;
      proxy.cutAll();
    }
    const lastCut = Date.now();
    console.log(`[faults] cuts: ${CUTS} cuts ${moments.join(', ')} ms into a connection; ${duringFirstSync} during the first sync`);

    // Converged: every message the server still has, with its flags, once, with its body.
    const server = bareState(await serverFolderState(other, 'Big'));
    expect(server.messages).toHaveLength(MESSAGES - changes.expunged);
    const differences = () => {
      const stored = storedFolderState(core.dataDir, account.id, 'Big');
      const have = new Set(stored.messages);
      const want = new Set(server.messages);
      return {
        notStored: server.messages.filter((m) => !have.has(m)).slice(0, 10),
        notOnServer: stored.messages.filter((m) => !want.has(m)).slice(0, 10),
        twice: stored.twice.slice(0, 10),
      };
    };
    await expect
      .poll(
        () => {
          const stored = storedFolderState(core.dataDir, account.id, 'Big');
          const have = new Set(stored.messages);
          const missing = server.messages.filter((m) => !have.has(m)).length;
          return { missing, count: stored.messages.length, twice: stored.twice, withoutBody: stored.withoutBody };
        },
        { timeout: 120_000, interval: 500 },
      )
      .toEqual({ missing: 0, count: server.messages.length, twice: [], withoutBody: 0 })
      .catch((error: unknown) => {
        console.log(`[faults] cuts: not converged: ${JSON.stringify(differences())}`);
        throw error;
      });
    const converged = Date.now();
    expect(integrityCheck(core.dataDir)).toBe('ok');
    console.log(
      `[faults] cuts: ${CUTS} survived (${proxy.connections()} connections in all); ${changes.seen} marked read, ${changes.flagged} flagged, ${changes.expunged} expunged meanwhile; converged ${((converged - lastCut) / 1000).toFixed(1)} s after the last cut, ${((converged - started) / 1000).toFixed(1)} s after the first`,
    );
  });
});

describe('a first sync cut off and resumed', () => {
  it('reads the flags changed meanwhile on messages it had already stored (CONDSTORE)', async () => {
    const user = await newMailUser(servers, 'resumeflags');
    const c = await otherClient(servers, user);
    cleanups.push(() => c.logout());
    expect(c.enabled.has('CONDSTORE')).toBe(true);
    await writeMaildirFolder(servers, user, 'Big', numberedMessages('resumeflags', 120));
    const dir = await mkdtemp(join(tmpdir(), 'tidings-faults-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const db = openDatabase(join(dir, 'tidings.sqlite'));
    cleanups.push(async () => db.close());
    new AccountsRepo(db).insert({
      id: 'acc',
      name: 'Faults',
      email: user.address,
      incoming: {
        protocol: 'imap',
        host: servers.dovecot.host,
        port: servers.dovecot.ports.imaps,
        security: 'tls',
        username: user.address,
      },
      outgoing: { host: servers.postfix.host, port: servers.postfix.ports.submissions, security: 'tls', username: user.address },
      options: { bodyDays: null },
      createdAt: new Date().toISOString(),
    });
    const folders = new FoldersRepo(db);
    const messages = new MessagesRepo(db, new SourceFiles(join(dir, 'sources')));
    folders.replaceAll('acc', await listFolders(c));
    const big = folders.list('acc').find((f) => f.path === 'Big');
    if (!big) throw new Error('no folder Big');
    let cutOff = true;
    const deps: FolderSyncDeps = {
      folders,
      messages,
      extensions: { condstore: true, qresync: false },
      onBatch: () => undefined,
      // The first batch, then the sync stops as if the connection had gone (the next call SELECTs afresh).
      shouldPause: () => cutOff,
    };
    expect(await syncFolder(c, big.id, deps)).toMatchObject({ paused: true, added: 50 });
    const newest = Math.max(...messages.uids(big.id));

    // Meanwhile another client reads and flags a message the store already has.
    const other = await otherClient(servers, user);
    cleanups.push(() => other.logout());
    const lock = await other.getMailboxLock('Big');
    try {
      await other.messageFlagsAdd(String(newest), ['\\Seen', '\\Flagged'], { uid: true });
    } finally {
      lock.release();
    }

    cutOff = false;
    expect(await syncFolder(c, big.id, deps)).toMatchObject({ added: 70 });
    // The next pass (CHANGEDSINCE) brings the change; before, it asked only for changes after the resume's SELECT.
    await syncFolder(c, big.id, deps);
    const [row] = messages.byUids(big.id, [newest]);
    expect(row?.seen).toBe(true);
    expect(row?.flagged).toBe(true);
  });
});
