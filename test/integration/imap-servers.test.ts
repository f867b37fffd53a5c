import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { AccountSyncOptions } from '../../main/sync/account-sync';
import type { Account, ConnectionCheck } from '../../shared/accounts';
import type { Events } from '../../shared/contract';
import type { Folder, MessagePage } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { folderPath, IMAP_SERVERS, type ImapServer, type ImapServerName, imapServer } from '../helpers/imap-servers';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { collect, saveNew, sendNow, uidsByMessageId, waitForFolders } from '../helpers/send';
import { addCyrusUser, type CyrusInstance, startCyrus } from '../servers/cyrus';
import type { TestServers, TestUser } from '../servers/types';

// What differs between IMAP servers, against Dovecot and Cyrus: folder names
// with odd characters (modified UTF-7 on the wire, "." or "/" inside a name
// where the server allows it), the Sent copy filed in the server's own Sent
// folder ("INBOX.Sent" on Cyrus), and re-selecting a folder without
// expunging what another client marked \Deleted.
//
// Besides the run's Cyrus (Debian's namespace: "." between levels), this file
// starts a Cyrus of its own with unixhierarchysep: "/" between levels, "."
// allowed in names: the two ways a Cyrus is set up.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

let unixCyrus: CyrusInstance | undefined;
beforeAll(async () => {
  unixCyrus = await startCyrus({
    workDir: path.join(servers.workDir, `cyrus-unix-${process.pid}`),
    caDir: servers.caDir,
    unixHierarchySep: true,
  });
});
afterAll(async () => {
  await unixCyrus?.stop();
});

function unixCyrusServer(): ImapServer {
  const instance = unixCyrus as CyrusInstance;
  return {
    name: 'cyrus-unix',
    host: instance.host,
    imaps: instance.ports.imaps,
    imap: instance.ports.imap,
    delimiter: '/',
    prefix: 'INBOX/',
  };
}

type On = ImapServerName | 'cyrus-unix';
const server = (on: On): ImapServer => (on === 'cyrus-unix' ? unixCyrusServer() : imapServer(servers, on));

async function newUser(on: On, prefix: string, smtp = false): Promise<TestUser> {
  if (on !== 'cyrus-unix') return newMailUser(servers, prefix, on, { smtp });
  const user = await newMailUser(servers, prefix, 'cyrus');
  await addCyrusUser((unixCyrus as CyrusInstance).userDb, user.address, user.password);
  return user;
}

/** imapflow's errors say only "Command failed": add what was sent and the server's answer. */
async function said<T>(what: Promise<T>): Promise<T> {
  return what.catch((err: Error & { executedCommand?: string; response?: string }) => {
    throw new Error(`${err.message}: ${err.executedCommand ?? ''} -> ${err.response ?? ''}`);
  });
}

async function other(user: TestUser, on: On): Promise<ImapFlow> {
  const client = await otherClient(servers, user, server(on));
  cleanups.push(() => client.logout());
  return client;
}

async function startSynced(
  user: TestUser,
  on: On,
  options: AccountSyncOptions = { pollMs: 400 },
  incomingSecurity: 'tls' | 'starttls' = 'tls',
): Promise<{ core: TempCore; account: Account }> {
  const core = await tempCore(new MemorySecretStore(), { syncOptions: options, outboxRetry: { firstMs: 300, maxMs: 1_000 } });
  cleanups.push(() => core.dispose());
  const draft = draftFor(servers, { user, imapServer: server(on), incomingSecurity });
  const account = (await core.dispatch('accounts.add', draft)) as Account;
  return { core, account };
}

async function folders(core: TempCore, accountId: string): Promise<Folder[]> {
  return (await core.dispatch('folders.list', { accountId })) as Folder[];
}

async function subjects(core: TempCore, accountId: string, folderPathOnServer: string): Promise<string[]> {
  const folder = (await folders(core, accountId)).find((f) => f.path === folderPathOnServer);
  if (!folder) return [];
  const page = (await core.dispatch('messages.page', { folderId: folder.id, offset: 0, limit: 100 })) as MessagePage;
  return page.items.map((m) => m.subject).sort();
}

function message(subject: string): string {
  return [
    'From: Sender <sender@example.test>',
    'To: someone@example.test',
    `Subject: ${subject}`,
    `Message-ID: <${randomBytes(6).toString('hex')}@example.test>`,
    'Date: Mon, 02 Nov 2026 10:00:00 +0000',
    '',
    'Hello.',
    '',
  ].join('\r\n');
}

