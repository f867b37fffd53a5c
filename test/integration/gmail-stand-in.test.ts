import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import type { Credentials } from '../../main/auth/credentials';
import { MemorySecretStore } from '../../main/auth/keychain';
import { AccessToken } from '../../main/auth/oauth/access-token';
import { BulkConnection } from '../../main/imap/bulk-connection';
import { serverLimit } from '../../main/net/connection-failure';
import { tlsOptionsFor } from '../../main/net/tls-trust';
import type { Account } from '../../shared/accounts';
import type { Events } from '../../shared/contract';
import type { Folder, MessagePage } from '../../shared/mail';
import { generateCorpus, malformedMessages } from '../corpus/index.ts';
import { tempCore } from '../helpers/core';
import { closedPort } from '../helpers/recording-proxy';
import { DEFAULT_GMAIL_USER, type GmailStandIn, type GmailStandInOptions, startGmailStandIn } from '../servers/gmail-stand-in';

// The Gmail stand-in (test/servers/gmail-stand-in.ts) driven by the IMAP
// clients Tidings uses: imapflow, the lean bulk connection, and the whole
// product. Everything over TLS with the run's CA.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
/** Long enough for a machine busy with other tests. */
const soon = { timeout: 10_000 };

async function standIn(options: GmailStandInOptions = {}): Promise<GmailStandIn> {
  const server = await startGmailStandIn({
    key: readFileSync(join(caDir, 'server.key')),
    cert: readFileSync(join(caDir, 'server.pem')),
    ...options,
  });
  // Stopped last; a bug of the stand-in fails the test that ran into it.
  cleanups.unshift(async () => {
    await server.stop();
    expect(server.internalErrors()).toEqual([]);
  });
  return server;
}

async function client(server: GmailStandIn, auth: { user?: string; pass?: string; accessToken?: string } = {}): Promise<ImapFlow> {
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: server.port,
    secure: true,
    auth: auth.accessToken
      ? { user: auth.user ?? DEFAULT_GMAIL_USER.user, accessToken: auth.accessToken }
      : { user: auth.user ?? DEFAULT_GMAIL_USER.user, pass: auth.pass ?? DEFAULT_GMAIL_USER.password },
    logger: false,
    disableAutoIdle: true,
  });
  imap.on('error', () => undefined);
  await imap.connect();
  cleanups.push(() => imap.logout());
  return imap;
}

let counter = 0;
function message(subject: string, options: { body?: string; from?: string; extra?: string; messageId?: string } = {}): string {
  counter++;
  return [
    `From: ${options.from ?? 'Bob Example <bob@example.test>'}`,
    'To: Ada <ada@gmail.test>',
    `Subject: ${subject}`,
    `Message-ID: ${options.messageId ?? `<m${counter}.${Date.now()}@example.test>`}`,
    'Date: Mon, 02 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...(options.extra ? [options.extra] : ['Content-Type: text/plain; charset=utf-8']),
    '',
    options.body ?? `The body of ${subject}.`,
    '',
  ].join('\r\n');
}

function withAttachment(subject: string): string {
  return message(subject, {
    extra: 'Content-Type: multipart/mixed; boundary="b1"',
    body: [
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the attached invoice.',
      '--b1',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 pretend').toString('base64'),
      '--b1--',
    ].join('\r\n'),
  });
}

/** A TLS connection spoken to by hand: what was received so far, and a wait for a pattern in it. */
function raw(server: GmailStandIn): { send(text: string): void; until(pattern: RegExp): Promise<void>; received(): string } {
  const socket = tls.connect({ host: '127.0.0.1', port: server.port });
  cleanups.push(async () => socket.destroy());
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
  });
  return {
    send: (text) => socket.write(text),
    until: async (pattern) => {
      await expect.poll(() => received, { timeout: 5_000 }).toMatch(pattern);
    },
    received: () => received,
  };
}

/** imapflow answers false (or undefined) for "did not work". */
function got<T>(value: T | false | undefined | null): T {
  if (value === false || value === undefined || value === null) throw new Error('imapflow gave nothing');
  return value;
}

/** UID, X-GM-MSGID and labels of every message in a folder, read through imapflow. */
async function listFolder(imap: ImapFlow, path: string): Promise<{ uid: number; msgid: string; labels: string[] }[]> {
  const lock = await imap.getMailboxLock(path);
  try {
    const out: { uid: number; msgid: string; labels: string[] }[] = [];
    if (imap.mailbox && imap.mailbox.exists === 0) return out;
    for await (const m of imap.fetch('1:*', { uid: true, labels: true }, { uid: true })) {
      out.push({ uid: m.uid, msgid: String(m.emailId), labels: [...(m.labels ?? [])].sort() });
    }
    return out;
  } finally {
    lock.release();
  }
}

