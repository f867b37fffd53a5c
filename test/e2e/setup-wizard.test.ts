import { createSocket } from 'node:dgram';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ConfigServer, issueCertificate, startConfigServer, testConfigXml } from '../helpers/config-server';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// A person adds an account with the wizard, as they would: name and address,
// the settings are found (here: from an ISPDB on 127.0.0.1, which
// TIDINGS_ISPDB_URL points the app at), a password, and the folders appear.
// DNS goes to a loopback port where nothing answers (TIDINGS_DNS_SERVERS), so
// every other source finds nothing without leaving the machine.
// Screenshots of each step: test-output/e2e/wizard-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const alice = servers.users.alice;

let dataDir: string;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
let ispdb: ConfigServer;

/** A UDP port on 127.0.0.1 where nothing listens: DNS questions sent there are refused at once. */
async function closedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-wizard-'));
  ispdb = await startConfigServer(await issueCertificate(servers.caDir, ['localhost']));
  ispdb.files.set(
    '/v1.1/example.test',
    testConfigXml({
      imap: { host: servers.dovecot.host, port: servers.dovecot.ports.imaps },
      pop3: { host: servers.dovecot.host, port: servers.dovecot.ports.pop3s },
      smtp: { host: servers.postfix.host, port: servers.postfix.ports.submissions },
    }),
  );
  app = await startWebApp(dataDir, {
    TIDINGS_ISPDB_URL: `https://localhost:${ispdb.port}/v1.1/`,
    TIDINGS_DNS_SERVERS: `127.0.0.1:${await closedUdpPort()}`,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 860 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await ispdb?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(shots, `wizard-${name}.png`), fullPage: true });

