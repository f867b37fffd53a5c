import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { AccountSyncOptions } from '../../main/sync/account-sync';
import type { Account } from '../../shared/accounts';
import type { Events } from '../../shared/contract';
import type { Folder, MessageDetail, MessagePage } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { folderPath, IMAP_SERVERS, type ImapServerName, imapServer } from '../helpers/imap-servers';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { type NetworkSwitch, startNetworkSwitch } from '../helpers/network-switch';
import type { TestServers, TestUser } from '../servers/types';

// IMAP sync against real servers: what another client does shows up in the
// store; what the user does reaches the server, also after being offline.
// Every test has a mailbox user of its own, and runs against Dovecot and
// Cyrus (describe.each over IMAP_SERVERS), whose folders are "INBOX.Name"
// with "." between levels: a test names folders with folderPath(), never by
// a literal.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const FAST: AccountSyncOptions = { pollMs: 400 };

function message(subject: string, body = 'Hello.', extra = ''): string {
  return [
    'From: Sender <sender@example.test>',
    'To: someone@example.test',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}.${Math.random().toString(36).slice(2)}@example.test>`,
    'Date: Mon, 02 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    extra,
    '',
    body,
    '',
  ]
    .filter((line, i) => line !== '' || i > 6)
    .join('\r\n');
}

async function other(user: TestUser, on: ImapServerName = 'dovecot'): Promise<ImapFlow> {
  const client = await otherClient(servers, user, on);
  cleanups.push(() => client.logout());
  return client;
}

interface Synced {
  core: TempCore;
  account: Account;
  user: TestUser;
}

async function startSynced(
  user: TestUser,
  options: AccountSyncOptions = FAST,
  { via, on = 'dovecot' }: { via?: NetworkSwitch; on?: ImapServerName } = {},
): Promise<Synced> {
  const core = await tempCore(new MemorySecretStore(), { syncOptions: options });
  cleanups.push(() => core.dispose());
  const draft = draftFor(servers, { user, imapServer: on });
  if (via) draft.incoming = { ...draft.incoming, port: via.port };
  const account = (await core.dispatch('accounts.add', draft)) as Account;
  return { core, account, user };
}

async function folders(core: TempCore, accountId: string): Promise<Folder[]> {
  return (await core.dispatch('folders.list', { accountId })) as Folder[];
}

async function folderByPath(core: TempCore, accountId: string, path: string): Promise<Folder | undefined> {
  return (await folders(core, accountId)).find((f) => f.path === path);
}

async function folderByRole(core: TempCore, accountId: string, role: Folder['role']): Promise<Folder | undefined> {
  return (await folders(core, accountId)).find((f) => f.role === role);
}

async function subjects(core: TempCore, accountId: string, path: string): Promise<string[]> {
  const folder = await folderByPath(core, accountId, path);
  if (!folder) return [];
  const page = (await core.dispatch('messages.page', { folderId: folder.id, offset: 0, limit: 500 })) as MessagePage;
  return page.items.map((m) => m.subject).sort();
}

async function pageOf(core: TempCore, accountId: string, path: string): Promise<MessagePage> {
  const folder = await folderByPath(core, accountId, path);
  if (!folder) throw new Error(`no folder ${path}`);
  return (await core.dispatch('messages.page', { folderId: folder.id, offset: 0, limit: 500 })) as MessagePage;
}

const poll = { timeout: 15_000, interval: 100 };

describe.each(IMAP_SERVERS)('initial sync (%s)', (on) => {
  it('lists the folder tree with special-use roles, and every message newest first with bodies byte-identical', async () => {
    const server = imapServer(servers, on);
    const pathOf = (...levels: string[]) => folderPath(server, ...levels);
    const user = await newMailUser(servers, 'init', on);
    const client = await other(user, on);
    await client.mailboxCreate(pathOf('Lists', 'Rust'));
    const raws: Buffer[] = [];
    for (let i = 0; i < 30; i++) {
      const raw = Buffer.from(
        message(`Message ${String(i).padStart(2, '0')}`, `Body number ${i}.\r\n.\r\nFrom the start`).replace(
          '02 Nov 2026 10:00',
          `02 Nov 2026 10:${String(i).padStart(2, '0')}`,
        ),
      );
      raws.push(raw);
      await client.append('INBOX', raw);
    }
    const { core, account } = await startSynced(user, FAST, { on });

    await expect.poll(async () => (await pageOf(core, account.id, 'INBOX')).total, poll).toBe(30);
    const tree = await folders(core, account.id);
    const roles = Object.fromEntries(tree.filter((f) => f.role).map((f) => [f.role, f.path]));
    expect(roles).toMatchObject({
      inbox: 'INBOX',
      drafts: pathOf('Drafts'),
      sent: pathOf('Sent'),
      trash: pathOf('Trash'),
      junk: pathOf('Junk'),
      archive: pathOf('Archive'),
    });
    expect(tree.find((f) => f.path === pathOf('Lists', 'Rust'))).toMatchObject({
      name: 'Rust',
      parentPath: pathOf('Lists'),
      delimiter: server.delimiter,
    });
    // The user's own folders are at the top of the tree, also where the server keeps them under "INBOX." (Cyrus).
    expect(tree.find((f) => f.path === pathOf('Lists'))).toMatchObject({ name: 'Lists', parentPath: null });
    expect(tree.find((f) => f.role === 'sent')?.parentPath).toBeNull();
    expect(tree[0]?.role).toBe('inbox');

    const page = await pageOf(core, account.id, 'INBOX');
    expect(page.items[0]?.subject).toBe('Message 29'); // newest first
    expect(page.items.every((m) => !m.seen)).toBe(true);
    expect(tree.find((f) => f.role === 'inbox')?.unread).toBe(30);

    // Bodies arrive in the background, exactly as the server holds them.
    for (const item of page.items) {
      await expect
        .poll(
          async () =>
            core.dispatch('messages.source', { id: item.id }).then(
              () => true,
              () => false,
            ),
          poll,
        )
        .toBe(true);
      const { source } = (await core.dispatch('messages.source', { id: item.id })) as { source: string };
      const n = Number(item.subject.slice(-2));
      expect(Buffer.from(source, 'latin1').equals(raws[n] as Buffer)).toBe(true);
    }
    const detail = (await core.dispatch('messages.get', { id: page.items[0]?.id })) as MessageDetail;
    expect(detail.body).toBe('ready');
    expect(detail.text).toContain('Body number 29.');
    expect(detail.snippet).toContain('Body number 29');
  });
});

const MODES: [string, AccountSyncOptions['extensions']][] = [
  ['QRESYNC', { condstore: true, qresync: true }],
  ['CONDSTORE without QRESYNC', { condstore: true, qresync: false }],
  ['neither CONDSTORE nor QRESYNC', { condstore: false, qresync: false }],
];

const SERVER_MODES = IMAP_SERVERS.flatMap((on) => MODES.map(([name, extensions]) => [on, name, extensions] as const));

describe.each(SERVER_MODES)('changes by another client (%s, %s)', (on, _name, extensions) => {
  it('new mail, flags, expunges, moves and a new folder reach the store', async () => {
    const projects = folderPath(imapServer(servers, on), 'Projects');
    const user = await newMailUser(servers, 'live', on);
    const client = await other(user, on);
    await client.append('INBOX', message('First'));
    await client.append('INBOX', message('Second'));
    await client.append('INBOX', message('Third'));
    const { core, account } = await startSynced(user, { ...FAST, extensions }, { on });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['First', 'Second', 'Third']);

    // New mail (IDLE on the Inbox, or the poll).
    await client.append('INBOX', message('Fourth'));
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['First', 'Fourth', 'Second', 'Third']);

    // Flags.
    await client.mailboxOpen('INBOX');
    const uidOf = async (subject: string) => {
      const found = await client.search({ subject }, { uid: true });
      return (found || [])[0] as number;
    };
    await client.messageFlagsAdd(String(await uidOf('First')), ['\\Seen', '\\Flagged'], { uid: true });
    await expect
      .poll(async () => (await pageOf(core, account.id, 'INBOX')).items.find((m) => m.subject === 'First'), poll)
      .toMatchObject({ seen: true, flagged: true });

    // Expunge.
    await client.messageDelete(String(await uidOf('Second')), { uid: true });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['First', 'Fourth', 'Third']);

    // Move to another folder, and a folder that did not exist.
    await client.mailboxCreate(projects);
    await client.mailboxOpen('INBOX');
    await client.messageMove(String(await uidOf('Third')), projects, { uid: true });
    await expect.poll(() => subjects(core, account.id, projects), poll).toEqual(['Third']);
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['First', 'Fourth']);
  });
});

describe.each(IMAP_SERVERS)('keeping only recent mail offline (%s)', (on) => {
  it('downloads bodies of the last N days only, and any other when it is opened', async () => {
    const user = await newMailUser(servers, 'days', on);
    const client = await other(user, on);
    const recent = new Date(Date.now() - 2 * 86_400_000).toUTCString().replace('GMT', '+0000');
    await client.append('INBOX', message('Recent').replace('Mon, 02 Nov 2026 10:00:00 +0000', recent));
    await client.append('INBOX', message('Ancient').replace('Mon, 02 Nov 2026 10:00:00 +0000', 'Tue, 01 Jan 2019 10:00:00 +0000'));
    const { core, account } = await startSynced(user, { ...FAST, bodyDays: 30 }, { on });
    const updated = (await core.dispatch('accounts.setOptions', { id: account.id, options: { bodyDays: 30 } })) as Account;
    expect(updated.options).toEqual({ bodyDays: 30 });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Ancient', 'Recent']);
    const items = (await pageOf(core, account.id, 'INBOX')).items;
    const id = (subject: string) => items.find((m) => m.subject === subject)?.id;
    const hasSource = (messageId: number | undefined) =>
      core.dispatch('messages.source', { id: messageId }).then(
        () => true,
        () => false,
      );
    await expect.poll(() => hasSource(id('Recent')), poll).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a whole sync pass later…
    expect(await hasSource(id('Ancient'))).toBe(false); // …the old one is still not downloaded
    const opened = (await core.dispatch('messages.get', { id: id('Ancient') })) as MessageDetail;
    expect(opened.body).toBe('ready'); // fetched on demand
    expect(await hasSource(id('Ancient'))).toBe(true);
  });
});

describe.each(IMAP_SERVERS)('IDLE (%s)', (on) => {
  it('new mail in the Inbox shows without waiting for the poll (10 minutes here): IDLE tells', async () => {
    const user = await newMailUser(servers, 'idle', on);
    const client = await other(user, on);
    await client.append('INBOX', message('Before'));
    const { core, account } = await startSynced(user, { pollMs: 10 * 60_000 }, { on });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Before']);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the IDLE connection settles in
    await client.append('INBOX', message('Pushed'));
    // How fast is for bench/ to say; here only that it comes long before the poll would.
    await expect.poll(() => subjects(core, account.id, 'INBOX'), { timeout: 20_000, interval: 50 }).toEqual(['Before', 'Pushed']);
  });
});

describe.each(IMAP_SERVERS)('every folder live (%s)', (on) => {
  it('new mail in a folder other than the Inbox shows within the STATUS round, long before the full pass (10 minutes here)', async () => {
    const projects = folderPath(imapServer(servers, on), 'Projects');
    const user = await newMailUser(servers, 'live', on);
    const client = await other(user, on);
    await client.mailboxCreate(projects);
    await client.append(projects, message('Plan'));
    const { core, account } = await startSynced(user, { pollMs: 10 * 60_000, statusMs: 500 }, { on });
    await expect.poll(() => subjects(core, account.id, projects), poll).toEqual(['Plan']);
    await client.append(projects, message('Budget'));
    await expect.poll(() => subjects(core, account.id, projects), { timeout: 20_000, interval: 100 }).toEqual(['Budget', 'Plan']);
    // A flag changed elsewhere shows too (CONDSTORE: STATUS HIGHESTMODSEQ).
    const lock = await client.getMailboxLock(projects);
    try {
      await client.messageFlagsAdd({ all: true }, ['\\Flagged']);
    } finally {
      lock.release();
    }
    const flagged = async () => (await pageOf(core, account.id, projects)).items.filter((m) => m.flagged).length;
    await expect.poll(flagged, { timeout: 20_000, interval: 100 }).toBe(2);
  });
});

describe.each(IMAP_SERVERS)('new mail (%s)', (on) => {
  it('tells the UI of unread mail arriving in the Inbox: not what a first sync brings, not read mail, not Junk', async () => {
    const junk = folderPath(imapServer(servers, on), 'Junk');
    const user = await newMailUser(servers, 'arrive', on);
    const client = await other(user, on);
    await client.append('INBOX', message('Old news'));
    const { core, account } = await startSynced(user, FAST, { on });
    const arrived: Events['mail.arrived'][] = [];
    core.events.subscribe((event, payload) => {
      if (event === 'mail.arrived') arrived.push(payload as Events['mail.arrived']);
    });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Old news']);
    await expect.poll(async () => (await folderByPath(core, account.id, junk)) !== undefined, poll).toBe(true);

    await client.append('INBOX', message('Fresh'));
    await client.append('INBOX', message('Already read'), ['\\Seen']);
    await client.append(junk, message('Cheap watches'));
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Already read', 'Fresh', 'Old news']);
    await expect.poll(() => subjects(core, account.id, junk), poll).toEqual(['Cheap watches']);
    // Everything that arrived is stored; the event named the one unread Inbox message, once.
    expect(arrived.flatMap((e) => e.messages.map((m) => m.subject))).toEqual(['Fresh']);
    expect(arrived[0]).toMatchObject({ accountId: account.id, more: 0 });
  });
});

describe.each(IMAP_SERVERS)('UIDVALIDITY (%s)', (on) => {
  it('a recreated folder is synced afresh: no duplicates, no orphans', async () => {
    const recreated = folderPath(imapServer(servers, on), 'Recreated');
    const user = await newMailUser(servers, 'uidv', on);
    const client = await other(user, on);
    await client.mailboxCreate(recreated);
    for (const s of ['Old 1', 'Old 2', 'Old 3']) await client.append(recreated, message(s));
    const uidValidity = async () => {
      const status = await client.status(recreated, { uidValidity: true });
      return status ? status.uidValidity : undefined;
    };
    const before = await uidValidity();
    expect(before).toBeTruthy();
    const { core, account } = await startSynced(user, FAST, { on });
    await expect.poll(() => subjects(core, account.id, recreated), poll).toEqual(['Old 1', 'Old 2', 'Old 3']);

    // Stop syncing while the folder is replaced, so the sync sees only the new UIDVALIDITY.
    await core.services.syncs.stop(account.id);
    await client.mailboxDelete(recreated);
    await client.mailboxCreate(recreated);
    for (const s of ['New 1', 'New 2']) await client.append(recreated, message(s));
    // The premise: the server gave the new folder a UIDVALIDITY of its own.
    expect(await uidValidity()).not.toBe(before);
    core.services.syncs.start({ ...account });
    await expect.poll(() => subjects(core, account.id, recreated), poll).toEqual(['New 1', 'New 2']);
  });
});

describe.each(IMAP_SERVERS)('folders (%s)', (on) => {
  it('are created, renamed and deleted on the server from Tidings', async () => {
    const server = imapServer(servers, on);
    const pathOf = (...levels: string[]) => folderPath(server, ...levels);
    const user = await newMailUser(servers, 'folders', on);
    const client = await other(user, on);
    const { core, account } = await startSynced(user, { pollMs: 10 * 60_000 }, { on });
    await expect.poll(async () => (await folders(core, account.id)).length, poll).toBeGreaterThan(0);

    const created = (await core.dispatch('folders.create', { accountId: account.id, name: 'Receipts' })) as Folder;
    // At the top level of the user's folders: on Cyrus that is under "INBOX.", and
    // shown at the top of the tree beside the Inbox (as Thunderbird shows it), not inside it.
    expect(created).toMatchObject({ path: pathOf('Receipts'), name: 'Receipts', parentPath: null });
    const child = (await core.dispatch('folders.create', { accountId: account.id, name: '2026', parentId: created.id })) as Folder;
    expect(child).toMatchObject({ path: pathOf('Receipts', '2026'), parentPath: pathOf('Receipts') });
    const serverPaths = async () => (await client.list()).map((f) => f.path).sort();
    expect(await serverPaths()).toEqual(expect.arrayContaining([pathOf('Receipts'), pathOf('Receipts', '2026')]));

    await client.append(pathOf('Receipts', '2026'), message('Filed away'));
    core.services.syncs.poke(account.id, [child.id]);
    await expect.poll(() => subjects(core, account.id, pathOf('Receipts', '2026')), poll).toEqual(['Filed away']);
    const filed = (await pageOf(core, account.id, pathOf('Receipts', '2026'))).items[0];

    const renamed = (await core.dispatch('folders.rename', { id: child.id, name: '2027' })) as Folder;
    expect(renamed.path).toBe(pathOf('Receipts', '2027'));
    // The folder keeps its identity and its stored mail: nothing is downloaded again.
    expect(renamed.id).toBe(child.id);
    expect((await pageOf(core, account.id, pathOf('Receipts', '2027'))).items[0]?.id).toBe(filed?.id);
    expect(await serverPaths()).toContain(pathOf('Receipts', '2027'));
    expect(await serverPaths()).not.toContain(pathOf('Receipts', '2026'));

    await core.dispatch('folders.delete', { id: renamed.id });
    expect(await serverPaths()).not.toContain(pathOf('Receipts', '2027'));
    expect((await folders(core, account.id)).map((f) => f.path)).not.toContain(pathOf('Receipts', '2027'));

    // A top-level folder renamed stays in the personal namespace, at the top.
    const bills = (await core.dispatch('folders.rename', { id: created.id, name: 'Bills' })) as Folder;
    expect(bills).toMatchObject({ id: created.id, path: pathOf('Bills'), name: 'Bills', parentPath: null });
    expect(await serverPaths()).toContain(pathOf('Bills'));
    expect(await serverPaths()).not.toContain(pathOf('Receipts'));
    // The same name again at the top level is refused before the server is asked.
    await expect(core.dispatch('folders.create', { accountId: account.id, name: 'Bills' })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'There is already a folder "Bills" there.',
    });

    // Special folders stay; a name with the delimiter is refused with a reason.
    const inbox = (await folders(core, account.id)).find((f) => f.role === 'inbox') as Folder;
    await expect(core.dispatch('folders.delete', { id: inbox.id })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(core.dispatch('folders.create', { accountId: account.id, name: `a${server.delimiter}b` })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});

describe.each(IMAP_SERVERS)('an action the server refuses (%s)', (on) => {
  it('is undone in the store, and the user is told', async () => {
    const doomedPath = folderPath(imapServer(servers, on), 'Doomed');
    const user = await newMailUser(servers, 'refuse', on);
    const client = await other(user, on);
    await client.mailboxCreate(doomedPath);
    await client.append('INBOX', message('Stay home'));
    // No polling: Tidings will not learn that "Doomed" is gone before it replays the move.
    const { core, account } = await startSynced(user, { pollMs: 10 * 60_000, idle: false }, { on });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Stay home']);
    const doomed = (await folderByPath(core, account.id, doomedPath)) as Folder;
    const notices: string[] = [];
    core.events.subscribe((event, payload) => {
      if (event === 'notice') notices.push((payload as { message: string }).message);
    });
    await client.mailboxDelete(doomedPath);

    const [item] = (await pageOf(core, account.id, 'INBOX')).items;
    // Applied locally at once (not checked by reading the folder back: the refusal may already have undone it).
    expect(await core.dispatch('messages.move', { ids: [item?.id], folderId: doomed.id })).toEqual({ moved: 1 });

    await expect.poll(() => notices.length, poll).toBeGreaterThan(0);
    // The folder as the user sees it: "Doomed", not Cyrus's "INBOX.Doomed".
    expect(notices[0]).toMatch(/did not move a message from "INBOX" to "Doomed"/);
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Stay home']);
  });
});

describe.each(IMAP_SERVERS)('junk (%s)', (on) => {
  it('marks a message as junk (to Junk, $Junk set) and back (to the Inbox, $NotJunk set, $Junk gone) on the server', async () => {
    const junk = folderPath(imapServer(servers, on), 'Junk');
    const user = await newMailUser(servers, 'junk', on);
    const client = await other(user, on);
    await client.append('INBOX', message('Cheap watches'));
    await client.append('INBOX', message('Dinner on Sunday'));
    const { core, account } = await startSynced(user, FAST, { on });
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Cheap watches', 'Dinner on Sunday']);
    const serverState = async (path: string) => {
      const lock = await client.getMailboxLock(path);
      try {
        await client.noop();
        const found: string[] = [];
        for await (const m of client.fetch('1:*', { envelope: true, flags: true })) {
          const keywords = [...(m.flags ?? [])].filter((f) => f.endsWith('Junk')).sort();
          found.push(`${m.envelope?.subject}${keywords.length ? ` ${keywords.join(' ')}` : ''}`);
        }
        return found.sort();
      } catch {
        return [];
      } finally {
        lock.release();
      }
    };

    const inbox = await pageOf(core, account.id, 'INBOX');
    const dinner = inbox.items.find((m) => m.subject === 'Dinner on Sunday')?.id;
    const watches = inbox.items.find((m) => m.subject === 'Cheap watches')?.id;
    expect(await core.dispatch('messages.junk', { ids: [watches, dinner] })).toEqual({ moved: 2 });
    expect(await subjects(core, account.id, junk)).toEqual(['Cheap watches', 'Dinner on Sunday']);
    await expect.poll(() => serverState(junk), poll).toEqual(['Cheap watches $Junk', 'Dinner on Sunday $Junk']);
    expect(await serverState('INBOX')).toEqual([]);

    // "Not junk" for the one that was not: back in the Inbox, taught the other way.
    // (The move has reached the server, so the rows have their UIDs in Junk: UIDPLUS.)
    const inJunk = await pageOf(core, account.id, junk);
    const back = inJunk.items.find((m) => m.subject === 'Dinner on Sunday')?.id;
    expect(await core.dispatch('messages.notJunk', { ids: [back] })).toEqual({ moved: 1 });
    await expect.poll(() => serverState('INBOX'), poll).toEqual(['Dinner on Sunday $NotJunk']);
    expect(await serverState(junk)).toEqual(['Cheap watches $Junk']);
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Dinner on Sunday']);
  });
});

describe.each(IMAP_SERVERS)('offline (%s)', (on) => {
  it('actions made offline reach the server once the network returns, across a restart, exactly once', async () => {
    const server = imapServer(servers, on);
    const user = await newMailUser(servers, 'offline', on);
    const client = await other(user, on);
    for (const s of ['Read me', 'Star me', 'Move me', 'Delete me']) await client.append('INBOX', message(s));
    const network = await startNetworkSwitch(server.imaps);
    cleanups.push(() => network.close());
    const first = await startSynced(user, FAST, { via: network, on });
    const { core, account } = first;
    await expect.poll(() => subjects(core, account.id, 'INBOX'), poll).toEqual(['Delete me', 'Move me', 'Read me', 'Star me']);
    const inbox = await pageOf(core, account.id, 'INBOX');
    const id = (subject: string) => inbox.items.find((m) => m.subject === subject)?.id as number;

    await network.cut();
    await expect.poll(async () => ((await core.dispatch('accounts.list', {})) as Account[])[0]?.status.state, poll).toBe('offline');
    const archive = (await folderByRole(core, account.id, 'archive')) as Folder;
    const trash = (await folderByRole(core, account.id, 'trash')) as Folder;
    expect([archive.path, trash.path]).toEqual([folderPath(server, 'Archive'), folderPath(server, 'Trash')]);
    await core.dispatch('messages.setFlags', { ids: [id('Read me')], seen: true });
    await core.dispatch('messages.setFlags', { ids: [id('Star me')], flagged: true });
    await core.dispatch('messages.move', { ids: [id('Move me')], folderId: archive.id });
    await core.dispatch('messages.delete', { ids: [id('Delete me')] });
    // The store shows the changes at once, offline.
    expect(await subjects(core, account.id, 'INBOX')).toEqual(['Read me', 'Star me']);
    expect(await subjects(core, account.id, archive.path)).toEqual(['Move me']);
    expect(await subjects(core, account.id, trash.path)).toEqual(['Delete me']);

    // Restart the core on the same data (the queue is on disk), then the network returns.
    const dataDir = core.dataDir;
    await core.close();
    const secrets = new MemorySecretStore();
    const restarted = await tempCore(secrets, { dataDir, syncOptions: FAST, connectOnStart: false });
    cleanups.push(() => restarted.dispose());
    await secrets.set(`account:${account.id}:password`, user.password);
    await network.restore();
    restarted.services.syncs.startAll();

    const serverSubjects = async (path: string) => {
      const lock = await client.getMailboxLock(path);
      try {
        await client.noop(); // learn of messages other connections added since this one selected the folder
        const found: { subject: string; flags: Set<string> }[] = [];
        for await (const m of client.fetch('1:*', { envelope: true, flags: true }))
          found.push({ subject: m.envelope?.subject ?? '', flags: m.flags ?? new Set() });
        return found.sort((a, b) => a.subject.localeCompare(b.subject));
      } catch {
        return [];
      } finally {
        lock.release();
      }
    };
    await expect.poll(async () => (await serverSubjects(archive.path)).map((m) => m.subject), poll).toEqual(['Move me']);
    await expect.poll(async () => (await serverSubjects(trash.path)).map((m) => m.subject), poll).toEqual(['Delete me']);
    const inboxOnServer = await serverSubjects('INBOX');
    expect(inboxOnServer.map((m) => m.subject)).toEqual(['Read me', 'Star me']);
    expect(inboxOnServer[0]?.flags.has('\\Seen')).toBe(true);
    expect(inboxOnServer[1]?.flags.has('\\Flagged')).toBe(true);
    // And the store agrees with the server, with nothing twice.
    await expect.poll(() => subjects(restarted, account.id, archive.path), poll).toEqual(['Move me']);
    await expect.poll(() => subjects(restarted, account.id, trash.path), poll).toEqual(['Delete me']);
  });
});