describe('the Gmail stand-in, one message in several folders', () => {
  it('shows a message labelled \\Inbox and Work in INBOX, Work and All Mail: one X-GM-MSGID, a UID per folder, each body download counted', async () => {
    const server = await standIn();
    server.addMessage({ raw: message('Archived long ago'), labels: [] });
    server.addMessage({ raw: message('Just inbox'), labels: ['\\Inbox'] });
    const both = message('Both');
    const { msgid, thrid } = server.addMessage({ raw: both, labels: ['\\Inbox', 'Work'] });
    expect(msgid).toMatch(/^\d{19}$/); // a 64-bit number, like Gmail's: beyond what a JS number holds exactly
    const imap = await client(server);

    const inbox = await listFolder(imap, 'INBOX');
    const work = await listFolder(imap, 'Work');
    const all = await listFolder(imap, '[Gmail]/All Mail');
    const inInbox = inbox.find((m) => m.msgid === msgid);
    const inWork = work.find((m) => m.msgid === msgid);
    const inAll = all.find((m) => m.msgid === msgid);
    expect([inInbox?.uid, inWork?.uid, inAll?.uid]).toEqual([2, 1, 3]);
    // Gmail leaves out the label of the folder the message is read in.
    expect(inInbox?.labels).toEqual(['Work']);
    expect(inWork?.labels).toEqual(['\\Inbox']);
    expect(inAll?.labels).toEqual(['Work', '\\Inbox'].sort());
    expect(all).toHaveLength(3);

    // The thread id too, and the folder list as Gmail gives it.
    const lock = await imap.getMailboxLock('Work');
    try {
      const fetched = await imap.fetchOne('1', { uid: true, threadId: true, source: true }, { uid: true });
      expect(got(fetched).threadId).toBe(thrid);
    } finally {
      lock.release();
    }
    const lock2 = await imap.getMailboxLock('INBOX');
    try {
      const fetched = await imap.fetchOne('2', { uid: true, source: true }, { uid: true });
      expect(got(fetched).source?.toString()).toBe(both);
    } finally {
      lock2.release();
    }
    expect(server.bodyFetchesByMsgid().get(msgid)).toBe(2);
    expect(server.bodyFetches()).toBe(2);

    const folders = await imap.list();
    const byPath = new Map(folders.map((f) => [f.path, f]));
    expect(byPath.get('[Gmail]')?.flags.has('\\Noselect')).toBe(true);
    expect(byPath.get('[Gmail]/All Mail')?.specialUse).toBe('\\All');
    expect(byPath.get('[Gmail]/Sent Mail')?.specialUse).toBe('\\Sent');
    expect(byPath.get('[Gmail]/Trash')?.specialUse).toBe('\\Trash');
    expect(byPath.get('[Gmail]/Spam')?.specialUse).toBe('\\Junk');
    expect(byPath.get('[Gmail]/Drafts')?.specialUse).toBe('\\Drafts');
    expect(byPath.get('[Gmail]/Starred')?.specialUse).toBe('\\Flagged');
    expect(byPath.get('[Gmail]/Important')?.flags.has('\\Important')).toBe(true);
    expect(byPath.get('Work')?.flags.has('\\HasNoChildren')).toBe(true);
  });

  it('archives by removing the \\Inbox label, and by MOVE to All Mail; a starred message is in Starred', async () => {
    const server = await standIn();
    const first = server.addMessage({ raw: message('Archive me by label'), labels: ['\\Inbox', 'Work'] });
    const second = server.addMessage({ raw: message('Archive me by move'), labels: ['\\Inbox'] });
    const imap = await client(server);
    const allMailUid = (msgid: string) => server.message(msgid)?.folders.find((f) => f.folder === '[Gmail]/All Mail')?.uid;

    const lock = await imap.getMailboxLock('INBOX');
    try {
      expect(got(imap.mailbox).exists).toBe(2);
      expect(await imap.messageFlagsRemove('1', ['\\Inbox'], { uid: true, useLabels: true })).toBe(true);
      expect(got(imap.mailbox).exists).toBe(1); // the EXPUNGE came with the STORE
      expect(await imap.search({ all: true }, { uid: true })).toEqual([2]);

      const moved = await imap.messageMove('2', '[Gmail]/All Mail', { uid: true });
      expect(got(moved).uidMap?.get(2)).toBe(allMailUid(second.msgid));
      expect(await imap.search({ all: true }, { uid: true })).toEqual([]);
    } finally {
      lock.release();
    }
    expect(server.message(first.msgid)?.labels).toEqual(['Work']);
    expect(server.message(second.msgid)?.labels).toEqual([]);
    expect(server.folderUids('INBOX')).toEqual([]);
    expect(server.folderUids('[Gmail]/All Mail')).toHaveLength(2);

    // Flags are the message's: starring it in All Mail shows it in Starred, and \Seen everywhere.
    const lock2 = await imap.getMailboxLock('[Gmail]/All Mail');
    try {
      await imap.messageFlagsAdd(String(allMailUid(first.msgid)), ['\\Flagged', '\\Seen'], { uid: true });
    } finally {
      lock2.release();
    }
    expect((await listFolder(imap, '[Gmail]/Starred')).map((m) => m.msgid)).toEqual([first.msgid]);
    const lock3 = await imap.getMailboxLock('Work');
    try {
      const flags = await imap.fetchOne('1', { flags: true, labels: true }, { uid: true });
      expect([...(got(flags).flags ?? [])].sort()).toEqual(['\\Flagged', '\\Seen']);
      expect([...(got(flags).labels ?? [])]).toEqual(['\\Starred']);
      // EXPUNGE in a label folder takes the label away; the message stays in All Mail.
      expect(await imap.messageDelete('1', { uid: true })).toBe(true);
    } finally {
      lock3.release();
    }
    expect(server.message(first.msgid)?.labels).toEqual(['\\Starred']);
    expect(
      server
        .message(first.msgid)
        ?.folders.map((f) => f.folder)
        .sort(),
    ).toEqual(['[Gmail]/All Mail', '[Gmail]/Starred']);
  });

  it('COPY to a label folder adds the label (the same message, no copy); MOVE between labels changes it; MOVE to Trash takes every label', async () => {
    const server = await standIn();
    const { msgid } = server.addMessage({ raw: message('Receipt'), labels: ['\\Inbox', '\\Important'] });
    const imap = await client(server);
    await imap.mailboxCreate('Receipts/2024');
    expect((await imap.list()).map((f) => f.path)).toEqual(expect.arrayContaining(['Receipts', 'Receipts/2024']));

    const lock = await imap.getMailboxLock('INBOX');
    try {
      const missing = await imap.messageCopy('1', 'No such label', { uid: true });
      expect(missing).toBe(false);
      const copied = await imap.messageCopy('1', 'Receipts/2024', { uid: true });
      expect([...(got(copied).uidMap ?? [])]).toEqual([[1, 1]]);
      const again = await imap.messageCopy('1', 'Receipts/2024', { uid: true });
      expect([...(got(again).uidMap ?? [])]).toEqual([[1, 1]]);
    } finally {
      lock.release();
    }
    expect(server.folderUids('Receipts/2024')).toEqual([1]);
    expect((await listFolder(imap, 'Receipts/2024'))[0]?.msgid).toBe(msgid);
    expect(server.message(msgid)?.labels).toEqual(['Receipts/2024', '\\Important', '\\Inbox']);
    expect(server.message(msgid)?.folders).toHaveLength(4); // All Mail, INBOX, Important, Receipts/2024

    const lock2 = await imap.getMailboxLock('Receipts/2024');
    try {
      const moved = await imap.messageMove('1', 'Receipts', { uid: true });
      expect(got(moved).uidMap?.get(1)).toBe(1);
    } finally {
      lock2.release();
    }
    expect(server.message(msgid)?.labels).toEqual(['Receipts', '\\Important', '\\Inbox']);

    const lock3 = await imap.getMailboxLock('INBOX');
    try {
      const trashed = await imap.messageMove('1', '[Gmail]/Trash', { uid: true });
      expect(got(trashed).uidMap?.get(1)).toBe(1);
    } finally {
      lock3.release();
    }
    expect(server.message(msgid)?.labels).toEqual(['\\Trash']);
    expect(server.message(msgid)?.folders).toEqual([{ folder: '[Gmail]/Trash', uid: 1 }]);
    expect(server.folderUids('[Gmail]/All Mail')).toEqual([]);
    expect(server.folderUids('Receipts')).toEqual([]);

    // Out of Trash into INBOX: back in All Mail, with a new UID there.
    const lock4 = await imap.getMailboxLock('[Gmail]/Trash');
    try {
      const restored = await imap.messageMove('1', 'INBOX', { uid: true });
      expect(got(restored).uidMap?.get(1)).toBe(2);
    } finally {
      lock4.release();
    }
    expect(server.message(msgid)?.labels).toEqual(['\\Inbox']);
    expect(server.folderUids('[Gmail]/All Mail')).toEqual([2]);
  });

  it("APPEND gives APPENDUID and a message with the folder's label", async () => {
    const server = await standIn();
    const imap = await client(server);
    const raw = message('Sent by me');
    const appended = await imap.append('[Gmail]/Sent Mail', raw, ['\\Seen']);
    expect(got(appended).uid).toBe(1);
    expect(got(appended).uidValidity).toBeGreaterThan(0);
    const [record] = server.appends();
    expect(record).toMatchObject({ folder: '[Gmail]/Sent Mail', uid: 1, size: Buffer.byteLength(raw), flags: ['\\Seen'] });
    expect(server.message(record?.msgid as string)?.labels).toEqual(['\\Sent']);
    expect(
      server
        .message(record?.msgid as string)
        ?.folders.map((f) => f.folder)
        .sort(),
    ).toEqual(['[Gmail]/All Mail', '[Gmail]/Sent Mail']);
    // Large enough for a synchronizing literal, to INBOX.
    const big = message('Big', { body: 'x'.repeat(200_000) });
    const second = await imap.append('INBOX', big);
    expect(got(second).uid).toBe(1);
    const lock = await imap.getMailboxLock('INBOX');
    try {
      const fetched = await imap.fetchOne('1', { source: true }, { uid: true });
      expect(got(fetched).source?.toString()).toBe(big);
    } finally {
      lock.release();
    }
    await expect(imap.append('Nope', raw)).rejects.toMatchObject({ serverResponseCode: 'TRYCREATE' });
  });
});

