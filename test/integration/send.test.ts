import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account, Security } from '../../shared/accounts';
import type { ComposeLimits, Draft, OutboxItem } from '../../shared/compose';
import type { Events } from '../../shared/contract';
import type { Folder, MessagePage } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { startNetworkSwitch } from '../helpers/network-switch';
import { collect, fetchRaw, fieldsOf, saveNew, sendNow, uidsByMessageId, upload, waitForFolders } from '../helpers/send';
import type { TestServers, TestUser } from '../servers/types';

// Sending through a real Postfix that delivers into a real Dovecot: what bob
// reads over IMAP is what alice wrote, byte for byte; the Sent copy is filed
// once; refusals come back with the server's words. Each test sends from a
// mailbox user of its own (Postfix authenticates any Dovecot user), to the
// recipients Postfix knows (bob, carol), and finds its message by Message-ID.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Sender {
  core: TempCore;
  account: Account;
  user: TestUser;
  sent: Events['outbox.sent'][];
  failed: Events['outbox.failed'][];
  dispatch: (method: string, args: unknown) => Promise<unknown>;
}

async function sender(outgoingSecurity: Security = 'tls'): Promise<Sender> {
  const user = await newMailUser(servers, 'sender');
  const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 500 }, outboxRetry: { firstMs: 300, maxMs: 1_000 } });
  cleanups.push(() => core.dispose());
  const account = (await core.dispatch('accounts.add', {
    ...draftFor(servers, { user, outgoingSecurity }),
    name: 'Алиса Тест',
  })) as Account;
  const subscribe = (l: (event: keyof Events, payload: unknown) => void) => core.events.subscribe(l);
  const s = {
    core,
    account,
    user,
    sent: collect(subscribe, 'outbox.sent'),
    failed: collect(subscribe, 'outbox.failed'),
    dispatch: core.dispatch,
  };
  await waitForFolders(core.dispatch, account);
  return s;
}

async function mailbox(user: TestUser) {
  const client = await otherClient(servers, user);
  cleanups.push(() => client.logout());
  return client;
}

async function sentEvent(s: Sender, draftId: string): Promise<Events['outbox.sent']> {
  await expect.poll(() => s.sent.some((e) => e.draftId === draftId), { timeout: 30_000, interval: 50 }).toBe(true);
  return s.sent.find((e) => e.draftId === draftId) as Events['outbox.sent'];
}

const bob = servers.users.bob;
const carol = servers.users.carol;

