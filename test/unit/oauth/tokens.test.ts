import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/auth/keychain';
import { AccountTokens, refreshTokenKey } from '../../../main/auth/oauth/account-tokens';
import { openLoopbackListener } from '../../../main/auth/oauth/loopback-listener';
import { loadOAuthSettings, type OAuthSettings } from '../../../main/auth/oauth/provider-settings';
import { SignInFlows } from '../../../main/auth/oauth/sign-in-flows';
import type { TokenSet } from '../../../main/auth/oauth/token-endpoint';
import { ApiError } from '../../../shared/errors';
import { type OAuthServerInstance, startOAuthServer } from '../../servers/oauth-server';

// Sign-in flows and token refresh against the local OAuth2 server
// (test/servers/oauth-server.ts), started here in-process on 127.0.0.1.

const CLIENT = { clientId: 'unit-client' };

interface Server {
  instance: OAuthServerInstance;
  settings: OAuthSettings;
  stats(): Promise<{ codeGrants: number; refreshGrants: number; refusedRefreshes: number }>;
  control(action: 'revoke' | 'expire-access-tokens', username: string): Promise<void>;
}

async function startServer(accessTokenLifetime: number): Promise<Server> {
  const instance = await startOAuthServer({ clients: [CLIENT], accessTokenLifetime });
  const endpoints = {
    authorizationEndpoint: instance.authorizationEndpoint,
    tokenEndpoint: instance.tokenEndpoint,
    issuer: instance.issuer,
  };
  const base = loadOAuthSettings({ shipped: {}, env: {} });
  const settings: OAuthSettings = {
    google: { ...base.google, ...endpoints, client: CLIENT },
    microsoft: { ...base.microsoft, ...endpoints, client: CLIENT },
  };
  const post = async (path: string, username = '') =>
    (await fetch(`${instance.url}${path}`, { method: 'POST', body: new URLSearchParams({ username }) })).json();
  return {
    instance,
    settings,
    stats: () => post('/test/stats'),
    control: async (action, username) => {
      await post(`/test/${action}`, username);
    },
  };
}