describe('the Gmail stand-in, folders', () => {
  it('creates, renames and deletes label folders (non-ASCII names too), lists with LIST-STATUS, XLIST and LSUB', async () => {
    const server = await standIn();
    const imap = await client(server);
    const name = 'Entwürfe & Co/日本語';
    await imap.mailboxCreate(name);
    expect((await imap.list()).map((f) => f.path)).toEqual(expect.arrayContaining(['Entwürfe & Co', name]));
    const { msgid } = server.addMessage({ raw: message('Labelled'), labels: ['\\Inbox', name] });
    expect((await listFolder(imap, 'INBOX'))[0]?.labels).toEqual([name]);
    const uidValidity = got(await imap.status(name, { uidValidity: true })).uidValidity;

    await imap.mailboxRename(name, 'Projects/Alpha');
    expect(server.message(msgid)?.labels).toEqual(['Projects/Alpha', '\\Inbox']);
    expect(got(await imap.status('Projects/Alpha', { uidValidity: true, messages: true }))).toMatchObject({ uidValidity, messages: 1 });
    expect(server.folders()).not.toContain(name);
    await imap.mailboxDelete('Projects/Alpha');
    expect(server.message(msgid)?.labels).toEqual(['\\Inbox']);
    await expect(imap.mailboxDelete('[Gmail]/Trash')).rejects.toMatchObject({ serverResponseCode: 'CANNOT' });
    await expect(imap.mailboxCreate('[Gmail]/Mine')).rejects.toBeDefined();

    // LIST-STATUS: the counts come with the listing.
    const listedFrom = server.commands().length;
    const withStatus = await imap.list({ statusQuery: { messages: true, unseen: true, uidNext: true } });
    const listing = server.commands().slice(listedFrom);
    expect(withStatus.find((f) => f.path === 'INBOX')?.status).toMatchObject({ messages: 1, unseen: 1, uidNext: 2 });
    expect(listing.some((c) => /^\S+ LIST .*RETURN \(STATUS \(/.test(c.line))).toBe(true);
    expect(listing.some((c) => c.name === 'STATUS')).toBe(false);

    // By hand: XLIST's flags, a subscription, and the name in modified UTF-7 without UTF8=ACCEPT.
    await imap.mailboxCreate('Über');
    const { send, until, received } = raw(server);
    send(`a1 LOGIN ${DEFAULT_GMAIL_USER.user} "${DEFAULT_GMAIL_USER.password}"\r\n`);
    send('a2 XLIST "" "*"\r\na3 UNSUBSCRIBE "&ANw-ber"\r\na4 LSUB "" "*"\r\na5 LIST (SPECIAL-USE) "" "*"\r\n');
    await until(/a5 OK/);
    expect(received()).toContain('* XLIST (\\HasNoChildren \\Inbox) "/" "INBOX"');
    expect(received()).toContain('* XLIST (\\AllMail \\HasNoChildren) "/" "[Gmail]/All Mail"');
    expect(received()).toContain('* XLIST (\\HasNoChildren) "/" "&ANw-ber"');
    expect(received()).toMatch(/a3 OK/);
    expect(received()).toContain('* LSUB (\\HasNoChildren) "/" "INBOX"');
    expect(received()).not.toContain('* LSUB (\\HasNoChildren) "/" "&ANw-ber"');
    const specialUse = received().match(/\* LIST .*/g) ?? [];
    expect(specialUse).toHaveLength(7);
    expect(specialUse.join('\n')).not.toContain('INBOX');
  });

  it('expunged from All Mail goes to Trash; expunged from Trash is gone', async () => {
    const server = await standIn();
    const { msgid } = server.addMessage({ raw: message('Doomed'), labels: ['\\Inbox', 'Work'] });
    const imap = await client(server);
    const lock = await imap.getMailboxLock('[Gmail]/All Mail');
    try {
      expect(await imap.messageDelete('1', { uid: true })).toBe(true);
    } finally {
      lock.release();
    }
    expect(server.message(msgid)?.folders).toEqual([{ folder: '[Gmail]/Trash', uid: 1 }]);
    const lock2 = await imap.getMailboxLock('[Gmail]/Trash');
    try {
      expect(await imap.messageDelete('1', { uid: true })).toBe(true);
    } finally {
      lock2.release();
    }
    expect(server.message(msgid)).toBeUndefined();
    expect(server.folderUids('[Gmail]/Trash')).toEqual([]);
  });

  it("with Gmail's Auto-Expunge, \\Deleted takes the message out of the folder at once", async () => {
    const server = await standIn({ autoExpunge: true });
    const { msgid } = server.addMessage({ raw: message('Gone from the inbox'), labels: ['\\Inbox'] });
    const imap = await client(server);
    const lock = await imap.getMailboxLock('INBOX');
    try {
      await imap.messageFlagsAdd('1', ['\\Deleted'], { uid: true });
      expect(got(imap.mailbox).exists).toBe(0);
    } finally {
      lock.release();
    }
    expect(server.message(msgid)?.folders).toEqual([{ folder: '[Gmail]/All Mail', uid: 1 }]);
  });
});

describe('the Gmail stand-in, changes and CONDSTORE', () => {
  it('reports labels set through the test API as a MODSEQ change (CHANGEDSINCE) and to an IDLE session', async () => {
    const server = await standIn();
    const kept = server.addMessage({ raw: message('Stays in the inbox'), labels: ['\\Inbox'] });
    const archived = server.addMessage({ raw: message('Archived'), labels: [] });
    const other = server.addMessage({ raw: message('Untouched'), labels: ['\\Inbox'] });
    const imap = await client(server);
    await imap.mailboxOpen('INBOX');
    const before = BigInt(imap.mailbox ? (imap.mailbox.highestModseq ?? 0n) : 0n);
    expect(before).toBeGreaterThan(0n);

    const events: string[] = [];
    imap.on('flags', (event: { uid?: number }) => events.push(`flags ${event.uid}`));
    imap.on('exists', (event: { count: number }) => events.push(`exists ${event.count}`));
    const idling = imap.idle();
    await expect.poll(() => server.commands().some((c) => c.name === 'IDLE'), soon).toBe(true);
    server.setLabels(kept.msgid, ['\\Inbox', 'Later']);
    await expect.poll(() => events, soon).toContain('flags 1');
    server.setLabels(archived.msgid, ['\\Inbox']);
    await expect.poll(() => events, soon).toContain('exists 3');
    server.setFlags(other.msgid, ['\\Seen']);
    await expect.poll(() => events, soon).toContain('flags 2');

    // Any command ends IDLE.
    const changed: number[] = [];
    for await (const m of imap.fetch('1:*', { uid: true, flags: true }, { uid: true, changedSince: before })) changed.push(m.uid);
    await idling;
    expect(changed.sort()).toEqual([1, 2, 3]);
    const status = got(await imap.status('INBOX', { highestModseq: true, messages: true, unseen: true }));
    expect(status.highestModseq).toBeGreaterThan(before);
    expect(status).toMatchObject({ messages: 3, unseen: 2 });
    const afterLabels = BigInt(status.highestModseq ?? 0n);

    // A flag change of one message only, seen with CHANGEDSINCE from there.
    await imap.messageFlagsAdd('3', ['\\Answered'], { uid: true });
    const later: number[] = [];
    for await (const m of imap.fetch('1:*', { uid: true, flags: true }, { uid: true, changedSince: afterLabels })) later.push(m.uid);
    expect(later).toEqual([3]);
    const again = got(await imap.status('INBOX', { highestModseq: true }));
    expect(again.highestModseq).toBeGreaterThan(afterLabels);
  });

  it('tells another session selected on the folder what was expunged there', async () => {
    const server = await standIn();
    server.addMessage({ raw: message('One'), labels: ['\\Inbox'] });
    server.addMessage({ raw: message('Two'), labels: ['\\Inbox'] });
    const watcher = await client(server);
    const actor = await client(server);
    await watcher.mailboxOpen('INBOX');
    const expunged: number[] = [];
    watcher.on('expunge', (event: { seq: number }) => expunged.push(event.seq));
    const idling = watcher.idle();
    await expect.poll(() => server.commands().some((c) => c.name === 'IDLE'), soon).toBe(true);
    await actor.mailboxOpen('INBOX');
    await actor.messageMove('1', '[Gmail]/All Mail', { uid: true });
    await expect.poll(() => expunged, soon).toEqual([1]);
    await watcher.noop();
    await idling;
    expect(got(watcher.mailbox).exists).toBe(1);
    expect(server.connections()).toBe(2);
    expect(server.mostAtOnce()).toBe(2);
  });
});

describe('the Gmail stand-in, search', () => {
  it('answers X-GM-RAW by word, label, sender, subject, attachment and age, and X-GM-MSGID/X-GM-THRID', async () => {
    const server = await standIn();
    const old = new Date(Date.now() - 40 * 86_400_000);
    const invoice = server.addMessage({
      raw: withAttachment('Your invoice'),
      labels: ['\\Inbox', 'Receipts/2024'],
      internalDate: new Date(),
    });
    const lunch = server.addMessage({
      raw: message('Lunch on Friday?', {
        from: '"Carol" <carol@example.test>',
        body: 'Shall we try the dumpling place?',
        messageId: '<lunch@example.test>',
      }),
      labels: ['\\Inbox'],
      internalDate: old,
    });
    // Threaded by its In-Reply-To, as Gmail would.
    const reply = server.addMessage({
      raw: message('Re: Lunch on Friday?', {
        extra: 'Content-Type: text/plain\r\nIn-Reply-To: <lunch@example.test>',
        body: 'Yes!',
        messageId: '<reply@example.test>',
      }),
      labels: ['\\Inbox', 'Work'],
      internalDate: new Date(),
    });
    expect(reply.thrid).toBe(lunch.thrid);
    const imap = await client(server);
    await imap.mailboxOpen('INBOX');
    const uidOf = new Map([
      [invoice.msgid, 1],
      [lunch.msgid, 2],
      [reply.msgid, 3],
    ]);
    const gmraw = async (query: string) => (await imap.search({ gmraw: query }, { uid: true })) || [];
    expect(await gmraw('dumpling')).toEqual([uidOf.get(lunch.msgid)]);
    expect(await gmraw('label:receipts-2024')).toEqual([1]);
    expect(await gmraw('label:Work')).toEqual([3]);
    expect(await gmraw('-label:work')).toEqual([1, 2]);
    expect(await gmraw('from:carol')).toEqual([2]);
    expect(await gmraw('subject:"Lunch on Friday"')).toEqual([2, 3]);
    expect(await gmraw('has:attachment')).toEqual([1]);
    expect(await gmraw('newer_than:7d')).toEqual([1, 3]);
    expect(await gmraw('older_than:30d')).toEqual([2]);
    expect(await gmraw('from:carol OR label:work')).toEqual([2, 3]);
    expect(await imap.search({ labels: { has: ['Receipts/2024'] } }, { uid: true })).toEqual([1]);
    expect(await imap.search({ emailId: reply.msgid }, { uid: true })).toEqual([3]);
    expect(await imap.search({ threadId: lunch.thrid }, { uid: true })).toEqual([2, 3]);
    // Plain IMAP keys, and ESEARCH.
    expect(await imap.search({ subject: 'invoice' }, { uid: true })).toEqual([1]);
    expect(await imap.search({ header: { 'Message-ID': '<reply@example.test>' } }, { uid: true })).toEqual([3]);
    expect(await imap.search({ since: new Date(Date.now() - 86_400_000) }, { uid: true })).toEqual([1, 3]);
    expect(await imap.search({ body: 'attached invoice' }, { uid: true })).toEqual([1]);
    const esearch = await imap.search({ all: true }, { uid: true, returnOptions: ['MIN', 'MAX', 'COUNT', 'ALL'] });
    expect(esearch).toMatchObject({ min: 1, max: 3, count: 3 });
  });
});

describe('the Gmail stand-in, what it makes of messages', () => {
  it('gives the test corpus ENVELOPEs as the corpus expects, finds its attachments, and serves the malformed messages', async () => {
    const server = await standIn();
    const corpus = generateCorpus(200);
    for (const m of corpus) server.addMessage({ raw: m.raw, labels: ['\\Inbox'] });
    const broken = malformedMessages();
    for (const m of broken) server.addMessage({ raw: m.raw, labels: ['Broken'] });
    const imap = await client(server);
    await imap.mailboxOpen('INBOX');
    const seen: { subject: string; messageId: string; from: string; fromName: string; to: string[] }[] = [];
    for await (const m of imap.fetch('1:*', { uid: true, envelope: true, bodyStructure: true }, { uid: true })) {
      const envelope = m.envelope ?? {};
      seen.push({
        subject: envelope.subject ?? '',
        messageId: envelope.messageId ?? '',
        from: envelope.from?.[0]?.address ?? '',
        fromName: envelope.from?.[0]?.name ?? '',
        to: (envelope.to ?? []).map((a) => a.address ?? ''),
      });
    }
    expect(seen).toEqual(
      corpus.map(({ expected }) => ({
        subject: expected.subject,
        messageId: expected.messageId.startsWith('<') ? expected.messageId : `<${expected.messageId}>`,
        from: expected.fromAddress,
        fromName: expected.fromName,
        to: expected.toAddresses,
      })),
    );
    const withAttachments = corpus.flatMap(({ expected }, i) => (expected.attachments.some((a) => !a.inline) ? [i + 1] : []));
    expect(withAttachments.length).toBeGreaterThan(0);
    expect(await imap.search({ gmraw: 'has:attachment' }, { uid: true })).toEqual(withAttachments);

    await imap.mailboxOpen('Broken');
    let served = 0;
    for await (const m of imap.fetch(
      '1:*',
      { uid: true, envelope: true, bodyStructure: true, source: true, bodyParts: ['1', '1.MIME', 'TEXT'] },
      { uid: true },
    )) {
      expect(m.source?.equals(broken[served]?.raw as Buffer)).toBe(true);
      served++;
    }
    expect(served).toBe(broken.length);
  });
});

describe('the Gmail stand-in, refusals and robustness', () => {
  it("refuses bodies past a download limit with Gmail's [OVERQUOTA], and a wrong password or token with [AUTHENTICATIONFAILED]", async () => {
    const server = await standIn();
    server.addMessage({ raw: message('One'), labels: ['\\Inbox'] });
    server.addMessage({ raw: message('Two'), labels: ['\\Inbox'] });
    server.refuseBodiesAfter(1);
    const imap = await client(server);
    const lock = await imap.getMailboxLock('INBOX');
    try {
      const got: number[] = [];
      const failure = await (async () => {
        for await (const m of imap.fetch('1:*', { uid: true, source: true }, { uid: true })) got.push(m.uid);
      })().then(
        () => undefined,
        (error: { responseText?: string }) => error,
      );
      expect(got).toEqual([1]);
      expect(failure?.responseText).toMatch(/Account exceeded command or bandwidth limits/);
      expect(JSON.stringify(failure)).toContain('OVERQUOTA');
      // Which the product takes for Gmail's download limit, not for a broken server.
      expect(serverLimit(failure)).toBe('the account reached its download limit');
      // Headers are still served; bodies again once the limit is lifted.
      expect((await imap.fetchOne('2', { envelope: true }, { uid: true })) || undefined).toBeDefined();
      server.refuseBodiesAfter(null);
      expect(((await imap.fetchOne('2', { source: true }, { uid: true })) || undefined)?.source).toBeDefined();
    } finally {
      lock.release();
    }

    const refused = await client(server, { pass: 'wrong' }).catch(
      (error: { authenticationFailed?: boolean; serverResponseCode?: string }) => error,
    );
    expect(refused).toMatchObject({ authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' });
    const badToken = await client(server, { accessToken: 'not-the-token' }).catch((error: { authenticationFailed?: boolean }) => error);
    expect(badToken).toMatchObject({ authenticationFailed: true });
    const withToken = await client(server, { accessToken: DEFAULT_GMAIL_USER.accessToken as string });
    expect(withToken.authenticated).toBeTruthy();
  });

  it("refuses a login beyond its connection limit with Gmail's words", async () => {
    const server = await standIn({ maxConnections: 2 });
    await client(server);
    await client(server);
    const third = await client(server).catch((error: { responseText?: string; response?: string }) => error);
    expect(JSON.stringify(third)).toMatch(/Too many simultaneous connections/);
    expect(server.connections()).toBe(2);
    expect(server.mostAtOnce()).toBe(2);
  });

  it('answers garbage with BAD and goes on serving the connection', async () => {
    const server = await standIn();
    server.addMessage({ raw: message('Still here'), labels: ['\\Inbox'] });
    const { send, until, received } = raw(server);
    await until(/^\* OK Gimap ready for requests from 127\.0\.0\.1\r\n/);
    send('hello world\r\n');
    await until(/hello BAD Unknown command/);
    send('\r\n');
    await until(/\* BAD \[CLIENTBUG\] Invalid tag/);
    send('a0 SELECT INBOX\r\n');
    await until(/a0 BAD SELECT not allowed now/);
    send(`a1 LOGIN ${DEFAULT_GMAIL_USER.user} "${DEFAULT_GMAIL_USER.password}"\r\n`);
    await until(/a1 OK ada@gmail\.test authenticated \(Success\)/);
    send('a2 FETCH ((( BODY[\r\n');
    await until(/a2 BAD/);
    send('a3 SELECT {5}\r\n');
    await until(/\+ go ahead\r\n/);
    send('INBOX\r\n');
    await until(/a3 OK \[READ-WRITE\] INBOX selected/);
    send('a4 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)] X-GM-LABELS)\r\n');
    await until(/a4 OK Success/);
    expect(received()).toContain('Subject: Still here');
    send(`a5 APPEND INBOX {5000+}\r\n${'x'.repeat(5000)}\r\n`);
    await until(/a5 BAD \[TOOBIG\]/);
    send('a6 UID FETCH 1:* (NOSUCHITEM)\r\na7 STORE 1 +FLAGS (\\Bogus)\r\na8 SEARCH NOSUCHKEY\r\na9 NOOP\r\n');
    await until(/a9 OK Success/);
    expect(received()).toMatch(/a6 BAD/);
    expect(received()).toMatch(/a7 BAD/);
    expect(received()).toMatch(/a8 BAD/);
    send(`b1 FETCH 1 BODY[]${'x'.repeat(2 * 1024 * 1024)}\r\nb2 NOOP\r\n`);
    await until(/b2 OK Success/);
    expect(received()).toMatch(/b1 BAD Command line too long/);
    send('b3 LOGOUT\r\n');
    await until(/\* BYE LOGOUT Requested\r\nb3 OK 73 good day/);
  });
});

/** A Tidings core with an account on the stand-in, and ways to read what it shows. */
async function syncedAccount(server: GmailStandIn) {
  const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 1_000 } });
  cleanups.push(() => core.dispose());
  const phases: Events['sync.progress'][] = [];
  core.events.subscribe((event, payload) => {
    if (event === 'sync.progress') phases.push(payload as Events['sync.progress']);
  });
  const account = (await core.dispatch('accounts.add', {
    name: 'Ada',
    email: DEFAULT_GMAIL_USER.user,
    password: DEFAULT_GMAIL_USER.password,
    incoming: { protocol: 'imap', host: '127.0.0.1', port: server.port, security: 'tls', username: DEFAULT_GMAIL_USER.user },
    outgoing: { host: '127.0.0.1', port: await closedPort(), security: 'none', username: DEFAULT_GMAIL_USER.user },
  })) as Account;
  const status = async () => ((await core.dispatch('accounts.list', {})) as Account[]).find((a) => a.id === account.id)?.status;
  const folders = async () => (await core.dispatch('folders.list', { accountId: account.id })) as Folder[];
  const page = async (path: string) => {
    const folder = (await folders()).find((f) => f.path === path);
    return folder ? ((await core.dispatch('messages.page', { folderId: folder.id, offset: 0, limit: 100 })) as MessagePage) : undefined;
  };
  const subjects = async (path: string) => (await page(path))?.items.map((m) => m.subject).sort();
  return { core, account, status, folders, page, subjects, phases };
}

describe('the Gmail stand-in and Tidings', () => {
  it('serves bodies to the lean bulk connection (main/imap/bulk-connection.ts), by PLAIN and by XOAUTH2', async () => {
    const server = await standIn();
    const raws = [message('Small'), message('Larger', { body: 'y'.repeat(100_000) }), withAttachment('With a file')];
    const label = 'Entwürfe & Co/日本語';
    for (const raw of raws) server.addMessage({ raw, labels: ['\\Inbox', label] });
    const credentialsToTry: Credentials[] = [
      { kind: 'password', password: DEFAULT_GMAIL_USER.password },
      // A Google token goes only to Google's hosts: here the stand-in's loopback one.
      { kind: 'oauth2', token: new AccessToken('google', DEFAULT_GMAIL_USER.accessToken as string, ['127.0.0.1']) },
    ];
    for (const credentials of credentialsToTry) {
      const settings = { host: '127.0.0.1', port: server.port, security: 'tls' as const, username: DEFAULT_GMAIL_USER.user };
      const bulk = new BulkConnection({ server: settings, credentials, tls: tlsOptionsFor('127.0.0.1', []) });
      cleanups.push(async () => bulk.close());
      await bulk.connect();
      expect(await bulk.examine(label)).toBeGreaterThan(0); // sent in modified UTF-7
      const bodies = await bulk.fetchBodies('1:*');
      expect(bodies.map((b) => b.raw.toString())).toEqual(raws);
      const headers = await bulk.fetchHeaders('2');
      expect(headers[0]?.envelope?.subject).toBe('Larger');
      await bulk.logout();
    }
    expect(server.bodyFetches()).toBe(6);
    expect(
      server
        .commands()
        .filter((c) => c.name === 'EXAMINE')
        .map((c) => c.folder),
    ).toEqual([label, label]);
  });

  it('a Tidings account syncs against it: every folder listed, INBOX with the right subjects, bodies downloaded', async () => {
    const server = await standIn();
    server.addMessage({ raw: message('Welcome to the stand-in'), labels: ['\\Inbox', '\\Important'] });
    server.addMessage({ raw: message('Quarterly report'), labels: ['\\Inbox', 'Work'], flags: ['\\Seen', '\\Flagged'] });
    server.addMessage({ raw: withAttachment('Invoice 2024-07'), labels: ['Receipts/2024'] });
    server.addMessage({ raw: message('Sent by me'), labels: ['\\Sent'], flags: ['\\Seen'] });
    server.addMessage({ raw: message('Spammy'), labels: ['\\Spam'] });

    const { core, status, folders, page, phases } = await syncedAccount(server);
    const poll = { timeout: 30_000, interval: 200 };
    await expect.poll(async () => (await status())?.state, poll).toBe('connected');
    await expect.poll(() => phases.some((p) => p.phase === 'idle'), poll).toBe(true);
    const tree = await folders();
    expect(tree.map((f) => f.path).sort()).toEqual(
      [
        'INBOX',
        'Receipts',
        'Receipts/2024',
        'Work',
        '[Gmail]',
        '[Gmail]/All Mail',
        '[Gmail]/Drafts',
        '[Gmail]/Important',
        '[Gmail]/Sent Mail',
        '[Gmail]/Spam',
        '[Gmail]/Starred',
        '[Gmail]/Trash',
      ].sort(),
    );
    expect(tree.find((f) => f.path === '[Gmail]')?.selectable).toBe(false);
    expect(Object.fromEntries(tree.filter((f) => f.role).map((f) => [f.role, f.path]))).toMatchObject({
      inbox: 'INBOX',
      all: '[Gmail]/All Mail',
      sent: '[Gmail]/Sent Mail',
      trash: '[Gmail]/Trash',
      junk: '[Gmail]/Spam',
      drafts: '[Gmail]/Drafts',
      flagged: '[Gmail]/Starred',
    });
    await expect
      .poll(async () => (await page('INBOX'))?.items.map((m) => m.subject).sort(), poll)
      .toEqual(['Quarterly report', 'Welcome to the stand-in']);
    await expect.poll(async () => (await page('[Gmail]/All Mail'))?.total, poll).toBe(4);
    await expect.poll(async () => (await page('[Gmail]/Spam'))?.total, poll).toBe(1);
    const report = (await page('INBOX'))?.items.find((m) => m.subject === 'Quarterly report');
    expect(report).toMatchObject({ seen: true, flagged: true });

    // Every message's body arrives (how many downloads that takes is the product's business).
    for (const path of ['INBOX', 'Receipts/2024', '[Gmail]/All Mail']) {
      for (const item of (await page(path))?.items ?? []) {
        await expect
          .poll(
            () =>
              core.dispatch('messages.source', { id: item.id }).then(
                () => true,
                () => false,
              ),
            poll,
          )
          .toBe(true);
      }
    }
    expect(server.bodyFetches()).toBeGreaterThanOrEqual(5);
    // Nothing the product sent was refused or misunderstood.
    expect(server.commands().filter((c) => c.status === 'BAD' || c.status === 'NO')).toEqual([]);
    if (process.env.GMAIL_STAND_IN_DUMP)
      console.log(
        server
          .commands()
          .map((c) => `${c.connection} ${c.status} ${c.line} -> ${c.answer}`)
          .join('\n'),
      );
  });

  it('a Tidings account follows what happens on Gmail, and what it does there comes out as Gmail would have it', async () => {
    const server = await standIn();
    const report = server.addMessage({ raw: message('Quarterly report'), labels: ['\\Inbox', 'Work'] });
    const lunch = server.addMessage({ raw: message('Lunch?'), labels: ['\\Inbox'] });
    const { core, status, page, subjects, phases } = await syncedAccount(server);
    const poll = { timeout: 30_000, interval: 200 };
    await expect.poll(async () => (await status())?.state, poll).toBe('connected');
    await expect.poll(() => subjects('INBOX'), poll).toEqual(['Lunch?', 'Quarterly report']);
    await expect.poll(() => phases.some((p) => p.phase === 'idle'), poll).toBe(true);

    // On Gmail: new mail, and a message archived (by another client, or a filter).
    server.addMessage({ raw: message('Fresh news'), labels: ['\\Inbox'] });
    server.setLabels(lunch.msgid, []);
    await expect.poll(() => subjects('INBOX'), poll).toEqual(['Fresh news', 'Quarterly report']);
    await expect.poll(() => subjects('[Gmail]/All Mail'), poll).toEqual(['Fresh news', 'Lunch?', 'Quarterly report']);

    // In Tidings: a star, and a delete (to Trash).
    const inbox = await page('INBOX');
    const id = (subject: string) => inbox?.items.find((m) => m.subject === subject)?.id as number;
    await core.dispatch('messages.setFlags', { ids: [id('Fresh news')], flagged: true });
    await expect
      .poll(
        () =>
          server
            .allMessages()
            .find((m) => m.labels.includes('\\Starred'))
            ?.folders.map((f) => f.folder)
            .sort(),
        poll,
      )
      .toEqual(['INBOX', '[Gmail]/All Mail', '[Gmail]/Starred']);
    await expect.poll(() => subjects('[Gmail]/Starred'), poll).toEqual(['Fresh news']);
    await core.dispatch('messages.delete', { ids: [id('Quarterly report')] });
    await expect.poll(() => server.message(report.msgid)?.labels, poll).toEqual(['\\Trash']);
    await expect.poll(() => subjects('[Gmail]/Trash'), poll).toEqual(['Quarterly report']);
    await expect.poll(() => subjects('Work'), poll).toEqual([]);
    await expect.poll(() => subjects('[Gmail]/All Mail'), poll).toEqual(['Fresh news', 'Lunch?']);
    expect(server.commands().filter((c) => c.status === 'BAD' || c.status === 'NO')).toEqual([]);
  });
});
