import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededFolder, type SeedResult, seedDataDir } from '../../scripts/seed/seed-data-dir';
import { type CorpusMessage, corpusMessage } from '../corpus/index.ts';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';

// A person opens a mailbox that is already full: a data dir seeded with 2,000
// messages of the test corpus by the core's own store code (npm run dev:seed),
// served by `npm run web` and read in Debian's Chromium. No mail server: the
// seeded accounts have no saved password, so the core never connects. What
// the mock UI scripts used to show by screenshots, checked on the real core:
// the folder tree and counts, the long list virtualized (a bounded DOM, End,
// a jump to the middle), reading plain, HTML, attachment and unreadable mail,
// search, an empty folder, a reply, dark and narrow windows, and no console
// errors along the way. Screenshots: test-output/e2e/seeded-*.png.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const MESSAGES = 2_000;
/** MessageRow.tsx's ROW_HEIGHT: every row is this tall, whatever its subject. */
const ROW_HEIGHT = 76;
/** Rows a window of this app can show, plus overscan, with room to spare: more means virtualization broke. */
const MAX_DOM_ROWS = 60;

let dataDir: string;
let seed: SeedResult;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-seeded-'));
  seed = await seedDataDir(dataDir, { messages: MESSAGES });
  // The seeded accounts have no password anywhere; memory keeps the test's keyring untouched.
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  browser = await launchChromium();
  page = await newPage({ width: 1400, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function newPage(options: { width: number; height: number; dark?: boolean }): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    colorScheme: options.dark ? 'dark' : 'light',
  });
  const opened = await context.newPage();
  opened.on('console', (message) => {
    // Expected: Chromium notes that frame-ancestors only works as a header (the server sends
    // it as one too); Playwright's frame locators probing the sandboxed message frame.
    const expected = /'frame-ancestors' is ignored|Blocked script execution in 'about:srcdoc'/;
    if ((message.type() === 'error' || /Content Security Policy/.test(message.text())) && !expected.test(message.text()))
      problems.push(message.text());
  });
  opened.on('pageerror', (error) => problems.push(error.message));
  return opened;
}

