import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/accounts';
import type { SearchResults } from '../../shared/mail';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// Search in the reader and on the server, in Chromium, on `npm run web`
// syncing a real Dovecot account: a search's words are marked (<mark>) in
// the message opened from its results, in a plain-text body, an HTML body
// (inside the sandboxed frame) and the subject; "Search on server" finds
// mail the sync has not brought yet, lists it under "On the server" below
// the local matches without repeating them, and it opens like any message.
// Screenshots: test-output/e2e/server-search-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const poll = { timeout: 30_000, interval: 100 };

let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let client: ImapFlow;
let browser: Browser;
let page: Page;
const problems: string[] = [];

function message(subject: string, body: string, date: Date, html = false): string {
  return [
    'From: Carol Sender <carol@example.test>',
    'To: someone@example.test',
    `Subject: ${subject}`,
    `Message-ID: <e2e-search-${randomBytes(6).toString('hex')}@example.test>`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: text/${html ? 'html' : 'plain'}; charset=utf-8`,
    '',
    body,
    '',
  ].join('\r\n');
}

/** Waits for `condition` (bounded: 60 s), as expect.poll does inside a test. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the mailbox was not synced within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  const user = await newMailUser(servers, 'e2esearch');
  client = await otherClient(servers, user);
  await client.mailboxCreate('Archive');
  await client.append('INBOX', message('Quarter plan', 'The quokka budget for the next quarter.', hoursAgo(2)));
  await client.append('INBOX', message('Newsletter', '<p>The <b>quokka</b> report, in <i>HTML</i>.</p>', hoursAgo(3), true));

  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-server-search-'));
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  api = await connectApi(app.url);
  const account = (await api.call('accounts.add', draftFor(servers, { user }))) as Account;
  // Both Inbox messages synced with their bodies (and so in the index)...
  await until(async () => {
    const found = (await api.call('messages.search', { query: 'quokka', accountId: account.id })) as SearchResults;
    return found.total === 2;
  });
  // ...then one more filed on the server, which the sync will not look for before its next poll (minutes away).
  await client.append('Archive', message('Ancient minutes', 'The zebracorn ledger, kept since 2019.', new Date(Date.UTC(2019, 0, 1, 10))));

  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  await client?.logout().catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const search = () => page.getByRole('searchbox', { name: 'Search mail' });
const results = (query: string) => page.getByRole('listbox', { name: `Search results for ${query}` });
const serverResults = (query: string) => page.getByRole('listbox', { name: `On the server: results for ${query}` });
const reader = () => page.getByRole('region', { name: 'Reader' });
const marks = (scope: ReturnType<Page['locator']>) => scope.locator('mark').allTextContents();
const shot = (name: string) => page.screenshot({ path: join(shots, `server-search-${name}.png`) });

describe('search terms in the reader', () => {
  it('opens the mailbox', async () => {
    await page.goto(app.url);
    await expect.poll(() => search().isVisible(), poll).toBe(true);
  });

  it('marks the words in a plain-text body and the subject, the last one as a prefix', async () => {
    await search().fill('quokka quar');
    const row = results('quokka quar').getByRole('option', { name: /Quarter plan/ });
    await expect.poll(() => row.count(), poll).toBe(1);
    await row.click();
    await expect.poll(() => marks(reader().locator('.plain-body')), poll).toEqual(['quokka', 'quarter']);
    expect(await marks(reader().locator('.message-subject'))).toEqual(['Quarter']);
    await shot('01-plain');
  });

  it('marks them inside the HTML body, in the sandboxed frame, keeping the markup around them', async () => {
    await search().fill('quokka');
    const row = results('quokka').getByRole('option', { name: /Newsletter/ });
    await expect.poll(() => row.count(), poll).toBe(1);
    await row.click();
    const frame = page.frameLocator('iframe.message-frame');
    await expect.poll(() => frame.locator('mark').allTextContents(), poll).toEqual(['quokka']);
    // The word stays in its <b>: marked in the document, not by rewriting the HTML.
    expect(await frame.locator('b > mark').count()).toBe(1);
    expect(await frame.locator('i').textContent()).toBe('HTML');
    await shot('02-html');
  });

  it('marks nothing when the message is opened from its folder', async () => {
    await search().fill('');
    await search().press('Escape');
    const row = page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option', { name: /Quarter plan/ });
    await expect.poll(() => row.count(), poll).toBe(1);
    await row.click();
    await expect.poll(() => reader().locator('.plain-body').textContent(), poll).toContain('quokka');
    expect(await reader().locator('mark').count()).toBe(0);
  });
});

describe('Search on server', () => {
  it('finds what the sync has not brought yet, below a divider, and opens it with the word marked', async () => {
    await search().fill('zebracorn');
    await expect.poll(() => page.getByText('No local matches.').isVisible(), poll).toBe(true);
    await shot('03-no-local-matches');
    await page.getByRole('button', { name: 'Search on server' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'On the server' }).isVisible(), poll).toBe(true);
    const found = serverResults('zebracorn').getByRole('option', { name: /Ancient minutes/ });
    await expect.poll(() => found.count(), poll).toBe(1);
    await expect.poll(() => page.locator('.server-status-line').textContent(), poll).toMatch(/1 more found$/);
    await shot('04-on-the-server');
    await found.click();
    await expect.poll(() => reader().locator('.message-subject').textContent(), poll).toBe('Ancient minutes');
    await expect.poll(() => marks(reader().locator('.plain-body')), poll).toEqual(['zebracorn']);
    await shot('05-opened');
  });

  it('does not repeat what the local search already lists', async () => {
    await search().fill('quokka');
    await expect.poll(() => results('quokka').getByRole('option').count(), poll).toBe(2);
    await page.getByRole('button', { name: 'Search on server' }).click();
    await expect.poll(() => page.locator('.server-status-line').textContent(), poll).toMatch(/Nothing more found$/);
    expect(await serverResults('quokka').count()).toBe(0);
    expect(await results('quokka').getByRole('option').count()).toBe(2);
  });

  it('says inline, for the account, what the server cannot search for', async () => {
    await search().fill('zebracorn has:attachment');
    await expect.poll(() => page.getByText('No local matches.').isVisible(), poll).toBe(true);
    await page.getByRole('button', { name: 'Search on server' }).click();
    const line = page.locator('.server-status-line');
    await expect
      .poll(() => line.getByRole('alert').textContent(), poll)
      .toMatch(/^The server cannot search for attachments \(has:attachment\)/);
    expect(await line.locator('.server-status-account').textContent()).toBe('Test User');
    await shot('06-cannot');
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