describe('the setup wizard', () => {
  it('step 1 asks for name and address', async () => {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Add account' }).first().click();
    await expect.poll(() => page.getByRole('heading', { name: 'Add a mail account' }).isVisible()).toBe(true);
    // The first field has focus: typing starts at once.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('wizard-name');
    await page.getByLabel('Your name', { exact: true }).fill('Alice Example');
    await shot('1-identity');
    // A malformed address is caught before anything is looked up.
    await page.getByLabel('Email address', { exact: true }).fill('alice-at-example');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByText('Enter an email address like name@example.com').isVisible()).toBe(true);
  });

  it('knows Gmail without looking anything up, and explains how to sign in there', async () => {
    await page.getByLabel('Email address', { exact: true }).fill('alice.example@gmail.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Found settings for gmail.com' }).isVisible()).toBe(true);
    const card = (await page.locator('.wizard').textContent()) ?? '';
    expect(card).toContain('from: provider');
    expect(card).toContain('imap.gmail.com:993');
    expect(card).toContain('smtp.gmail.com:465');
    // No client ID in this build: it says so and offers the app password.
    expect(card).toContain('Sign in with Google is not set up in this build');
    await expect.poll(() => page.getByLabel('App password', { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: /Make an app password at Google/ }).isVisible()).toBe(true);
    expect(await page.getByRole('radio', { name: /IMAP/ }).isChecked()).toBe(true);
    await shot('2-gmail');
    await page.getByRole('button', { name: 'Back' }).click();
  });

  it('says Outlook.com needs Sign in with Microsoft, which this build cannot offer without a client ID', async () => {
    await page.getByLabel('Email address', { exact: true }).fill('alice.example@outlook.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Found settings for outlook.com' }).isVisible()).toBe(true);
    const card = (await page.locator('.wizard').textContent()) ?? '';
    expect(card).toContain('Sign in with Microsoft is not set up in this build');
    expect(card).toContain('does not accept passwords from mail apps');
    // No password field and no Continue: a password could never work there.
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await shot('2-outlook');
    await page.getByRole('button', { name: 'Back' }).click();
  });

  it('opens the manual form with a note when nothing is found', async () => {
    await page.getByLabel('Email address', { exact: true }).fill('someone@nothing-here.test');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Add account' }).isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.getByText('Tidings could not find settings for nothing-here.test').isVisible()).toBe(true);
    expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe('someone@nothing-here.test');
    await shot('2-nothing-found');
    await page.getByRole('button', { name: 'Back' }).click();
  });

  it('finds example.test in the ISPDB, offers IMAP or POP3, and says where the settings came from', async () => {
    await page.getByLabel('Email address', { exact: true }).fill(alice.address);
    // Hold the ISPDB's answer to see the progress line.
    let release = () => {};
    ispdb.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Looking up example.test…' }).isVisible()).toBe(true);
    await shot('1-looking-up');
    ispdb.gate = null;
    release();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Found settings for example.test' }).isVisible(), { timeout: 60_000 })
      .toBe(true);
    const card = (await page.locator('.wizard').textContent()) ?? '';
    expect(card).toContain('from: ISPDB');
    expect(card).toContain(`${servers.dovecot.host}:${servers.dovecot.ports.imaps}`);
    expect(ispdb.requests).toContainEqual(expect.stringMatching(/\/v1\.1\/example\.test$/));
    await page.getByRole('radio', { name: /POP3/ }).check();
    expect(await page.locator('.wizard').textContent()).toContain(`${servers.dovecot.host}:${servers.dovecot.ports.pop3s}`);
    await page.getByRole('radio', { name: /IMAP/ }).check();
    await shot('2-found-ispdb');
  });

  it('"Edit settings" opens the manual form, prefilled', async () => {
    await page.getByRole('button', { name: 'Edit settings' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Add account' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe(alice.address);
    expect(await page.getByLabel('Your name', { exact: true }).inputValue()).toBe('Alice Example');
    expect(await page.getByLabel('Incoming server', { exact: true }).inputValue()).toBe(servers.dovecot.host);
    expect(await page.getByLabel('Incoming port', { exact: true }).inputValue()).toBe(String(servers.dovecot.ports.imaps));
    expect(await page.getByLabel('Outgoing port', { exact: true }).inputValue()).toBe(String(servers.postfix.ports.submissions));
    expect(await page.getByLabel('Incoming username', { exact: true }).inputValue()).toBe(alice.address);
    await shot('2-edit-settings');
    await page.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Found settings for example.test' }).isVisible()).toBe(true);
  });

  it('step 3 says plainly when the password is wrong', async () => {
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Tidings could not connect' }).isVisible(), { timeout: 60_000 }).toBe(true);
    const incoming = page.getByRole('status', { name: 'Incoming server (IMAP) result' });
    expect(await incoming.textContent()).toMatch(/rejected the username or password/);
    await shot('3-wrong-password');
    await page.getByRole('button', { name: 'Back' }).click();
  });

  it('step 3 connects, saves, and shows the folders; then the Inbox opens', async () => {
    await page.getByLabel('Password', { exact: true }).fill(alice.password);
    // Keyboard only: Enter in the password field continues.
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Your account is ready' }).isVisible(), { timeout: 60_000 }).toBe(true);
    const folders = page.getByRole('list', { name: 'Folders' });
    await expect.poll(() => folders.textContent(), { timeout: 60_000 }).toContain('Inbox');
    expect(await page.getByRole('status', { name: 'Incoming server (IMAP) result' }).textContent()).toMatch(/^Connected/);
    expect(await page.getByRole('status', { name: 'Outgoing server (SMTP) result' }).textContent()).toMatch(/^Connected/);
    await shot('3-connected');
    // Focus is on the way out.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Open Inbox');
    await page.keyboard.press('Enter');
    const sidebar = page.getByRole('navigation');
    await expect.poll(() => sidebar.textContent(), { timeout: 30_000 }).toContain(alice.address);
    // The Inbox is there and open: the folders the wizard showed are the ones the app shows.
    await expect.poll(() => page.getByRole('heading', { name: 'Inbox' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => sidebar.getByRole('button', { name: /^Inbox\b/ }).isVisible()).toBe(true);
    // The account's state is the sync's, not the one it had when the wizard saved it.
    await expect.poll(() => sidebar.textContent(), { timeout: 10_000 }).toMatch(/Connected|Up to date/);
    await shot('4-inbox');
  });

  it('every control of the wizard has an accessible name and is reached by Tab', async () => {
    await page.getByRole('button', { name: 'Add account' }).first().click();
    await expect.poll(() => page.getByRole('heading', { name: 'Add a mail account' }).isVisible()).toBe(true);
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('.wizard button, .wizard input, .wizard select, .wizard a')]
        .filter((element) => {
          const labelled =
            (element as HTMLInputElement).labels?.length || element.getAttribute('aria-label') || element.textContent?.trim();
          return !labelled;
        })
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.getAttribute('id') || document.activeElement?.textContent || ''));
    }
    expect(reached).toEqual(expect.arrayContaining(['wizard-email', 'Cancel', 'Set up manually', 'Continue']));
  });
});
