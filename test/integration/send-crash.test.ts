import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { passwordKey } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Draft } from '../../shared/compose';
import { type ChildCore, startChildCore } from '../helpers/child-core';
import { draftFor } from '../helpers/drafts';
import { countWithSubject, newMailUser, otherClient } from '../helpers/mail-users';
import { fieldsOf, saveNew, upload, waitForFolders } from '../helpers/send';
import { type SmtpTap, startSmtpTap, type TapPoint } from '../helpers/smtp-tap';
import type { TestServers, TestUser } from '../servers/types';

// kill -9 of the core at each point of a submission, then a restart on the
// same data: bob has the message exactly once (the server accepted it once),
// and Sent holds exactly one copy. The relay in front of Postfix watches the
// SMTP dialogue (plain text, so the account uses "no encryption" to it) and
// kills the core at the chosen moment.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function child(dataDir: string, secrets: Record<string, string> = {}): Promise<ChildCore> {
  const core = await startChildCore(dataDir, secrets);
  cleanups.push(() => core.stop());
  return core;
}

interface Setup {
  dataDir: string;
  first: ChildCore;
  account: Account;
  user: TestUser;
  tap: SmtpTap;
  secrets: Record<string, string>;
}

async function setup(): Promise<Setup> {
  const user = await newMailUser(servers, 'kill');
  const tap = await startSmtpTap(servers.postfix.ports.plainSubmission);
  cleanups.push(() => tap.close());
  const dataDir = await mkdtemp(join(tmpdir(), 'tidings-send-crash-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const first = await child(dataDir);
  const draft = draftFor(servers, { user });
  draft.outgoing = { ...draft.outgoing, port: tap.port, security: 'none' };
  const account = (await first.dispatch('accounts.add', draft)) as Account;
  await waitForFolders(first.dispatch, account);
  return { dataDir, first, account, user, tap, secrets: { [passwordKey(account.id)]: user.password } };
}

const bob = servers.users.bob;

describe('kill -9 during submission', () => {
  it.each<[string, TapPoint | 'scheduled']>([
    ['while it waits for its send time', 'scheduled'],
    ['before the server got anything (MAIL FROM held back)', 'mail'],
    ['after the final "." reached the server, before its 250 came back', 'dot'],
    ['after the 250, before the connection closed', 'quit'],
  ])('%s: bob gets it exactly once, Sent holds one copy', async (_label, point) => {
    const { dataDir, first, account, user, tap, secrets } = await setup();
    const token = `kill${point}${randomBytes(4).toString('hex')}`;
    const draftId = await saveNew(first.dispatch, account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: `Crash ${token}`,
      body: { format: 'html', html: `<p>Exactly once: ${token}</p>` },
    });
    if (point === 'scheduled') {
      await first.dispatch('outbox.send', { draftId, undoSeconds: 2 });
      first.kill();
    } else {
      tap.arm(point, () => first.kill());
      await first.dispatch('outbox.send', { draftId, undoSeconds: 0 }).catch(() => undefined);
    }
    await first.exited;

    const second = await child(dataDir, secrets);
    await expect.poll(() => second.dispatch('outbox.list', {}), { timeout: 30_000, interval: 100 }).toEqual([]);
    await expect.poll(() => countWithSubject(servers, bob, 'INBOX', token), { timeout: 30_000, interval: 200 }).toBe(1);
    await expect.poll(() => countWithSubject(servers, user, 'Sent', token), { timeout: 30_000, interval: 200 }).toBe(1);
    // The server accepted it once: nothing is left that could send it again, and nothing did.
    expect(tap.accepted).toBe(1);
    expect(await countWithSubject(servers, bob, 'INBOX', token)).toBe(1);
    await expect(second.dispatch('drafts.get', { id: draftId })).rejects.toMatchObject({ code: 'not_found' });
    if (point === 'dot') {
      // The one unknown moment: not sent again, and the user is told.
      expect(second.events.some((e) => e.event === 'notice' && /stopped while the server was taking/.test(JSON.stringify(e.payload)))).toBe(
        true,
      );
    }
  });

  it('where the server files sent mail itself, looks in Sent to decide whether the server took it', async () => {
    const { dataDir, first, account, user, tap, secrets } = await setup();
    await first.dispatch('compose.setSettings', { accountId: account.id, settings: { sentByServerOverride: true } });
    const token = `killserver${randomBytes(4).toString('hex')}`;
    const draftId = await saveNew(first.dispatch, account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: `Crash ${token}`,
      body: { format: 'plain', text: token },
    });
    tap.arm('dot', () => first.kill());
    await first.dispatch('outbox.send', { draftId, undoSeconds: 0 }).catch(() => undefined);
    await first.exited;
    // Play the provider: it filed the message it accepted in Sent (as Gmail does).
    await expect.poll(() => countWithSubject(servers, bob, 'INBOX', token), { timeout: 30_000, interval: 200 }).toBe(1);
    const bobBox = await otherClient(servers, bob);
    const userBox = await otherClient(servers, user);
    try {
      const lock = await bobBox.getMailboxLock('INBOX');
      try {
        const [uid] = (await bobBox.search({ subject: token }, { uid: true })) || [];
        const message = await bobBox.fetchOne(String(uid), { source: true }, { uid: true });
        await userBox.append('Sent', message ? (message.source as Buffer) : Buffer.alloc(0), ['\\Seen']);
      } finally {
        lock.release();
      }
    } finally {
      await bobBox.logout();
      await userBox.logout();
    }

    const second = await child(dataDir, secrets);
    await expect.poll(() => second.dispatch('outbox.list', {}), { timeout: 30_000, interval: 100 }).toEqual([]);
    expect(tap.accepted).toBe(1);
    expect(await countWithSubject(servers, bob, 'INBOX', token)).toBe(1);
    expect(await countWithSubject(servers, user, 'Sent', token)).toBe(1);
  });

  it('where the server files sent mail itself and Sent does not have it, sends it again', async () => {
    const { dataDir, first, account, tap, secrets } = await setup();
    await first.dispatch('compose.setSettings', { accountId: account.id, settings: { sentByServerOverride: true } });
    const token = `killresend${randomBytes(4).toString('hex')}`;
    const draftId = await saveNew(first.dispatch, account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: `Crash ${token}`,
      body: { format: 'plain', text: token },
    });
    // The "." never reaches the server: the relay holds it back and the core dies.
    tap.arm('dot-held', () => first.kill());
    await first.dispatch('outbox.send', { draftId, undoSeconds: 0 }).catch(() => undefined);
    await first.exited;
    const second = await child(dataDir, secrets);
    await expect.poll(() => second.dispatch('outbox.list', {}), { timeout: 30_000, interval: 100 }).toEqual([]);
    await expect.poll(() => countWithSubject(servers, bob, 'INBOX', token), { timeout: 30_000, interval: 200 }).toBe(1);
    expect(tap.accepted).toBe(1);
  });
});