describe.each(['starttls', 'tls'] as const)('sending over %s', (security) => {
  it('delivers every header, the body and each attachment intact, and files one copy in Sent', async () => {
    const s = await sender(security);
    const binary = randomBytes(300_000);
    const text = Buffer.from('Строка один\nライン二\n🎉 three\n');
    const a1 = await upload(s.dispatch, 'photo.bin', 'application/octet-stream', binary);
    const a2 = await upload(s.dispatch, 'Отчёт 報告 🎉.txt', 'text/plain', text);
    const subject = `Привет, 世界 🎉 ${security} ${randomBytes(4).toString('hex')}`;
    const html = '<p>Здравствуй, <b>Боб</b>!</p><p>日本語のテキスト — and emoji 🎉👍</p><ul><li>one</li><li>two</li></ul>';
    const draftId = await saveNew(s.dispatch, s.account.id, {
      to: [{ name: 'Боб 太郎 🎉', address: bob.address }],
      cc: [{ name: 'Carol', address: carol.address }],
      subject,
      body: { format: 'html', html },
      attachments: [{ id: a1.id }, { id: a2.id }],
    });
    await sendNow(s.dispatch, draftId);
    const sent = await sentEvent(s, draftId);
    expect(sent.accepted.sort()).toEqual([bob.address, carol.address].sort());
    expect(sent.refused).toEqual([]);

    const inbox = await mailbox(bob);
    await expect.poll(() => uidsByMessageId(inbox, 'INBOX', sent.messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    const [uid] = await uidsByMessageId(inbox, 'INBOX', sent.messageId);
    const { raw } = await fetchRaw(inbox, 'INBOX', uid as number);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(subject);
    expect(parsed.messageId).toBe(sent.messageId);
    expect(parsed.date).toBeInstanceOf(Date);
    expect(parsed.from?.value).toEqual([{ name: 'Алиса Тест', address: s.user.address }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : []).toEqual([{ name: 'Боб 太郎 🎉', address: bob.address }]);
    expect(parsed.cc && !Array.isArray(parsed.cc) ? parsed.cc.value : []).toEqual([{ name: 'Carol', address: carol.address }]);
    expect(parsed.html).toContain('Здравствуй, <b>Боб</b>!');
    expect(parsed.html).toContain('日本語のテキスト — and emoji 🎉👍');
    // The generated plain alternative.
    expect(parsed.text).toContain('Здравствуй, Боб!');
    expect(parsed.text).toContain('- one\n- two');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['photo.bin', 'Отчёт 報告 🎉.txt']);
    expect(parsed.attachments[0]?.content.equals(binary)).toBe(true);
    expect(parsed.attachments[1]?.content.equals(text)).toBe(true);
    expect(raw.toString('latin1')).not.toMatch(/^Bcc:/im);

    // carol got the same message
    const carolBox = await mailbox(carol);
    await expect.poll(() => uidsByMessageId(carolBox, 'INBOX', sent.messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);

    // Sent: exactly one copy, \Seen, the very bytes that were submitted (less the trace headers Postfix put on bob's).
    const own = await mailbox(s.user);
    await expect.poll(() => uidsByMessageId(own, 'Sent', sent.messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    const [sentUid] = await uidsByMessageId(own, 'Sent', sent.messageId);
    const copy = await fetchRaw(own, 'Sent', sentUid as number);
    expect(copy.flags.has('\\Seen')).toBe(true);
    expect(raw.subarray(raw.length - copy.raw.length).equals(copy.raw)).toBe(true);
    // The draft is gone, the outbox empty, and the local Sent folder shows the copy.
    await expect(s.dispatch('drafts.get', { id: draftId })).rejects.toMatchObject({ code: 'not_found' });
    expect(await s.dispatch('outbox.list', {})).toEqual([]);
    const sentFolder = ((await s.dispatch('folders.list', { accountId: s.account.id })) as Folder[]).find(
      (f) => f.role === 'sent',
    ) as Folder;
    const page = (await s.dispatch('messages.page', { folderId: sentFolder.id, offset: 0, limit: 50 })) as MessagePage;
    expect(page.items.filter((m) => m.subject === subject)).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('names the recipient the server refused with its words, delivers to the others, and keeps a draft for the refused one', async () => {
    const s = await sender();
    const wrong = `nosuchuser${randomBytes(3).toString('hex')}@example.test`;
    const subject = `Partly refused ${randomBytes(4).toString('hex')}`;
    const draftId = await saveNew(s.dispatch, s.account.id, {
      to: [
        { name: 'Bob', address: bob.address },
        { name: '', address: wrong },
      ],
      subject,
      body: { format: 'plain', text: 'Hello.' },
    });
    await sendNow(s.dispatch, draftId);
    const sent = await sentEvent(s, draftId);
    expect(sent.accepted).toEqual([bob.address]);
    expect(sent.refused).toHaveLength(1);
    expect(sent.refused[0]?.address).toBe(wrong);
    expect(sent.refused[0]?.response).toMatch(/^550 5\.1\.1 .*User unknown/);
    const failed = s.failed.find((f) => f.draftId === draftId);
    expect(failed?.returnedToDrafts).toBe(true);
    expect(failed?.message).toContain(`${wrong}: 550 5.1.1`);
    const draft = (await s.dispatch('drafts.get', { id: draftId })) as Draft;
    expect(draft.to).toEqual([{ name: '', address: wrong }]);
    const inbox = await mailbox(bob);
    await expect.poll(() => uidsByMessageId(inbox, 'INBOX', sent.messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
  });

  it('returns a message every recipient of which was refused to the drafts, with the server words', async () => {
    const s = await sender();
    const wrong = `bob@exampel.test`;
    const draftId = await saveNew(s.dispatch, s.account.id, {
      to: [{ name: 'Bob', address: wrong }],
      subject: 'Typo',
      body: { format: 'plain', text: 'Hello.' },
    });
    await sendNow(s.dispatch, draftId);
    await expect.poll(() => s.failed.some((f) => f.draftId === draftId), { timeout: 30_000, interval: 50 }).toBe(true);
    const failed = s.failed.find((f) => f.draftId === draftId) as Events['outbox.failed'];
    expect(failed.returnedToDrafts).toBe(true);
    expect(failed.reason).toBe('recipients_refused');
    expect(failed.refused.map((r) => r.address)).toEqual([wrong]);
    expect(failed.message).toMatch(/bob@exampel\.test: 5\d\d /);
    expect(s.sent).toEqual([]);
    expect(((await s.dispatch('drafts.get', { id: draftId })) as Draft).to).toEqual([{ name: 'Bob', address: wrong }]);
    expect(await s.dispatch('outbox.list', {})).toEqual([]);
  });

  it('knows the server’s size limit, and refuses to send a message over it at once, in words, keeping the draft', async () => {
    const s = await sender();
    const limits = (await s.dispatch('compose.limits', { accountId: s.account.id })) as ComposeLimits;
    // Postfix announces its message_size_limit in EHLO (SIZE); compose warns with it.
    expect(limits.maxMessageBytes).toBeGreaterThan(0);
    const limit = limits.maxMessageBytes as number;
    // Under Tidings' own attachment limit, over the server's once base64-encoded.
    const big = randomBytes(Math.ceil(limit * 0.8));
    expect(big.length).toBeLessThan(limits.maxAttachmentBytes);
    const attachment = await upload(s.dispatch, 'archive.bin', 'application/octet-stream', big);
    const draftId = await saveNew(s.dispatch, s.account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: `Too large ${randomBytes(4).toString('hex')}`,
      body: { format: 'plain', text: 'The archive.' },
      attachments: [{ id: attachment.id }],
    });
    await expect(sendNow(s.dispatch, draftId)).rejects.toThrow(/the server takes at most .* MB\. Remove or shrink an attachment/);
    // Nothing queued, nothing sent; the draft is as it was, attachment included.
    expect(await s.dispatch('outbox.list', {})).toEqual([]);
    expect(s.sent).toEqual([]);
    const draft = (await s.dispatch('drafts.get', { id: draftId })) as Draft;
    expect(draft.attachments.map((a) => [a.filename, a.size])).toEqual([['archive.bin', big.length]]);
  });

  it('reports a refused password and keeps the message in the outbox', async () => {
    const user = await newMailUser(servers, 'wrongpw');
    const secrets = new MemorySecretStore();
    const core = await tempCore(secrets, { syncOptions: { pollMs: 500 } });
    cleanups.push(() => core.dispose());
    const account = (await core.dispatch('accounts.add', draftFor(servers, { user, password: 'not-the-password' }))) as Account;
    const failed = collect((l) => core.events.subscribe(l), 'outbox.failed');
    const draftId = await saveNew(core.dispatch, account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: 'Never',
      body: { format: 'plain', text: 'x' },
    });
    await sendNow(core.dispatch, draftId);
    await expect.poll(() => failed.length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    expect(failed[0]?.reason).toBe('auth_failed');
    expect(failed[0]?.returnedToDrafts).toBe(false);
    expect(failed[0]?.message).toMatch(/rejected the username or password/);
    const items = (await core.dispatch('outbox.list', {})) as OutboxItem[];
    expect(items).toHaveLength(1);
    expect(items[0]?.state).toBe('retrying');
    expect(items[0]?.lastError).toMatch(/rejected the username or password/);
  });
});

describe('compose checks', () => {
  it('refuses to send to an address that is not one, naming it', async () => {
    const s = await sender();
    const draftId = await saveNew(s.dispatch, s.account.id, {
      to: [{ name: '', address: 'bob@' }],
      subject: 'x',
      body: { format: 'plain', text: 'x' },
    });
    await expect(sendNow(s.dispatch, draftId)).rejects.toMatchObject({
      code: 'invalid_argument',
      message: '"bob@" is not an email address.',
    });
    // the draft keeps what was typed
    expect(((await s.dispatch('drafts.get', { id: draftId })) as Draft).to).toEqual([{ name: '', address: 'bob@' }]);
  });

  it('gives the message back on undo, unsent', async () => {
    const s = await sender();
    const draftId = await saveNew(s.dispatch, s.account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: 'Undone',
      body: { format: 'plain', text: 'Not to be sent.' },
    });
    const item = (await s.dispatch('outbox.send', { draftId, undoSeconds: 30 })) as OutboxItem;
    expect(item.state).toBe('scheduled');
    const back = (await s.dispatch('outbox.undo', { id: item.id })) as Draft;
    expect(back.id).toBe(draftId);
    expect(back.subject).toBe('Undone');
    expect(await s.dispatch('outbox.list', {})).toEqual([]);
    await expect(s.dispatch('outbox.undo', { id: item.id })).rejects.toMatchObject({ code: 'not_found' });
    // and the draft can be sent afterwards
    expect(fieldsOf(back).to).toEqual([{ name: 'Bob', address: bob.address }]);
  });
});

describe('reply and forward', () => {
  async function receive(s: Sender, extraHeaders: string[], attachment: Buffer): Promise<number> {
    const boundary = 'b1';
    const raw = [
      'From: Bob Builder <bob@example.test>',
      `To: Me <${s.user.address}>, Carol <carol@example.test>`,
      'Cc: bob@example.test',
      'Reply-To: Carol Replies <carol@example.test>',
      'Subject: Re: RE: Plans for Friday',
      'Date: Mon, 02 Nov 2026 10:00:00 +0000',
      ...extraHeaders,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Shall we meet at 10?',
      '> earlier words',
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="plan.bin"',
      'Content-Disposition: attachment; filename="plan.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment.toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const own = await mailbox(s.user);
    await own.append('INBOX', raw);
    const inbox = ((await s.dispatch('folders.list', { accountId: s.account.id })) as Folder[]).find((f) => f.role === 'inbox') as Folder;
    await s.dispatch('sync.now', { accountId: s.account.id });
    let id = 0;
    await expect
      .poll(
        async () => {
          const page = (await s.dispatch('messages.page', { folderId: inbox.id, offset: 0, limit: 10 })) as MessagePage;
          id = page.items.find((m) => m.subject === 'Re: RE: Plans for Friday')?.id ?? 0;
          return id;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBeGreaterThan(0);
    return id;
  }

  async function flagsOnServer(s: Sender, subject: string): Promise<Set<string>> {
    const own = await otherClient(servers, s.user);
    try {
      const lock = await own.getMailboxLock('INBOX');
      try {
        const uids = (await own.search({ subject }, { uid: true })) || [];
        const message = await own.fetchOne(String(uids[0]), { flags: true }, { uid: true });
        return message ? (message.flags ?? new Set()) : new Set();
      } finally {
        lock.release();
      }
    } finally {
      await own.logout();
    }
  }

  it('replies to Reply-To with one "Re:", threads by In-Reply-To/References, quotes the original, and marks it \\Answered', async () => {
    const s = await sender();
    const originalId = `<orig-${randomBytes(4).toString('hex')}@example.test>`;
    const id = await receive(s, [`Message-ID: ${originalId}`, 'References: <root@example.test>'], randomBytes(10));
    const reply = (await s.dispatch('compose.start', { mode: 'reply', messageId: id })) as Draft;
    expect(reply.id).toBeNull();
    expect(reply.to).toEqual([{ name: 'Carol Replies', address: carol.address }]);
    expect(reply.cc).toEqual([]);
    expect(reply.subject).toBe('Re: Plans for Friday');
    expect(reply.inReplyTo).toBe(originalId);
    expect(reply.references).toEqual(['<root@example.test>', originalId]);
    expect(reply.source).toEqual({ messageId: id, mode: 'reply' });
    expect(reply.body.format).toBe('html');
    const html = reply.body.format === 'html' ? reply.body.html : '';
    expect(html).toMatch(
      /<p>On .*2026.*, Bob Builder wrote:<\/p><blockquote type="cite"><p>Shall we meet at 10\?<br>&gt; earlier words<\/p><\/blockquote>/,
    );

    const all = (await s.dispatch('compose.start', { mode: 'replyAll', messageId: id })) as Draft;
    expect(all.to).toEqual([{ name: 'Carol Replies', address: carol.address }]);
    // everyone else once, and never the user
    expect(all.cc).toEqual([{ name: '', address: bob.address }]);
    expect([...all.to, ...all.cc].some((a) => a.address === s.user.address)).toBe(false);

    const { id: draftId } = (await s.dispatch('drafts.save', { draft: fieldsOf(reply) })) as { id: string };
    await sendNow(s.dispatch, draftId);
    const sent = await sentEvent(s, draftId);
    const carolBox = await mailbox(carol);
    await expect.poll(() => uidsByMessageId(carolBox, 'INBOX', sent.messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    const [uid] = await uidsByMessageId(carolBox, 'INBOX', sent.messageId);
    const parsed = await simpleParser((await fetchRaw(carolBox, 'INBOX', uid as number)).raw);
    expect(parsed.subject).toBe('Re: Plans for Friday');
    expect(parsed.inReplyTo).toBe(originalId);
    expect(parsed.references).toEqual(['<root@example.test>', originalId]);
    expect(parsed.text).toContain('> Shall we meet at 10?');
    await expect.poll(() => flagsOnServer(s, 'Plans for Friday'), { timeout: 30_000, interval: 200 }).toContain('\\Answered');
  });

  it('forwards inline with the attachments, and as an attachment, with one "Fwd:" and $Forwarded', async () => {
    const s = await sender();
    const bytes = randomBytes(50_000);
    const id = await receive(s, [`Message-ID: <fwd-${randomBytes(4).toString('hex')}@example.test>`], bytes);
    const inline = (await s.dispatch('compose.start', { mode: 'forward', messageId: id })) as Draft;
    expect(inline.subject).toBe('Fwd: Re: RE: Plans for Friday');
    expect(inline.to).toEqual([]);
    expect(inline.inReplyTo).toBeNull();
    expect(inline.attachments.map((a) => [a.filename, a.size])).toEqual([['plan.bin', bytes.length]]);
    const html = inline.body.format === 'html' ? inline.body.html : '';
    expect(html).toContain('---------- Forwarded message ---------<br>From: Bob Builder &lt;bob@example.test&gt;');
    expect(html).toContain('Shall we meet at 10?');

    const { id: draftId } = (await s.dispatch('drafts.save', {
      draft: fieldsOf(inline, { to: [{ name: 'Bob', address: bob.address }] }),
    })) as {
      id: string;
    };
    await sendNow(s.dispatch, draftId);
    const sent = await sentEvent(s, draftId);
    const inbox = await mailbox(bob);
    await expect.poll(() => uidsByMessageId(inbox, 'INBOX', sent.messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    const [uid] = await uidsByMessageId(inbox, 'INBOX', sent.messageId);
    const parsed = await simpleParser((await fetchRaw(inbox, 'INBOX', uid as number)).raw);
    expect(parsed.attachments[0]?.content.equals(bytes)).toBe(true);
    await expect.poll(() => flagsOnServer(s, 'Plans for Friday'), { timeout: 30_000, interval: 200 }).toContain('$Forwarded');

    const asAttachment = (await s.dispatch('compose.start', { mode: 'forwardAsAttachment', messageId: id })) as Draft;
    expect(asAttachment.subject).toBe('Fwd: Re: RE: Plans for Friday');
    expect(asAttachment.attachments).toHaveLength(1);
    expect(asAttachment.attachments[0]?.contentType).toBe('message/rfc822');
    const content = (await s.dispatch('drafts.attachmentContent', { id: asAttachment.attachments[0]?.id })) as { base64: string };
    const original = (await s.dispatch('messages.source', { id })) as { source: string };
    expect(Buffer.from(content.base64, 'base64').equals(Buffer.from(original.source, 'latin1'))).toBe(true);
  });
});

describe('offline and the Sent copy', () => {
  it('keeps a message in the outbox while the server is unreachable and delivers it exactly once when it is back', async () => {
    const user = await newMailUser(servers, 'offline');
    const relay = await startNetworkSwitch(servers.postfix.ports.submissions);
    cleanups.push(() => relay.close());
    const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 500 }, outboxRetry: { firstMs: 200, maxMs: 500 } });
    cleanups.push(() => core.dispose());
    const draft = draftFor(servers, { user });
    draft.outgoing = { ...draft.outgoing, port: relay.port };
    const account = (await core.dispatch('accounts.add', draft)) as Account;
    await waitForFolders(core.dispatch, account);
    const sentEvents = collect((l) => core.events.subscribe(l), 'outbox.sent');
    await relay.cut();
    const subject = `Offline ${randomBytes(4).toString('hex')}`;
    const draftId = await saveNew(core.dispatch, account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject,
      body: { format: 'plain', text: 'Sent when the server is back.' },
    });
    await sendNow(core.dispatch, draftId);
    // It waits, visibly, with the reason, and is tried again and again.
    await expect
      .poll(async () => ((await core.dispatch('outbox.list', {})) as OutboxItem[])[0]?.attempts ?? 0, { timeout: 30_000, interval: 50 })
      .toBeGreaterThanOrEqual(2);
    const waiting = ((await core.dispatch('outbox.list', {})) as OutboxItem[])[0] as OutboxItem;
    expect(waiting.state).toBe('retrying');
    expect(waiting.lastError).toMatch(/Cannot connect to the SMTP server/);
    expect(sentEvents).toEqual([]);

    await relay.restore();
    await expect.poll(() => sentEvents.length, { timeout: 30_000, interval: 50 }).toBe(1);
    const messageId = sentEvents[0]?.messageId as string;
    expect(await core.dispatch('outbox.list', {})).toEqual([]);
    const inbox = await mailbox(bob);
    await expect.poll(() => uidsByMessageId(inbox, 'INBOX', messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    const own = await mailbox(user);
    await expect.poll(() => uidsByMessageId(own, 'Sent', messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    // Nothing is left that could send it again.
    expect(await core.dispatch('outbox.list', {})).toEqual([]);
    expect(await uidsByMessageId(inbox, 'INBOX', messageId)).toHaveLength(1);
  });

  it('appends no Sent copy where the server files sent mail itself', async () => {
    const s = await sender();
    const settings = (await s.dispatch('compose.setSettings', { accountId: s.account.id, settings: { sentByServerOverride: true } })) as {
      sentByServer: boolean;
    };
    expect(settings.sentByServer).toBe(true);
    const draftId = await saveNew(s.dispatch, s.account.id, {
      to: [{ name: 'Bob', address: bob.address }],
      subject: `Server files it ${randomBytes(4).toString('hex')}`,
      body: { format: 'plain', text: 'x' },
    });
    await sendNow(s.dispatch, draftId);
    const sent = await sentEvent(s, draftId);
    const inbox = await mailbox(bob);
    await expect.poll(() => uidsByMessageId(inbox, 'INBOX', sent.messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    // No copy locally and no APPEND queued: nothing will ever put one on the server.
    const sentFolder = ((await s.dispatch('folders.list', { accountId: s.account.id })) as Folder[]).find(
      (f) => f.role === 'sent',
    ) as Folder;
    expect(sentFolder.total).toBe(0);
    const db = new DatabaseSync(join(s.core.dataDir, 'tidings.sqlite'), { readOnly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM pending_ops WHERE kind = 'append'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    const own = await mailbox(s.user);
    expect(await uidsByMessageId(own, 'Sent', sent.messageId)).toEqual([]);
  });
});

describe('drafts', () => {
  it('keeps one copy of the latest version in the server Drafts folder, and none once discarded', async () => {
    const s = await sender();
    const file = randomBytes(20_000);
    const attachment = await upload(s.dispatch, 'notes.bin', 'application/octet-stream', file);
    const draft = (await s.dispatch('compose.start', { mode: 'new', accountId: s.account.id })) as Draft;
    const base = fieldsOf(draft, {
      to: [{ name: 'Bob', address: bob.address }],
      bcc: [{ name: 'Carol', address: carol.address }],
      attachments: [{ id: attachment.id }],
    });
    const { id } = (await s.dispatch('drafts.save', {
      draft: { ...base, subject: 'Version 1', body: { format: 'plain', text: 'one' } },
    })) as {
      id: string;
    };
    await s.dispatch('drafts.save', { id, draft: { ...base, subject: 'Version 2', body: { format: 'plain', text: 'two' } } });
    const own = await mailbox(s.user);
    const copies = async () => {
      const lock = await own.getMailboxLock('Drafts');
      try {
        await own.noop();
        const uids = (await own.search({ header: { 'X-Tidings-Draft-Id': id } }, { uid: true })) || [];
        const subjects: string[] = [];
        for (const uid of uids) {
          const m = await own.fetchOne(String(uid), { envelope: true }, { uid: true });
          subjects.push(m ? (m.envelope?.subject ?? '') : '');
        }
        return subjects;
      } finally {
        lock.release();
      }
    };
    await expect.poll(copies, { timeout: 30_000, interval: 200 }).toEqual(['Version 2']);

    // Opening it from the Drafts folder gives back every field and the attachment.
    const drafts = ((await s.dispatch('folders.list', { accountId: s.account.id })) as Folder[]).find((f) => f.role === 'drafts') as Folder;
    let messageId = 0;
    await expect
      .poll(
        async () => {
          const page = (await s.dispatch('messages.page', { folderId: drafts.id, offset: 0, limit: 10 })) as MessagePage;
          messageId = page.items.find((m) => m.subject === 'Version 2')?.id ?? 0;
          return messageId;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBeGreaterThan(0);
    const opened = (await s.dispatch('drafts.open', { messageId })) as Draft;
    expect(opened.id).toBe(id);
    expect(opened.bcc).toEqual([{ name: 'Carol', address: carol.address }]);

    await s.dispatch('drafts.delete', { id });
    await expect.poll(copies, { timeout: 30_000, interval: 200 }).toEqual([]);
  });
});
