import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededFolder, type SeedResult, seedDataDir } from '../../scripts/seed/seed-data-dir';
import type { Folder, MessagePage, MessageSummary } from '../../shared/mail';
import { corpusMessage } from '../corpus/index.ts';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';

// The views across every account (issue 14) on the real core, in Chromium: a
// data dir seeded with two accounts (ada@work and ada@home, npm run dev:seed)
// and `npm run web`. All Inboxes lists both accounts' Inbox newest first, each
// row saying whose it is; g i, g s, g d go to All Inboxes, Starred, Drafts;
// marking read and deleting a selection of both accounts' messages acts on
// each in its own account (checked in the core, through the API). Screenshots:
// test-output/e2e/unified-*.png.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const MESSAGES = 900;
const ROW_HEIGHT = 76;
const WORK = 'ada@work.example.test';
const HOME = 'ada@home.example.test';

let dataDir: string;
let seed: SeedResult;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-unified-'));
  seed = await seedDataDir(dataDir, { messages: MESSAGES });
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  api = await connectApi(app.url);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !/'frame-ancestors' is ignored|Blocked script execution in 'about:srcdoc'/.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const count = (n: number) => n.toLocaleString('en-US');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const shot = (name: string) => page.screenshot({ path: join(shots, `unified-${name}.png`) });
const listbox = () => page.getByRole('listbox');
const views = () => page.getByRole('list', { name: 'All accounts' });

function folder(accountId: string, path: string): SeededFolder {
  const found = seed.folders.find((f) => f.accountId === accountId && f.path === path);
  if (!found) throw new Error(`the seed has no ${path} in ${accountId}`);
  return found;
}

/** A seeded message as the list shows it: its subject and date, and whose it is. */
interface Listed {
  index: number;
  subject: string;
  date: number;
  email: string;
}

function listed(accountId: string, path: string, email: string): Listed[] {
  return folder(accountId, path).corpusIndexes.map((index) => {
    const { subject, date } = corpusMessage(index).expected;
    return { index, subject, date: Date.parse(date), email };
  });
}

/** All Inboxes as the core must list it: both Inboxes, newest first. */
function allInboxes(): Listed[] {
  return [...listed('seed-work', 'INBOX', WORK), ...listed('seed-home', 'INBOX', HOME)].sort((a, b) => b.date - a.date);
}

/** The list's row at `index`, scrolled into view. */
async function rowAt(index: number) {
  await listbox().evaluate(
    (list, top) => {
      list.scrollTop = top;
    },
    Math.max(0, index * ROW_HEIGHT - 200),
  );
  const row = listbox().locator(`[role="option"][data-index="${index}"]`);
  await row.waitFor();
  return row;
}

/** A folder's messages in the core, by subject. */
async function inCore(accountId: string, role: string): Promise<MessageSummary[]> {
  const folders = await api.call<Folder[]>('folders.list', { accountId });
  const found = folders.find((f) => f.role === role) as Folder;
  return (await api.call<MessagePage>('messages.page', { folderId: found.id, offset: 0, limit: 500 })).items;
}

async function pressSequence(first: string, second: string) {
  await page.keyboard.press(first);
  await page.keyboard.press(second);
}

