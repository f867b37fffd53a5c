import { execFileSync } from 'node:child_process';
import { appendFile, chown, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { addCyrusUser } from '../servers/cyrus';
import { MAIL_USER } from '../servers/dovecot';
import type { TestServers, TestUser } from '../servers/types';
import { type ImapServer, type ImapServerName, imapServer } from './imap-servers';

let counter = 0;

/**
 * A fresh mailbox user on the test Dovecot, so that a test owns its whole
 * mailbox. Dovecot's passwd-file is re-read when it changes.
 *
 * `on: 'cyrus'`: the user's mailbox is on Cyrus instead. Postfix asks
 * Dovecot for SMTP logins, so a Cyrus user who must send (`smtp: true`) is
 * made on Dovecot as well, with the same password.
 */
export async function newMailUser(
  servers: TestServers,
  prefix = 'user',
  on: ImapServerName = 'dovecot',
  { smtp = false }: { smtp?: boolean } = {},
): Promise<TestUser> {
  const local = `${prefix}${process.pid}x${++counter}`;
  const user = { address: `${local}@example.test`, password: `${local}-pass` };
  if (on === 'cyrus') {
    await addCyrusUser(servers.cyrus.userDb, user.address, user.password);
    if (!smtp) return user;
  }
  const file = join(servers.workDir, 'dovecot', 'users');
  await appendFile(file, `${user.address}:{PLAIN}${user.password}::::::\n`);
  // Dovecot re-reads the file when its mtime changes, but looks at most once a
  // second (and mtime has a resolution of one second): give this addition an
  // mtime of its own, and let the second in which Dovecot last looked pass.
  const stamp = Math.floor(Date.now() / 1000) + counter;
  await utimes(file, stamp, stamp);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return user;
}

/** Changes a user's password on the test Dovecot (and so for Postfix's SMTP AUTH, which asks Dovecot): the user changed it elsewhere. */
export async function changeMailPassword(servers: TestServers, user: TestUser, password: string): Promise<TestUser> {
  const file = join(servers.workDir, 'dovecot', 'users');
  const lines = (await readFile(file, 'utf8')).split('\n');
  const prefix = `${user.address}:`;
  if (!lines.some((line) => line.startsWith(prefix))) throw new Error(`no user ${user.address} in ${file}`);
  await writeFile(file, lines.map((line) => (line.startsWith(prefix) ? `${prefix}{PLAIN}${password}::::::` : line)).join('\n'));
  // As in newMailUser: an mtime of its own, and the second in which Dovecot last looked gone by.
  const stamp = Math.floor(Date.now() / 1000) + ++counter;
  await utimes(file, stamp, stamp);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return { ...user, password };
}

/** "Another mail client": a plain imapflow connection to the test Dovecot (or Cyrus), for changing a mailbox behind Tidings' back. */
export async function otherClient(servers: TestServers, user: TestUser, on: ImapServerName | ImapServer = 'dovecot'): Promise<ImapFlow> {
  const server = imapServer(servers, on);
  const client = new ImapFlow({
    host: server.host,
    port: server.imaps,
    secure: true,
    auth: { user: user.address, pass: user.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * Writes a folder of many messages straight into a user's Maildir on the
 * test Dovecot (Maildir++: ".Name" beside the Inbox), owned by the mail user.
 * APPENDing thousands one by one takes tens of seconds on a busy machine;
 * this takes a fraction of one. Dovecot indexes the folder when it is first
 * opened. The user must have logged in once (the Maildir exists then).
 */
export async function writeMaildirFolder(servers: TestServers, user: TestUser, folder: string, messages: readonly Buffer[]): Promise<void> {
  const [local, domain] = user.address.split('@') as [string, string];
  const { uid, gid } = mailOwner();
  // Every directory made here belongs to the mail user, the parents too: a domain
  // directory made by root (when no user of the domain had a Maildir yet) kept
  // Dovecot from making any other user's ("Permission denied", SERVERBUG on SELECT).
  let dir = join(servers.workDir, 'dovecot', 'mail');
  // INBOX is the Maildir itself; other folders are ".Name" inside it.
  for (const part of [domain.toLowerCase(), local.toLowerCase(), 'Maildir', ...(folder === 'INBOX' ? [] : [`.${folder}`])]) {
    dir = join(dir, part);
    if ((await mkdir(dir, { recursive: true })) !== undefined) await chown(dir, uid, gid);
  }
  for (const sub of ['cur', 'new', 'tmp']) {
    await mkdir(join(dir, sub), { recursive: true });
    await chown(join(dir, sub), uid, gid);
  }
  for (const [i, raw] of messages.entries()) {
    const file = join(dir, 'cur', `${1_700_000_000 + i}.M${i}P${process.pid}.tidings-test,S=${raw.length}:2,`);
    await writeFile(file, raw);
    await chown(file, uid, gid);
  }
}

/**
 * writeMaildirFolder for many folders, `parallel` at a time: 10,000 empty
 * folders in seconds (one by one, a minute or more).
 */
export async function writeMaildirFolders(
  servers: TestServers,
  user: TestUser,
  folders: readonly { name: string; messages: readonly Buffer[] }[],
  parallel = 64,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < folders.length) {
      const folder = folders[next++] as { name: string; messages: readonly Buffer[] };
      await writeMaildirFolder(servers, user, folder.name, folder.messages);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, folders.length) }, worker));
}

let owner: { uid: number; gid: number } | undefined;

/** The mail user's uid and gid, asked of the system once (two processes per folder made 10,000 folders take minutes). */
function mailOwner(): { uid: number; gid: number } {
  owner ??= {
    uid: Number(execFileSync('id', ['-u', MAIL_USER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', MAIL_USER]).toString().trim()),
  };
  return owner;
}

/** The UIDs of a folder's messages whose subject contains `subject`, as this client sees the folder now. */
export async function uidsWithSubject(client: ImapFlow, subject: string, folder = 'INBOX'): Promise<number[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    await client.noop(); // learn of what other connections added since this one selected the folder
    return (await client.search({ subject }, { uid: true })) || [];
  } finally {
    lock.release();
  }
}

/** How many messages in `folder` of `user`'s mailbox have `subject` in their subject, asked over a connection of its own. */
export async function countWithSubject(servers: TestServers, user: TestUser, folder: string, subject: string): Promise<number> {
  const client = await otherClient(servers, user);
  try {
    return (await uidsWithSubject(client, subject, folder)).length;
  } finally {
    await client.logout();
  }
}

/** The raw sources of the messages in `folder` of `user`'s mailbox with `subject` in their subject, asked over a connection of its own. */
export async function sourcesWithSubject(servers: TestServers, user: TestUser, folder: string, subject: string): Promise<string[]> {
  const client = await otherClient(servers, user);
  try {
    const found: string[] = [];
    for (const uid of await uidsWithSubject(client, subject, folder)) {
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      const source = message ? message.source : undefined; // fetchOne answers false for a UID gone meanwhile
      if (source) found.push(source.toString('utf8'));
    }
    return found;
  } finally {
    await client.logout();
  }
}

/**
 * Takes back what a test delivered to a mailbox other tests share (bob's,
 * carol's): the messages whose subject contains `subject` (a run's tag).
 */
export async function deleteWithSubject(client: ImapFlow, subject: string, folder = 'INBOX'): Promise<void> {
  const uids = await uidsWithSubject(client, subject, folder);
  if (uids.length === 0) return;
  const lock = await client.getMailboxLock(folder);
  try {
    await client.messageDelete(uids, { uid: true });
  } finally {
    lock.release();
  }
}
