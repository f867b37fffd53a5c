import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { addAccountByHand } from '../helpers/manual-account';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers, TestUser } from '../servers/types';

// A person adds an account on Cyrus (personal folders under "INBOX.", "." between
// levels) in the real UI and sees the tree as on any server: Inbox, Sent,
// Receipts and Lists side by side at the top, Rust under Lists — not everything
// nested under Inbox. A folder made with the account's "New folder" button is
// "INBOX.Projects" on the server and sits at the top too.
// Screenshots: test-output/e2e/cyrus-folders-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');

let user: TestUser;
let dataDir: string;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
let imap: ImapFlow;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  user = await newMailUser(servers, 'cyrustree', 'cyrus', { smtp: true });
  imap = await otherClient(servers, user, 'cyrus');
  await imap.mailboxCreate('INBOX.Receipts');
  await imap.mailboxCreate('INBOX.Lists');
  await imap.mailboxCreate('INBOX.Lists.Rust');
  await imap.append(
    'INBOX',
    'From: Carol <carol@example.test>\r\nTo: someone@example.test\r\nSubject: Hello from Cyrus\r\nDate: Tue, 03 Mar 2026 09:00:00 +0000\r\nMessage-ID: <cyrus-tree@example.test>\r\n\r\nHi.\r\n',
  );
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-cyrus-'));
  app = await startWebApp(dataDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await imap?.logout().catch(() => undefined);
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const folders = () => page.getByRole('list', { name: `Folders of ${user.address}` });
const folderButton = (name: string) => folders().getByRole('button', { name: new RegExp(`^${name}\\b`) });
/** How far the folder's row is indented: its depth in the tree as the user sees it. */
const indentOf = (name: string) =>
  folderButton(name).evaluate((button) => getComputedStyle(button.closest('.folder-row') as Element).paddingInlineStart);

describe('folders on Cyrus', () => {
  it('shows personal folders at the top of the tree, beside Inbox', async () => {
    await addAccountByHand(page, app.url, servers, {
      name: 'Cyrus Tester',
      user: user,
      protocol: 'IMAP',
      host: servers.cyrus.host,
      port: servers.cyrus.ports.imaps,
    });

    const row = page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option', { name: /Hello from Cyrus/ });
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => folderButton('Rust').count(), { timeout: 30_000 }).toBe(1);
    const top = await indentOf('Inbox');
    for (const name of ['Sent', 'Drafts', 'Trash', 'Receipts', 'Lists']) expect(await indentOf(name), name).toBe(top);
    expect(Number.parseFloat(await indentOf('Rust'))).toBeGreaterThan(Number.parseFloat(top));
    await page.screenshot({ path: join(shots, 'cyrus-folders-01-tree.png') });
  });

  it('makes a new folder in the personal namespace, shown at the top', async () => {
    await page.getByRole('button', { name: `New folder in ${user.address}`, exact: true }).click();
    const create = page.getByRole('dialog', { name: `New folder in ${user.address}`, exact: true });
    await create.getByLabel('Folder name').fill('Projects');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => folderButton('Projects').count(), { timeout: 30_000 }).toBe(1);
    expect(await indentOf('Projects')).toBe(await indentOf('Inbox'));
    const paths = (await imap.list()).map((folder) => folder.path);
    expect(paths).toContain('INBOX.Projects');
    await page.screenshot({ path: join(shots, 'cyrus-folders-02-new-folder.png') });
  });
});
