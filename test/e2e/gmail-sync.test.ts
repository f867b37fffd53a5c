import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { closedPort } from '../helpers/recording-proxy';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import { type GmailStandIn, startGmailStandIn } from '../servers/gmail-stand-in';

// The whole way, in Chromium: `npm run web` syncs an account from the Gmail
// stand-in (test/servers/gmail-stand-in.ts), the person sees the labels,
// archives a message and searches; the stand-in sees what Gmail would.
// (gmail-labels.test.ts covers the label UI in depth on a seeded mailbox.)

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
const USER = { user: 'grace@gmail.test', password: 'an app password' };
const poll = { timeout: 30_000, interval: 100 };

let server: GmailStandIn;
let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
const ids: Record<string, string> = {};

function message(subject: string, text: string, minutesAgo: number): string {
  return [
    `Message-ID: <e2e-${randomBytes(6).toString('hex')}@example.test>`,
    `Date: ${new Date(Date.now() - minutesAgo * 60_000).toUTCString()}`,
    'From: Ada Lovelace <ada@example.test>',
    `To: ${USER.user}`,
    `Subject: ${subject}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  server = await startGmailStandIn({
    key: await readFile(join(caDir, 'server.key')),
    cert: await readFile(join(caDir, 'server.pem')),
    users: [USER],
  });
  ids.budget = server.addMessage({ raw: message('Budget for 2027', 'the quokka numbers', 5), labels: ['\\Inbox', 'Work'] }).msgid;
  ids.lunch = server.addMessage({ raw: message('Lunch on Friday', 'pancakes', 10), labels: ['\\Inbox'] }).msgid;
  ids.old = server.addMessage({ raw: message('Old receipt', 'paid', 60), labels: ['Receipts/2024'] }).msgid;

  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-gmail-sync-'));
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  api = await connectApi(app.url);
  await api.call('accounts.add', {
    name: 'Grace',
    email: USER.user,
    password: USER.password,
    incoming: { protocol: 'imap', host: '127.0.0.1', port: server.port, security: 'tls', username: USER.user },
    outgoing: { host: '127.0.0.1', port: await closedPort(), security: 'none', username: USER.user },
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const tree = () => page.getByRole('list', { name: `Folders of ${USER.user}` });
const folderButton = (name: string) => tree().getByRole('button', { name: new RegExp(`^${name}\\b`) });
const option = (subject: string) => page.getByRole('listbox').getByRole('option', { name: new RegExp(`, ${subject}, `) });
const toolbar = () => page.getByRole('group', { name: 'Message actions' });

describe('a Gmail account synced in the browser', () => {
  it('shows the labels as folders and on the message', async () => {
    await page.goto(app.url);
    await expect.poll(() => option('Budget for 2027').count(), poll).toBe(1);
    expect(await option('Budget for 2027').getAttribute('aria-label')).toContain(', labels Work');
    await expect.poll(() => folderButton('Work').count(), poll).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Subfolders of Receipts' }).count(), poll).toBe(1);
    await option('Budget for 2027').click();
    const chips = page.getByRole('region', { name: 'Reader' }).getByRole('list', { name: 'Labels', exact: true });
    await expect.poll(() => chips.getByRole('listitem').allTextContents(), poll).toEqual(['Work']);
    await page.screenshot({ path: join(shots, 'gmail-sync-01-labels.png') });
  });

  it('archives out of the Inbox: gone here, on Gmail only \\Inbox is removed, and the message is in All Mail', async () => {
    await option('Lunch on Friday').click();
    await expect.poll(() => toolbar().getByRole('button', { name: 'Archive' }).isEnabled(), poll).toBe(true);
    await toolbar().getByRole('button', { name: 'Archive' }).click();
    await expect.poll(() => option('Lunch on Friday').count(), poll).toBe(0);
    await expect.poll(() => server.message(ids.lunch as string)?.labels, poll).toEqual([]);
    expect(server.message(ids.lunch as string)?.folders.map((f) => f.folder)).toEqual(['[Gmail]/All Mail']);
    await folderButton('All Mail').click();
    await expect.poll(() => option('Lunch on Friday').count(), poll).toBe(1);
    await page.screenshot({ path: join(shots, 'gmail-sync-02-archived.png') });
  });

  it('finds a labelled message once, though it is listed in three folders', async () => {
    const search = page.getByRole('searchbox', { name: 'Search mail' });
    await search.fill('quokka');
    const results = page.getByRole('listbox', { name: 'Search results for quokka' });
    await expect.poll(() => results.getByRole('option').count(), poll).toBe(1);
    expect(await results.getByRole('option').first().getAttribute('aria-label')).toContain('Budget for 2027');
    await page.screenshot({ path: join(shots, 'gmail-sync-03-search.png') });
    // Each body came from Gmail once.
    expect([...server.bodyFetchesByMsgid().values()].every((n) => n === 1)).toBe(true);
  });
});
