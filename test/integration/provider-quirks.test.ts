import net from 'node:net';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Folder, MessagePage } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { closedPort, startRecordingProxy } from '../helpers/recording-proxy';
import { type DovecotInstance, type PlainDovecotPorts, startDovecot, USERS } from '../servers/dovecot';
import type { TestServers } from '../servers/types';

// Servers as Outlook.com and Yahoo really are, played by a Dovecot of this
// file's own: no CONDSTORE, no QRESYNC and no SPECIAL-USE in its CAPABILITY
// (Outlook.com's list, less the AUTH= items), yet LIST marks the folders
// Exchange marks (\Sent on "Sent Items", \Trash on "Deleted Items", \Junk on
// "Junk Email", \Drafts on "Drafts"; "Archive" unmarked). Without CONDSTORE,
// Tidings finds changed flags by reading all flags and expunges by a UID diff.
// Yahoo also reports HIGHESTMODSEQ when a folder is selected without
// advertising CONDSTORE, and refuses CHANGEDSINCE: a proxy adds the former
// and refuses the latter.

const servers = inject('servers') as TestServers;

const OUTLOOK_CAPABILITY = 'IMAP4rev1 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+';
const EXCHANGE_MARKS = { 'Sent Items': '\\Sent', 'Deleted Items': '\\Trash', 'Junk Email': '\\Junk', Drafts: '\\Drafts' };

