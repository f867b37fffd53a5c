import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ConnectionError } from '../../main/net/connection-failure';
import { MAX_DOWNLOAD_BYTES } from '../../shared/mail';
import { generateCorpus, hugeMessage } from '../corpus/index.ts';
import { newMailUser, otherClient, writeMaildirFolder } from '../helpers/mail-users';
import { type Pop3Harness, pop3Harness, startDroppingProxy } from '../helpers/pop3';
import { startRecordingProxy } from '../helpers/recording-proxy';
import type { TestServers, TestUser } from '../servers/types';

// POP3 download against the real Dovecot: what arrives is byte for byte what
// the server holds, each message once across checks, drops and restarts; the
// options decide what leaves the server; TLS before any password.

const servers = inject('servers') as TestServers;
const DAY = 86_400_000;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function harness(user: TestUser, options: Parameters<typeof pop3Harness>[2] = {}): Promise<Pop3Harness> {
  const h = await pop3Harness(servers, user, options);
  cleanup.push(() => h.close());
  return h;
}

async function imap(user: TestUser): Promise<ImapFlow> {
  const client = await otherClient(servers, user);
  cleanup.push(() => client.logout().catch(() => undefined));
  return client;
}

/** Every message in the server's INBOX as IMAP returns it, by Message-ID. */
async function serverCopies(client: ImapFlow): Promise<Map<string, Buffer>> {
  const copies = new Map<string, Buffer>();
  const lock = await client.getMailboxLock('INBOX');
  try {
    if ((client.mailbox && typeof client.mailbox === 'object' ? client.mailbox.exists : 0) === 0) return copies;
    for await (const message of client.fetch('1:*', { envelope: true, source: true })) {
      copies.set(message.envelope?.messageId ?? '', message.source as Buffer);
    }
  } finally {
    lock.release();
  }
  return copies;
}

/** How many messages the server's INBOX holds now (a fresh session: a selected mailbox's counts may be cached). */
async function serverCount(client: ImapFlow): Promise<number> {
  const user = client.options.auth as { user: string; pass: string };
  const fresh = await otherClient(servers, { address: user.user, password: user.pass });
  try {
    const status = await fresh.status('INBOX', { messages: true });
    if (!status) throw new Error('STATUS failed');
    return status.messages ?? 0;
  } finally {
    await fresh.logout();
  }
}

function simpleMessage(id: string, body = `Body of ${id}\r\n`): Buffer {
  return Buffer.from(
    `From: Sender <sender@example.test>\r\nTo: someone@example.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.test>\r\nDate: Tue, 03 Nov 2026 09:00:00 +0000\r\n\r\n${body}`,
  );
}

/** A message full of lines that begin with "." (the server stuffs them; we must unstuff), some alone on their line. */
function dottedMessage(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) lines.push(i % 7 === 0 ? '.' : i % 3 === 0 ? `..double ${i}` : `.line ${i} ${'x'.repeat(i % 90)}`);
  return simpleMessage('dotted', `${lines.join('\r\n')}\r\n`);
}

