import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedResult, seedDataDir } from '../../scripts/seed/seed-data-dir';
import { corpusMessage } from '../corpus/index.ts';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';

// Search in the real UI on the real core, in Chromium, over a data dir seeded
// with two accounts: a search covers both accounts unless narrowed to the
// account or the folder, each result says where it is, from: answers from
// the sender only (checked against the seed), and a query that cannot be
// read says why under the search box instead of showing a wrong list.
// Screenshots: test-output/e2e/search-*.png.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const MESSAGES = 600;

let dataDir: string;
let seed: SeedResult;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-search-'));
  seed = await seedDataDir(dataDir, { messages: MESSAGES });
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const search = () => page.getByRole('searchbox', { name: 'Search mail' });
const results = (query: string) => page.getByRole('listbox', { name: `Search results for ${query}` });
const countText = () => page.locator('.list-count').textContent();
const shot = (name: string) => page.screenshot({ path: join(shots, `search-${name}.png`) });

/** The number in the list's count ("28 matches"); NaN while the first page is read. */
async function total(): Promise<number> {
  const text = (await countText()) ?? '';
  return /\d/.test(text) ? Number(text.replace(/[^\d]/g, '')) : Number.NaN;
}

/** Searches every account (the default scope) for `query` and waits for its first rows. */
async function searchFor(query: string): Promise<void> {
  await search().fill(query);
  await expect.poll(() => results(query).getByRole('option').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  const scope = page.getByRole('combobox');
  if ((await scope.inputValue()) !== 'all') await scope.selectOption({ label: 'All accounts' });
  await expect.poll(total, { timeout: 15_000 }).toBeGreaterThan(0);
}

/** The accessible names of the result rows on screen. */
async function rowNames(query: string): Promise<string[]> {
  return results(query)
    .getByRole('option')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
}

describe('search in the UI', () => {
  it('opens the seeded mailbox', async () => {
    await page.goto(app.url);
    await expect.poll(() => search().isVisible(), { timeout: 30_000 }).toBe(true);
  });

  it('searches both accounts, and each result says its folder (and account, when not the one shown)', async () => {
    // One message of each account's Inbox, by the marker the corpus puts in every body ("Ref: TID-1-<index>").
    const inbox = (accountId: string) => seed.folders.find((f) => f.accountId === accountId && f.role === 'inbox');
    const work = inbox('seed-work')?.corpusIndexes.find((i) => i >= 100) as number;
    const home = inbox('seed-home')?.corpusIndexes.find((i) => i >= 100) as number;
    const query = `TID-1-${work} OR TID-1-${home}`;
    await searchFor(query);
    await expect.poll(countText, { timeout: 15_000 }).toBe('2 matches');
    const names = await rowNames(query);
    expect(names.filter((name) => name.endsWith(' in Inbox'))).toHaveLength(1);
    expect(names.filter((name) => name.endsWith(' in Inbox · Ada'))).toHaveLength(1);
    await shot('01-both-accounts');
  });

  it('narrows to the account, then to the folder', async () => {
    await searchFor('meeting');
    await expect.poll(countText, { timeout: 15_000 }).toMatch(/^\d[\d,]* matches$/);
    const everywhere = await total();
    const scope = page.getByRole('combobox');
    await scope.selectOption({ label: 'Ada Lovelace' });
    await expect.poll(total, { timeout: 15_000 }).toBeLessThan(everywhere);
    const inAccount = await total();
    expect((await rowNames('meeting')).every((name) => !name.includes(' · Ada'))).toBe(true);
    await scope.selectOption({ label: 'Inbox' });
    await expect.poll(total, { timeout: 15_000 }).toBeLessThan(inAccount);
    expect((await rowNames('meeting')).every((name) => name.endsWith(' in Inbox'))).toBe(true);
    await scope.selectOption({ label: 'All accounts' });
    await expect.poll(total, { timeout: 15_000 }).toBe(everywhere);
  });

  it('from: finds exactly the mail of that sender', async () => {
    // Received mail keeps the corpus's sender (Sent and Drafts carry the account's own).
    const received = seed.folders.filter((f) => f.role !== 'sent' && f.role !== 'drafts');
    const sender = corpusMessage(received[0]?.corpusIndexes[0] as number).expected;
    const expected = received.flatMap((f) => f.corpusIndexes).filter((i) => corpusMessage(i).expected.fromAddress === sender.fromAddress);
    const query = `from:${sender.fromAddress}`;
    await searchFor(query);
    await expect.poll(countText, { timeout: 15_000 }).toBe(`${expected.length} ${expected.length === 1 ? 'match' : 'matches'}`);
    const names = await rowNames(query);
    const shownAs = sender.fromName || sender.fromAddress;
    expect(names.every((name) => name.replace(/^Unread, /, '').startsWith(`${shownAs},`))).toBe(true);
    await shot('02-from');
  });

  it('says under the search box what is wrong with a query, and searches once it is fixed', async () => {
    await searchFor('meeting');
    await search().fill('meeting foo:bar');
    const alert = page.locator('.search-box [role="alert"]');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/^"foo:" is not something search knows/);
    expect(await search().getAttribute('aria-invalid')).toBe('true');
    // The list is still the last search's, not an answer to a query that was not understood.
    expect(await results('meeting').count()).toBe(1);
    await shot('03-unknown-field');

    await search().fill('meeting "open quote');
    await expect.poll(() => alert.textContent()).toMatch(/quote is not closed/);

    // What only the core can know: the folder does not exist.
    await search().fill('meeting in:nowhere');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toBe('No folder is called "nowhere".');
    expect(await page.locator('.list-error').count()).toBe(0);

    await search().fill('meeting in:inbox');
    await expect.poll(() => results('meeting in:inbox').getByRole('option').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await alert.count()).toBe(0);
    expect(await search().getAttribute('aria-invalid')).toBeNull();
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
