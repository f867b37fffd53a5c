import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededFolder, type SeedResult, seedDataDir } from '../../scripts/seed/seed-data-dir';
import { corpusMessage } from '../corpus/index.ts';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';

// A person with a Gmail account works with its labels: a data dir seeded as
// a Gmail sync leaves one (npm run dev:seed -- --gmail: labels are folders,
// one message is a row in each of its labels' folders and in All Mail),
// served by `npm run web` and used in Debian's Chromium by accessible names.
// The account points nowhere: the changes are made in the store and queued
// for a server that never answers, which is what the user sees at once
// anyway. Screenshots: test-output/e2e/gmail-*.png.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
/** Below 1,000: no broken messages from the corpus join the Inbox. */
const MESSAGES = 800;
const GMAIL = 'ada.lovelace@gmail.example.test';

let dataDir: string;
let seed: SeedResult;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-gmail-'));
  seed = await seedDataDir(dataDir, { messages: MESSAGES, gmail: true });
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    // Expected: Chromium notes that frame-ancestors only works as a header (the server sends it as one too).
    if (message.type() === 'error' && !/'frame-ancestors' is ignored/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const shot = (name: string) => page.screenshot({ path: join(shots, `gmail-${name}.png`) });
const tree = () => page.getByRole('list', { name: `Folders of ${GMAIL}` });
const folderButton = (name: string) => tree().getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}\\b`) });
const listbox = () => page.getByRole('listbox');
const option = (subject: string) => listbox().getByRole('option', { name: new RegExp(`, ${escapeRegExp(subject)}, `) });
const toolbar = () => page.getByRole('group', { name: 'Message actions' });
const readerChips = () => page.getByRole('region', { name: 'Reader' }).getByRole('list', { name: 'Labels', exact: true });
const search = () => page.getByRole('searchbox', { name: 'Search mail' });
const count = () => page.locator('.list-count').textContent();

function folder(path: string): SeededFolder {
  const found = seed.folders.find((f) => f.accountId === 'seed-gmail' && f.path === path);
  if (!found) throw new Error(`the seed has no ${path}`);
  return found;
}

const labelsOf = (index: number) => seed.gmailLabels?.get(index) ?? [];
const subjectOf = (index: number) => corpusMessage(index).expected.subject;
const dateOf = (index: number) => Date.parse(corpusMessage(index).expected.date);
let subjectCounts: Map<string, number> | undefined;
/** Whether no other seeded message has this one's subject (a row is found by its subject), and it is plain words. */
function ownSubject(index: number): boolean {
  if (!subjectCounts) {
    subjectCounts = new Map();
    for (const i of seed.gmailLabels?.keys() ?? []) subjectCounts.set(subjectOf(i), (subjectCounts.get(subjectOf(i)) ?? 0) + 1);
  }
  return subjectCounts.get(subjectOf(index)) === 1 && /^[\w ,.'!?-]+$/.test(subjectOf(index));
}
/** A folder's messages as its list shows them: newest first. */
const newestFirst = (path: string) => [...folder(path).corpusIndexes].sort((a, b) => dateOf(b) - dateOf(a));

/** The first message (newest first) of a folder whose labels pass `test` and whose subject is its own. */
function pick(path: string, test: (labels: string[]) => boolean, skip: number[] = []): number {
  const found = newestFirst(path).find((index) => !skip.includes(index) && test(labelsOf(index)) && ownSubject(index));
  if (found === undefined) throw new Error(`no such message in ${path}`);
  return found;
}

const userLabels = (labels: string[]) => labels.filter((l) => !l.startsWith('\\'));
/** In the Inbox, with at least one label of the user's. */
let labelled: number;

describe('Gmail labels on a seeded Gmail mailbox', () => {
  it('shows a message’s labels as chips in its row and in the reader, each with a remove button', async () => {
    await page.goto(app.url);
    const inbox = folder('INBOX');
    await expect.poll(() => count(), { timeout: 30_000 }).toBe(`${inbox.total} messages, ${inbox.unread} unread`);
    labelled = pick('INBOX', (labels) => userLabels(labels).length > 0);
    const labels = userLabels(labelsOf(labelled));
    const row = option(subjectOf(labelled));
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getAttribute('aria-label')).toContain(`, labels ${labels.join(', ')}`);
    const chips = await row.locator('.row-label').allTextContents();
    expect(chips).toEqual(labels.length > 2 ? [...labels.slice(0, 2), `+${labels.length - 2}`] : labels);
    await row.click();
    await expect.poll(() => readerChips().getByRole('listitem').allTextContents(), { timeout: 15_000 }).toEqual(labels);
    for (const label of labels)
      expect(
        await readerChips()
          .getByRole('button', { name: `Remove label ${label}` })
          .count(),
      ).toBe(1);
    // Gmail's own folders sit with the special ones; labels nest; no "[Gmail]" container is left.
    expect(await tree().getByText('[Gmail]').count()).toBe(0);
    expect(await folderButton('Important').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Subfolders of Receipts' }).count()).toBe(1);
    await shot('01-chips');
  });

  it('adds a label to two messages with the Labels popover (mixed at first), and they appear in its folder', async () => {
    // Two of the newest Inbox messages: one with Work, one with neither Work nor Receipts.
    const bare = pick('INBOX', (labels) => !labels.includes('Work') && !labels.includes('Receipts'), [labelled]);
    const working = pick('INBOX', (labels) => labels.includes('Work') && !labels.includes('Receipts'), [labelled]);
    await option(subjectOf(bare)).click();
    await option(subjectOf(working)).click({ modifiers: ['ControlOrMeta'] });
    await expect.poll(() => page.getByText('2 messages selected').isVisible()).toBe(true);

    await listbox().focus();
    await page.keyboard.press('l');
    const popover = page.getByRole('dialog', { name: 'Labels' });
    await expect.poll(() => popover.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Filter labels');
    const work = popover.getByRole('checkbox', { name: 'Work', exact: true });
    expect(await work.evaluate((box: HTMLInputElement) => ({ checked: box.checked, mixed: box.indeterminate }))).toEqual({
      checked: false,
      mixed: true,
    });
    const receipts = popover.getByRole('checkbox', { name: 'Receipts', exact: true });
    expect(await receipts.isChecked()).toBe(false);
    await shot('02-popover-mixed');

    // Filter, arrow down to the checkbox, Space toggles it; Escape closes and gives the list its focus back.
    await page.keyboard.type('Recei');
    expect(await popover.getByRole('checkbox').count()).toBe(2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect.poll(() => receipts.isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => popover.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('listbox');
    for (const index of [bare, working])
      await expect.poll(() => option(subjectOf(index)).getAttribute('aria-label')).toMatch(/labels .*Receipts/);

    const before = folder('Receipts').total;
    await folderButton('Receipts').click();
    await expect.poll(() => count()).toMatch(new RegExp(`^${before + 2} messages`));
    for (const index of [bare, working]) await expect.poll(() => option(subjectOf(index)).count()).toBe(1);
    await shot('03-in-receipts');
  });

  it('archives a message in the Inbox: it leaves the Inbox and is still in All Mail', async () => {
    // Only in the Inbox (and All Mail): the newest such in All Mail, so its row is on screen there too.
    const only = pick('[Gmail]/All Mail', (labels) => labels.join() === '\\Inbox');
    expect(newestFirst('[Gmail]/All Mail').indexOf(only)).toBeLessThan(8);
    await folderButton('Inbox').click();
    const inbox = folder('INBOX');
    await expect.poll(() => count()).toMatch(new RegExp(`^${inbox.total} messages`));
    await option(subjectOf(only)).click();
    await expect.poll(() => toolbar().getByRole('button', { name: 'Archive' }).isEnabled()).toBe(true);
    await toolbar().getByRole('button', { name: 'Archive' }).click();
    await expect.poll(() => option(subjectOf(only)).count()).toBe(0);
    await expect.poll(() => count()).toMatch(new RegExp(`^${inbox.total - 1} messages`));

    await folderButton('All Mail').click();
    await expect.poll(() => option(subjectOf(only)).count()).toBe(1);
    // All Mail: Archive means nothing there.
    await option(subjectOf(only)).click();
    await expect.poll(() => toolbar().getByRole('button', { name: 'Archive' }).isDisabled()).toBe(true);
    expect(await toolbar().getByRole('button', { name: 'Junk' }).isEnabled()).toBe(true);
    await shot('04-archived-in-all-mail');
  });

  it('finds a labelled message by its subject once, though it is in several folders', async () => {
    const subject = subjectOf(labelled);
    await search().fill(subject);
    const results = page.getByRole('listbox', { name: `Search results for ${subject}` });
    await expect.poll(() => results.getByRole('option').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await results.getByRole('option', { name: new RegExp(`, ${escapeRegExp(subject)}, `) }).count()).toBe(1);
    await search().fill('');
  });

  it('offers no labels and no Archive on the other account, which has no Archive folder', async () => {
    await page
      .getByRole('list', { name: 'Folders of ada@home.example.test' })
      .getByRole('button', { name: /^Inbox\b/ })
      .click();
    await listbox().getByRole('option').first().click();
    await expect.poll(() => toolbar().getByRole('button', { name: 'Archive' }).isDisabled()).toBe(true);
    expect(await toolbar().getByRole('button', { name: 'Junk' }).isEnabled()).toBe(true);
    expect(await toolbar().getByRole('button', { name: 'Labels' }).count()).toBe(0);
  });

  it('logged no errors on the way', () => {
    expect(problems).toEqual([]);
  });
});
