import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/accounts';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers, TestUser } from '../servers/types';

// New mail in the real UI in Chromium, with the notifications permission
// granted and every Notification the page constructs recorded: mail arriving
// in the Inbox gives one (none for what the first sync brought), named by
// sender and subject, and clicking it shows the message.

const servers = inject('servers') as TestServers;

let ada: TestUser;
let imap: ImapFlow;
let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;

function message(subject: string): string {
  return [
    'From: Carol Example <carol@example.test>',
    `To: ${ada.address}`,
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}.${Date.now()}@example.test>`,
    'Date: Mon, 07 Dec 2026 09:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello.',
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  ada = await newMailUser(servers, 'ada');
  imap = await otherClient(servers, ada);
  await imap.append('INBOX', message('Old news'));
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-notify-'));
  app = await startWebApp(dataDir);
  api = await connectApi(app.url);
  await api.call('accounts.add', { ...draftFor(servers, { user: ada }), name: 'Ada Lovelace' });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['notifications'], { origin: new URL(app.url).origin });
  // Every notification the page makes, recorded (headless Chromium shows none).
  await context.addInitScript(() => {
    const Real = window.Notification;
    const recorded: { title: string; body: string; notice: Notification }[] = [];
    (window as unknown as { recordedNotices: typeof recorded }).recordedNotices = recorded;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        recorded.push({ title, body: options?.body ?? '', notice: this });
      }
    }
    window.Notification = Recording as typeof Notification;
  });
  page = await context.newPage();
});

afterAll(async () => {
  await imap?.logout().catch(() => undefined);
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const notices = () =>
  page.evaluate(() =>
    (window as unknown as { recordedNotices: { title: string; body: string }[] }).recordedNotices.map(({ title, body }) => ({
      title,
      body,
    })),
  );

describe('new mail', () => {
  it('gives no notification for what the first sync brings, and offers none to ask: the browser already allows them', async () => {
    await page.goto(app.url);
    const row = page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option', { name: /Old news/ });
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByText('Get a desktop notification when new mail arrives?').count()).toBe(0);
    // Away from the Inbox, so the click below has somewhere to take us.
    await page
      .getByRole('list', { name: `Folders of ${ada.address}` })
      .getByRole('button', { name: /^Sent\b/ })
      .click();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await notices()).toEqual([]);
  });

  it('notifies of mail arriving in the Inbox by sender and subject; a click shows the message', async () => {
    await imap.append('INBOX', message('Fresh news'));
    await expect.poll(notices, { timeout: 30_000 }).toEqual([{ title: 'Carol Example', body: 'Fresh news' }]);
    await page.evaluate(() => {
      const [first] = (window as unknown as { recordedNotices: { notice: Notification }[] }).recordedNotices;
      first?.notice.onclick?.(new Event('click'));
    });
    await expect.poll(() => page.getByRole('heading', { name: 'Fresh news' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('listbox', { name: 'Messages in Inbox' }).count()).toBe(1);
  });

  it('stays quiet for an account whose notifications are off in its settings', async () => {
    await page.getByRole('button', { name: `Settings of ${ada.address}` }).click();
    await page.getByLabel('Notify me of new mail in this account’s Inbox').uncheck();
    const quiet = async () => (await api.call<Account[]>('accounts.list', {}))[0]?.options.notifications;
    await expect.poll(quiet, { timeout: 15_000 }).toBe(false);
    await page.getByRole('button', { name: 'Close settings' }).click();
    await imap.append('INBOX', message('Quiet news'));
    const row = page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option', { name: /Quiet news/ });
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    // mail.arrived comes with the rows; a notice would follow within the gathering time (1.5 s).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await notices()).toEqual([{ title: 'Carol Example', body: 'Fresh news' }]);
  });
});