let dovecot: DovecotInstance<PlainDovecotPorts>;
beforeAll(async () => {
  dovecot = await startDovecot({
    workDir: join(servers.workDir, `dovecot-no-condstore-${process.pid}`),
    ssl: 'none',
    imapCapability: OUTLOOK_CAPABILITY,
    specialUse: EXCHANGE_MARKS,
  });
});
afterAll(async () => {
  await dovecot?.stop();
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const poll = { timeout: 15_000, interval: 100 };

function message(subject: string): string {
  return [
    'From: Sender <sender@example.test>',
    'To: someone@example.test',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}.${Math.random().toString(36).slice(2)}@example.test>`,
    'Date: Mon, 02 Nov 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `This is ${subject}.`,
    '',
  ].join('\r\n');
}

/** "Another mail client", straight to the Dovecot. */
async function otherClient(user: { address: string; password: string }): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.ports.imap,
    secure: false,
    auth: { user: user.address, pass: user.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  cleanups.push(() => client.logout());
  return client;
}

/** A core with the user's account, its IMAP going to `port` (a proxy in front of the Dovecot). */
async function startSynced(user: { address: string; password: string }, port: number): Promise<{ core: TempCore; account: Account }> {
  const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 400 } });
  cleanups.push(() => core.dispose());
  const account = (await core.dispatch('accounts.add', {
    name: 'Test User',
    email: user.address,
    password: user.password,
    incoming: { protocol: 'imap', host: dovecot.host, port, security: 'none', username: user.address },
    outgoing: { host: '127.0.0.1', port: await closedPort(), security: 'none', username: user.address },
  })) as Account;
  return { core, account };
}

async function folders(core: TempCore, accountId: string): Promise<Folder[]> {
  return (await core.dispatch('folders.list', { accountId })) as Folder[];
}

async function roles(core: TempCore, accountId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await folders(core, accountId)).filter((f) => f.role).map((f) => [f.role as string, f.path]));
}

async function inbox(core: TempCore, accountId: string): Promise<{ subject: string; seen: boolean; flagged: boolean }[]> {
  const folder = (await folders(core, accountId)).find((f) => f.role === 'inbox');
  if (!folder) return [];
  const page = (await core.dispatch('messages.page', { folderId: folder.id, offset: 0, limit: 100 })) as MessagePage;
  return page.items
    .map((m) => ({ subject: m.subject, seen: m.seen, flagged: m.flagged }))
    .sort((a, b) => a.subject.localeCompare(b.subject));
}

async function uidOf(client: ImapFlow, subject: string): Promise<string> {
  await client.mailboxOpen('INBOX');
  const found = (await client.search({ subject }, { uid: true })) || [];
  return String(found[0]);
}

describe('a server without CONDSTORE (Outlook.com)', () => {
  it('takes roles from the LIST attributes and names; flags changed and messages deleted elsewhere arrive on the next sync', async () => {
    const user = USERS.alice;
    const other = await otherClient(user);
    expect(other.capabilities.has('CONDSTORE')).toBe(false);
    expect(other.capabilities.has('SPECIAL-USE')).toBe(false);
    // Exchange's folders, and a "Sent" some other client made.
    for (const path of ['Sent Items', 'Deleted Items', 'Junk Email', 'Drafts', 'Archive', 'Sent']) await other.mailboxCreate(path);
    for (const subject of ['First', 'Second', 'Third']) await other.append('INBOX', message(subject));
    const proxy = await startRecordingProxy(dovecot.ports.imap);
    cleanups.push(() => proxy.close());

    const { core, account } = await startSynced(user, proxy.port);
    await expect.poll(async () => (await inbox(core, account.id)).map((m) => m.subject), poll).toEqual(['First', 'Second', 'Third']);
    // The server's \Sent wins over the name "Sent"; Archive, which Exchange leaves unmarked, by its name.
    expect(await roles(core, account.id)).toEqual({
      inbox: 'INBOX',
      sent: 'Sent Items',
      trash: 'Deleted Items',
      junk: 'Junk Email',
      drafts: 'Drafts',
      archive: 'Archive',
    });

    // Changed elsewhere while Tidings is not syncing: the next sync finds them without CONDSTORE.
    await core.services.syncs.stop(account.id);
    await other.messageFlagsAdd(await uidOf(other, 'First'), ['\\Seen', '\\Flagged'], { uid: true });
    await other.messageDelete(await uidOf(other, 'Second'), { uid: true });
    core.services.syncs.start({ ...account });
    await expect
      .poll(() => inbox(core, account.id), poll)
      .toEqual([
        { subject: 'First', seen: true, flagged: true },
        { subject: 'Third', seen: false, flagged: false },
      ]);

    // And while it is: the poll re-syncs the Inbox.
    await other.messageFlagsRemove(await uidOf(other, 'First'), ['\\Flagged'], { uid: true });
    await other.messageDelete(await uidOf(other, 'Third'), { uid: true });
    await expect.poll(() => inbox(core, account.id), poll).toEqual([{ subject: 'First', seen: true, flagged: false }]);

    // Nothing of CONDSTORE/QRESYNC was asked of a server that does not have them.
    expect(proxy.sent()).not.toMatch(/CHANGEDSINCE|CONDSTORE|QRESYNC|MODSEQ|VANISHED/i);
  });
});

/**
 * Yahoo's server as far as modseqs go, in front of the Dovecot: every SELECT
 * and EXAMINE is answered with a HIGHESTMODSEQ though CONDSTORE is not
 * advertised, and a command with CHANGEDSINCE is refused with BAD (it
 * reaches Dovecot as an unknown command, so the answers stay in order).
 * Without CONDSTORE nothing says what that number counts, so here it stays
 * the same while flags change: a client that took an unchanged HIGHESTMODSEQ
 * for "no flag changed" would miss them.
 */
async function yahooLikeProxy(targetPort: number) {
  const modseq = 4242;
  let reported = 0;
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, dovecot.host);
    sockets.add(client).add(upstream);
    const selecting = new Set<string>();
    client.on(
      'data',
      imapLines(
        (line) => {
          const text = line.toString('latin1');
          const [tag = '', command = ''] = text.split(' ');
          if (/^(SELECT|EXAMINE)$/i.test(command)) selecting.add(tag);
          if (/CHANGEDSINCE/i.test(text)) {
            refused.push(text.trim());
            return Buffer.from(`${tag} XYAHOO-REFUSED-CHANGEDSINCE\r\n`, 'latin1');
          }
          return line;
        },
        (data) => upstream.write(data),
      ),
    );
    upstream.on(
      'data',
      imapLines(
        (line) => {
          const [tag = '', status = ''] = line.toString('latin1').split(' ');
          if (!selecting.has(tag) || status.toUpperCase() !== 'OK') return line;
          selecting.delete(tag);
          reported++;
          return Buffer.concat([Buffer.from(`* OK [HIGHESTMODSEQ ${modseq}] Highest\r\n`, 'latin1'), line]);
        },
        (data) => client.write(data),
      ),
    );
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    /** How many SELECT/EXAMINE answers carried a HIGHESTMODSEQ. */
    reported: () => reported,
    /** The commands with CHANGEDSINCE that were refused. */
    refused: () => [...refused],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Splits an IMAP byte stream into lines (a literal's bytes pass untouched) and passes each through `rewrite`. */
function imapLines(rewrite: (line: Buffer) => Buffer, out: (data: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  let literal = 0;
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (literal > 0) {
        const n = Math.min(literal, pending.length);
        if (n === 0) return;
        out(pending.subarray(0, n));
        pending = pending.subarray(n);
        literal -= n;
        continue;
      }
      const end = pending.indexOf('\r\n');
      if (end === -1) return;
      const line = pending.subarray(0, end + 2);
      pending = pending.subarray(end + 2);
      literal = Number(/\{(\d+)\+?\}\r\n$/.exec(line.toString('latin1'))?.[1] ?? 0);
      out(rewrite(line));
    }
  };
}

describe('a server that reports HIGHESTMODSEQ without CONDSTORE (Yahoo)', () => {
  it('gets no CHANGEDSINCE, and its flags still sync; its folders get roles by name ("Bulk" is Junk, "Draft" is Drafts)', async () => {
    const user = USERS.bob;
    const other = await otherClient(user);
    for (const path of ['Sent', 'Draft', 'Trash', 'Bulk', 'Archive']) await other.mailboxCreate(path);
    for (const subject of ['Alpha', 'Beta']) await other.append('INBOX', message(subject));
    const proxy = await yahooLikeProxy(dovecot.ports.imap);
    cleanups.push(() => proxy.close());

    const { core, account } = await startSynced(user, proxy.port);
    await expect.poll(async () => (await inbox(core, account.id)).map((m) => m.subject), poll).toEqual(['Alpha', 'Beta']);
    expect(await roles(core, account.id)).toEqual({
      inbox: 'INBOX',
      sent: 'Sent',
      drafts: 'Draft',
      trash: 'Trash',
      junk: 'Bulk',
      archive: 'Archive',
    });

    await other.messageFlagsAdd(await uidOf(other, 'Alpha'), ['\\Flagged'], { uid: true });
    await expect
      .poll(() => inbox(core, account.id), poll)
      .toEqual([
        { subject: 'Alpha', seen: false, flagged: true },
        { subject: 'Beta', seen: false, flagged: false },
      ]);
    await other.messageFlagsAdd(await uidOf(other, 'Beta'), ['\\Seen'], { uid: true });
    await expect
      .poll(() => inbox(core, account.id), poll)
      .toEqual([
        { subject: 'Alpha', seen: false, flagged: true },
        { subject: 'Beta', seen: true, flagged: false },
      ]);

    // The quirk was played (the folder was selected again and again, each time with a HIGHESTMODSEQ), and no CHANGEDSINCE was sent.
    expect(proxy.reported()).toBeGreaterThan(3);
    expect(proxy.refused()).toEqual([]);
  });
});