/** A finished sign-in: the "browser" follows the authorization URL back to the loopback listener. */
async function signIn(flows: SignInFlows, email: string): Promise<TokenSet> {
  const { flowId, authorizationUrl } = await flows.begin('microsoft', email);
  const answer = await fetch(authorizationUrl, { redirect: 'manual' });
  await fetch(answer.headers.get('location') ?? '');
  return (await flows.wait(flowId)).tokens;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('access tokens of a saved account', () => {
  let shortLived: Server;
  let longLived: Server;
  beforeAll(async () => {
    // 60 s is inside the five-minute margin: every use refreshes. 3600 s is not.
    [shortLived, longLived] = await Promise.all([startServer(60), startServer(3600)]);
  });
  afterAll(async () => {
    await Promise.all([shortLived?.instance.stop(), longLived?.instance.stop()]);
  });

  it('uses the cached token while it is valid for more than five minutes', async () => {
    const secrets = new MemorySecretStore();
    const tokens = new AccountTokens(secrets, longLived.settings);
    const flows = new SignInFlows(longLived.settings);
    const set = await signIn(flows, 'long@example.test');
    await tokens.save('acc1', set);
    const before = await longLived.stats();
    expect(await tokens.getAccessToken('acc1', 'microsoft')).toBe(set.accessToken);
    expect(await tokens.getAccessToken('acc1', 'microsoft')).toBe(set.accessToken);
    expect((await longLived.stats()).refreshGrants).toBe(before.refreshGrants);
  });

  it('refreshes a token about to expire before using it, once for all who ask together, and saves the rotated refresh token', async () => {
    const secrets = new MemorySecretStore();
    const tokens = new AccountTokens(secrets, shortLived.settings);
    const set = await signIn(new SignInFlows(shortLived.settings), 'short@example.test');
    await tokens.save('acc2', set);
    expect(await secrets.get(refreshTokenKey('acc2'))).toBe(set.refreshToken);
    const before = await shortLived.stats();
    const together = await Promise.all([1, 2, 3, 4].map(() => tokens.getAccessToken('acc2', 'microsoft')));
    expect(new Set(together).size).toBe(1);
    expect(together[0]).not.toBe(set.accessToken);
    expect((await shortLived.stats()).refreshGrants).toBe(before.refreshGrants + 1);
    const rotated = await secrets.get(refreshTokenKey('acc2'));
    expect(rotated).not.toBe(set.refreshToken);
    // The rotated one works (the old one is spent).
    expect(await tokens.getAccessToken('acc2', 'microsoft')).not.toBe(together[0]);
    expect((await shortLived.stats()).refusedRefreshes).toBe(before.refusedRefreshes);
  });

  it('replaces a token a server refused, but not one that was already replaced', async () => {
    const secrets = new MemorySecretStore();
    const tokens = new AccountTokens(secrets, longLived.settings);
    const set = await signIn(new SignInFlows(longLived.settings), 'refused@example.test');
    await tokens.save('acc3', set);
    const fresh = await tokens.getAccessToken('acc3', 'microsoft', { refused: set.accessToken });
    expect(fresh).not.toBe(set.accessToken);
    const before = await longLived.stats();
    // A second connection reports the same old token refused: the new one is already here.
    expect(await tokens.getAccessToken('acc3', 'microsoft', { refused: set.accessToken })).toBe(fresh);
    expect((await longLived.stats()).refreshGrants).toBe(before.refreshGrants);
  });

  it('asks to sign in again when the refresh token is revoked or missing', async () => {
    const secrets = new MemorySecretStore();
    const tokens = new AccountTokens(secrets, shortLived.settings);
    await tokens.save('acc4', await signIn(new SignInFlows(shortLived.settings), 'revoked@example.test'));
    await shortLived.control('revoke', 'revoked@example.test');
    const revoked = await rejection(tokens.getAccessToken('acc4', 'microsoft'));
    expect(revoked.code).toBe('sign_in_required');
    expect(revoked.message).toMatch(/no longer accepts/);
    // Nothing is deleted: signing in again replaces it.
    expect(await secrets.get(refreshTokenKey('acc4'))).not.toBeNull();
    const missing = await rejection(tokens.getAccessToken('nobody', 'google'));
    expect(missing.code).toBe('sign_in_required');
  });
});

describe('sign-in flows', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer(3600);
  });
  afterAll(async () => server?.instance.stop());

  it('refuses to begin without a client ID', async () => {
    const flows = new SignInFlows({ ...server.settings, google: { ...server.settings.google, client: null } });
    expect((await rejection(flows.begin('google', 'a@example.test'))).code).toBe('not_configured');
  });

  it('gives up when nobody comes back in time, and closes the listener', async () => {
    const flows = new SignInFlows(server.settings, { answerTimeoutMs: 50 });
    const { flowId, authorizationUrl } = await flows.begin('google', 'slow@example.test');
    expect((await rejection(flows.wait(flowId))).code).toBe('timeout');
    const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';
    await expect(fetch(redirectUri)).rejects.toThrow();
  });

  it('tokens of a flow go to one account only', async () => {
    const flows = new SignInFlows(server.settings);
    const { flowId, authorizationUrl } = await flows.begin('google', 'once@example.test');
    const answer = await fetch(authorizationUrl, { redirect: 'manual' });
    await fetch(answer.headers.get('location') ?? '');
    await flows.wait(flowId);
    expect(() => flows.finished(flowId, 'microsoft')).toThrow(/has not finished/);
    expect(flows.finished(flowId, 'google', { take: true }).tokens.refreshToken).toMatch(/^rt-/);
    expect(() => flows.finished(flowId, 'google')).toThrow(/unknown or has expired/);
  });
});

describe('the loopback listener', () => {
  it('answers only the sign-in answer at "/", once, with an escaped page', async () => {
    const answers: string[] = [];
    const listener = await openLoopbackListener('127.0.0.1', 's', async (params) => {
      answers.push(params.toString());
      return { title: 'Signed <in>', message: 'You can close this tab. <script>alert(1)</script>' };
    });
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${listener.redirectUri}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${listener.redirectUri}/`)).status).toBe(404);
    const page = await fetch(`${listener.redirectUri}/?code=c&state=s`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('You can close this tab.');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Signed &#60;in&#62;');
    expect(answers).toEqual(['code=c&state=s']);
    // Closed after answering.
    await expect(fetch(`${listener.redirectUri}/?code=c&state=s`)).rejects.toThrow();
  });
});