describe('kill -9 while writing', () => {
  it('keeps a saved draft with its attachments', async () => {
    const { dataDir, first, account, secrets } = await setup();
    const bytes = randomBytes(2_500_000); // three chunks
    const attachment = await upload(first.dispatch, 'большой файл.bin', 'application/octet-stream', bytes);
    const draft = (await first.dispatch('compose.start', { mode: 'new', accountId: account.id })) as Draft;
    const fields = fieldsOf(draft, {
      to: [{ name: 'Bob', address: bob.address }],
      cc: [{ name: '', address: 'half-typed@' }],
      subject: 'Не потерять 🎉',
      body: { format: 'html', html: '<p>Typed just before the crash.</p>' },
      attachments: [{ id: attachment.id }],
    });
    const { id } = (await first.dispatch('drafts.save', { draft: fields })) as { id: string };
    first.kill();
    await first.exited;

    const second = await child(dataDir, secrets);
    const restored = (await second.dispatch('drafts.get', { id })) as Draft;
    expect(fieldsOf(restored)).toEqual(fields);
    expect(restored.attachments.map((a) => [a.filename, a.size])).toEqual([['большой файл.bin', bytes.length]]);
    const content = (await second.dispatch('drafts.attachmentContent', { id: attachment.id })) as { base64: string };
    expect(Buffer.from(content.base64, 'base64').equals(bytes)).toBe(true);
  });
});
