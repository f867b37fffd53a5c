import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CONVERSATION, type SeedResult, seedDataDir } from '../../scripts/seed/seed-data-dir';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';

// Reading by conversation on the real core, in Chromium: a data dir seeded
// with corpus mail and one conversation of four messages (three in the
// Inbox, the account's own reply in Sent: scripts/seed, SEED_CONVERSATION).
// The Inbox lists single messages until its switch is turned on; then the
// conversation is one row (who wrote, how many), read whole in the reader
// (the newest open, the read ones closed, each opened by its line), marked
// read by reading it, and the switch goes back to single messages.
// Screenshots: test-output/e2e/conversations-*.png.

const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');

let dataDir: string;
let seed: SeedResult;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-conversations-'));
  seed = await seedDataDir(dataDir, { messages: 300, conversation: true });
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    const expected = /'frame-ancestors' is ignored|Blocked script execution in 'about:srcdoc'/;
    if (message.type() === 'error' && !expected.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const SUBJECT = SEED_CONVERSATION.subject;
const listbox = () => page.getByRole('listbox', { name: 'Messages in Inbox' });
const rowsOf = (subject: string) => listbox().getByRole('option', { name: new RegExp(`, (Re: )?${subject}, `) });
const toggle = () => page.getByRole('switch', { name: 'Conversations' });
const shot = (name: string) => page.screenshot({ path: join(shots, `conversations-${name}.png`) });
const conversation = () => page.getByRole('article', { name: SUBJECT });
const lines = () => conversation().getByRole('list', { name: 'Messages in this conversation' }).getByRole('listitem');

describe('conversations in a seeded mailbox', () => {
  it('lists single messages until the switch is on: the conversation is three rows of the Inbox', async () => {
    await page.goto(app.url);
    const inbox = seed.folders.find((f) => f.accountId === 'seed-work' && f.path === 'INBOX');
    await expect
      .poll(() => page.locator('.list-count').textContent(), { timeout: 30_000 })
      .toMatch(new RegExp(`^${inbox?.total} messages`));
    expect(await toggle().getAttribute('aria-checked')).toBe('false');
    // Newest first: the three Inbox messages of the conversation are the top rows (the reply is in Sent).
    await expect.poll(() => rowsOf(SUBJECT).count()).toBe(3);
    expect(await listbox().getByRole('option').first().getAttribute('aria-label')).toMatch(/^Unread, Charles Babbage, Re: Engine trial/);
  });

  it('shows the conversation as one row once the switch is on: who wrote, four messages, unread', async () => {
    await toggle().click();
    expect(await toggle().getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => rowsOf(SUBJECT).count(), { timeout: 15_000 }).toBe(1);
    const row = listbox().getByRole('option').first();
    // Three people wrote: first names, the account's own reply as "me".
    expect(await row.getAttribute('aria-label')).toMatch(new RegExp(`^Unread, Charles, me, Mary, 4 messages, ${SUBJECT}, `));
    expect(await row.locator('.row-count').textContent()).toBe('4');
    await expect.poll(() => page.locator('.list-count').textContent()).toMatch(/ conversations/);
    await shot('01-list');
  });

  it('reads the whole conversation: the newest open, the read ones closed, the reply from Sent in its place', async () => {
    await listbox().getByRole('option').first().click();
    await expect.poll(() => lines().count(), { timeout: 15_000 }).toBe(4);
    const expanded = await lines().evaluateAll((items) => items.map((li) => li.querySelector('button')?.getAttribute('aria-expanded')));
    expect(expanded).toEqual(['false', 'false', 'false', 'true']);
    const who = await lines().evaluateAll((items) => items.map((li) => li.querySelector('.conversation-from')?.textContent));
    expect(who).toEqual(['Charles Babbage', 'me', 'Mary Somerville', 'Charles Babbage']);
    const newest = SEED_CONVERSATION.messages[3].body;
    await expect.poll(() => lines().nth(3).textContent(), { timeout: 15_000 }).toContain(newest);
    // A closed one shows its first words; its line opens it.
    expect(await lines().nth(1).textContent()).toContain('Thursday suits me');
    expect(await lines().nth(1).locator('.conversation-body').count()).toBe(0);
    await lines().nth(1).getByRole('button', { expanded: false }).click();
    await expect
      .poll(() => lines().nth(1).locator('.conversation-body').textContent(), { timeout: 15_000 })
      .toContain(SEED_CONVERSATION.messages[1].body);
    expect(await lines().nth(1).getByRole('button').first().getAttribute('aria-expanded')).toBe('true');
    // Reading it marked it read.
    await expect.poll(() => listbox().getByRole('option').first().getAttribute('aria-label')).toMatch(/^Charles, me, Mary, 4 messages/);
    await shot('02-reader');
    // Closing the newest again.
    await lines().nth(3).getByRole('button').first().click();
    await expect.poll(() => lines().nth(3).locator('.conversation-body').count()).toBe(0);
  });

  it('goes back to single messages with the switch, and remembers the choice for the folder', async () => {
    await toggle().click();
    expect(await toggle().getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => rowsOf(SUBJECT).count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => page.locator('.list-count').textContent()).toMatch(/ messages/);
    // Single messages again: a row opens one message, not the conversation.
    await rowsOf(SUBJECT).first().click();
    await expect.poll(() => page.getByRole('heading', { name: `Re: ${SUBJECT}` }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('list', { name: 'Messages in this conversation' }).count()).toBe(0);
    // On again, and still on after a reload.
    await toggle().click();
    await page.reload();
    await expect.poll(() => toggle().getAttribute('aria-checked'), { timeout: 30_000 }).toBe('true');
    await expect.poll(() => rowsOf(SUBJECT).count(), { timeout: 15_000 }).toBe(1);
    await shot('03-remembered');
    expect(problems).toEqual([]);
  });
});
