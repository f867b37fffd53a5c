import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOAuthSettings, type OAuthSettings } from '../../main/auth/oauth/provider-settings';
import type { NewAccount, OAuthProvider } from '../../shared/oauth';
import type { TestServers } from '../servers/types';

// Signing in against the local OAuth2 server (test/servers/oauth-server.ts)
// the way a browser would: follow the authorization URL, then the redirect
// back to the core's loopback listener.

/**
 * The environment a developer (or an e2e test starting `npm run web`) sets to
 * point Tidings at the test OAuth2 server: client IDs, and the endpoints file.
 * `localMailHosts: false`: the providers' tokens still go only to their own
 * mail hosts, as in a user's installation (nothing on 127.0.0.1 takes them).
 */
export async function oauthEnvFor(servers: TestServers, options: { localMailHosts?: boolean } = {}): Promise<Record<string, string>> {
  // Inside the servers' work dir, removed with them (a file per call: callers differ in localMailHosts).
  const dir = await mkdtemp(join(servers.workDir, 'oauth-endpoints-'));
  const file = join(dir, 'endpoints.json');
  const endpoints = {
    authorizationEndpoint: servers.oauth.authorizationEndpoint,
    tokenEndpoint: servers.oauth.tokenEndpoint,
    issuer: servers.oauth.issuer,
    // The test Dovecot and Postfix (always on 127.0.0.1) take the providers' tokens: loopback is all the file may add.
    ...(options.localMailHosts === false ? {} : { mailHosts: [servers.dovecotOAuth.host] }),
  };
  // The test server always sends iss: for "google" its absence is refused, as with Google itself.
  await writeFile(file, JSON.stringify({ google: { ...endpoints, issuerRequired: true }, microsoft: endpoints }));
  return {
    TIDINGS_GOOGLE_CLIENT_ID: servers.oauth.clients.google.clientId,
    TIDINGS_GOOGLE_CLIENT_SECRET: servers.oauth.clients.google.clientSecret,
    TIDINGS_MICROSOFT_CLIENT_ID: servers.oauth.clients.microsoft.clientId,
    TIDINGS_OAUTH_ENDPOINTS_FILE: file,
  };
}

/** The core's OAuth2 settings for the test server, loaded from that environment (the test servers count as the providers' mail hosts). */
export async function oauthSettingsFor(servers: TestServers): Promise<OAuthSettings> {
  return loadOAuthSettings({ shipped: {}, env: await oauthEnvFor(servers) });
}

export interface BrowserVisit {
  /** Where the provider sent the browser back to (the core's loopback redirect). */
  redirect: URL;
  status: number;
  page: string;
}

/**
 * Opens the authorization URL (the test server approves at once), then
 * follows the redirect to the loopback listener, after `tamper` if given.
 */
export async function visitAuthorizationUrl(authorizationUrl: string, tamper?: (redirect: URL) => void): Promise<BrowserVisit> {
  const answer = await fetch(authorizationUrl, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`authorization endpoint answered ${answer.status}: ${await answer.text()}`);
  const redirect = new URL(location);
  tamper?.(redirect);
  const back = await fetch(redirect, { signal: AbortSignal.timeout(30_000) });
  return { redirect, status: back.status, page: await back.text() };
}

/** An account draft for a test user on the OAuth2 Dovecot and Postfix's OAuth2 port. */
export function oauthDraft(servers: TestServers, address: string, provider: OAuthProvider, flowId: string): NewAccount {
  const submissions = servers.postfix.ports.oauthSubmissions;
  if (!submissions) throw new Error('Postfix has no OAuth2 submission port');
  return {
    name: 'OAuth User',
    email: address,
    incoming: {
      protocol: 'imap',
      host: servers.dovecotOAuth.host,
      port: servers.dovecotOAuth.ports.imaps,
      security: 'tls',
      username: address,
    },
    outgoing: { host: servers.postfix.host, port: submissions, security: 'tls', username: address },
    oauth: { provider, flowId },
  };
}

/** Steers the test OAuth2 server: expire a user's access tokens, revoke their sign-in, read its counters. */
export async function oauthServerControl(
  servers: TestServers,
  action: 'expire-access-tokens' | 'revoke' | 'stats',
  username = '',
): Promise<{ codeGrants: number; refreshGrants: number; refusedRefreshes: number; introspections: number }> {
  const response = await fetch(`${servers.oauth.url}/test/${action}`, {
    method: 'POST',
    body: new URLSearchParams({ username }),
    signal: AbortSignal.timeout(10_000),
  });
  return response.json();
}