describe('POP3 download', () => {
  it('downloads the varied corpus, dotted lines and a multi-megabyte message byte for byte, each once', async () => {
    const user = await newMailUser(servers, 'popcorpus');
    const client = await imap(user);
    const corpus = generateCorpus(44, 11);
    for (const { raw } of corpus) await client.append('INBOX', raw);
    await client.append('INBOX', dottedMessage());
    const huge = hugeMessage(6);
    await client.append('INBOX', huge.raw);
    const copies = await serverCopies(client);
    expect(copies.size).toBe(corpus.length + 2);

    const h = await harness(user);
    const result = await h.sync.check();
    expect(result).toEqual({ downloaded: corpus.length + 2, deleted: 0 });
    const stored = h.stored();
    expect(stored).toHaveLength(copies.size);
    for (const message of stored) {
      const copy = copies.get(message.messageId ?? '');
      expect(copy, message.messageId ?? '').toBeDefined();
      expect(message.raw.equals(copy as Buffer), message.messageId ?? '').toBe(true);
      expect(message.folderId).toBe(h.inboxId());
    }
    expect(stored.find((m) => m.messageId === '<dotted@example.test>')?.raw.toString()).toContain(
      '\r\n\r\n.\r\n.line 1 x\r\n.line 2 xx\r\n..double 3\r\n',
    );
    // Progress said how far it got, ending with all of them.
    expect(h.progress.filter((p) => p.phase === 'download').at(-1)).toMatchObject({ done: copies.size, total: copies.size });
    // Leave on server is the default: the server still has everything.
    expect(await serverCount(client)).toBe(copies.size);
  });

  it('lists a message over the download limit by its headers and leaves it on the server, downloading the rest', async () => {
    const user = await newMailUser(servers, 'poplarge');
    // Its body is zeros (a file the size of the limit and a bit; never read whole, if all goes well).
    const head = simpleMessage('too-large', '');
    const large = Buffer.alloc(MAX_DOWNLOAD_BYTES + 1024 * 1024);
    head.copy(large);
    await writeMaildirFolder(servers, user, 'INBOX', [simpleMessage('small'), large]);
    const client = await imap(user);
    expect(await serverCount(client)).toBe(2);

    // Not left on the server: the small one goes, the large one (only its headers are here) stays.
    const h = await harness(user, { pop3: { leaveOnServer: false } });
    expect(await h.sync.check()).toEqual({ downloaded: 2, deleted: 1 });
    expect(h.stored().map((m) => m.messageId)).toEqual(['<small@example.test>']);
    const listed = h.messages.page(h.inboxId(), { offset: 0, limit: 10 });
    expect(listed.total).toBe(2);
    const row = listed.items.find((m) => m.subject === 'too-large');
    expect(row?.size).toBeGreaterThan(MAX_DOWNLOAD_BYTES);
    expect(await serverCount(client)).toBe(1);
    // Listed once: the next check neither fetches nor lists it again, nor deletes it.
    expect(await h.sync.check()).toEqual({ downloaded: 0, deleted: 0 });
    expect(h.messages.page(h.inboxId(), { offset: 0, limit: 10 }).total).toBe(2);
    expect(await serverCount(client)).toBe(1);
  }, 120_000);

  it('downloads nothing the second time, and exactly one more after one new message', async () => {
    const user = await newMailUser(servers, 'popagain');
    const client = await imap(user);
    for (let i = 0; i < 5; i++) await client.append('INBOX', simpleMessage(`again${i}`));
    const h = await harness(user);
    expect(await h.sync.check()).toEqual({ downloaded: 5, deleted: 0 });
    expect(await h.sync.check()).toEqual({ downloaded: 0, deleted: 0 });
    // As after a restart: a new sync on the same store.
    const restarted = h.reopen();
    expect(await restarted.sync.check()).toEqual({ downloaded: 0, deleted: 0 });
    await client.append('INBOX', simpleMessage('again-new'));
    expect(await restarted.sync.check()).toEqual({ downloaded: 1, deleted: 0 });
    const ids = h.stored().map((m) => m.messageId);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('announces new unread mail for notifications, but not what the first check brings', async () => {
    const user = await newMailUser(servers, 'poparrive');
    const client = await imap(user);
    for (let i = 0; i < 3; i++) await client.append('INBOX', simpleMessage(`first${i}`));
    const h = await harness(user);
    expect(await h.sync.check()).toEqual({ downloaded: 3, deleted: 0 });
    expect(h.arrived).toEqual([]);
    await client.append('INBOX', simpleMessage('news-1'));
    await client.append('INBOX', simpleMessage('news-2'));
    expect(await h.sync.check()).toEqual({ downloaded: 2, deleted: 0 });
    expect(h.arrived).toHaveLength(1);
    expect(h.arrived[0]).toMatchObject({ accountId: h.accountId, folderId: h.inboxId(), more: 0 });
    expect(h.arrived[0]?.messages.map((m) => m.subject).sort()).toEqual(['news-1', 'news-2']);
    // Nothing new: nothing announced.
    expect(await h.sync.check()).toEqual({ downloaded: 0, deleted: 0 });
    expect(h.arrived).toHaveLength(1);
  });

  it('empties the server mailbox when messages are not left on the server, losing nothing here', async () => {
    const user = await newMailUser(servers, 'popleave');
    const client = await imap(user);
    for (let i = 0; i < 8; i++) await client.append('INBOX', simpleMessage(`leave${i}`));
    const copies = await serverCopies(client);
    const h = await harness(user, { pop3: { leaveOnServer: false } });
    expect(await h.sync.check()).toEqual({ downloaded: 8, deleted: 8 });
    expect(await serverCount(client)).toBe(0);
    const stored = h.stored();
    expect(stored).toHaveLength(8);
    for (const message of stored) expect(message.raw.equals(copies.get(message.messageId ?? '') as Buffer)).toBe(true);
    expect(await h.sync.check()).toEqual({ downloaded: 0, deleted: 0 });
  });

  it('deletes the server copy N days after downloading it (fake clock)', async () => {
    const user = await newMailUser(servers, 'popdays');
    const client = await imap(user);
    for (let i = 0; i < 3; i++) await client.append('INBOX', simpleMessage(`days${i}`));
    let now = Date.parse('2026-11-01T00:00:00Z');
    const h = await harness(user, { pop3: { deleteAfterDays: 14 }, now: () => now });
    expect(await h.sync.check()).toEqual({ downloaded: 3, deleted: 0 });
    now += 10 * DAY;
    await client.append('INBOX', simpleMessage('days-late'));
    expect(await h.sync.check()).toEqual({ downloaded: 1, deleted: 0 });
    expect(await serverCount(client)).toBe(4);
    now += 4 * DAY; // 14 days after the first three, 4 after the last
    expect(await h.sync.check()).toEqual({ downloaded: 0, deleted: 3 });
    expect(await serverCount(client)).toBe(1);
    now += 10 * DAY;
    expect(await h.sync.check()).toEqual({ downloaded: 0, deleted: 1 });
    expect(await serverCount(client)).toBe(0);
    expect(h.stored()).toHaveLength(4); // all still here
  });

  it('never downloads again what was deleted here; deletes it on the server only when asked to', async () => {
    const user = await newMailUser(servers, 'popdel');
    const client = await imap(user);
    for (let i = 0; i < 4; i++) await client.append('INBOX', simpleMessage(`del${i}`));
    const h = await harness(user);
    await h.sync.check();
    const [first, second] = h.stored();
    const idOf = (messageId: string | null) =>
      h.messages.page(h.inboxId(), 0, 10).items.find((m) => h.messages.get(m.id)?.message_id === messageId)?.id as number;
    // One deleted for good, one moved to the local Trash.
    h.messages.deleteLocal([idOf(first?.messageId ?? null)]);
    h.messages.moveLocal([idOf(second?.messageId ?? null)], h.folders.byRole(h.accountId, 'trash')?.id as number);
    expect(await h.sync.check()).toEqual({ downloaded: 0, deleted: 0 });
    expect(await serverCount(client)).toBe(4);
    const deleting = h.reopen({ pop3: { deleteWhenDeletedHere: true } });
    expect(await deleting.sync.check()).toEqual({ downloaded: 0, deleted: 2 });
    expect(await serverCount(client)).toBe(2);
    expect(h.stored()).toHaveLength(3);
  });

  it('survives a connection dropped in the middle of RETR: every message exactly once', async () => {
    const user = await newMailUser(servers, 'popdrop');
    const client = await imap(user);
    const filler = 'y'.repeat(70).concat('\r\n').repeat(400); // ~28 KB a message
    for (let i = 0; i < 30; i++) await client.append('INBOX', simpleMessage(`drop${i}`, `Message ${i}\r\n${filler}`));
    const copies = await serverCopies(client);
    // Cut after ~20 messages have come down, in the middle of one.
    const proxy = await startDroppingProxy(servers.dovecot.ports.pop3s, 20 * 28_500 + 9_000);
    cleanup.push(() => proxy.close());
    const h = await harness(user, { port: proxy.port });
    await expect(h.sync.check()).rejects.toThrow();
    expect(proxy.dropped()).toBe(true);
    expect(h.stored().length).toBeLessThan(30);
    expect(await h.sync.check()).toMatchObject({ deleted: 0 });
    const stored = h.stored();
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((m) => m.messageId)).size).toBe(30);
    for (const message of stored) expect(message.raw.equals(copies.get(message.messageId ?? '') as Buffer)).toBe(true);
  });
});

