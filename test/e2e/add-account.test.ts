import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSecretStore, passwordKey } from '../../main/auth/keychain';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// A person adds an account by hand in the real UI (`npm run web` in Debian's
// Chromium) against Dovecot and Postfix on 127.0.0.1, sees it connected,
// reloads, and removes it. Screenshots of each step: test-output/e2e/.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const alice = servers.users.alice;

let dataDir: string;
let app: RunningWebApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-'));
  app = await startWebApp(dataDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

interface FormValues {
  email: string;
  password: string;
  incomingHost: string;
  incomingPort: number;
  outgoingHost: string;
  outgoingPort: number;
}

async function fillForm(values: FormValues): Promise<void> {
  await page.getByLabel('Your name', { exact: true }).fill('Alice Example');
  await page.getByLabel('Email address', { exact: true }).fill(values.email);
  await page.getByLabel('Password', { exact: true }).fill(values.password);
  await page.getByLabel('Incoming server type', { exact: true }).selectOption({ label: 'IMAP' });
  await page.getByLabel('Incoming security', { exact: true }).selectOption({ label: 'SSL/TLS' });
  await page.getByLabel('Incoming server', { exact: true }).fill(values.incomingHost);
  await page.getByLabel('Incoming port', { exact: true }).fill(String(values.incomingPort));
  await page.getByLabel('Incoming username', { exact: true }).fill(values.email);
  await page.getByLabel('Outgoing security', { exact: true }).selectOption({ label: 'SSL/TLS' });
  await page.getByLabel('Outgoing server', { exact: true }).fill(values.outgoingHost);
  await page.getByLabel('Outgoing port', { exact: true }).fill(String(values.outgoingPort));
  await page.getByLabel('Outgoing username', { exact: true }).fill(values.email);
}

const good = (): FormValues => ({
  email: alice.address,
  password: alice.password,
  incomingHost: servers.dovecot.host,
  incomingPort: servers.dovecot.ports.imaps,
  outgoingHost: servers.postfix.host,
  outgoingPort: servers.postfix.ports.submissions,
});

const incomingResult = () => page.getByRole('status', { name: 'Incoming server result' });
const outgoingResult = () => page.getByRole('status', { name: 'Outgoing server result' });

/** The ids of the accounts the app has saved, read from its store as another process would. */
function savedAccountIds(): string[] {
  const db = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
  try {
    return (db.prepare('SELECT id FROM accounts').all() as { id: string }[]).map((row) => row.id);
  } finally {
    db.close();
  }
}

const keychainPassword = async (accountId: string) => (await openSecretStore()).get(passwordKey(accountId));
let savedId = '';

describe('adding an account by hand', () => {
  it('offers "Add account" on first run', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.getByRole('button', { name: 'Add account' }).first().isVisible()).toBe(true);
    await shot('01-welcome');
    await page.getByRole('button', { name: 'Add account' }).first().click();
    // The wizard's way to the manual form.
    await page.getByRole('button', { name: 'Set up manually' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Add account' }).isVisible()).toBe(true);
  });

  it('says in plain words when the password is wrong', async () => {
    await fillForm({ ...good(), password: 'wrong-password' });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => incomingResult().textContent(), { timeout: 30_000 }).toMatch(/rejected the username or password/);
    await expect.poll(() => outgoingResult().textContent()).toMatch(/rejected the username or password/);
    await shot('02-wrong-password');
  });

  it('shows an untrusted certificate with its fingerprint, and connects once the user trusts it', async () => {
    await fillForm({ ...good(), incomingHost: servers.dovecotUntrusted.host, incomingPort: servers.dovecotUntrusted.ports.imaps });
    await page.getByRole('button', { name: 'Test connection' }).click();
    const panel = page.getByRole('region', { name: 'Certificate not trusted' });
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Untrusted Test CA');
    expect(text).toMatch(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(text).toContain(`${servers.dovecotUntrusted.host}:${servers.dovecotUntrusted.ports.imaps}`);
    await shot('03-certificate-untrusted');
    await panel.getByRole('button', { name: /^Trust this certificate for/ }).click();
    await expect.poll(() => incomingResult().textContent(), { timeout: 30_000 }).toBe('Connected');
    await shot('04-certificate-trusted');
  });

  it('tests, saves and lists the account as connected', async () => {
    await fillForm(good());
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => incomingResult().textContent(), { timeout: 30_000 }).toBe('Connected');
    await expect.poll(() => outgoingResult().textContent()).toBe('Connected');
    await shot('05-test-ok');
    await page.getByRole('button', { name: 'Save' }).click();
    const sidebar = page.getByRole('navigation');
    await expect.poll(() => sidebar.textContent(), { timeout: 30_000 }).toContain(alice.address);
    await expect.poll(() => sidebar.textContent(), { timeout: 30_000 }).toMatch(/Connected|Up to date/);
    const ids = savedAccountIds();
    expect(ids).toHaveLength(1);
    savedId = ids[0] as string;
    expect(await keychainPassword(savedId)).toBe(alice.password);
    await shot('06-saved');
  });

  it('still lists it after a reload, without asking for the password', async () => {
    await page.reload();
    const sidebar = page.getByRole('navigation');
    await expect.poll(() => sidebar.textContent(), { timeout: 30_000 }).toContain(alice.address);
    await expect.poll(() => sidebar.textContent(), { timeout: 30_000 }).toMatch(/Connected|Up to date/);
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    await shot('07-after-reload');
  });

  it('still lists it, connected, after Tidings restarts (the password comes from the keychain)', async () => {
    await app.stop();
    app = await startWebApp(dataDir);
    await page.goto(app.url);
    const sidebar = page.getByRole('navigation');
    await expect.poll(() => sidebar.textContent(), { timeout: 30_000 }).toContain(alice.address);
    await expect.poll(() => sidebar.textContent(), { timeout: 30_000 }).toMatch(/Connected|Up to date/);
    await shot('08-after-restart');
  });

  it('removes it: gone from the list and from the keychain', async () => {
    await page.getByRole('button', { name: `Remove account ${alice.address}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await shot('09-remove-dialog');
    await dialog.getByRole('button', { name: 'Remove account' }).click();
    // The last account gone, the app is back at its welcome screen.
    await expect.poll(() => page.getByText(alice.address).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome to Tidings' }).isVisible()).toBe(true);
    expect(savedAccountIds()).toEqual([]);
    expect(await keychainPassword(savedId)).toBeNull();
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Add account' }).first().isVisible()).toBe(true);
    expect(await page.getByText(alice.address).count()).toBe(0);
    await shot('10-removed');
  });
});