const poll = { timeout: 20_000, interval: 100 };

// Non-ASCII (modified UTF-7 on the wire: "&ANw-" for "Ü"), "&" itself
// ("&-"), brackets and such, and "." inside a name where the server allows
// it. Refused: "%" and "*" (LIST's wildcards) by both; '"' by Cyrus (not in
// its list of allowed characters); "." by this Dovecot (Maildir++ keeps
// folders as ".A.B" on disk) and by Cyrus with "." as its separator; "/"
// by each, as separator or (Cyrus's default) as a character it refuses. So
// a name with "." is tried only on the Cyrus with unixhierarchysep.
const ODD = ['Überweisungen & Co', "日本語 'zitiert' [1+1] ~#"];
const DOT_IN_NAME: Record<On, boolean> = { dovecot: false, cyrus: false, 'cyrus-unix': true };

describe.each(['dovecot', 'cyrus', 'cyrus-unix'] as const)('folder names with odd characters (%s)', (on) => {
  it('made elsewhere, nested, are listed by their names and synced; made in Tidings, reach the server by the same names', async () => {
    const s = server(on);
    const user = await newUser(on, 'odd');
    const client = await other(user, on);
    const parent = folderPath(s, ODD[0] as string);
    const child = folderPath(s, ODD[0] as string, ODD[1] as string);
    await said(client.mailboxCreate(parent));
    await said(client.mailboxCreate(child));
    await said(client.append(child, message('In the odd child')));
    const dotted = DOT_IN_NAME[on] ? folderPath(s, ODD[0] as string, 'v1.2 release') : undefined;
    if (dotted) {
      await said(client.mailboxCreate(dotted));
      await said(client.append(dotted, message('In the dotted one')));
    }
    const { core, account } = await startSynced(user, on);

    await expect.poll(() => subjects(core, account.id, child), poll).toEqual(['In the odd child']);
    const tree = await folders(core, account.id);
    expect(tree.find((f) => f.path === child)).toMatchObject({ name: ODD[1], parentPath: parent, delimiter: s.delimiter });
    expect(tree.find((f) => f.path === parent)).toMatchObject({ name: ODD[0] });
    if (dotted) {
      await expect.poll(() => subjects(core, account.id, dotted), poll).toEqual(['In the dotted one']);
      expect((await folders(core, account.id)).find((f) => f.path === dotted)).toMatchObject({ name: 'v1.2 release', parentPath: parent });
    }

    // Made in Tidings under the odd parent: the server lists it by that name.
    const parentFolder = tree.find((f) => f.path === parent) as Folder;
    const name = DOT_IN_NAME[on] ? 'Ärger & Ünfug v2.0' : 'Ärger & Ünfug';
    const made = (await core.dispatch('folders.create', { accountId: account.id, name, parentId: parentFolder.id })) as Folder;
    expect(made).toMatchObject({ path: folderPath(s, ODD[0] as string, name), name, parentPath: parent });
    const listed = await client.list();
    expect(listed.find((f) => f.path === made.path)).toMatchObject({ name });
    // A name holding the delimiter is refused before the server is asked.
    await expect(
      core.dispatch('folders.create', { accountId: account.id, name: `a${s.delimiter}b`, parentId: parentFolder.id }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});

describe('Test connection against Cyrus', () => {
  it('passes with the password of its user database and says so when the password is wrong', async () => {
    const core = await tempCore();
    cleanups.push(() => core.dispose());
    const test = (password?: string) =>
      core.dispatch(
        'accounts.test',
        draftFor(servers, { imapServer: 'cyrus', ...(password ? { password } : {}) }),
      ) as Promise<ConnectionCheck>;
    expect((await test()).incoming).toMatchObject({ ok: true, protocol: 'imap', port: servers.cyrus.ports.imaps });
    expect((await test('not-the-password')).incoming).toMatchObject({ ok: false, code: 'auth_failed' });
  });
});

/** The CAPABILITY a client sees before STARTTLS, over plain TCP. */
function capabilityBeforeTls(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write('a1 CAPABILITY\r\n'));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (/^a1 /m.test(text)) {
        socket.end('a2 LOGOUT\r\n');
        resolve(/^\* CAPABILITY (.*)$/m.exec(text)?.[1] ?? '');
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed before the answer: ${text}`)));
  });
}

describe.each(IMAP_SERVERS)('STARTTLS (%s)', (on) => {
  it('logs in after STARTTLS (the server refuses passwords before it: LOGINDISABLED) and syncs', async () => {
    const before = (await capabilityBeforeTls(server(on).imap)).split(' ');
    expect(before).toEqual(expect.arrayContaining(['STARTTLS', 'LOGINDISABLED']));
    const user = await newUser(on, 'starttls');
    const client = await other(user, on);
    await client.append('INBOX', message('Over STARTTLS'));
    const { core, account } = await startSynced(user, on, { pollMs: 400 }, 'starttls');
    expect(account.incoming).toMatchObject({ security: 'starttls', port: server(on).imap });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Over STARTTLS']);
  });
});

describe.each(IMAP_SERVERS)('the Sent copy (%s)', (on) => {
  it("is filed once in the server's own Sent folder", async () => {
    const user = await newUser(on, 'sentcopy', true);
    const { core, account } = await startSynced(user, on);
    await waitForFolders(core.dispatch, account);
    const sent = collect((l) => core.events.subscribe(l), 'outbox.sent');
    const draftId = await saveNew(core.dispatch, account.id, {
      to: [{ name: 'Bob', address: servers.users.bob.address }],
      subject: `Sent copy ${on} ${randomBytes(4).toString('hex')}`,
      body: { format: 'plain', text: 'One copy, in the right folder.' },
    });
    await sendNow(core.dispatch, draftId);
    await expect.poll(() => sent.length, { timeout: 30_000, interval: 50 }).toBe(1);
    const messageId = (sent[0] as Events['outbox.sent']).messageId;
    const sentPath = folderPath(server(on), 'Sent');
    const own = await other(user, on);
    await expect.poll(() => uidsByMessageId(own, sentPath, messageId), { timeout: 30_000, interval: 100 }).toHaveLength(1);
    const local = (await folders(core, account.id)).find((f) => f.role === 'sent');
    expect(local?.path).toBe(sentPath);
    await expect.poll(async () => (await folders(core, account.id)).find((f) => f.role === 'sent')?.total, poll).toBe(1);
  });
});

describe.each(IMAP_SERVERS)('syncing the selected folder again (%s)', (on) => {
  it("leaves another client's \\Deleted message alone: it is that client's to expunge", async () => {
    const user = await newUser(on, 'reselect');
    const client = await other(user, on);
    await client.append('INBOX', message('Kept'));
    await client.append('INBOX', message('Marked elsewhere'));
    const { core, account } = await startSynced(user, on, { pollMs: 10 * 60_000, idle: false });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Kept', 'Marked elsewhere']);
    const inbox = (await folders(core, account.id)).find((f) => f.role === 'inbox') as Folder;

    // Mark it \Deleted without expunging (as a client that expunges on exit would).
    const lock = await client.getMailboxLock('INBOX');
    try {
      const [uid] = (await client.search({ subject: 'Marked elsewhere' }, { uid: true })) || [];
      await client.messageFlagsAdd(String(uid), ['\\Deleted'], { uid: true });
    } finally {
      lock.release();
    }
    // Two syncs of the Inbox in a row (the second finds it still selected),
    // each seen to have run by a flag it brings from the server.
    const flagsOf = async (subject: string) => {
      const page = (await core.dispatch('messages.page', { folderId: inbox.id, offset: 0, limit: 10 })) as MessagePage;
      const item = page.items.find((m) => m.subject === subject);
      return { seen: item?.seen, flagged: item?.flagged };
    };
    const setOnServer = async (flag: string) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const [uid] = (await client.search({ subject: 'Kept' }, { uid: true })) || [];
        await client.messageFlagsAdd(String(uid), [flag], { uid: true });
      } finally {
        lock.release();
      }
    };
    await setOnServer('\\Flagged');
    core.services.syncs.poke(account.id, [inbox.id]);
    await expect.poll(() => flagsOf('Kept'), poll).toMatchObject({ flagged: true });
    await setOnServer('\\Seen');
    core.services.syncs.poke(account.id, [inbox.id]);
    await expect.poll(() => flagsOf('Kept'), poll).toMatchObject({ seen: true });

    // Still there on the server: re-selecting did not expunge it (CLOSE would have).
    const onServer = async () => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.noop();
        return ((await client.search({ all: true }, { uid: true })) || []).length;
      } finally {
        lock.release();
      }
    };
    expect(await onServer()).toBe(2);
  });
});