describe('POP3 security and sign-in', () => {
  it('downloads over 995 (TLS) and over 110 with STLS', async () => {
    const user = await newMailUser(servers, 'poptls');
    const client = await imap(user);
    await client.append('INBOX', simpleMessage('tls'));
    const tls = await harness(user, { security: 'tls' });
    expect(await tls.sync.check()).toEqual({ downloaded: 1, deleted: 0 });
    const starttls = await harness(user, { security: 'starttls' });
    expect(await starttls.sync.check()).toEqual({ downloaded: 1, deleted: 0 });
  });

  it('refuses a server without STLS on 110 before sending the username or password', async () => {
    const proxy = await startRecordingProxy(servers.dovecotPlain.ports.pop3);
    cleanup.push(() => proxy.close());
    const h = await harness(servers.users.alice, { port: proxy.port, security: 'starttls' });
    const error = await h.sync.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('starttls_unavailable');
    expect(proxy.connections()).toBe(1);
    expect(proxy.sent()).not.toContain(servers.users.alice.password);
    expect(proxy.sent()).not.toMatch(/USER|PASS|AUTH/);
    expect(h.stored()).toHaveLength(0);
  });

  it('reports a wrong password as an authentication error', async () => {
    const user = await newMailUser(servers, 'popauth');
    const h = await harness(user, { password: 'not-the-password' });
    const error = await h.sync.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('auth_failed');
  });
});
