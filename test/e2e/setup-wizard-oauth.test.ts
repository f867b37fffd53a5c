import { createSocket } from 'node:dgram';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ConfigServer, issueCertificate, startConfigServer } from '../helpers/config-server';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// "Sign in with Google" in the wizard, all real parts on 127.0.0.1: the
// domain's ISPDB entry names Google's OAuth2 issuer, the app's Google
// endpoints point at the local authorization server (TIDINGS_OAUTH_ENDPOINTS_FILE,
// client ID from env), the authorization page opens in a second tab, the
// browser comes back to the core's loopback listener, and Dovecot/Postfix
// accept the token (XOAUTH2). Screenshots: test-output/e2e/wizard-oauth-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const address = `wizard-${Date.now().toString(36)}@example.test`;

let work: string;
let app: RunningWebApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ispdb: ConfigServer;

async function closedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

function googleHostedConfig(): string {
  const submissions = servers.postfix.ports.oauthSubmissions;
  if (!submissions) throw new Error('Postfix has no OAuth2 submission port');
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <incomingServer type="imap">
      <hostname>${servers.dovecotOAuth.host}</hostname><port>${servers.dovecotOAuth.ports.imaps}</port>
      <socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>${servers.postfix.host}</hostname><port>${submissions}</port>
      <socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication>
    </outgoingServer>
  </emailProvider>
  <oAuth2><issuer>accounts.google.com</issuer><scope>https://mail.google.com/</scope></oAuth2>
</clientConfig>
`;
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  work = await mkdtemp(join(tmpdir(), 'tidings-e2e-wizard-oauth-'));
  ispdb = await startConfigServer(await issueCertificate(servers.caDir, ['localhost']));
  ispdb.files.set('/v1.1/example.test', googleHostedConfig());
  const endpoints = join(work, 'endpoints.json');
  const local = {
    authorizationEndpoint: servers.oauth.authorizationEndpoint,
    tokenEndpoint: servers.oauth.tokenEndpoint,
    issuer: servers.oauth.issuer,
  };
  // The test Dovecot and Postfix on 127.0.0.1 count as Google's mail servers (loopback is all the file may add):
  // without that, the config below is a foreign server claiming Google's issuer, and gets no Sign in with Google.
  await writeFile(endpoints, JSON.stringify({ google: { ...local, mailHosts: ['127.0.0.1'] }, microsoft: local }));
  app = await startWebApp(join(work, 'data'), {
    TIDINGS_ISPDB_URL: `https://localhost:${ispdb.port}/v1.1/`,
    TIDINGS_DNS_SERVERS: `127.0.0.1:${await closedUdpPort()}`,
    TIDINGS_GOOGLE_CLIENT_ID: servers.oauth.clients.google.clientId,
    TIDINGS_GOOGLE_CLIENT_SECRET: servers.oauth.clients.google.clientSecret,
    TIDINGS_MICROSOFT_CLIENT_ID: servers.oauth.clients.microsoft.clientId,
    TIDINGS_OAUTH_ENDPOINTS_FILE: endpoints,
  });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 860 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await ispdb?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(shots, `wizard-oauth-${name}.png`), fullPage: true });

describe('the setup wizard with Sign in with Google', () => {
  it('offers Sign in with Google for a domain hosted at Google', async () => {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Add account' }).first().click();
    await page.getByLabel('Your name', { exact: true }).fill('Wizard OAuth');
    await page.getByLabel('Email address', { exact: true }).fill(address);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Found settings for example.test' }).isVisible(), { timeout: 60_000 })
      .toBe(true);
    expect(await page.locator('.wizard').textContent()).toContain('Google · from: ISPDB');
    await expect.poll(() => page.getByRole('button', { name: 'Sign in with Google' }).isVisible()).toBe(true);
    // The app-password path is there, one click away, not in the way.
    expect(await page.getByLabel('App password', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use an app password instead' }).isVisible()).toBe(true);
    await shot('2-found');
  });

  it("signs in on the provider's page in a second tab, then connects and shows the folders", async () => {
    const opened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in with Google' }).click();
    const tab = await opened;
    // The local authorization server approves at once and sends the browser back to the core's loopback listener.
    await tab.waitForLoadState('load');
    await expect.poll(() => tab.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    await expect.poll(() => tab.textContent('body')).toMatch(/close this tab/i);
    await tab.screenshot({ path: join(shots, 'wizard-oauth-browser-tab.png') });
    await tab.close();
    await expect.poll(() => page.getByRole('heading', { name: 'Your account is ready' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByRole('list', { name: 'Folders' }).textContent(), { timeout: 60_000 }).toContain('Inbox');
    expect(await page.locator('.wizard').textContent()).toContain('the sign-in is in your keychain');
    await shot('3-connected');
    await page.getByRole('button', { name: 'Open Inbox' }).click();
    await expect.poll(() => page.getByRole('navigation').textContent(), { timeout: 30_000 }).toContain(address);
  });
});
