import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { toErrorShape } from '../../main/api/dispatcher';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Draft, OutboxItem } from '../../shared/compose';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { countWithSubject, newMailUser, sourcesWithSubject } from '../helpers/mail-users';
import { collect, fieldsOf, saveNew, waitForFolders } from '../helpers/send';
import { mountSmallDisk } from '../helpers/small-disk';
import { startSmtpTap } from '../helpers/smtp-tap';
import type { TestServers, TestUser } from '../servers/types';

// A full disk while writing mail (issue 16, faults): the data dir on a tmpfs
// of the test's own, filled to the last byte at a chosen moment, against the
// real Dovecot and Postfix. Saving a draft and queuing a message fail with
// disk_full in words and change nothing (the last saved version is whole,
// nothing is half-queued); a message the server took while its new state
// could not be written is sent exactly once; once there is room again, work
// goes on by itself. Mounting needs root: without it the tests say so and
// do not run.

const servers = inject('servers') as TestServers;
const bob = servers.users.bob;
const small = await mountSmallDisk('64m');
if (!small.mounted) console.warn(`disk-full-compose.test.ts does not run: cannot mount a tmpfs here (${small.whyNot})`);
const disk = small.mounted ? small.disk : undefined;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  disk?.free();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(async () => {
  await disk?.dispose();
});

let dirs = 0;
async function setup(
  options: { smtpPort?: number } = {},
): Promise<{ core: TempCore; account: Account; user: TestUser; secrets: MemorySecretStore }> {
  const user = await newMailUser(servers, 'diskcompose');
  const dataDir = join(disk?.path ?? '', `data${dirs++}`);
  const secrets = new MemorySecretStore();
  const core = await tempCore(secrets, { dataDir, syncOptions: { pollMs: 5 * 60_000 } });
  cleanups.push(() => core.dispose());
  const draft = draftFor(servers, { user });
  if (options.smtpPort) draft.outgoing = { ...draft.outgoing, port: options.smtpPort, security: 'none' };
  const account = (await core.dispatch('accounts.add', draft)) as Account;
  await waitForFolders(core.dispatch, account);
  return { core, account, user, secrets };
}

function integrity(core: TempCore): unknown {
  const check = new DatabaseSync(join(core.dataDir, 'tidings.sqlite'), { readOnly: true });
  try {
    return check.prepare('PRAGMA integrity_check').get();
  } finally {
    check.close();
  }
}

const diskFull = { code: 'disk_full', message: expect.stringMatching(/disk .* is full/) };
/** What the UI gets for a call (the transports send toErrorShape of what the dispatcher threw). */
const failure = (call: Promise<unknown>) => call.then(() => 'no failure', toErrorShape);

