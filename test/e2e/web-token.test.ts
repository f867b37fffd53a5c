import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';

// The access token of `npm run web` stays out of addresses: the printed (and
// opened) address carries a one-time code that the page trades for the token
// and then takes out of the address, so neither the history nor a second
// use of the address gets anything.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'web-token');
let dataDir = '';
let app: RunningWebApp;
let browser: Browser;
let token = '';

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-web-token-'));
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  token = new URLSearchParams(new URL(app.url).hash.slice(1)).get('token') ?? '';
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the access token of npm run web', () => {
  it('is printed nowhere: the printed address carries a one-time code instead', () => {
    expect(app.printedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[0-9a-f]{32}$/);
    expect(app.output()).not.toContain(token);
  });

  it('is traded for the printed address’s code by the page, which then takes the code out of its address', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(app.printedUrl);
      await expect.poll(() => page.getByRole('button', { name: 'Add account' }).first().isVisible(), { timeout: 30_000 }).toBe(true);
      expect(page.url()).toBe(`${new URL(app.printedUrl).origin}/`);
      expect(await page.evaluate(() => location.hash)).toBe('');
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

  it('given in the address itself (as programs do), is taken out of it too', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(app.url);
      await expect.poll(() => page.getByRole('button', { name: 'Add account' }).first().isVisible(), { timeout: 30_000 }).toBe(true);
      expect(page.url()).not.toContain(token);
      expect(await page.evaluate(() => location.hash)).toBe('');
    } finally {
      await context.close();
    }
  });
});
