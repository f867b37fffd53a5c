import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/accounts';
import type { OAuthBegun, OAuthDone } from '../../shared/oauth';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { oauthDraft, oauthEnvFor, oauthServerControl } from '../helpers/oauth';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// Signing in with a provider in a real browser, against the local OAuth2
// server: `npm run web` started with the test server's client IDs and
// endpoints (env, as a developer would), the authorization URL followed in a
// second Chromium page, and, once the provider revoked the sign-in, "Sign in
// with Google" in the sidebar opening a new tab that brings the account back.
// Screenshots: test-output/e2e/oauth-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const email = `oauth-e2e-${randomBytes(3).toString('hex')}@example.test`;

let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
let account: Account;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-oauth-'));
  app = await startWebApp(dataDir, await oauthEnvFor(servers));
  api = await connectApi(app.url);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const status = () => page.locator('.account-status');

describe('signing in with a provider in the browser', () => {
  it('follows the authorization URL in a browser tab, which ends on "You can close this tab"', async () => {
    expect(await api.call('oauth.providers', {})).toEqual({ google: true, microsoft: true });
    const begun = await api.call<OAuthBegun>('oauth.begin', { provider: 'google', email });
    const done = api.call<OAuthDone>('oauth.wait', { flowId: begun.flowId });
    const tab = await browser.newPage({ viewport: { width: 800, height: 400 } });
    await tab.goto(begun.authorizationUrl);
    await expect.poll(() => tab.getByText('You can close this tab').isVisible()).toBe(true);
    expect(new URL(tab.url()).hostname).toBe('127.0.0.1');
    await tab.screenshot({ path: join(shots, 'oauth-01-you-can-close-this-tab.png') });
    await tab.close();
    expect((await done).email).toBe(email);

    account = await api.call<Account>('accounts.add', oauthDraft(servers, email, 'google', begun.flowId));
    await page.goto(app.url);
    await expect.poll(() => status().textContent(), { timeout: 30_000 }).toMatch(/Connected|Up to date/);
    await page.screenshot({ path: join(shots, 'oauth-02-connected.png') });
  });

  it('shows "Sign in again" when the provider revoked the sign-in; the button brings the account back', async () => {
    await oauthServerControl(servers, 'revoke', email);
    await oauthServerControl(servers, 'expire-access-tokens', email);
    // Reconnect now (changing options restarts the sync) instead of waiting for the connection to drop.
    await api.call('accounts.setOptions', { id: account.id, options: { bodyDays: 30 } });
    await expect.poll(() => status().textContent(), { timeout: 30_000 }).toContain('Sign in again');
    const button = page.getByRole('button', { name: `Sign in to ${email} with Google again` });
    expect(await button.isVisible()).toBe(true);
    // Retrying cannot help here: only signing in is offered.
    expect(await page.getByRole('button', { name: `Retry now for ${email}` }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'oauth-03-sign-in-again.png') });

    const [tab] = await Promise.all([page.context().waitForEvent('page'), button.focus().then(() => page.keyboard.press('Enter'))]);
    await expect.poll(() => tab.getByText('You can close this tab').isVisible(), { timeout: 30_000 }).toBe(true);
    await tab.screenshot({ path: join(shots, 'oauth-04-signed-in-again-tab.png') });
    await tab.close();
    await expect.poll(() => status().textContent(), { timeout: 30_000 }).toMatch(/Connected|Up to date/);
    await page.screenshot({ path: join(shots, 'oauth-05-connected-again.png') });
  });
});