const WORK = 'ada@work.example.test';
const count = (n: number) => n.toLocaleString('en-US');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const shot = (name: string, on: Page = page) => on.screenshot({ path: join(shots, `seeded-${name}.png`) });
const tree = (account: string, on: Page = page) => on.getByRole('list', { name: `Folders of ${account}` });
const folderButton = (account: string, name: string, on: Page = page) =>
  tree(account, on).getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}\\b`) });
const listbox = (on: Page = page) => on.getByRole('listbox');
const option = (subject: string, on: Page = page) => listbox(on).getByRole('option', { name: new RegExp(escapeRegExp(subject)) });
const domRows = (on: Page = page) => on.locator('.message-row').count();
const search = (on: Page = page) => on.getByRole('searchbox', { name: 'Search mail' });
const messageFrame = (on: Page = page) => on.frameLocator('iframe[title="Message content"]');

function folder(accountId: string, path: string): SeededFolder {
  const found = seed.folders.find((f) => f.accountId === accountId && f.path === path);
  if (!found) throw new Error(`the seed has no ${path} in ${accountId}`);
  return found;
}

/**
 * The first seeded message in a folder that passes `test`, with what the
 * corpus says is in it; only those whose marker is found alone (see findByMarker).
 */
function pick(
  from: SeededFolder,
  test: (m: CorpusMessage) => boolean,
  among: number[] = from.corpusIndexes,
): { index: number; message: CorpusMessage } {
  const last = Math.max(...seed.folders.flatMap((f) => f.corpusIndexes));
  for (const index of among) {
    if (index * 10 <= last) continue;
    const message = corpusMessage(index);
    if (test(message)) return { index, message };
  }
  throw new Error(`no such message in ${from.path}`);
}

/**
 * The corpus puts "Ref: TID-<seed>-<index>" in every body: a search for it
 * finds that message, and those whose index it begins (search takes the last
 * word as a prefix), which pick() leaves out.
 */
async function findByMarker(index: number, on: Page = page): Promise<void> {
  const marker = `TID-1-${index}`;
  await search(on).fill(marker);
  await expect
    .poll(() =>
      on
        .getByRole('listbox', { name: `Search results for ${marker}` })
        .getByRole('option')
        .count(),
    )
    .toBe(1);
}

async function clearSearch(on: Page = page): Promise<void> {
  await search(on).fill('');
  await expect.poll(() => on.getByRole('listbox', { name: /^Messages in / }).count()).toBe(1);
}

describe('a seeded mailbox on the real core', () => {
  it('lists both accounts with their nested folders and the counts that were stored', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.getByText('No system keychain available').isVisible(), { timeout: 30_000 }).toBe(true);
    const inbox = folder('seed-work', 'INBOX');
    await expect
      .poll(() => page.locator('.list-count').textContent(), { timeout: 30_000 })
      .toBe(`${count(inbox.total)} messages, ${count(inbox.unread)} unread`);
    for (const f of seed.folders) {
      const account = seed.accounts.find((a) => a.id === f.accountId)?.email as string;
      const expected = f.unread > 0 ? `${f.name}, ${count(f.unread)} unread` : f.name;
      expect(await folderButton(account, f.name).textContent()).toBe(expected);
    }
    // Nested folders are shown under their parents, and can be folded away.
    await page.getByRole('button', { name: 'Subfolders of Engine' }).click();
    await expect.poll(() => folderButton(WORK, 'Drawings').count()).toBe(0);
    await page.getByRole('button', { name: 'Subfolders of Engine' }).click();
    await expect.poll(() => folderButton(WORK, 'Drawings').count()).toBe(1);
    // Newest first: the top row is the seeded Inbox message with the latest date.
    const newest = inbox.corpusIndexes
      .map((index) => corpusMessage(index).expected)
      .reduce((a, b) => (Date.parse(b.date) > Date.parse(a.date) ? b : a));
    await expect.poll(() => listbox().getByRole('option').first().getAttribute('aria-label')).toContain(newest.subject);
    await shot('01-inbox');
  });

  it('renders only the rows in view, each one row high, for a folder of over a thousand', async () => {
    const inbox = folder('seed-work', 'INBOX');
    expect(inbox.total).toBeGreaterThan(1000);
    const rows = await domRows();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(MAX_DOM_ROWS);
    const heights = await page
      .locator('.message-row')
      .evaluateAll((all) => [...new Set(all.map((row) => row.getBoundingClientRect().height))]);
    expect(heights).toEqual([ROW_HEIGHT]);
    // Starred and unread rows say so, as the seed stored them.
    const labels = await listbox()
      .getByRole('option')
      .evaluateAll((all) => all.map((o) => o.getAttribute('aria-label') ?? ''));
    expect(labels.some((label) => label.startsWith('Unread, '))).toBe(true);
    expect(labels.some((label) => !label.startsWith('Unread, '))).toBe(true);
  });

  it('jumps to the middle of the list and shows the rows there', async () => {
    const target = await listbox().evaluate((element, rowHeight) => {
      element.scrollTop = Math.floor(element.scrollHeight / 2);
      return Math.floor(element.scrollTop / rowHeight);
    }, ROW_HEIGHT);
    await expect.poll(() => page.locator(`.message-row[data-index="${target}"]`).getAttribute('role'), { timeout: 15_000 }).toBe('option');
    expect(await domRows()).toBeLessThan(MAX_DOM_ROWS);
    await shot('02-middle');
  });

  // Before any test opens a message (End, Home and PageDown do): the unread count is still the seeded one.
  it('search finds a message by a word of its body; opening it shows the body and marks it read', async () => {
    const inbox = folder('seed-work', 'INBOX');
    const { index, message } = pick(inbox, (m) => m.expected.kind === 'plain', inbox.unreadCorpusIndexes);
    await findByMarker(index);
    const row = option(message.expected.subject);
    expect(await row.getAttribute('aria-label')).toMatch(/^Unread, /);
    await row.click();
    await expect.poll(() => page.getByRole('heading', { name: message.expected.subject }).isVisible(), { timeout: 15_000 }).toBe(true);
    const text = (await page.getByRole('article').textContent()) ?? '';
    for (const phrase of message.expected.bodyPhrases) expect(text).toContain(phrase);
    await expect.poll(() => row.getAttribute('aria-label')).not.toMatch(/^Unread/);
    await expect.poll(() => folderButton(WORK, 'Inbox').textContent()).toBe(`Inbox, ${count(inbox.unread - 1)} unread`);
    await shot('04-plain');
  });

  it('End selects the last message, Home the first; the DOM stays bounded', async () => {
    await clearSearch();
    const total = folder('seed-work', 'INBOX').total;
    await listbox().focus();
    await page.keyboard.press('End');
    const selected = listbox().locator('[role="option"][aria-selected="true"]');
    await expect.poll(() => selected.getAttribute('aria-posinset'), { timeout: 15_000 }).toBe(String(total));
    expect(await domRows()).toBeLessThan(MAX_DOM_ROWS);
    await shot('03-end');
    await page.keyboard.press('Home');
    await expect.poll(() => selected.getAttribute('aria-posinset')).toBe('1');
    await page.keyboard.press('PageDown');
    await expect.poll(async () => Number(await selected.getAttribute('aria-posinset'))).toBeGreaterThan(5);
  });

  it('marks a starred message as starred, in the list and in the toolbar', async () => {
    const inbox = folder('seed-work', 'INBOX');
    const { index, message } = pick(inbox, (m) => m.expected.kind === 'plain', inbox.starredCorpusIndexes);
    await findByMarker(index);
    expect(await option(message.expected.subject).getAttribute('aria-label')).toMatch(/, starred/);
    await option(message.expected.subject).click();
    await expect
      .poll(() => page.getByRole('group', { name: 'Message actions' }).getByRole('button', { name: 'Unstar' }).count(), { timeout: 15_000 })
      .toBe(1);
  });

  it('shows an HTML message in the sandboxed frame', async () => {
    const inbox = folder('seed-work', 'INBOX');
    const { index, message } = pick(inbox, (m) => m.expected.kind === 'alternative' && m.expected.htmlPhrase !== null);
    await findByMarker(index);
    await option(message.expected.subject).click();
    // The corpus gives a piece of the HTML source; its words are what the frame shows.
    const words = (message.expected.htmlPhrase as string).replace(/<[^>]*>/g, '').trim();
    expect(words.length).toBeGreaterThan(10);
    await expect.poll(() => messageFrame().locator('body').textContent(), { timeout: 15_000 }).toContain(words);
    expect(await page.locator('iframe[title="Message content"]').getAttribute('sandbox')).toBe('allow-same-origin');
    await shot('05-html');
  });

  it('lists the attachments of a message with a Save button each', async () => {
    const inbox = folder('seed-work', 'INBOX');
    const { index, message } = pick(
      inbox,
      (m) => m.expected.kind === 'attachments' && m.expected.attachments.some((a) => !a.inline && a.filename !== null),
    );
    const named = message.expected.attachments.filter((a) => !a.inline && a.filename !== null);
    await findByMarker(index);
    expect(await option(message.expected.subject).getAttribute('aria-label')).toContain('has attachments');
    await option(message.expected.subject).click();
    const listed = message.expected.attachments.filter((a) => !a.inline).length;
    const region = page.getByRole('region', { name: `${listed} ${listed === 1 ? 'attachment' : 'attachments'}` });
    await expect.poll(() => region.isVisible(), { timeout: 15_000 }).toBe(true);
    for (const attachment of named)
      expect(await region.getByRole('button', { name: `Save ${attachment.filename}`, exact: true }).count()).toBe(1);
    await shot('06-attachments');
  });

  it('shows the raw source of a message it cannot read', async () => {
    expect(folder('seed-work', 'INBOX').malformed).toContain('1,500 parts');
    await search().fill('Many parts');
    const row = listbox().getByRole('option', { name: /, Many parts, / });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.click();
    await expect.poll(() => page.getByText("Tidings could not read this message's format.").isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByRole('region', { name: 'Raw message source' }).textContent()).toContain('Subject: Many parts');
    await clearSearch();
  });

  it('finds many messages by a common word, and says how many', async () => {
    await search().fill('quarter');
    const results = page.getByRole('listbox', { name: 'Search results for quarter' });
    await expect.poll(() => results.getByRole('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    expect(await page.locator('.list-count').textContent()).toMatch(/^(More than )?\d[\d,]* matches$/);
    await clearSearch();
  });

  it('replies to a seeded message with its subject and a quote', async () => {
    const inbox = folder('seed-work', 'INBOX');
    const { index, message } = pick(inbox, (m) => m.expected.kind === 'plain' && !m.expected.subject.startsWith('Re:'));
    await findByMarker(index);
    await option(message.expected.subject).click();
    await expect.poll(() => page.getByRole('heading', { name: message.expected.subject }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect.poll(() => page.locator('section.compose').isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Subject:' }).inputValue()).toBe(`Re: ${message.expected.subject}`);
    await expect.poll(() => page.locator('.compose-editor blockquote').count()).toBe(1);
    expect(await page.locator('.compose-editor blockquote').textContent()).toContain(`Ref: TID-1-${index}`);
    await shot('07-reply');
    await page.locator('section.compose').getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => page.locator('section.compose').count()).toBe(0);
    await clearSearch();
  });

  it('says so when a folder is empty', async () => {
    await folderButton(WORK, 'Lists').click();
    await expect.poll(() => page.getByText('No messages in this folder.').isVisible()).toBe(true);
    expect(await page.locator('.list-count').textContent()).toBe('0 messages');
    await folderButton(WORK, 'Drawings').click();
    await page.getByRole('listbox', { name: 'Messages in Drawings' }).getByRole('option').first().waitFor();
    const drawings = folder('seed-work', 'Projects/Engine/Drawings');
    expect(await page.locator('.list-count').textContent()).toBe(
      `${count(drawings.total)} messages${drawings.unread ? `, ${count(drawings.unread)} unread` : ''}`,
    );
  });

  it('works in a narrow dark window: the list, the keyboard and the reader', async () => {
    const narrow = await newPage({ width: 760, height: 820, dark: true });
    try {
      await narrow.goto(app.url);
      await option('', narrow).first().waitFor();
      const background = await narrow.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
      expect((r + g + b) / 3, `dark background, not ${background}`).toBeLessThan(100);
      const first = listbox(narrow).getByRole('option').first();
      await first.click();
      const second = (await listbox(narrow).getByRole('option').nth(1).getAttribute('aria-label')) ?? '';
      await listbox(narrow).focus();
      await narrow.keyboard.press('ArrowDown');
      await expect
        .poll(() => listbox(narrow).locator('[aria-selected="true"]').getAttribute('aria-label'))
        .toBe(second.replace(/^Unread, /, ''));
      expect(await narrow.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('listbox');
      await expect.poll(() => narrow.getByRole('region', { name: 'Reader' }).getByRole('heading').first().isVisible()).toBe(true);
      // Nothing sticks out sideways.
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await shot('08-narrow-dark', narrow);
    } finally {
      await narrow.context().close();
    }
  });

  it('without the token in the address, says where to find it', async () => {
    const stranger = await newPage({ width: 1000, height: 700 });
    try {
      await stranger.goto(app.url.replace(/#.*/, ''));
      await expect.poll(() => stranger.getByText('Open Tidings with the address').isVisible()).toBe(true);
      expect(await stranger.getByRole('listbox').count()).toBe(0);
    } finally {
      await stranger.context().close();
    }
  });

  it('logged no errors on the way', () => {
    expect(problems).toEqual([]);
  });

  it('says so when the core goes away, and keeps showing what it had', async () => {
    await app.stop();
    await expect.poll(() => page.getByText('Connection to Tidings lost — reconnecting…').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await listbox().getByRole('option').count()).toBeGreaterThan(0);
    await shot('09-core-gone');
  });
});
