import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDataDir } from '../../scripts/seed/seed-data-dir';
import type { ConnectionCheck } from '../../shared/accounts';
import { connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// The global settings (issue 15, section 3) on the real core and UI: a seeded
// data dir served by `npm run web`, read in Chromium with a light OS scheme.
// Chosen on the General page, a setting applies at once, is kept by the core
// (it survives a reload of the page and a restart of the core), and changes
// what the window shows: the theme's colours, where the reading pane is, the
// row height. Screenshots: test-output/e2e/settings-*.png.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const shot = (name: string) => page.screenshot({ path: join(shots, `settings-${name}.png`) });

let dataDir: string;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-settings-'));
  await seedDataDir(dataDir, { messages: 120 });
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1300, height: 820 }, colorScheme: 'light' });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
const background = (selector: string) =>
  page.evaluate((s) => getComputedStyle(document.querySelector(s) as Element).backgroundColor, selector);
/** Relative luminance-ish of an rgb() colour, 0 (black) to 255 (white). */
const lightness = (rgb: string) => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const rows = () => page.getByRole('listbox', { name: /^Messages in / }).getByRole('option');
const listPane = () => page.getByRole('region', { name: 'Message list' });
const readerPane = () => page.getByRole('region', { name: 'Reader' });

async function openMail(): Promise<void> {
  await page.goto(app.url);
  await expect.poll(() => rows().count(), { timeout: 30_000 }).toBeGreaterThan(3);
}

async function openGeneral(): Promise<void> {
  await page.keyboard.press('Control+,');
  await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('button', { name: 'General' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'General' }).isVisible()).toBe(true);
}

async function closeSettings(): Promise<void> {
  await page.getByRole('button', { name: 'Close settings' }).click();
  await expect.poll(() => rows().count()).toBeGreaterThan(3);
}

const radio = (group: string, name: string) => page.getByRole('radiogroup', { name: group }).getByRole('radio', { name });

