import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Draft } from '../../shared/compose';
import type { Events } from '../../shared/contract';
import type { Folder, MessagePage, MessageSummary, SearchResults } from '../../shared/mail';
import { tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { newMailUser } from '../helpers/mail-users';
import { startNetworkSwitch } from '../helpers/network-switch';
import { closedPort } from '../helpers/recording-proxy';
import { collect, fieldsOf, saveNew, sendNow } from '../helpers/send';
import { type GmailStandIn, startGmailStandIn } from '../servers/gmail-stand-in';
import type { TestServers, TestUser } from '../servers/types';

// Tidings against a Gmail stand-in (test/servers/gmail-stand-in.ts): one
// message in the folder of each of its labels and in All Mail. What the user
// must see: each message downloaded and found once, its labels, Archive out
// of the Inbox, labels added and removed (also offline, and by another
// client), no Sent copy appended (Gmail files it), Gmail's own search, and
// Gmail's download limit waited out.

const servers = inject('servers') as TestServers;
const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
const poll = { timeout: 30_000, interval: 100 };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function standIn(user: TestUser = { address: 'ada@gmail.test', password: 'app password' }): Promise<GmailStandIn> {
  const server = await startGmailStandIn({
    key: readFileSync(join(caDir, 'server.key')),
    cert: readFileSync(join(caDir, 'server.pem')),
    users: [{ user: user.address, password: user.password }],
  });
  cleanups.unshift(async () => {
    await server.stop();
    expect(server.internalErrors()).toEqual([]);
  });
  return server;
}

let counter = 0;
function message(subject: string, words: string): string {
  counter++;
  return [
    `Message-ID: <gmail-test-${counter}-${randomBytes(4).toString('hex')}@example.test>`,
    `Date: ${new Date(Date.UTC(2026, 10, 1) + counter * 60_000).toUTCString()}`,
    'From: Grace Hopper <grace@example.test>',
    'To: ada@gmail.test',
    `Subject: ${subject}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `${words}`,
    '',
  ].join('\r\n');
}

/** An account on the stand-in (and SMTP where given), with the calls a test needs. */
async function gmailAccount(server: GmailStandIn, options: { port?: number; user?: TestUser; outgoing?: Account['outgoing'] } = {}) {
  const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 500 }, outboxRetry: { firstMs: 300, maxMs: 1_000 } });
  cleanups.push(() => core.dispose());
  const user = options.user ?? { address: 'ada@gmail.test', password: 'app password' };
  const account = (await core.dispatch('accounts.add', {
    name: 'Ada',
    email: user.address,
    password: user.password,
    incoming: { protocol: 'imap', host: '127.0.0.1', port: options.port ?? server.port, security: 'tls', username: user.address },
    outgoing: options.outgoing ?? { host: '127.0.0.1', port: await closedPort(), security: 'none', username: user.address },
  })) as Account;
  const call = core.dispatch;
  const folders = async () => (await call('folders.list', { accountId: account.id })) as Folder[];
  const folder = async (path: string) => (await folders()).find((f) => f.path === path);
  const page = async (path: string): Promise<MessageSummary[]> => {
    const found = await folder(path);
    return found ? ((await call('messages.page', { folderId: found.id, offset: 0, limit: 500 })) as MessagePage).items : [];
  };
  const subjects = async (path: string) => (await page(path)).map((m) => m.subject).sort();
  const status = async () => ((await call('accounts.list', {})) as Account[]).find((a) => a.id === account.id);
  const search = async (query: string) => ((await call('messages.search', { query, limit: 500 })) as SearchResults).items;
  return { core, account, call, folders, folder, page, subjects, status, search };
}

describe('a Gmail account', () => {
  it('downloads, stores and finds each message once however many labels it has, and shows its labels', async () => {
    const server = await standIn();
    const total = 30;
    for (let i = 0; i < total; i++) {
      const labels = [...(i < 20 ? ['\\Inbox'] : []), ...(i % 5 === 0 ? ['Work'] : []), ...(i % 10 === 0 ? ['Receipts/2024'] : [])];
      server.addMessage({ raw: message(`Report ${i}`, `zanzibar token${i}`), labels });
    }
    const a = await gmailAccount(server);

    await expect.poll(async () => (await a.search('zanzibar')).length, poll).toBe(total);
    await expect.poll(async () => (await a.subjects('[Gmail]/All Mail')).length, poll).toBe(total);
    // Settled: no body is fetched again later.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.bodyFetches()).toBe(total);
    expect([...server.bodyFetchesByMsgid().values()].every((n) => n === 1)).toBe(true);
    expect(await a.search('zanzibar')).toHaveLength(total);
    expect(await a.search('token10')).toHaveLength(1);

    expect((await a.status())?.imapFlavor).toBe('gmail');
    expect(await a.subjects('INBOX')).toHaveLength(20);
    expect(await a.subjects('Work')).toEqual(['Report 0', 'Report 10', 'Report 15', 'Report 20', 'Report 25', 'Report 5']);
    expect(await a.subjects('Receipts/2024')).toEqual(['Report 0', 'Report 10', 'Report 20']);
    const ten = (await a.page('INBOX')).find((m) => m.subject === 'Report 10');
    expect(ten?.labels).toEqual(['Receipts/2024', 'Work']);
    // The same message in another folder says the same, and opens with its body.
    const tenInWork = (await a.page('Work')).find((m) => m.subject === 'Report 10') as MessageSummary;
    expect(tenInWork.labels).toEqual(['Receipts/2024', 'Work']);
    expect(((await a.call('messages.get', { id: tenInWork.id })) as { text: string }).text).toContain('token10');
    // Sent through the labels, All Mail downloaded nothing of its own, and only three connections were used.
    expect(server.mostAtOnce()).toBeLessThanOrEqual(3);
  });

  it('reads a large first sync on a lean connection of its own and still holds three connections at most', async () => {
    const server = await standIn();
    const total = 2_100; // from 2,000 headers to fetch, a first sync takes a lean connection
    for (let i = 0; i < total; i++) server.addMessage({ raw: message(`Bulk ${i}`, `bulk${i}`), labels: i % 3 === 0 ? ['\\Inbox'] : [] });
    const a = await gmailAccount(server);
    await expect.poll(async () => (await a.folder('[Gmail]/All Mail'))?.total, { ...poll, timeout: 90_000 }).toBe(total);
    // Then IDLE on the Inbox, once the first pass (and its lean connection) is done.
    await expect.poll(() => server.commands().some((c) => c.name === 'IDLE'), poll).toBe(true);
    // The lean connection EXAMINEs All Mail (imapflow SELECTs) and fetches the headers there.
    const examined = new Set(server.commands().flatMap((c) => (c.name === 'EXAMINE' ? [c.connection] : [])));
    const leanHeaders = server
      .commands()
      .filter((c) => c.name === 'UID FETCH' && / ENVELOPE /.test(c.line) && examined.has(c.connection) && c.folder === '[Gmail]/All Mail');
    expect(leanHeaders.length).toBeGreaterThan(0);
    expect(server.mostAtOnce()).toBeLessThanOrEqual(3);
  });

  it('archives out of the Inbox (the message stays in All Mail with its labels), adds and removes labels, and follows another client', async () => {
    const server = await standIn();
    const lunch = server.addMessage({ raw: message('Lunch on Friday', 'pancakes'), labels: ['\\Inbox'] });
    const trip = server.addMessage({ raw: message('Trip to Lisbon', 'tram'), labels: ['\\Inbox', 'Travel'] });
    server.addMessage({ raw: message('Older travel', 'ferry'), labels: ['Travel'] });
    const a = await gmailAccount(server);
    await expect.poll(() => a.subjects('[Gmail]/All Mail'), poll).toEqual(['Lunch on Friday', 'Older travel', 'Trip to Lisbon']);

    // Archive: out of the Inbox at once, here; on the server \Inbox goes, the message stays.
    const inLunch = (await a.page('INBOX')).find((m) => m.subject === 'Lunch on Friday') as MessageSummary;
    expect(await a.call('messages.archive', { ids: [inLunch.id] })).toEqual({ archived: 1 });
    expect(await a.subjects('INBOX')).toEqual(['Trip to Lisbon']);
    expect(await a.subjects('[Gmail]/All Mail')).toContain('Lunch on Friday');
    await expect.poll(() => server.message(lunch.msgid)?.labels, poll).toEqual([]);
    expect(server.folderUids('[Gmail]/All Mail')).toHaveLength(3);
    await expect.poll(async () => (await a.search('pancakes')).map((m) => m.subject), poll).toEqual(['Lunch on Friday']);

    // Add a label: the message appears in that label's folder at once and on the server.
    const inTrip = (await a.page('INBOX')).find((m) => m.subject === 'Trip to Lisbon') as MessageSummary;
    expect(await a.call('messages.setLabels', { ids: [inTrip.id], add: ['Work'], remove: ['Travel'] })).toEqual({ changed: 1 });
    expect((await a.page('INBOX'))[0]?.labels).toEqual(['Work']);
    expect(await a.subjects('Travel')).toEqual(['Older travel']);
    await expect.poll(() => server.message(trip.msgid)?.labels.sort(), poll).toEqual(['Work', '\\Inbox']);
    // The Work folder appears (Gmail made the label), with the message, under its UID there.
    await expect.poll(() => a.subjects('Work'), poll).toEqual(['Trip to Lisbon']);

    // Another client takes the label away: it leaves that folder here, and the message's chips follow.
    server.setLabels(trip.msgid, ['\\Inbox']);
    await a.call('sync.now', { accountId: a.account.id });
    await expect.poll(() => a.subjects('Work'), poll).toEqual([]);
    await expect.poll(async () => (await a.page('INBOX'))[0]?.labels, poll).toEqual([]);
  });

  it('queues label changes made offline and sends them when the network returns', async () => {
    const server = await standIn();
    const note = server.addMessage({ raw: message('A note', 'offline labels'), labels: ['\\Inbox', 'Later'] });
    server.addMessage({ raw: message('Other', 'x'), labels: ['Travel'] });
    const network = await startNetworkSwitch(server.port);
    cleanups.push(() => network.close());
    const a = await gmailAccount(server, { port: network.port });
    await expect.poll(() => a.subjects('Later'), poll).toEqual(['A note']);
    await expect.poll(() => a.subjects('Travel'), poll).toEqual(['Other']);

    await network.cut();
    await expect.poll(async () => (await a.status())?.status.state, poll).toBe('offline');
    const row = (await a.page('INBOX'))[0] as MessageSummary;
    await a.call('messages.setLabels', { ids: [row.id], add: ['Travel'], remove: ['Later'] });
    expect(await a.subjects('Later')).toEqual([]);
    expect(await a.subjects('Travel')).toEqual(['A note', 'Other']);
    expect(server.message(note.msgid)?.labels.sort()).toEqual(['Later', '\\Inbox']);

    await network.restore();
    await a.call('sync.now', { accountId: a.account.id });
    await expect.poll(() => server.message(note.msgid)?.labels.sort(), poll).toEqual(['Travel', '\\Inbox']);
    await expect.poll(() => a.subjects('Travel'), poll).toEqual(['A note', 'Other']);
    expect(await a.subjects('Later')).toEqual([]);
  });

  it('moves to Trash and Spam out of every other folder', async () => {
    const server = await standIn();
    const junk = server.addMessage({ raw: message('Cheap watches', 'spam'), labels: ['\\Inbox', 'Work'] });
    const old = server.addMessage({ raw: message('Old news', 'trash'), labels: ['\\Inbox'] });
    const a = await gmailAccount(server);
    await expect.poll(() => a.subjects('[Gmail]/All Mail'), poll).toEqual(['Cheap watches', 'Old news']);
    const rows = await a.page('INBOX');
    const watches = rows.find((m) => m.subject === 'Cheap watches') as MessageSummary;
    const news = rows.find((m) => m.subject === 'Old news') as MessageSummary;

    expect(await a.call('messages.junk', { ids: [watches.id] })).toEqual({ moved: 1 });
    expect(await a.call('messages.delete', { ids: [news.id] })).toEqual({ deleted: 1 });
    for (const path of ['INBOX', 'Work', '[Gmail]/All Mail']) expect(await a.subjects(path), path).toEqual([]);
    expect(await a.subjects('[Gmail]/Spam')).toEqual(['Cheap watches']);
    expect(await a.subjects('[Gmail]/Trash')).toEqual(['Old news']);
    await expect.poll(() => server.message(junk.msgid)?.labels, poll).toEqual(['\\Spam']);
    await expect.poll(() => server.message(old.msgid)?.labels, poll).toEqual(['\\Trash']);
  });

  it("finds with Gmail's own search what is not stored here", async () => {
    const server = await standIn();
    for (let i = 0; i < 5; i++)
      server.addMessage({ raw: message(`Invoice ${i}`, 'amount due'), labels: i < 2 ? ['\\Inbox', 'Bills'] : [] });
    const a = await gmailAccount(server);
    await expect.poll(async () => (await a.subjects('[Gmail]/All Mail')).length, poll).toBe(5);
    const found = (await a.call('messages.searchServer', { accountId: a.account.id, query: 'label:Bills' })) as MessageSummary[];
    expect(found.map((m) => m.subject).sort()).toEqual(['Invoice 0', 'Invoice 1']);
    expect(server.commands().some((c) => /X-GM-RAW/i.test(c.line))).toBe(true);
  });

  it("waits out Gmail's download limit with a status that says until when, without asking again in a loop", async () => {
    const server = await standIn();
    for (let i = 0; i < 12; i++) server.addMessage({ raw: message(`Big ${i}`, `limit ${i}`), labels: ['\\Inbox'] });
    server.refuseBodiesAfter(0);
    const a = await gmailAccount(server);
    await expect.poll(async () => (await a.status())?.status.code, poll).toBe('server_busy');
    const status = (await a.status())?.status;
    expect(status?.state).toBe('connected');
    expect(status?.message).toMatch(/^Gmail limits downloads: continuing at \d\d:\d\d\./);
    // Headers still came, and the refused download is not asked for again and again.
    expect(await a.subjects('INBOX')).toHaveLength(12);
    const asked = server.commands().filter((c) => c.status === 'NO').length;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(server.commands().filter((c) => c.status === 'NO').length).toBe(asked);
  });
});

describe('drafts on a Gmail account', () => {
  it('keeps one version on the server: the new one in Drafts, the old one out of Drafts and All Mail (in Trash)', async () => {
    const server = await standIn();
    server.addMessage({ raw: message('Hello', 'x'), labels: ['\\Inbox'] });
    const a = await gmailAccount(server);
    await expect.poll(async () => (await a.folders()).some((f) => f.role === 'drafts'), poll).toBe(true);
    const inFolder = (folder: string) => server.allMessages().filter((m) => m.folders.some((f) => f.folder === folder));

    const draftId = await saveNew(a.call, a.account.id, { subject: 'First words', body: { format: 'plain', text: 'one' } });
    await expect.poll(() => inFolder('[Gmail]/Drafts').length, poll).toBe(1);
    const first = inFolder('[Gmail]/Drafts')[0]?.msgid;
    const draft = (await a.call('drafts.get', { id: draftId })) as Draft;
    await a.call('drafts.save', { id: draftId, draft: fieldsOf(draft, { subject: 'Second words' }) });

    // The new version is appended first, then the old one moved out: wait for the end state, not the step between.
    await expect
      .poll(() => {
        const drafts = inFolder('[Gmail]/Drafts').map((m) => m.msgid);
        return drafts.length === 1 && drafts[0] !== first;
      }, poll)
      .toBe(true);
    await expect.poll(() => inFolder('[Gmail]/Trash').map((m) => m.msgid), poll).toEqual([first]);
    expect(inFolder('[Gmail]/All Mail').map((m) => m.msgid)).not.toContain(first);
  });
});

describe('sending from a Gmail account', () => {
  it('appends no copy to Sent: Gmail files what it sends itself', async () => {
    const user = await newMailUser(servers, 'gmailsender');
    const server = await standIn(user);
    server.addMessage({ raw: message('Hello', 'x'), labels: ['\\Inbox'] });
    const smtp = draftFor(servers, { user }).outgoing;
    const a = await gmailAccount(server, { user, outgoing: smtp });
    await expect.poll(async () => (await a.folders()).some((f) => f.role === 'sent'), poll).toBe(true);
    await expect.poll(async () => (await a.status())?.imapFlavor, poll).toBe('gmail');
    const sent = collect((listener) => a.core.events.subscribe(listener), 'outbox.sent');

    const draftId = await saveNew(a.call, a.account.id, {
      to: [{ name: 'Bob', address: servers.users.bob.address }],
      subject: 'No copy please',
      body: { format: 'plain', text: 'Gmail files this itself.' },
    });
    await sendNow(a.call, draftId);
    await expect.poll(() => sent.some((e: Events['outbox.sent']) => e.draftId === draftId), poll).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.appends().filter((append) => append.folder === '[Gmail]/Sent Mail')).toEqual([]);
  });
});
