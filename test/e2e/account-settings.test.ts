import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/accounts';
import type { OutboxItem } from '../../shared/compose';
import type { MessagePage } from '../../shared/mail';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { changeMailPassword, deleteWithSubject, newMailUser, otherClient } from '../helpers/mail-users';
import { type NetworkSwitch, startNetworkSwitch } from '../helpers/network-switch';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers, TestUser } from '../servers/types';

// Living with an account in the real UI (`npm run web` in Debian's Chromium),
// against the real Dovecot and Postfix. Its password changes elsewhere: the
// sidebar says sign-in failed, that status leads to the password field, a
// mistyped password is refused inline and not saved, the right one connects
// again, and the mail is still there, nothing downloaded again. Then the
// SMTP server cannot be reached: the note at the bottom says the message
// waits in the Outbox, why, and until when. Both servers are reached through
// a switch the test can cut (test/helpers/network-switch.ts).
// Screenshots: test-output/e2e/account-settings-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const bob = servers.users.bob;
const TAG = `${process.pid}-${Date.now()}`;
const WAITING_SUBJECT = `While the server is away ${TAG}`;
const MESSAGES = 8;

let user: TestUser;
let imap: NetworkSwitch;
let smtp: NetworkSwitch;
let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let account: Account;
let browser: Browser;
let page: Page;
let bobImap: ImapFlow | undefined;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  user = await newMailUser(servers, 'grace');
  const client = await otherClient(servers, user);
  for (let i = 0; i < MESSAGES; i++) {
    await client.append(
      'INBOX',
      `From: Ann <ann@example.test>\r\nTo: ${user.address}\r\nSubject: Note ${i}\r\nMessage-ID: <note${i}.${TAG}@example.test>\r\nDate: Tue, 03 Nov 2026 09:${String(i).padStart(2, '0')}:00 +0000\r\n\r\nNote number ${i}.\r\n`,
    );
  }
  await client.logout();
  imap = await startNetworkSwitch(servers.dovecot.ports.imaps);
  smtp = await startNetworkSwitch(servers.postfix.ports.submissions);
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-settings-'));
  app = await startWebApp(dataDir);
  api = await connectApi(app.url);
  const draft = draftFor(servers, { user });
  account = await api.call<Account>('accounts.add', {
    ...draft,
    name: 'Grace Hopper',
    incoming: { ...draft.incoming, port: imap.port },
    outgoing: { ...draft.outgoing, port: smtp.port },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  // bob's Inbox is shared with other tests: take back what this run delivered.
  if (bobImap) {
    await deleteWithSubject(bobImap, TAG);
    await bobImap.logout().catch(() => undefined);
  }
  api?.close();
  await browser?.close();
  await app?.stop();
  await imap?.close();
  await smtp?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(shots, `account-settings-${name}.png`) });
const section = () => page.getByRole('region', { name: account.name });
const inbox = () => page.getByRole('listbox', { name: 'Messages in Inbox' });

async function inboxIds(): Promise<number[]> {
  const folders = await api.call<{ id: number; role: string | null }[]>('folders.list', { accountId: account.id });
  const folder = folders.find((f) => f.role === 'inbox');
  if (!folder) return [];
  const page = await api.call<MessagePage>('messages.page', { folderId: folder.id, offset: 0, limit: 100 });
  return page.items.map((m) => m.id).sort((a, b) => a - b);
}

describe('an account whose password changed elsewhere', () => {
  it('is up to date after its first sync', async () => {
    await page.goto(app.url);
    await expect.poll(() => inbox().getByRole('option').count(), { timeout: 60_000 }).toBe(MESSAGES);
    // Once the last body is stored, the sidebar says so (not "Syncing 8 of 8" until the next check).
    await expect.poll(() => section().locator('.account-status').textContent(), { timeout: 30_000 }).toBe('Up to date');
    await shot('01-up-to-date');
  });

  it('says sign-in failed, and that status opens the settings at the password', async () => {
    const before = await inboxIds();
    user = await changeMailPassword(servers, user, `${user.password}-changed`);
    // The connection drops (a network change): the next login is refused.
    await imap.cut();
    await imap.restore();
    const status = section().getByRole('button', { name: /^Sign-in failed — enter the new password/ });
    await expect.poll(() => status.count(), { timeout: 60_000 }).toBe(1);
    await shot('02-sign-in-failed');

    await status.click();
    const field = page.getByLabel('New password or app password');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('form', { name: 'Grace Hopper' }).count()).toBe(1);

    // A mistyped one: tried, refused inline, not saved.
    await field.fill('not the password');
    await page.getByRole('button', { name: 'Test and save' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Not saved' });
    await expect.poll(() => refused.count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('status', { name: 'Incoming server result' }).textContent()).toMatch(/rejected the username or password/);
    await shot('03-wrong-password');

    // The right one: saved, connected, the mail as it was (same rows: nothing removed or downloaded again).
    await field.fill(user.password);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await field.inputValue()).toBe('');
    await shot('04-saved');
    await expect.poll(() => section().locator('.account-status').textContent(), { timeout: 60_000 }).toBe('Up to date');
    expect(await inboxIds()).toEqual(before);
  });

  it('renames and colours the account in place', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Grace at work');
    await page.getByRole('radio', { name: 'Green' }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count(), { timeout: 15_000 }).toBe(1);
    const saved = (await api.call<Account[]>('accounts.list', {})).find((a) => a.id === account.id);
    expect(saved).toMatchObject({ name: 'Grace at work', color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    account = saved as Account;
    await shot('05-renamed');
    // Esc: back to the mail, where the sidebar has the new name.
    await page.getByRole('heading', { name: 'Settings' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => section().getByRole('heading', { name: 'Grace at work' }).count()).toBe(1);
  });
});

describe('a message sent while the SMTP server cannot be reached', () => {
  it('says at once that it waits in the Outbox, why, and when it is tried again; then goes', async () => {
    await smtp.cut();
    await inbox().focus();
    await page.keyboard.press('c');
    const to = page.getByRole('combobox', { name: 'To' });
    await expect.poll(() => to.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    await to.fill(`${bob.address}, `);
    await page.getByRole('textbox', { name: 'Subject:' }).fill(WAITING_SUBJECT);
    await page.getByRole('textbox', { name: 'Message body' }).click();
    await page.keyboard.type('Sent while the server was away.');
    await page.keyboard.press('Control+Enter');

    // After the undo time the outbox's first try fails: the note says so, not "Sending…".
    const note = page.locator('.send-status').filter({ hasText: WAITING_SUBJECT });
    await expect
      .poll(() => note.textContent(), { timeout: 60_000 })
      .toMatch(/is waiting in the Outbox: cannot connect to the SMTP server .*Next try at \d\d:\d\d\./);
    await shot('06-waiting-in-outbox');

    // The server is back: tried now, and sent.
    await smtp.restore();
    const [waiting] = (await api.call<OutboxItem[]>('outbox.list', { accountId: account.id })).filter((i) => i.subject === WAITING_SUBJECT);
    if (!waiting) throw new Error('not in the outbox');
    await api.call('outbox.retry', { id: waiting.id });
    await expect.poll(() => page.getByText(`Sent “${WAITING_SUBJECT}”.`).count(), { timeout: 60_000 }).toBe(1);
    bobImap = await otherClient(servers, bob);
  });
});