describe.runIf(disk)('a full disk while writing mail', () => {
  it('a draft save fails in words, the last saved version stays whole, and the next save after space is freed reaches the server', async () => {
    const { core, account, user } = await setup();
    const token = `draft${randomBytes(4).toString('hex')}`;
    const draft = (await core.dispatch('compose.start', { mode: 'new', accountId: account.id })) as Draft;
    const first = { subject: `Draft ${token}`, body: { format: 'plain' as const, text: `First version ${token}` } };
    const { id } = (await core.dispatch('drafts.save', { draft: fieldsOf(draft, first) })) as { id: string };
    await expect
      .poll(() => sourcesWithSubject(servers, user, 'Drafts', token), { timeout: 30_000, interval: 200 })
      .toEqual([expect.stringContaining('First version')]);

    disk?.fill();
    const second = { ...first, body: { format: 'plain' as const, text: `Second version ${token}, typed while the disk was full` } };
    expect(await failure(core.dispatch('drafts.save', { id, draft: fieldsOf(draft, second) }))).toMatchObject(diskFull);
    // What was saved before is there, whole; the store is consistent.
    expect(((await core.dispatch('drafts.get', { id })) as Draft).body).toEqual(first.body);
    expect(integrity(core)).toEqual({ integrity_check: 'ok' });

    disk?.free();
    await core.dispatch('drafts.save', { id, draft: fieldsOf(draft, second) });
    expect(((await core.dispatch('drafts.get', { id })) as Draft).body).toEqual(second.body);
    // The server's Drafts holds the new version, once.
    await expect
      .poll(() => sourcesWithSubject(servers, user, 'Drafts', token), { timeout: 30_000, interval: 200 })
      .toEqual([expect.stringContaining('Second version')]);
    expect(integrity(core)).toEqual({ integrity_check: 'ok' });
  });

  it('queuing a message fails in words and keeps the draft; nothing is half-queued, and it sends once there is room', async () => {
    const { core, account } = await setup();
    const token = `queue${randomBytes(4).toString('hex')}`;
    // Large enough that the outbox row cannot fit in what SQLite keeps spare.
    const text = `Queued ${token}\n${randomBytes(300_000).toString('base64')}`;
    const draftId = await saveNew(core.dispatch, account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: `Queue ${token}`,
      body: { format: 'plain', text },
    });
    disk?.fill();
    expect(await failure(core.dispatch('outbox.send', { draftId, undoSeconds: 0 }))).toMatchObject(diskFull);
    expect(await core.dispatch('outbox.list', {})).toEqual([]);
    expect(((await core.dispatch('drafts.get', { id: draftId })) as Draft).body).toEqual({ format: 'plain', text });
    expect(integrity(core)).toEqual({ integrity_check: 'ok' });

    disk?.free();
    await core.dispatch('outbox.send', { draftId, undoSeconds: 0 });
    await expect.poll(() => core.dispatch('outbox.list', {}), { timeout: 30_000, interval: 100 }).toEqual([]);
    await expect.poll(() => countWithSubject(servers, bob, 'INBOX', token), { timeout: 30_000, interval: 200 }).toBe(1);
  });

  it.each([
    ['Tidings files the Sent copy', false],
    ['the server files sent mail itself', true],
  ])(
    'a message the server took while the disk was full is sent exactly once (%s)',
    async (_label, sentByServer) => {
      const tap = await startSmtpTap(servers.postfix.ports.plainSubmission);
      cleanups.push(() => tap.close());
      const { core, account, user } = await setup({ smtpPort: tap.port });
      if (sentByServer) await core.dispatch('compose.setSettings', { accountId: account.id, settings: { sentByServerOverride: true } });
      const notices = collect((l) => core.events.subscribe(l), 'notice');
      const token = `taken${randomBytes(4).toString('hex')}`;
      const draftId = await saveNew(core.dispatch, account.id, {
        to: [{ name: 'Bob', address: bob.address }],
        subject: `Taken ${token}`,
        body: { format: 'plain', text: `Exactly once: ${token}` },
      });
      // The disk fills between the final "." and the server's 250: the server takes the message, Tidings cannot write that it did.
      let filled = false;
      tap.arm('dot-paused', () => {
        disk?.fill();
        filled = true;
      });
      await core.dispatch('outbox.send', { draftId, undoSeconds: 0 });
      await expect.poll(() => tap.accepted, { timeout: 30_000, interval: 100 }).toBe(1);
      expect(filled).toBe(true);
      // The user hears why it is not finished.
      await expect.poll(() => notices.some((n) => /disk .* is full/.test(n.message)), { timeout: 30_000, interval: 100 }).toBe(true);
      expect((await core.dispatch('outbox.list', {})) as OutboxItem[]).toHaveLength(1);

      disk?.free();
      await expect.poll(() => core.dispatch('outbox.list', {}), { timeout: 60_000, interval: 200 }).toEqual([]);
      await expect.poll(() => countWithSubject(servers, bob, 'INBOX', token), { timeout: 30_000, interval: 200 }).toBe(1);
      if (!sentByServer)
        await expect.poll(() => countWithSubject(servers, user, 'Sent', token), { timeout: 30_000, interval: 200 }).toBe(1);
      await expect(core.dispatch('drafts.get', { id: draftId })).rejects.toMatchObject({ code: 'not_found' });
      // Sent once, and not mistaken for a crash mid-send.
      expect(tap.accepted).toBe(1);
      expect(await countWithSubject(servers, bob, 'INBOX', token)).toBe(1);
      expect(notices.some((n) => /stopped while the server was taking/.test(n.message))).toBe(false);
      expect(integrity(core)).toEqual({ integrity_check: 'ok' });
    },
    120_000,
  );

  it('a message the server took while the disk was full is not sent again after a restart', async () => {
    const tap = await startSmtpTap(servers.postfix.ports.plainSubmission);
    cleanups.push(() => tap.close());
    const { core, account, user, secrets } = await setup({ smtpPort: tap.port });
    const notices = collect((l) => core.events.subscribe(l), 'notice');
    const token = `restart${randomBytes(4).toString('hex')}`;
    const draftId = await saveNew(core.dispatch, account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: `Restart ${token}`,
      body: { format: 'plain', text: `Exactly once: ${token}` },
    });
    tap.arm('dot-paused', () => disk?.fill());
    await core.dispatch('outbox.send', { draftId, undoSeconds: 0 });
    await expect.poll(() => notices.some((n) => /disk .* is full/.test(n.message)), { timeout: 30_000, interval: 100 }).toBe(true);
    expect(tap.accepted).toBe(1);
    // Quit with the disk still full, then start again once there is room.
    await core.close();
    disk?.free();
    const again = await tempCore(secrets, { dataDir: core.dataDir, connectOnStart: true, syncOptions: { pollMs: 5 * 60_000 } });
    cleanups.push(() => again.close());
    await expect.poll(() => again.dispatch('outbox.list', {}), { timeout: 60_000, interval: 200 }).toEqual([]);
    await expect.poll(() => countWithSubject(servers, bob, 'INBOX', token), { timeout: 30_000, interval: 200 }).toBe(1);
    await expect.poll(() => countWithSubject(servers, user, 'Sent', token), { timeout: 30_000, interval: 200 }).toBe(1);
    expect(tap.accepted).toBe(1);
    expect(await countWithSubject(servers, bob, 'INBOX', token)).toBe(1);
    expect(integrity(again)).toEqual({ integrity_check: 'ok' });
  }, 120_000);
});
