import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { newMailUser } from '../helpers/mail-users';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// The keyboard as a new user finds it, in the real UI in Chromium: "?" lists
// every shortcut; Ctrl+F and "/" go to the search box, "/" not while typing.
// Screenshot: test-output/e2e/shortcuts.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');

let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  const ada = await newMailUser(servers, 'ada');
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-shortcuts-'));
  app = await startWebApp(dataDir);
  api = await connectApi(app.url);
  await api.call('accounts.add', { ...draftFor(servers, { user: ada }), name: 'Ada Lovelace' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const search = () => page.getByRole('searchbox', { name: 'Search mail' });
const isFocused = (locator: ReturnType<Page['getByRole']>) => locator.evaluate((el) => el === document.activeElement);

describe('the keyboard', () => {
  it('shows the Inbox', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.getByRole('listbox', { name: 'Messages in Inbox' }).count(), { timeout: 60_000 }).toBe(1);
  });

  it('"?" lists every shortcut, from the same tables the keys use', async () => {
    await page.getByRole('listbox', { name: 'Messages in Inbox' }).focus();
    await page.keyboard.press('Shift+Slash');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.count()).toBe(1);
    const selected = dialog.getByRole('region', { name: 'The selected messages' });
    expect(await selected.textContent()).toContain('Archive');
    // The Archive row names "e", the key list/MessageList.tsx acts on.
    const archive = selected.locator('.shortcut', { hasText: 'Archive' });
    expect(await archive.locator('kbd').allTextContents()).toEqual(['e']);
    const anywhere = dialog.getByRole('region', { name: 'Anywhere' });
    expect(await anywhere.locator('.shortcut', { hasText: 'Go to All Inboxes' }).locator('kbd').allTextContents()).toEqual(['g', 'i']);
    await page.screenshot({ path: join(shots, 'shortcuts.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('Ctrl+F and "/" go to the search box; "/" typed in it is a slash', async () => {
    await page.getByRole('listbox', { name: 'Messages in Inbox' }).focus();
    await page.keyboard.press('Control+f');
    await expect.poll(() => isFocused(search())).toBe(true);
    await page.getByRole('listbox', { name: 'Messages in Inbox' }).focus();
    await page.keyboard.press('Slash');
    await expect.poll(() => isFocused(search())).toBe(true);
    await page.keyboard.type('in:inbox/');
    expect(await search().inputValue()).toBe('in:inbox/');
  });
});
