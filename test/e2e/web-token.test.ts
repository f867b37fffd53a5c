import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningWebApp, runWebEntry } from '../helpers/web-app';

// The access token of `npm run web` stays out of addresses: the printed (and
// opened) address carries a one-time code that the page trades for the token
// and then takes out of the address, so neither the history nor a second
// use of the address gets anything.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'web-token');
let dataDir = '';
// The printed address is left unused here (startWebApp would trade it).
let app: Omit<RunningWebApp, 'url'>;
let browser: Browser;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-web-token-'));
  app = await runWebEntry(['--no-open', '--port', '0', '--data-dir', dataDir], { TIDINGS_KEYCHAIN: 'memory' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the access token of npm run web', () => {
  let token = '';

  it('is traded for the printed address’s code by the page, which then takes the code out of its address', async () => {
    expect(app.printedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[0-9a-f]{32}$/);
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(app.printedUrl);
      await expect.poll(() => page.getByRole('button', { name: 'Add account' }).first().isVisible(), { timeout: 30_000 }).toBe(true);
      expect(page.url()).toBe(`${new URL(app.printedUrl).origin}/`);
      expect(await page.evaluate(() => location.hash)).toBe('');
      token = (await page.evaluate(() => sessionStorage.getItem('tidings.accessToken'))) ?? '';
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      // Printed nowhere.
      expect(app.output()).not.toContain(token);
      // Kept for this tab: a reload still works without the address.
      await page.reload();
      await expect.poll(() => page.getByRole('button', { name: 'Add account' }).first().isVisible(), { timeout: 30_000 }).toBe(true);
      await page.screenshot({ path: join(shots, 'traded.png') });
    } finally {
      await context.close();
    }
  });

  it('a second use of the same address gets nothing, and is told so', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(app.printedUrl);
      await expect
        .poll(() => page.getByRole('heading', { name: 'This address was used already' }).isVisible(), { timeout: 30_000 })
        .toBe(true);
      expect(await page.getByRole('button', { name: 'Add account' }).count()).toBe(0);
      expect(await page.evaluate(() => location.hash)).toBe('');
      await page.screenshot({ path: join(shots, 'spent.png') });
    } finally {
      await context.close();
    }
  });

  it('given in the address itself (as programs do), is taken out of it too; other parts of the fragment stay', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${new URL(app.printedUrl).origin}/#token=${token}&message=999999`);
      await expect.poll(() => page.evaluate(() => location.hash), { timeout: 30_000 }).toBe('#message=999999');
      expect(page.url()).not.toContain(token);
    } finally {
      await context.close();
    }
  });
});
