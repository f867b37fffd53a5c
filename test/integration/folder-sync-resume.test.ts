import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import { BulkConnection } from '../../main/imap/bulk-connection';
import { listFolders } from '../../main/imap/folder-list';
import { type FolderSyncDeps, type HeaderFetcher, syncFolder } from '../../main/imap/folder-sync';
import { tlsOptionsFor } from '../../main/net/tls-trust';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { openDatabase } from '../../main/store/database';
import { FoldersRepo } from '../../main/store/folders-repo';
import { MessagesRepo } from '../../main/store/messages-repo';
import { SourceFiles } from '../../main/store/source-files';
import type { Account } from '../../shared/accounts';
import type { MessageDetail, MessagePage } from '../../shared/mail';
import { tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import type { TestServers, TestUser } from '../servers/types';

// A first sync of a big folder stops between batches when urgent work waits
// (a message the user opened, a look into Sent), lets that work use the
// connection with no mailbox locked, and then goes on where it stopped.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

function message(n: number, date = 'Tue, 01 Jan 2019 10:00:00 +0000'): string {
  return [
    'From: Sender <sender@example.test>',
    'To: someone@example.test',
    `Subject: Number ${String(n).padStart(4, '0')}`,
    `Message-ID: <n${n}.${Math.random().toString(36).slice(2)}@example.test>`,
    `Date: ${date}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body ${n}.`,
    '',
  ].join('\r\n');
}

async function client(user: TestUser): Promise<ImapFlow> {
  const c = await otherClient(servers, user);
  cleanups.push(() => c.logout());
  return c;
}

async function fill(user: TestUser, count: number): Promise<void> {
  const c = await client(user);
  for (let i = 0; i < count; i++) await c.append('INBOX', message(i));
}

async function store(user: TestUser) {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-resume-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const db = openDatabase(join(dir, 'tidings.sqlite'));
  cleanups.push(async () => db.close());
  new AccountsRepo(db).insert({
    id: 'acc',
    name: 'Resume',
    email: user.address,
    incoming: { protocol: 'imap', host: servers.dovecot.host, port: servers.dovecot.ports.imaps, security: 'tls', username: user.address },
    outgoing: { host: servers.postfix.host, port: servers.postfix.ports.submissions, security: 'tls', username: user.address },
    options: { bodyDays: null },
    createdAt: new Date().toISOString(),
  });
  return { db, folders: new FoldersRepo(db), messages: new MessagesRepo(db, new SourceFiles(join(dir, 'sources'))) };
}

describe('a paused first sync', () => {
  it('stops after a batch with the folder released, and resumes without fetching a header twice or keeping an expunged one', async () => {
    const user = await newMailUser(servers, 'resume');
    await fill(user, 120);
    const { folders, messages } = await store(user);
    const c = await client(user);
    folders.replaceAll('acc', await listFolders(c));
    const inbox = folders.byRole('acc', 'inbox');
    if (!inbox) throw new Error('no inbox');
    let pause = true;
    const batches: number[] = [];
    const deps: FolderSyncDeps = {
      folders,
      messages,
      extensions: { condstore: true, qresync: false },
      onBatch: (_folder, done) => batches.push(done),
      shouldPause: () => pause,
    };

    const first = await syncFolder(c, inbox.id, deps);
    expect(first).toMatchObject({ paused: true, added: 50 });
    // Nothing is locked now: another mailbox can be opened on the same connection at once.
    const lock = await c.getMailboxLock('INBOX');
    lock.release();
    expect(folders.get(inbox.id)?.uidnext).toBeNull(); // not synced yet: the next call goes on

    // Meanwhile another client expunges one of the stored (newest) messages.
    const stored = messages.uids(inbox.id);
    const gone = Math.max(...stored);
    const other = await client(user);
    const otherLock = await other.getMailboxLock('INBOX');
    try {
      await other.messageDelete(String(gone), { uid: true });
    } finally {
      otherLock.release();
    }

    pause = false;
    batches.length = 0;
    const rest = await syncFolder(c, inbox.id, deps);
    expect(rest.paused).toBeFalsy();
    expect(rest.added).toBe(70); // only those not stored yet
    expect(rest.removed).toBe(1);
    expect(batches).toEqual([50, 70, 119]); // 70 missing: a first batch of 50, then the rest; then the expunge
    const uids = messages.uids(inbox.id);
    expect(uids).toHaveLength(119);
    expect(new Set(uids).size).toBe(119);
    expect(uids).not.toContain(gone);
    expect(folders.get(inbox.id)?.uidnext).not.toBeNull();
  });

  it('serves a message the user opens during a long first sync (the folder lock is not held while it waits)', async () => {
    const user = await newMailUser(servers, 'opendur');
    await fill(user, 1_200); // a first batch, then 500, 500, 150: pauses possible between each
    const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 60_000, bodyDays: 30 } });
    cleanups.push(() => core.dispose());
    const account = (await core.dispatch('accounts.add', draftFor(servers, { user }))) as Account;
    // Old mail (2019) and bodies kept for 30 days: only opening it downloads a body.
    const page = async (): Promise<MessagePage | null> => {
      const folders = (await core.dispatch('folders.list', { accountId: account.id })) as { id: number; role: string | null }[];
      const inbox = folders.find((f) => f.role === 'inbox');
      return inbox ? ((await core.dispatch('messages.page', { folderId: inbox.id, offset: 0, limit: 50 })) as MessagePage) : null;
    };
    await expect.poll(async () => (await page())?.items.length ?? 0, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    const first = (await page())?.items[0];
    const opened = (await core.dispatch('messages.get', { id: first?.id })) as MessageDetail;
    expect(opened.body).toBe('ready');
    expect(opened.text).toContain(`Body ${Number(first?.subject.replace('Number ', ''))}.`);
    await expect.poll(async () => (await page())?.total, { timeout: 60_000, interval: 200 }).toBe(1_200);
  });
});