describe('unified views on the real core', () => {
  it('lists both accounts’ Inbox messages in All Inboxes, newest first, each row saying whose it is (g i)', async () => {
    await page.goto(app.url);
    const workInbox = folder('seed-work', 'INBOX');
    const homeInbox = folder('seed-home', 'INBOX');
    await expect
      .poll(() => page.locator('.list-count').textContent(), { timeout: 30_000 })
      .toBe(`${count(workInbox.total)} messages, ${count(workInbox.unread)} unread`);
    // The views are at the top of the sidebar, with counts.
    await expect
      .poll(() => views().getByRole('button').allTextContents())
      .toEqual([
        `All Inboxes, ${count(workInbox.unread + homeInbox.unread)} unread`,
        expect.stringMatching(/^Unread, [\d,]+ unread$/),
        expect.stringMatching(/^Starred, [\d,]+ messages$/),
        'Drafts, 1 message',
        expect.stringMatching(/^Sent, [\d,]+ messages$/),
      ]);

    await listbox().focus();
    await pressSequence('g', 'i');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('All Inboxes');
    await expect
      .poll(() => page.locator('.list-count').textContent())
      .toBe(`${count(workInbox.total + homeInbox.total)} messages, ${count(workInbox.unread + homeInbox.unread)} unread`);
    await expect
      .poll(() =>
        views()
          .getByRole('button', { name: /^All Inboxes/ })
          .getAttribute('aria-current'),
      )
      .toBe('page');
    // The keyboard stays in the list, now the view's.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Messages in All Inboxes');

    const expected = allInboxes();
    const firstRows = await listbox()
      .getByRole('option')
      .evaluateAll((rows) => rows.slice(0, 6).map((r) => r.getAttribute('aria-label')));
    firstRows.forEach((label, at) => {
      const message = expected[at] as Listed;
      expect(label).toContain(message.subject);
      expect(label).toMatch(new RegExp(`, ${escapeRegExp(message.email)}$`));
    });
    // Far down, the home account's newest message, marked as home's.
    const home = expected.findIndex((m) => m.email === HOME);
    const row = await rowAt(home);
    expect(await row.getAttribute('aria-label')).toContain(expected[home]?.subject);
    expect(await row.getAttribute('aria-label')).toMatch(/, ada@home\.example\.test$/);
    expect(await row.locator('.row-account').textContent()).toBe('home');
    await shot('01-all-inboxes');
  });

  it('marks read and deletes a selection of both accounts’ messages, each in its own account', async () => {
    const expected = allInboxes();
    const home = expected.findIndex((m) => m.email === HOME);
    const work = home > 0 ? home - 1 : home + 1;
    expect(expected[work]?.email).toBe(WORK);
    const [homeMessage, workMessage] = [expected[home] as Listed, expected[work] as Listed];
    const totalBefore = (await api.call<{ view: string; total: number }[]>('views.list', {})).find((v) => v.view === 'inbox')?.total;

    await (await rowAt(work)).click();
    await (await rowAt(home)).click({ modifiers: ['Control'] });
    await expect.poll(() => page.getByText('2 messages selected').isVisible()).toBe(true);
    // Archive would need an Archive folder in the home account; a move, one account.
    const toolbar = page.getByRole('group', { name: 'Message actions' });
    expect(await toolbar.getByRole('button', { name: 'Archive' }).isDisabled()).toBe(true);
    expect(await toolbar.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(false);
    expect(await toolbar.getByRole('button', { name: 'Move to…' }).isDisabled()).toBe(true);
    expect(await toolbar.getByRole('button', { name: 'Move to…' }).getAttribute('title')).toBe(
      'Messages of different accounts cannot be moved together',
    );
    await shot('02-mixed-selection');

    const seen = async () =>
      [
        (await inCore('seed-work', 'inbox')).find((m) => m.subject === workMessage.subject)?.seen,
        (await inCore('seed-home', 'inbox')).find((m) => m.subject === homeMessage.subject)?.seen,
      ].join(',');
    await listbox().focus();
    await page.keyboard.press('Shift+U');
    await expect.poll(seen).toBe('false,false');
    await page.keyboard.press('u');
    await expect.poll(seen).toBe('true,true');

    await page.keyboard.press('Delete');
    await expect.poll(async () => (await inCore('seed-work', 'trash')).some((m) => m.subject === workMessage.subject)).toBe(true);
    await expect.poll(async () => (await inCore('seed-home', 'trash')).some((m) => m.subject === homeMessage.subject)).toBe(true);
    expect((await inCore('seed-work', 'trash')).some((m) => m.subject === homeMessage.subject)).toBe(false);
    expect((await inCore('seed-home', 'inbox')).some((m) => m.subject === homeMessage.subject)).toBe(false);
    await expect
      .poll(() => page.locator('.list-count').textContent())
      .toMatch(new RegExp(`^${escapeRegExp(count((totalBefore as number) - 2))} messages`));
    await expect
      .poll(() =>
        listbox()
          .getByRole('option', { name: new RegExp(escapeRegExp(homeMessage.subject)) })
          .count(),
      )
      .toBe(0);
  });

  it('goes to Starred with g s and to Drafts with g d, each across both accounts', async () => {
    await listbox().focus();
    await pressSequence('g', 's');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Starred');
    // Starred: every account's starred mail outside Trash and Junk.
    const starred = seed.folders.filter((f) => f.role !== 'trash' && f.role !== 'junk').reduce((sum, f) => sum + f.starred, 0);
    expect(starred).toBeGreaterThan(20);
    await expect.poll(() => page.locator('.list-count').textContent()).toMatch(new RegExp(`^${count(starred)} messages`));
    await expect.poll(() => listbox().getByRole('option').count()).toBeGreaterThan(5);
    const labels = await listbox()
      .getByRole('option')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) expect(label).toContain('starred');
    // The s of "g s" starred nothing: the count is the same.
    expect((await api.call<{ view: string; total: number }[]>('views.list', {})).find((v) => v.view === 'starred')?.total).toBe(starred);
    await shot('03-starred');

    await pressSequence('g', 'd');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Drafts');
    const draft = corpusMessage(folder('seed-work', 'Drafts').corpusIndexes[0] as number).expected.subject;
    await expect.poll(() => listbox().getByRole('option').count()).toBe(1);
    expect(await listbox().getByRole('option').first().getAttribute('aria-label')).toContain(draft);
    // A draft opened from the view can be edited, as from its folder.
    await listbox().getByRole('option').first().click();
    await expect.poll(() => page.getByRole('button', { name: 'Edit draft' }).isVisible()).toBe(true);

    // Back to a folder: the sidebar's folder is current again, no view is.
    await page
      .getByRole('list', { name: `Folders of ${WORK}` })
      .getByRole('button', { name: /^Inbox\b/ })
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Inbox');
    expect(await views().locator('[aria-current="page"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
