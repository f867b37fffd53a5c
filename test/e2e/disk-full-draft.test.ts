import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/accounts';
import type { Draft, DraftSummary } from '../../shared/compose';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { newMailUser, sourcesWithSubject } from '../helpers/mail-users';
import { mountSmallDisk } from '../helpers/small-disk';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers, TestUser } from '../servers/types';

// Writing a message while the disk fills up (issue 16, faults), in the real UI
// (`npm run web` in Debian's Chromium) with its data dir on a tmpfs of the
// test's own: the autosave fails, the editor keeps every word and says the
// disk is full; once there is space the draft is saved again without another
// keystroke, and reaches the server's Drafts. Mounting needs root: without it
// the test says so and does not run. Send and Close meanwhile say why they
// cannot, and leave the pane open and working. Screenshots: test-output/e2e/disk-full-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const small = await mountSmallDisk('64m');
if (!small.mounted) console.warn(`disk-full-draft.test.ts does not run: cannot mount a tmpfs here (${small.whyNot})`);
const disk = small.mounted ? small.disk : undefined;
const SUBJECT = `Minutes of the meeting ${process.pid}-${Date.now()}`;
const FIRST = 'The committee met at noon.';
const SECOND = ' Everyone agreed to meet again on Thursday.';
const THIRD = ' Ada brings the cake.';
const bob = servers.users.bob;

let user: TestUser;
let app: RunningWebApp;
let api: ApiClient;
let account: Account;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!disk) return;
  await mkdir(shots, { recursive: true });
  user = await newMailUser(servers, 'diskdraft');
  app = await startWebApp(join(disk.path, 'data'));
  api = await connectApi(app.url);
  account = await api.call<Account>('accounts.add', draftFor(servers, { user }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  disk?.free();
  api?.close();
  await browser?.close();
  await app?.stop();
  await disk?.dispose();
});

describe.runIf(disk)('a full disk while writing', () => {
  it('keeps what was typed, says the disk is full, and saves it by itself once there is space', async () => {
    await page.goto(app.url);
    const inbox = page.getByRole('listbox', { name: 'Messages in Inbox' });
    await expect.poll(() => inbox.count(), { timeout: 60_000 }).toBe(1);
    await inbox.focus();
    await page.keyboard.press('c');
    const subject = page.getByRole('textbox', { name: 'Subject:' });
    await expect.poll(() => subject.count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('combobox', { name: 'To' }).fill(`Bob <${bob.address}>, `);
    await subject.fill(SUBJECT);
    const body = page.getByRole('textbox', { name: 'Message body' });
    await body.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type(FIRST);
    const status = page.locator('section.compose').getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Draft saved');

    // The disk fills; the next autosave fails, and says why.
    disk?.fill();
    await page.keyboard.press('End');
    await page.keyboard.type(SECOND);
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/Could not save the draft: the disk is full/);
    expect(await body.textContent()).toContain(FIRST + SECOND);
    await page.screenshot({ path: join(shots, 'disk-full-01-not-saved.png') });
    // The stored draft is the last one saved, whole.
    const [stored] = (await api.call<DraftSummary[]>('drafts.list', { accountId: account.id })).filter((d) => d.subject === SUBJECT);
    const before = await api.call<Draft>('drafts.get', { id: stored?.id });
    expect(JSON.stringify(before.body)).toContain(FIRST);
    expect(JSON.stringify(before.body)).not.toContain(SECOND.trim());

    // Close cannot save it: the pane stays, and goes on taking what is typed.
    const pane = page.locator('section.compose');
    await page.getByRole('button', { name: 'Close and keep the draft' }).click();
    await expect
      .poll(() => pane.getByRole('alert').textContent(), { timeout: 15_000 })
      .toMatch(/could not be saved, so the window stays open/);
    await body.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(THIRD);
    expect(await body.textContent()).toContain(FIRST + SECOND + THIRD);
    // Neither can Send (its save, with every word, fails): it says why, and nothing is queued.
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => pane.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/Not sent: the disk is full/);
    expect(await api.call('outbox.list', {})).toEqual([]);

    // Space again: saved without anyone touching anything, on the server too.
    disk?.free();
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe('Draft saved');
    const after = await api.call<Draft>('drafts.get', { id: stored?.id });
    expect(JSON.stringify(after.body)).toContain(SECOND.trim());
    expect(JSON.stringify(after.body)).toContain(THIRD.trim());
    await expect
      .poll(() => sourcesWithSubject(servers, user, 'Drafts', SUBJECT), { timeout: 30_000, interval: 250 })
      .toEqual([expect.stringContaining(THIRD.trim())]);
    expect(await body.textContent()).toContain(FIRST + SECOND + THIRD);
    expect(await api.call('outbox.list', {})).toEqual([]);
    await page.screenshot({ path: join(shots, 'disk-full-02-saved.png') });
  });
});