describe('a first sync of a large folder', () => {
  it('reads the headers after the first batch on the lean connection, the same rows as through imapflow; one that dies midway leaves the rest to imapflow', async () => {
    const user = await newMailUser(servers, 'bulkfirst');
    await fill(user, 2_100);
    const c = await client(user);

    /** A first sync of INBOX into a new store; `lean` as the bulk header connection, if any. Its rows, and the batches each way. */
    const firstSync = async (lean?: { dieAfter: number }) => {
      const { db, folders, messages } = await store(user);
      folders.replaceAll('acc', await listFolders(c));
      const inbox = folders.byRole('acc', 'inbox');
      if (!inbox) throw new Error('no inbox');
      const used = { lean: 0 };
      const deps: FolderSyncDeps = {
        folders,
        messages,
        extensions: { condstore: true, qresync: true },
        onBatch: () => undefined,
        shouldPause: () => false,
      };
      if (lean) {
        deps.bulkHeaders = async (path, uidvalidity): Promise<HeaderFetcher | undefined> => {
          const bulk = new BulkConnection({
            server: { host: servers.dovecot.host, port: servers.dovecot.ports.imaps, security: 'tls', username: user.address },
            credentials: { kind: 'password', password: user.password },
            tls: tlsOptionsFor(servers.dovecot.host, []),
          });
          cleanups.push(async () => bulk.close());
          await bulk.connect();
          if ((await bulk.examine(path)) !== uidvalidity) return undefined;
          return (set) => {
            if (used.lean === lean.dieAfter) bulk.close(); // the connection drops
            used.lean++;
            return bulk.fetchHeaders(set);
          };
        };
      }
      const result = await syncFolder(c, inbox.id, deps);
      const rows = db
        .prepare('SELECT uid, message_id, subject, from_name, from_address, to_json, date, flags, size FROM messages ORDER BY uid')
        .all();
      return { result, rows, leanBatches: used.lean };
    };

    const plain = await firstSync();
    expect(plain.result.added).toBe(2_100);
    expect(plain.rows).toHaveLength(2_100);

    const lean = await firstSync({ dieAfter: Number.POSITIVE_INFINITY });
    expect(lean.result.added).toBe(2_100);
    expect(lean.rows).toEqual(plain.rows);
    expect(lean.leanBatches).toBe(5); // 2,100 = 50 through imapflow, then 500 × 4 + 50

    const dying = await firstSync({ dieAfter: 2 });
    expect(dying.result.added).toBe(2_100);
    expect(dying.rows).toEqual(plain.rows); // each once, nothing missing
    expect(dying.leanBatches).toBe(3); // the third found it closed
  });
});
