import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/accounts';
import type { Identity } from '../../shared/compose';
import type { Folder, MessagePage } from '../../shared/mail';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { deleteWithSubject, newMailUser, otherClient, uidsWithSubject } from '../helpers/mail-users';
import { fetchRaw } from '../helpers/send';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers, TestUser } from '../servers/types';

// Identities, in the real UI in Chromium: made in the account's Settings
// (name, a formatted signature, a second address, checked before saving); compose's From
// offers every account's identities; choosing one of the other account's
// brings its signature, and the message goes out through that account (bob
// receives it from that address, signed) and is filed in that account's Sent.
// Screenshot: test-output/e2e/identities-from.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const bob = servers.users.bob;
const TAG = `${process.pid}-${Date.now()}`;
const SUBJECT = `Engine drawings ${TAG}`;
const SIGNATURE = 'Ada L.\nAnalytical Engines Ltd';

let home: TestUser;
let work: TestUser;
let workAccount: Account;
let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
let bobImap: ImapFlow;

function bobHas(): Promise<number[]> {
  return uidsWithSubject(bobImap, SUBJECT);
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  home = await newMailUser(servers, 'home');
  work = await newMailUser(servers, 'work');
  bobImap = await otherClient(servers, bob);
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-identities-'));
  app = await startWebApp(dataDir);
  api = await connectApi(app.url);
  await api.call('accounts.add', { ...draftFor(servers, { user: home }), name: 'Ada at home' });
  workAccount = await api.call<Account>('accounts.add', { ...draftFor(servers, { user: work }), name: 'Ada at work' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  if (bobImap) {
    await deleteWithSubject(bobImap, SUBJECT).catch(() => undefined);
    await bobImap.logout().catch(() => undefined);
  }
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('writing as another identity', () => {
  it('makes the work identities in the account’s Settings: name, signature, a second address checked before it is saved', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.getByRole('listbox', { name: 'Messages in Inbox' }).count(), { timeout: 60_000 }).toBe(1);
    await page.getByRole('button', { name: `Settings of ${work.address}` }).click();
    const form = page.getByRole('form', { name: 'Identities' });
    await expect.poll(() => form.getByLabel('Address').inputValue(), { timeout: 15_000 }).toBe(work.address);
    await form.getByLabel('Name').fill('Ada Lovelace (work)');
    await form.getByLabel('Signature').fill(SIGNATURE);
    // Formatted: the text becomes the editor's, and a bold line goes below it.
    await form.getByText('Formatted (bold, links, lists)').click();
    const signature = form.getByRole('textbox', { name: 'Signature' });
    await expect.poll(() => signature.textContent()).toContain('Analytical Engines Ltd');
    await signature.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Difference & Co');
    await page.keyboard.press('Control+b');
    await form.getByRole('button', { name: 'Add identity' }).click();
    await form.getByLabel('Address').nth(1).fill('not an address');
    await form.getByRole('button', { name: 'Save identities' }).click();
    await expect.poll(() => form.textContent()).toContain('Enter an email address, like name@example.com.');
    // Nothing was saved while a field was wrong.
    expect(await api.call<Identity[]>('identities.list', { accountId: workAccount.id })).toHaveLength(1);
    await form.getByLabel('Address').nth(1).fill(`desk.${work.address}`);
    await form.getByLabel('Name').nth(1).fill('Ada at the desk');
    await form.getByRole('button', { name: 'Save identities' }).click();
    await expect.poll(() => form.textContent()).toContain('Identities saved.');
    await page.screenshot({ path: join(shots, 'identities-settings.png'), fullPage: true });
    const saved = await api.call<Identity[]>('identities.list', { accountId: workAccount.id });
    expect(saved.map((i) => [i.name, i.address, i.isDefault])).toEqual([
      ['Ada Lovelace (work)', work.address, true],
      ['Ada at the desk', `desk.${work.address}`, false],
    ]);
    expect(saved[0]?.signature).toMatch(/^Ada L\.\nAnalytical Engines Ltd\n+Difference & Co$/);
    expect(saved[0]?.signatureHtml).toContain('<strong>Difference &amp; Co</strong>');
    expect(saved[1]?.signatureHtml).toBeNull();
    await page.getByRole('button', { name: 'Close settings' }).click();
  });

  it('offers every account’s identities in From, and brings the chosen one’s signature', async () => {
    await expect.poll(() => page.getByRole('listbox', { name: 'Messages in Inbox' }).count(), { timeout: 60_000 }).toBe(1);
    await page.getByRole('listbox', { name: 'Messages in Inbox' }).focus();
    await page.keyboard.press('c');
    const from = page.getByRole('combobox', { name: 'From:' });
    await expect.poll(() => from.locator('option').count(), { timeout: 15_000 }).toBe(3);
    // The home account's own identity first: no signature in the body.
    const body = page.getByRole('textbox', { name: 'Message body' });
    expect(await body.textContent()).not.toContain('Analytical Engines');
    await from.selectOption({ label: `Ada Lovelace (work) <${work.address}>` });
    await expect.poll(() => body.textContent()).toContain('Analytical Engines Ltd');
    await page.getByRole('combobox', { name: 'To' }).fill(`${bob.address}, `);
    await page.getByRole('textbox', { name: 'Subject:' }).fill(SUBJECT);
    await body.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('The drawings are attached in spirit.');
    await page.screenshot({ path: join(shots, 'identities-from.png') });
  });

  it('sends through that account: bob has it from the work address, signed, and it is in the work account’s Sent', async () => {
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('section.compose').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await bobHas()).length, { timeout: 90_000 }).toBe(1);
    const parsed = await simpleParser((await fetchRaw(bobImap, 'INBOX', (await bobHas())[0] as number)).raw);
    expect(parsed.from?.value[0]).toMatchObject({ address: work.address, name: 'Ada Lovelace (work)' });
    expect(parsed.text).toContain('The drawings are attached in spirit.');
    expect(parsed.text).toContain('-- \nAda L.\nAnalytical Engines Ltd');
    expect(parsed.text).toContain('Difference & Co');
    // The formatted signature, formatted.
    expect(parsed.html || '').toContain('<strong>Difference &amp; Co</strong>');

    const sent = (await api.call<Folder[]>('folders.list', { accountId: workAccount.id })).find((f) => f.role === 'sent') as Folder;
    await expect
      .poll(
        async () => (await api.call<MessagePage>('messages.page', { folderId: sent.id, offset: 0, limit: 10 })).items.map((m) => m.subject),
        { timeout: 60_000 },
      )
      .toContain(SUBJECT);
  });
});
