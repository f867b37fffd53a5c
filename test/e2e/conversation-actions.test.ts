import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { closedPort } from '../helpers/recording-proxy';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import { type GmailStandIn, startGmailStandIn } from '../servers/gmail-stand-in';

// The conversation reader's own actions, in Chromium on a Gmail account (the
// stand-in): each open message of a conversation has Reply, Reply all and
// Forward (the toolbar's, for that message rather than the newest) and its
// label chips, whose remove button takes the label off that message on the
// server. Screenshot: test-output/e2e/conversation-actions-*.png.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
const USER = { user: 'lin@gmail.test', password: 'an app password' };
const poll = { timeout: 30_000, interval: 100 };

let server: GmailStandIn;
let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
const ids: Record<string, string> = {};
const problems: string[] = [];

function message(id: string, subject: string, from: string, minutesAgo: number, replyTo?: string): string {
  return [
    `Message-ID: <${id}@example.test>`,
    ...(replyTo ? [`In-Reply-To: <${replyTo}@example.test>`, `References: <${replyTo}@example.test>`] : []),
    `Date: ${new Date(Date.now() - minutesAgo * 60_000).toUTCString()}`,
    `From: ${from}`,
    `To: ${USER.user}`,
    `Subject: ${subject}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Words of ${id}.`,
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
  ids.first = server.addMessage({
    raw: message('trip-1', 'Trip plan', 'Ada Lovelace <ada@example.test>', 30),
    labels: ['\\Inbox', 'Travel'],
  }).msgid;
  ids.second = server.addMessage({
    raw: message('trip-2', 'Re: Trip plan', 'Grace Hopper <grace@example.test>', 10, 'trip-1'),
    labels: ['\\Inbox'],
  }).msgid;

  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-conversation-actions-'));
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  api = await connectApi(app.url);
  await api.call('accounts.add', {
    name: 'Lin',
    email: USER.user,
    password: USER.password,
    incoming: { protocol: 'imap', host: '127.0.0.1', port: server.port, security: 'tls', username: USER.user },
    outgoing: { host: '127.0.0.1', port: await closedPort(), security: 'none', username: USER.user },
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const conversation = () => page.getByRole('list', { name: 'Messages in this conversation' });
/** The open message of the conversation from `sender`. */
const openMessage = (sender: string) => conversation().getByRole('listitem').filter({ hasText: sender });

describe('a conversation read in the reader', () => {
  it('gives each open message its replies and its labels', async () => {
    await page.goto(app.url);
    const rows = page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option');
    await expect.poll(() => rows.count(), poll).toBe(2);
    await page.getByRole('switch', { name: 'Conversations' }).click();
    await expect.poll(() => rows.count(), poll).toBe(1);
    await rows.first().click();
    // Both are unread: both open.
    await expect.poll(() => conversation().locator('.conversation-actions').count(), poll).toBe(2);
    for (const sender of ['Ada', 'Grace']) {
      const actions = openMessage(sender).getByRole('group', { name: /^Actions for the message of / });
      for (const name of ['Reply', 'Reply all', 'Forward'])
        expect(await actions.getByRole('button', { name, exact: true }).count()).toBe(1);
    }
    const chips = openMessage('Ada').getByRole('list', { name: 'Labels', exact: true });
    await expect.poll(() => chips.getByRole('listitem').allTextContents(), poll).toEqual(['Travel']);
    expect(await openMessage('Grace').getByRole('list', { name: 'Labels', exact: true }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'conversation-actions-01-open.png') });
  });

  it('replies to the message whose Reply was pressed, not the newest', async () => {
    await openMessage('Ada').getByRole('button', { name: 'Reply all', exact: true }).click();
    const subject = page.getByRole('textbox', { name: 'Subject:' });
    await expect.poll(() => subject.inputValue(), poll).toBe('Re: Trip plan');
    // Ada's message is quoted, not Grace's reply.
    const body = page.getByLabel('Message body');
    await expect.poll(() => body.textContent(), poll).toContain('Words of trip-1.');
    expect(await body.textContent()).not.toContain('Words of trip-2.');
    await page.screenshot({ path: join(shots, 'conversation-actions-02-reply.png') });
    await page.getByRole('button', { name: 'Close and keep the draft' }).click();
  });

  it("takes a label off that message on the server with its chip's remove button", async () => {
    await openMessage('Ada').getByRole('button', { name: 'Remove label Travel' }).click();
    await expect.poll(() => server.message(ids.first as string)?.labels, poll).toEqual(['\\Inbox']);
    await expect.poll(() => openMessage('Ada').getByRole('list', { name: 'Labels', exact: true }).count(), poll).toBe(0);
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
