import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromLine, quoteMboxrd } from '../../main/import/mbox-writer';
import type { Account } from '../../shared/accounts';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { newMailUser } from '../helpers/mail-users';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// Import and export in the real UI (`npm run web` in Chromium): an mbox file
// chosen in Settings › Import & export goes into a folder of a POP3 account
// (uploaded in chunks over the WebSocket), its messages show in the folder,
// and "Export folder…" from the folder's menu downloads the same mbox, byte
// for byte. Screenshots: test-output/e2e/import-export-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const SUBJECTS = ['Tickets for the ferry', 'From the archive', 'Minutes of the meeting'];

let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
let account: Account;
const problems: string[] = [];

/** The mbox as an export of the folder writes it (oldest first, each "From " line from the sender and date): the round trip's bytes. */
function archive(address: string): Buffer {
  return Buffer.concat(
    SUBJECTS.flatMap((subject, i) => {
      const date = Date.UTC(2026, 2, 2 + i, 9, 0, 0);
      const raw = [
        'From: Dana Example <dana@example.test>',
        `To: ${address}`,
        `Subject: ${subject}`,
        `Date: ${new Date(date).toUTCString()}`,
        `Message-ID: <import-e2e-${i}@example.test>`,
        'X-Mozilla-Status: 0001',
        '',
        `About ${subject.toLowerCase()}.`,
        'From here on, a line that mbox must quote.',
        '>From an already quoted line.',
        '',
      ].join('\r\n');
      return [Buffer.from(fromLine('dana@example.test', date)), ...quoteMboxrd(Buffer.from(raw))];
    }),
  );
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  const user = await newMailUser(servers, 'impe2e');
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-import-'));
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  api = await connectApi(app.url);
  account = await api.call<Account>('accounts.add', draftFor(servers, { user, protocol: 'pop3' }));
  await api.call('folders.create', { accountId: account.id, name: 'Old mail' });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1300, height: 860 }, colorScheme: 'light', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(shots, `import-export-${name}.png`) });
const messages = () => page.getByRole('listbox', { name: 'Messages in Old mail' });

describe('import and export in the UI', () => {
  it('imports an mbox chosen in Settings › Import & export', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.getByRole('button', { name: /^Old mail\b/ }).isVisible(), { timeout: 30_000 }).toBe(true);
    await page.keyboard.press('Control+,');
    await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('button', { name: 'Import & export' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Import & export' }).isVisible()).toBe(true);
    await page.getByLabel('Into folder').selectOption({ label: 'Old mail' });
    await shot('01-page');
    await page
      .getByTestId('import-files')
      .setInputFiles({ name: 'archive.mbox', mimeType: 'application/mbox', buffer: archive(account.email) });
    const job = page.getByRole('listitem', { name: 'Import of archive.mbox' });
    await expect.poll(() => job.textContent(), { timeout: 30_000 }).toContain('Done');
    expect(await job.textContent()).toContain('3 imported');
    await shot('02-imported');
  });

  it('shows the imported messages in their folder, read as the mbox said', async () => {
    await page.getByRole('button', { name: 'Close settings' }).click();
    await page.getByRole('button', { name: /^Old mail\b/ }).click();
    await expect.poll(() => messages().getByRole('option').count(), { timeout: 30_000 }).toBe(3);
    for (const subject of SUBJECTS)
      expect(
        await messages()
          .getByRole('option', { name: new RegExp(subject) })
          .count(),
      ).toBe(1);
    await messages()
      .getByRole('option', { name: /From the archive/ })
      .click();
    await expect.poll(() => page.getByRole('heading', { name: 'From the archive' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await shot('03-folder');
  });

  it('exports the folder from its menu: the download is the imported mbox', async () => {
    await page.getByRole('button', { name: 'More actions for Old mail' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export folder…' }).click()]);
    expect(download.suggestedFilename()).toBe('Old mail.mbox');
    const saved = await readFile((await download.path()) as string);
    expect(saved.toString('latin1')).toBe(archive(account.email).toString('latin1'));
    await shot('04-exported');
  });

  it('imports an .eml dropped on the window into the folder shown', async () => {
    const eml =
      'From: Eve <eve@example.test>\r\nSubject: Dropped on the window\r\nMessage-ID: <dropped@example.test>\r\nDate: Tue, 10 Mar 2026 10:00:00 +0000\r\n\r\nHello.\r\n';
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.eml', { type: 'message/rfc822' }));
      const target = document.querySelector('[role="listbox"]') ?? document.body;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, eml);
    await expect.poll(() => messages().getByRole('option').count(), { timeout: 30_000 }).toBe(4);
    expect(
      await messages()
        .getByRole('option', { name: /Dropped on the window/ })
        .count(),
    ).toBe(1);
    await shot('05-dropped');
    expect(problems).toEqual([]);
  });
});