describe('global settings', () => {
  it('persist across a reload; dark theme changes the colours', async () => {
    await openMail();
    expect(await theme()).toBe('light');
    const lightBg = await background('body');
    const lightList = await background('.list-pane');
    expect(lightness(lightBg)).toBeGreaterThan(200);
    await shot('01-light-mail');

    await openGeneral();
    expect(await radio('Theme', 'System').isChecked()).toBe(true);
    await shot('02-light-general');
    await radio('Theme', 'Dark').check();
    // Applied at once, before anything is reloaded.
    await expect.poll(theme).toBe('dark');
    await expect.poll(() => background('body')).not.toBe(lightBg);
    expect(lightness(await background('body'))).toBeLessThan(60);
    await shot('03-dark-general');
    await closeSettings();
    expect(lightness(await background('.list-pane'))).toBeLessThan(60);
    expect(await background('.list-pane')).not.toBe(lightList);
    // The message frame stays a white page in the dark theme.
    await rows().first().click();
    await expect.poll(() => page.locator('iframe[title="Message content"], .plain-body').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot('04-dark-mail');

    // Kept by the core: the page reloaded reads it back (the OS still says light).
    await page.reload();
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBeGreaterThan(3);
    await expect.poll(theme).toBe('dark');
    expect(lightness(await background('body'))).toBeLessThan(60);
    await openGeneral();
    expect(await radio('Theme', 'Dark').isChecked()).toBe(true);

    // And by its store: a new core on the same data dir has it too.
    await app.stop();
    app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
    // The new core may get the same port: a URL differing only in its #token would not load the page again.
    await page.goto('about:blank');
    await openMail();
    await expect.poll(theme).toBe('dark');

    // Back to following the OS (light here).
    await openGeneral();
    await radio('Theme', 'System').check();
    await expect.poll(theme).toBe('light');
    await closeSettings();
  });

  it('puts the reading pane under the list, or off with the message in the list’s place', async () => {
    await openMail();
    await openGeneral();
    await radio('Reading pane', 'Bottom').check();
    await closeSettings();
    await rows().first().click();
    const list = await listPane().boundingBox();
    const reader = await readerPane().boundingBox();
    if (!list || !reader) throw new Error('the panes are not shown');
    // Stacked: the reader starts where the list ends, as wide as it.
    expect(reader.y).toBeGreaterThanOrEqual(list.y + list.height - 1);
    expect(Math.abs(reader.width - list.width)).toBeLessThan(2);
    await shot('05-reading-pane-bottom');

    await openGeneral();
    await radio('Reading pane', 'Off').check();
    await closeSettings();
    // Nothing open: the list alone, the whole width.
    expect(await readerPane().isVisible()).toBe(false);
    const alone = await listPane().boundingBox();
    expect(alone?.width).toBeGreaterThan(list.width * 0.9);
    await shot('06-reading-pane-off-list');
    // Opening a message shows it in the list's place; Back shows the list again, the row still selected.
    await rows().nth(1).click();
    const back = page.getByRole('button', { name: /^Back to / });
    await expect.poll(() => back.isVisible()).toBe(true);
    expect(await listPane().isVisible()).toBe(false);
    await shot('07-reading-pane-off-message');
    await back.click();
    await expect.poll(() => listPane().isVisible()).toBe(true);
    expect(await readerPane().isVisible()).toBe(false);
    expect(await rows().nth(1).getAttribute('aria-selected')).toBe('true');
    // Escape goes back too.
    await rows().nth(2).click();
    await expect.poll(() => back.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => listPane().isVisible()).toBe(true);

    await openGeneral();
    await radio('Reading pane', 'Right').check();
    await closeSettings();
  });

  it('makes rows shorter in the compact list, chosen in another window, keeping the top row in place', async () => {
    await openMail();
    const height = () =>
      rows()
        .first()
        .evaluate((row) => row.getBoundingClientRect().height);
    expect(await height()).toBe(76);
    // Scroll so a row other than the first is at the top.
    await page.locator('.message-list').evaluate((list) => {
      list.scrollTop = 76 * 20;
    });
    const topRow = () =>
      page.locator('.message-list').evaluate((list) => {
        const top = list.getBoundingClientRect().top;
        const row = [...list.querySelectorAll('.message-row')].find((r) => Math.abs(r.getBoundingClientRect().top - top) < 2);
        return row?.getAttribute('data-index') ?? null;
      });
    await expect.poll(topRow).toBe('20');
    // A second window changes it: this one hears settings.changed and relays its rows.
    const other = await page.context().newPage();
    other.on('pageerror', (error) => problems.push(error.message));
    await other.goto(app.url);
    await expect.poll(() => other.getByRole('listbox', { name: /^Messages in / }).isVisible(), { timeout: 30_000 }).toBe(true);
    await other.keyboard.press('Control+,');
    await other.getByRole('navigation', { name: 'Settings pages' }).getByRole('button', { name: 'General' }).click();
    await other.getByRole('radiogroup', { name: 'Message list' }).getByRole('radio', { name: 'Compact' }).check();
    await expect.poll(height).toBe(52);
    await expect.poll(topRow).toBe('20');
    await shot('08-compact');
    await other.getByRole('radiogroup', { name: 'Message list' }).getByRole('radio', { name: 'Comfortable' }).check();
    await expect.poll(height).toBe(76);
    await expect.poll(topRow).toBe('20');
    await other.close();
  });

  it('shows where the data and the logs are, and takes back a trusted certificate', async () => {
    // A certificate trusted the wizard's way: a test shows it, the user trusts it.
    const servers = inject('servers') as TestServers;
    const api = await connectApi(app.url);
    try {
      const untrusted = servers.dovecotUntrusted;
      const draft = draftFor(servers);
      draft.incoming = { ...draft.incoming, host: untrusted.host, port: untrusted.ports.imaps };
      const check = await api.call<ConnectionCheck>('accounts.test', draft);
      if (check.incoming.ok || !check.incoming.certificate) throw new Error('expected the untrusted certificate to be refused');
      await api.call('certificates.trust', {
        host: untrusted.host,
        port: untrusted.ports.imaps,
        fingerprint256: check.incoming.certificate.fingerprint256,
      });

      await page.keyboard.press('Control+,');
      await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('button', { name: 'Data and certificates' }).click();
      await expect.poll(() => page.getByLabel('Data folder', { exact: true }).inputValue()).toBe(dataDir);
      expect(await page.getByLabel('Log folder', { exact: true }).inputValue()).toBe(join(dataDir, 'logs'));
      // A browser cannot open a local folder: the path is there to copy instead.
      expect(await page.getByRole('button', { name: 'Open log folder' }).count()).toBe(0);
      const certificates = page.getByRole('group', { name: 'Trusted certificates' });
      await expect.poll(() => certificates.textContent()).toContain(`${untrusted.host}:${untrusted.ports.imaps}`);
      expect(await certificates.textContent()).toContain('Untrusted Test CA');
      await shot('data');
      await certificates
        .getByRole('button', { name: `Stop trusting the certificate of ${untrusted.host}:${untrusted.ports.imaps}` })
        .click();
      await expect.poll(() => certificates.textContent()).toContain('None: every server is checked');
      expect(await api.call('certificates.list', {})).toEqual([]);
    } finally {
      api.close();
    }
    await closeSettings();
  });

  it('reorders the accounts when one’s name is dragged onto another, and keeps the order', async () => {
    await openMail();
    const names = () => page.locator('.sidebar .account-name').allTextContents();
    const before = await names();
    expect(before).toHaveLength(2);
    const [first, second] = before as [string, string];
    const header = (name: string) => page.locator('.sidebar .account-header', { has: page.getByRole('heading', { name, exact: true }) });
    // The second account's name, dropped on the upper half of the first account.
    // Both names on screen at once: a drag that has to scroll the sidebar is cancelled by the scroll.
    await page.setViewportSize({ width: 1300, height: 1500 });
    await page
      .locator('.sidebar')
      .getByRole('heading', { name: second, exact: true })
      .dragTo(header(first), { targetPosition: { x: 40, y: 4 } });
    await expect.poll(names, { timeout: 10_000 }).toEqual([second, first]);
    // Kept by the core: the same order after a reload.
    await page.reload();
    await expect.poll(names, { timeout: 30_000 }).toEqual([second, first]);
    await page.setViewportSize({ width: 1300, height: 820 });
  });

  it('shows no page errors', () => {
    expect(problems).toEqual([]);
  });
});
