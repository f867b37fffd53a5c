import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { AccountSyncOptions } from '../../main/sync/account-sync';
import type { Account } from '../../shared/accounts';
import type { ApiError } from '../../shared/errors';
import type { Folder, MessageDetail, MessagePage, MessageSummary, SearchResults } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { folderPath, IMAP_SERVERS, imapServer } from '../helpers/imap-servers';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { closedPort } from '../helpers/recording-proxy';
import { type GmailStandIn, startGmailStandIn } from '../servers/gmail-stand-in';
import type { TestServers } from '../servers/types';

// "Search on server" (messages.searchServer) against real Dovecot and Cyrus
// servers and the Gmail stand-in: our query syntax reaches the server as IMAP SEARCH keys
// (or Gmail's X-GM-RAW), finds mail whose body is not stored here (outside
// the "last N days") and mail not synced yet (stored, so it opens), in the
// folders mail is kept in, and leaves out what the local search finds.

const servers = inject('servers') as TestServers;
const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
const poll = { timeout: 30_000, interval: 100 };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

function message(subject: string, body: string, date: Date, from = 'Carol Sender <carol@example.test>'): string {
  return [
    `From: ${from}`,
    'To: someone@example.test',
    `Subject: ${subject}`,
    `Message-ID: <search-${randomBytes(6).toString('hex')}@example.test>`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a refusal');
}

describe.each(IMAP_SERVERS)('search on an IMAP server (%s)', (on) => {
  const archivePath = () => folderPath(imapServer(servers, on), 'Archive');
  async function setUp() {
    const user = await newMailUser(servers, 'srvsearch', on);
    const client: ImapFlow = await otherClient(servers, user, on);
    cleanups.push(() => client.logout());
    // Made at first login on Cyrus, not on Dovecot: created here where missing.
    const [archive, trash] = [archivePath(), folderPath(imapServer(servers, on), 'Trash')];
    const existing = new Set((await client.list()).map((f) => f.path));
    for (const path of [archive, trash]) if (!existing.has(path)) await client.mailboxCreate(path);
    await client.append('INBOX', message('Quarter plan', 'the quokka budget', daysAgo(2)));
    await client.append('INBOX', message('Ancient minutes', 'the zebracorn ledger', new Date(Date.UTC(2019, 0, 1, 10))));
    await client.append(archive, message('Filed away', 'a zebracorn note', new Date(Date.UTC(2018, 5, 1, 10)), 'Dave <dave@example.test>'));
    await client.append(trash, message('Thrown out', 'zebracorn again', new Date(Date.UTC(2018, 6, 1, 10))));
    // Bodies of the last 30 days only; no IDLE and a long poll, so that mail added later stays unsynced.
    const options: AccountSyncOptions = { pollMs: 600_000, bodyDays: 30, idle: false };
    const core: TempCore = await tempCore(new MemorySecretStore(), { syncOptions: options });
    cleanups.push(() => core.dispose());
    const account = (await core.dispatch('accounts.add', draftFor(servers, { user, imapServer: on }))) as Account;
    const folders = async () => (await core.dispatch('folders.list', { accountId: account.id })) as Folder[];
    const subjects = async (path: string) => {
      const folder = (await folders()).find((f) => f.path === path);
      if (!folder) return [];
      const page = (await core.dispatch('messages.page', { folderId: folder.id, offset: 0, limit: 100 })) as MessagePage;
      return page.items.map((m) => m.subject).sort();
    };
    await expect.poll(() => subjects('INBOX'), poll).toEqual(['Ancient minutes', 'Quarter plan']);
    await expect.poll(() => subjects(archive), poll).toEqual(['Filed away']);
    const onServer = async (query: string, extra: { exceptLocal?: boolean; folderId?: number } = {}) =>
      ((await core.dispatch('messages.searchServer', { accountId: account.id, query, ...extra })) as MessageSummary[]).map(
        (m) => m.subject,
      );
    const here = async (query: string) =>
      ((await core.dispatch('messages.search', { query, accountId: account.id })) as SearchResults).items.map((m) => m.subject);
    return { core, account, client, folders, onServer, here };
  }

  it('finds by its body what is not downloaded here, in every folder mail is kept in but Trash', async () => {
    const { onServer, here } = await setUp();
    expect(await here('zebracorn')).toEqual([]);
    expect(await onServer('zebracorn', { exceptLocal: true })).toEqual(['Ancient minutes', 'Filed away']);
  });

  it('translates fields, dates, states, negation, OR and in: into what the server searches', async () => {
    const { onServer, folders } = await setUp();
    expect(await onServer('from:dave zebracorn')).toEqual(['Filed away']);
    expect(await onServer('from:carol@example.test')).toEqual(['Quarter plan', 'Ancient minutes']);
    expect(await onServer('subject:minutes OR subject:filed')).toEqual(['Ancient minutes', 'Filed away']);
    expect(await onServer('zebracorn before:2019-01-01')).toEqual(['Filed away']);
    expect(await onServer('zebracorn after:2019-01-01')).toEqual(['Ancient minutes']);
    expect(await onServer('zebracorn -from:dave')).toEqual(['Ancient minutes']);
    expect(await onServer('newer_than:7d')).toEqual(['Quarter plan']);
    expect(await onServer('zebracorn in:archive')).toEqual(['Filed away']);
    expect(await onServer('zebracorn in:trash')).toEqual(['Thrown out']);
    expect(await onServer('ledger note')).toEqual([]); // two words: both must be in one message
    const inbox = (await folders()).find((f) => f.role === 'inbox') as Folder;
    expect(await onServer('zebracorn', { folderId: inbox.id })).toEqual(['Ancient minutes']);
    // Read means read on the server: the sync marks nothing read by itself.
    expect(await onServer('is:unread zebracorn')).toEqual(['Ancient minutes', 'Filed away']);
    expect(await onServer('is:read zebracorn')).toEqual([]);
  });

  it('leaves out what the local search finds, with exceptLocal', async () => {
    const { onServer, here } = await setUp();
    await expect.poll(() => here('quokka'), poll).toEqual(['Quarter plan']); // its body is stored (once downloaded): found here
    expect(await onServer('quokka')).toEqual(['Quarter plan']);
    expect(await onServer('quokka', { exceptLocal: true })).toEqual([]);
  });

  it('stores the headers of a match not synced yet, so that it lists and opens', async () => {
    const { core, client, onServer } = await setUp();
    await client.append(archivePath(), message('Late arrival', 'a zebracorn postscript', new Date(Date.UTC(2017, 1, 1, 10))));
    const found = (await core.dispatch('messages.searchServer', {
      accountId: (await accountOf(core)).id,
      query: 'postscript',
    })) as MessageSummary[];
    expect(found.map((m) => m.subject)).toEqual(['Late arrival']);
    const opened = (await core.dispatch('messages.get', { id: found[0]?.id })) as MessageDetail;
    expect(opened.body).toBe('ready');
    expect(opened.text).toContain('zebracorn postscript');
    expect(await onServer('postscript', { exceptLocal: true })).toEqual([]); // its body is stored now: found here
  });

  it('says what IMAP SEARCH cannot ask for, instead of a wider answer', async () => {
    const { onServer } = await setUp();
    for (const query of ['zebracorn has:attachment', 'filename:report.pdf', 'label:work']) {
      const refused = await rejection(onServer(query));
      expect(refused.code, query).toBe('invalid_argument');
      expect(refused.message, query).toMatch(/^The server cannot search for /);
    }
    const nowhere = await rejection(onServer('zebracorn in:nowhere'));
    expect(nowhere.message).toBe('No folder is called "nowhere" in this account.');
  });
});

async function accountOf(core: TempCore): Promise<Account> {
  return ((await core.dispatch('accounts.list', {})) as Account[])[0] as Account;
}

describe("search on Gmail's server (the stand-in)", () => {
  async function standIn(): Promise<GmailStandIn> {
    const server = await startGmailStandIn({
      key: readFileSync(join(caDir, 'server.key')),
      cert: readFileSync(join(caDir, 'server.pem')),
      users: [{ user: 'ada@gmail.test', password: 'app password' }],
    });
    cleanups.unshift(async () => {
      await server.stop();
      expect(server.internalErrors()).toEqual([]);
    });
    return server;
  }

  it("sends the query in Gmail's syntax over All Mail and leaves out what is found here", async () => {
    const server = await standIn();
    server.addMessage({
      raw: message('Invoice March', 'amount due', new Date(Date.UTC(2026, 2, 3, 10))),
      labels: ['\\Inbox', 'Bills/2026'],
    });
    server.addMessage({ raw: message('Invoice May', 'amount due', new Date(Date.UTC(2026, 4, 3, 10))), labels: ['Bills/2026'] });
    server.addMessage({ raw: message('Lunch', 'pancakes', new Date(Date.UTC(2026, 4, 4, 10))), labels: ['\\Inbox'] });
    const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 500 } });
    cleanups.push(() => core.dispose());
    const account = (await core.dispatch('accounts.add', {
      name: 'Ada',
      email: 'ada@gmail.test',
      password: 'app password',
      incoming: { protocol: 'imap', host: '127.0.0.1', port: server.port, security: 'tls', username: 'ada@gmail.test' },
      outgoing: { host: '127.0.0.1', port: await closedPort(), security: 'none', username: 'ada@gmail.test' },
    })) as Account;
    const allMail = async () =>
      ((await core.dispatch('folders.list', { accountId: account.id })) as Folder[]).find((f) => f.role === 'all');
    await expect
      .poll(async () => {
        const folder = await allMail();
        return folder ? ((await core.dispatch('messages.page', { folderId: folder.id, offset: 0, limit: 10 })) as MessagePage).total : 0;
      }, poll)
      .toBe(3);
    const onServer = async (query: string, exceptLocal = false) =>
      ((await core.dispatch('messages.searchServer', { accountId: account.id, query, exceptLocal })) as MessageSummary[]).map(
        (m) => m.subject,
      );
    expect(await onServer('label:"Bills/2026" after:2026-04-01')).toEqual(['Invoice May']);
    expect(await onServer('in:inbox OR subject:may invoice')).toEqual(['Invoice May', 'Invoice March']);
    expect(await onServer('has:attachment')).toEqual([]);
    const raws = server
      .commands()
      .map((c) => c.line)
      .filter((line) => /X-GM-RAW/i.test(line));
    expect(raws.some((line) => line.includes('label:Bills-2026 after:2026/04/01'))).toBe(true);
    expect(raws.some((line) => line.includes('(in:inbox OR subject:may) invoice'))).toBe(true);
    // Every body is stored here, so the local search finds them all: nothing is left to add.
    expect(await onServer('invoice', true)).toEqual([]);
    expect(await onServer('invoice')).toEqual(['Invoice May', 'Invoice March']);
  });
});
