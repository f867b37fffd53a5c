import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { deleteWithSubject, newMailUser, otherClient, uidsWithSubject } from '../helpers/mail-users';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// "Unsubscribe" on list mail, in the real UI in Chromium: the reader offers
// it, the question says what will happen, and the unsubscribe message reaches
// the list's address (carol) through the Outbox and Postfix.
// Screenshot: test-output/e2e/unsubscribe-confirm.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const carol = servers.users.carol;
const TAG = `${process.pid}-${Date.now()}`;
const SUBJECT = `unsubscribe ${TAG}`;

let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
let carolImap: ImapFlow;

function carolHas(): Promise<number[]> {
  return uidsWithSubject(carolImap, SUBJECT);
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  const ada = await newMailUser(servers, 'ada');
  const imap = await otherClient(servers, ada);
  await imap.append(
    'INBOX',
    [
      'From: Engine News <news@lists.example.test>',
      `To: ${ada.address}`,
      'Subject: Engine news, week 12',
      'Date: Mon, 02 Mar 2026 09:00:00 +0000',
      'Message-ID: <week12@lists.example.test>',
      `List-Unsubscribe: <mailto:${carol.address}?subject=${encodeURIComponent(SUBJECT)}>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'This week: gears.',
      '',
    ].join('\r\n'),
  );
  await imap.logout();
  carolImap = await otherClient(servers, carol);
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-unsubscribe-'));
  app = await startWebApp(dataDir);
  api = await connectApi(app.url);
  await api.call('accounts.add', { ...draftFor(servers, { user: ada }), name: 'Ada Lovelace' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  if (carolImap) {
    await deleteWithSubject(carolImap, SUBJECT).catch(() => undefined);
    await carolImap.logout().catch(() => undefined);
  }
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('unsubscribing from a list', () => {
  it('asks, saying where the message goes, then the list address gets it', async () => {
    await page.goto(app.url);
    const row = page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option', { name: /Engine news, week 12/ });
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    await row.click();
    const button = page.getByRole('button', { name: 'Unsubscribe' });
    await expect.poll(() => button.count(), { timeout: 30_000 }).toBe(1);
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Unsubscribe from this list?' });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.textContent()).toContain(`send an unsubscribe message to ${carol.address}`);
    await page.screenshot({ path: join(shots, 'unsubscribe-confirm.png') });
    await dialog.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect
      .poll(() => page.getByText(`The unsubscribe message to ${carol.address} is on its way`).count(), { timeout: 30_000 })
      .toBe(1);
    await expect.poll(async () => (await carolHas()).length, { timeout: 60_000 }).toBe(1);
  });
});
