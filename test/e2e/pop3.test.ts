import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/accounts';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { newMailUser } from '../helpers/mail-users';
import { addAccountByHand } from '../helpers/manual-account';
import { type NetworkSwitch, startNetworkSwitch } from '../helpers/network-switch';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import { deliverRaw } from '../servers/dovecot';
import type { TestServers, TestUser } from '../servers/types';

// A person with a POP3 account, in the real UI (`npm run web` in Debian's
// Chromium) against the real core and Dovecot's POP3: they add the account by
// hand, watch the Inbox fill, file a message into a folder of their own, set
// what stays on the server, and read their mail with the server out of reach.
// Screenshots: test-output/e2e/pop3-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const SUBJECTS = ['Train times for Saturday', 'Your library books', 'Photos from the trip'];

let user: TestUser;
let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
/** The POP3 server is reached through this relay, so the test can take it away. */
let network: NetworkSwitch;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  user = await newMailUser(servers, 'pope2e');
  const lmtp = { host: servers.dovecot.host, ports: { lmtp: servers.dovecot.ports.lmtp } };
  for (const [i, subject] of SUBJECTS.entries()) {
    await deliverRaw(
      lmtp,
      user.address,
      [
        'From: Dana Example <dana@example.test>',
        `To: ${user.address}`,
        `Subject: ${subject}`,
        `Date: Mon, 02 Mar 2026 0${i + 7}:00:00 +0000`,
        `Message-ID: <pop-e2e-${i}@example.test>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Hello! This is about: ${subject.toLowerCase()}.`,
        '.A line that starts with a dot.',
        '',
      ].join('\r\n'),
    );
  }
  network = await startNetworkSwitch(servers.dovecot.ports.pop3s);
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-pop3-'));
  app = await startWebApp(dataDir);
  api = await connectApi(app.url);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  await network?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(shots, `pop3-${name}.png`) });
const folders = () => page.getByRole('list', { name: `Folders of ${user.address}` });
const folderButton = (name: string) => folders().getByRole('button', { name: new RegExp(`^${name}\\b`) });
const messages = (folder: string) => page.getByRole('listbox', { name: `Messages in ${folder}` });
const row = (folder: string, subject: string) => messages(folder).getByRole('option', { name: new RegExp(subject) });
const sidebar = () => page.getByRole('navigation');

describe('a POP3 account', () => {
  it('is added by hand and its Inbox fills', async () => {
    await addAccountByHand(page, app.url, servers, {
      name: 'Pat Example',
      user: user,
      protocol: 'POP3',
      host: servers.dovecot.host,
      port: network.port,
    });

    await expect.poll(() => messages('Inbox').getByRole('option').count(), { timeout: 60_000 }).toBe(3);
    for (const name of ['Inbox', 'Drafts', 'Sent', 'Trash']) expect(await folderButton(name).count()).toBe(1);
    await expect.poll(() => folderButton('Inbox').textContent()).toMatch(/3 unread/);
    await expect.poll(() => sidebar().textContent(), { timeout: 30_000 }).toMatch(/Connected|Up to date/);
    await shot('01-inbox');
  });

  it('reads a message, dotted line intact', async () => {
    await row('Inbox', SUBJECTS[2] as string).click();
    await expect.poll(() => page.getByRole('heading', { name: SUBJECTS[2] }).isVisible(), { timeout: 30_000 }).toBe(true);
    const text = await page.getByRole('article').textContent();
    expect(text).toContain('Hello! This is about: photos from the trip.');
    expect(text).toContain('.A line that starts with a dot.');
    await expect.poll(() => folderButton('Inbox').textContent()).toMatch(/2 unread/);
  });

  it('files it into a new folder of its own, on this computer', async () => {
    await page.getByRole('button', { name: `New folder in ${user.address}` }).click();
    const dialog = page.getByRole('dialog', { name: `New folder in ${user.address}` });
    await expect.poll(() => dialog.textContent()).toContain('on this computer only');
    await dialog.getByLabel('Folder name').fill('Trips');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => folderButton('Trips').count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('group', { name: 'Message actions' }).getByRole('button', { name: 'Move to…' }).click();
    await page.getByRole('menu', { name: 'Move to folder' }).getByRole('menuitem', { name: 'Trips' }).click();
    await expect.poll(() => row('Inbox', SUBJECTS[2] as string).count(), { timeout: 15_000 }).toBe(0);
    await folderButton('Trips').click();
    await expect.poll(() => row('Trips', SUBJECTS[2] as string).count(), { timeout: 15_000 }).toBe(1);
    await shot('02-own-folder');
  });

  it('sets what stays on the server, in the account settings (each choice saved as made)', async () => {
    await page.getByRole('button', { name: `Download settings for ${user.address}` }).click();
    const group = page.getByRole('group', { name: 'Downloading (POP3)' });
    expect(await group.getByLabel('Leave messages on the server').isChecked()).toBe(true);
    expect(await group.getByLabel('Days before deleting from the server').isDisabled()).toBe(true);
    await group.getByLabel('Delete them from the server after').check();
    await expect.poll(() => group.getByLabel('Days before deleting from the server').inputValue()).toBe('14');
    await group.getByLabel('Check for new mail every (minutes)').fill('30');
    await group.getByLabel('Check for new mail every (minutes)').press('Enter');
    await shot('03-download-settings');
    const pop3 = async () => (await api.call<Account[]>('accounts.list', {}))[0]?.options.pop3;
    await expect.poll(pop3).toEqual({ leaveOnServer: true, deleteAfterDays: 14, deleteWhenDeletedHere: false, checkEveryMinutes: 30 });
    await page.getByRole('button', { name: 'Close settings' }).click();
    await expect.poll(() => group.count()).toBe(0);
  });

  it('reads saved mail with the server out of reach, and says so', async () => {
    await network.cut();
    await page.getByRole('button', { name: /^Inbox\b/ }).click();
    // Look for mail now: the server does not answer.
    const [account] = await api.call<Account[]>('accounts.list', {});
    await api.call('sync.now', { accountId: account?.id as string });
    await expect.poll(() => sidebar().textContent(), { timeout: 60_000 }).toContain('Offline — showing saved mail');
    await row('Inbox', SUBJECTS[0] as string).click();
    await expect.poll(() => page.getByRole('heading', { name: SUBJECTS[0] }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('article').textContent()).toContain('Hello! This is about: train times for saturday.');
    await shot('04-offline');
    await network.restore();
  });
});
