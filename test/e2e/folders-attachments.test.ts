import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { addAccountByHand } from '../helpers/manual-account';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers, TestUser } from '../servers/types';

// A person saves an attachment and manages folders in the real UI (`npm run
// web` in Debian's Chromium) against the real core and Dovecot: a fresh user's
// Inbox gets a message with a binary attachment; the user adds the account by
// hand, saves the attachment (the downloaded bytes are the sent ones), creates
// "Projects" and "Projects/2027", renames 2027 to 2028 (by right-click),
// deletes it (keyboard only), and is told why "a/b" cannot be a folder name.
// Another IMAP client checks the server after each step.
// Screenshots: test-output/e2e/folders-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');

const SUBJECT = 'Quarterly report attached';
const FILENAME = 'report 2026.bin';
const attachmentBytes = randomBytes(3_000);

let user: TestUser;
let dataDir: string;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
/** "Another mail client" on the same mailbox. */
let imap: ImapFlow;

function reportMessage(to: string): string {
  const base64 = attachmentBytes.toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: Carol Example <carol@example.test>',
    `To: ${to}`,
    `Subject: ${SUBJECT}`,
    'Date: Tue, 03 Mar 2026 09:00:00 +0000',
    'Message-ID: <report-2026@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mix"',
    '',
    '--mix',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The figures are in the attachment.',
    '--mix',
    `Content-Type: application/octet-stream; name="${FILENAME}"`,
    `Content-Disposition: attachment; filename="${FILENAME}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64,
    '--mix--',
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  user = await newMailUser(servers, 'folders');
  imap = await otherClient(servers, user);
  await imap.append('INBOX', reportMessage(user.address));
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-folders-'));
  app = await startWebApp(dataDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
});

afterAll(async () => {
  await imap?.logout().catch(() => undefined);
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(shots, `folders-${name}.png`) });
const folders = () => page.getByRole('list', { name: `Folders of ${user.address}` });
const folderButton = (name: string) => folders().getByRole('button', { name: new RegExp(`^${name}\\b`) });
const moreActions = (name: string) => folders().getByRole('button', { name: `More actions for ${name}`, exact: true });
const dialog = (name: string) => page.getByRole('dialog', { name, exact: true });
const serverPaths = async () => (await imap.list()).map((folder) => folder.path).sort();
const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);

describe('attachments and folders', () => {
  it('adds the account by hand and lists the message', async () => {
    await addAccountByHand(page, app.url, servers, {
      name: 'Folder Tester',
      user: user,
      protocol: 'IMAP',
      host: servers.dovecot.host,
      port: servers.dovecot.ports.imaps,
    });

    const row = page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option', { name: new RegExp(SUBJECT) });
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    await row.click();
    await expect.poll(() => page.getByRole('heading', { name: SUBJECT }).isVisible(), { timeout: 30_000 }).toBe(true);
  });

  it('saves the attachment: a download with the same bytes, nothing opened in the app', async () => {
    const attachments = page.getByRole('region', { name: '1 attachment' });
    await expect.poll(() => attachments.textContent()).toContain(FILENAME);
    expect(await attachments.textContent()).toMatch(/application\/octet-stream · 3 KB/);
    expect(await page.getByRole('button', { name: /^Open/ }).count()).toBe(0);
    const appUrl = page.url();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      attachments.getByRole('button', { name: `Save ${FILENAME}`, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(FILENAME);
    const saved = await readFile(await download.path());
    expect(saved.length).toBe(attachmentBytes.length);
    expect(saved.equals(attachmentBytes)).toBe(true);
    // The app stayed where it was (a download, not a navigation), with one page.
    expect(page.url()).toBe(appUrl);
    expect(page.context().pages()).toHaveLength(1);
    await expect.poll(() => attachments.getByText('Saving…').count()).toBe(0);
    await shot('01-attachment-saved');
  });

  it('creates "Projects" with the account\'s "New folder" button', async () => {
    await page.getByRole('button', { name: `New folder in ${user.address}`, exact: true }).click();
    const create = dialog(`New folder in ${user.address}`);
    await expect.poll(() => create.isVisible()).toBe(true);
    await create.getByLabel('Folder name').fill('Projects');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => folderButton('Projects').count(), { timeout: 30_000 }).toBe(1);
    expect(await create.count()).toBe(0);
    await expect.poll(serverPaths).toContain('Projects');
    // Focus follows the change, to the new folder.
    await expect.poll(focusedName).toBe('Projects');
    await shot('02-created');
  });

  it('gives special folders no Rename or Delete', async () => {
    await moreActions('Inbox').click();
    const menu = page.getByRole('menu', { name: 'Actions for Inbox' });
    await expect.poll(() => menu.getByRole('menuitem').allTextContents()).toEqual(['New subfolder…', 'Export folder…']);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
  });

  it('creates the subfolder "2027" from the folder\'s menu', async () => {
    await folderButton('Projects').hover();
    await moreActions('Projects').click();
    const menu = page.getByRole('menu', { name: 'Actions for Projects' });
    await expect
      .poll(() => menu.getByRole('menuitem').allTextContents())
      .toEqual(['New subfolder…', 'Export folder…', 'Rename…', 'Delete…']);
    await shot('03-menu');
    await menu.getByRole('menuitem', { name: 'New subfolder…' }).click();
    const create = dialog('New subfolder of Projects');
    await create.getByLabel('Folder name').fill('2027');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => folderButton('2027').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(serverPaths).toEqual(expect.arrayContaining(['Projects', 'Projects/2027']));
    await shot('04-subfolder');
  });

  it('renames "2027" to "2028" from the right-click menu', async () => {
    await folderButton('2027').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Actions for 2027' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    await shot('05-context-menu');
    await menu.getByRole('menuitem', { name: 'Rename…' }).click();
    const rename = dialog('Rename 2027');
    expect(await rename.getByLabel('Folder name').inputValue()).toBe('2027');
    await rename.getByLabel('Folder name').fill('2028');
    await rename.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect.poll(() => folderButton('2028').count(), { timeout: 30_000 }).toBe(1);
    expect(await folderButton('2027').count()).toBe(0);
    const paths = await serverPaths();
    expect(paths).toContain('Projects/2028');
    expect(paths).not.toContain('Projects/2027');
    await shot('06-renamed');
  });

  it('deletes "2028" with the keyboard alone, after saying what goes', async () => {
    await moreActions('2028').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focusedName).toBe('New subfolder…');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const remove = dialog('Delete 2028?');
    await expect.poll(() => remove.isVisible()).toBe(true);
    expect(await remove.textContent()).toContain('This deletes the folder “2028” and any mail in it on the server.');
    // The safe choice has focus.
    expect(await focusedName()).toBe('Cancel');
    await shot('07-delete-dialog');
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('Delete folder');
    await page.keyboard.press('Enter');
    await expect.poll(() => folderButton('2028').count(), { timeout: 30_000 }).toBe(0);
    const paths = await serverPaths();
    expect(paths).not.toContain('Projects/2028');
    expect(paths).toContain('Projects');
    // Focus goes to the parent, not lost with the deleted folder's button.
    await expect.poll(focusedName).toBe('Projects');
  });

  it('refuses the name "a/b" in the dialog, in words', async () => {
    await page.getByRole('button', { name: `New folder in ${user.address}`, exact: true }).click();
    const create = dialog(`New folder in ${user.address}`);
    await create.getByLabel('Folder name').fill('a/b');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    const alert = create.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/Could not create the folder: .*cannot contain \//);
    expect(await create.getByLabel('Folder name').getAttribute('aria-invalid')).toBe('true');
    await shot('08-name-refused');
    await create.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(() => create.count()).toBe(0);
    const paths = await serverPaths();
    expect(paths.filter((path) => path === 'a' || path.startsWith('a/'))).toEqual([]);
  });
});
