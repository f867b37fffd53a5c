import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// A message kept as a file and put on paper, in the real UI in Chromium:
// "Save as .eml" downloads exactly the bytes the server has (8-bit Latin-1
// text, bare header folding and all), and "Print…" prints the open message
// alone. The window's title counts the unread mail. Screenshot:
// test-output/e2e/print-preview.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const SUBJECT = 'Minutes: budget / Q3 "final"';
// 8-bit Latin-1 body bytes (not UTF-8): a byte-for-byte copy keeps them, a text round trip would not.
const RAW = Buffer.concat([
  Buffer.from(
    [
      'From: Carol Example <carol@example.test>',
      'To: ada@example.test',
      `Subject: ${SUBJECT}`,
      'Date: Tue, 03 Mar 2026 10:00:00 +0000',
      'Message-ID: <minutes-q3@example.test>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: 8bit',
      '',
      'The budget was agreed. Caf',
    ].join('\r\n'),
  ),
  Buffer.from([0xe9]),
  Buffer.from(' on Friday.\r\n'),
]);

let dataDir: string;
let downloads: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  const ada = await newMailUser(servers, 'ada');
  const imap = await otherClient(servers, ada);
  await imap.append('INBOX', RAW);
  await imap.logout();
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-save-'));
  downloads = join(dataDir, 'downloads');
  app = await startWebApp(dataDir);
  api = await connectApi(app.url);
  await api.call('accounts.add', { ...draftFor(servers, { user: ada }), name: 'Ada Lovelace' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const more = () => page.getByRole('button', { name: 'More for this message' });

describe('saving and printing a message', () => {
  it('opens the message', async () => {
    await page.goto(app.url);
    const row = page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option', { name: /Minutes: budget/ });
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    // Unread in every Inbox: in the window's title, until it is read.
    await expect.poll(() => page.title()).toBe('(1) Tidings');
    await row.click();
    await expect.poll(() => page.title()).toBe('Tidings');
    await expect.poll(() => page.getByRole('heading', { name: SUBJECT }).count(), { timeout: 30_000 }).toBe(1);
    // Wait for the body, downloaded after the headers.
    await expect.poll(() => more().count(), { timeout: 30_000 }).toBe(1);
  });

  it('saves it as .eml, byte for byte what the server has, named for its subject', async () => {
    await more().click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Save as .eml' }).click()]);
    expect(download.suggestedFilename()).toBe('Minutes budget Q3 final.eml');
    const file = join(downloads, 'saved.eml');
    await mkdir(downloads, { recursive: true });
    await download.saveAs(file);
    expect((await readFile(file)).equals(RAW)).toBe(true);
  });

  it('prints the open message alone: no sidebar, list or toolbar on paper', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.sidebar').isVisible()).toBe(false);
      expect(await page.locator('.list-pane').isVisible()).toBe(false);
      expect(await page.locator('.toolbar').isVisible()).toBe(false);
      expect(await page.getByRole('heading', { name: SUBJECT }).isVisible()).toBe(true);
      await page.screenshot({ path: join(shots, 'print-preview.png'), fullPage: true });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    // On screen again: everything is back.
    expect(await page.locator('.sidebar').isVisible()).toBe(true);
  });
});
