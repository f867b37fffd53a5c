import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredProviders, loadOAuthSettings } from '../../../main/auth/oauth/provider-settings';

const madeDirs: string[] = [];
afterAll(async () => {
  for (const dir of madeDirs) await rm(dir, { recursive: true, force: true });
});

async function endpointsFile(content: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-endpoints-'));
  madeDirs.push(dir);
  const file = join(dir, 'endpoints.json');
  await writeFile(file, JSON.stringify(content));
  return file;
}

describe('OAuth2 settings', () => {
  it('has no client ID unless the build or the environment gives one', () => {
    const none = loadOAuthSettings({ shipped: {}, env: {} });
    expect(configuredProviders(none)).toEqual({ google: false, microsoft: false });
    // The providers' own endpoints and the scopes of the issue.
    expect(none.google.authorizationEndpoint).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(none.google.tokenEndpoint).toBe('https://oauth2.googleapis.com/token');
    expect(none.google.scopes).toEqual(['https://mail.google.com/']);
    expect(none.microsoft.authorizationEndpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(none.microsoft.scopes).toEqual([
      'https://outlook.office.com/IMAP.AccessAsUser.All',
      'https://outlook.office.com/POP.AccessAsUser.All',
      'https://outlook.office.com/SMTP.Send',
      'offline_access',
    ]);
  });

  it('takes client IDs from the shipped file, and env over it', () => {
    const shipped = { google: { clientId: 'shipped-g', clientSecret: 'shipped-s' }, microsoft: { clientId: 'shipped-m' } };
    const fromFile = loadOAuthSettings({ shipped, env: {} });
    expect(fromFile.google.client).toEqual({ clientId: 'shipped-g', clientSecret: 'shipped-s' });
    expect(fromFile.microsoft.client).toEqual({ clientId: 'shipped-m' });
    const fromEnv = loadOAuthSettings({
      shipped,
      env: { TIDINGS_GOOGLE_CLIENT_ID: 'env-g', TIDINGS_GOOGLE_CLIENT_SECRET: 'env-s', TIDINGS_MICROSOFT_CLIENT_ID: 'env-m' },
    });
    expect(fromEnv.google.client).toEqual({ clientId: 'env-g', clientSecret: 'env-s' });
    expect(fromEnv.microsoft.client).toEqual({ clientId: 'env-m' });
    // Endpoints are not touched by client IDs.
    expect(fromEnv.google.tokenEndpoint).toBe('https://oauth2.googleapis.com/token');
  });

  it('moves endpoints only through TIDINGS_OAUTH_ENDPOINTS_FILE', async () => {
    const file = await endpointsFile({
      google: {
        authorizationEndpoint: 'http://127.0.0.1:9/authorize',
        tokenEndpoint: 'http://127.0.0.1:9/token',
        issuer: 'http://127.0.0.1:9',
      },
    });
    const settings = loadOAuthSettings({ shipped: {}, env: { TIDINGS_OAUTH_ENDPOINTS_FILE: file } });
    expect(settings.google.authorizationEndpoint).toBe('http://127.0.0.1:9/authorize');
    expect(settings.google.issuer).toBe('http://127.0.0.1:9');
    expect(settings.microsoft.tokenEndpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/token');
  });

  it('lets the endpoints file add this computer as a mail host (tests), and nothing else', async () => {
    const endpoints = { authorizationEndpoint: 'http://127.0.0.1:9/authorize', tokenEndpoint: 'http://127.0.0.1:9/token' };
    const local = await endpointsFile({ google: { ...endpoints, mailHosts: ['127.0.0.1'] } });
    const settings = loadOAuthSettings({ shipped: {}, env: { TIDINGS_OAUTH_ENDPOINTS_FILE: local } });
    // Added to Google's own hosts, not instead of them; Microsoft's untouched.
    expect(settings.google.mailHosts).toEqual(['imap.gmail.com', 'pop.gmail.com', 'smtp.gmail.com', '127.0.0.1']);
    expect(settings.microsoft.mailHosts).not.toContain('127.0.0.1');
    for (const host of ['mail.evil.test', '127.0.0.2', '10.0.0.1', '0.0.0.0', 'localhost.evil.test']) {
      const file = await endpointsFile({ google: { ...endpoints, mailHosts: [host] } });
      expect(() => loadOAuthSettings({ shipped: {}, env: { TIDINGS_OAUTH_ENDPOINTS_FILE: file } }), host).toThrow(/google.mailHosts.0/);
    }
    // Without the file, nothing on this computer takes a provider's token.
    const none = loadOAuthSettings({ shipped: {}, env: {} });
    for (const host of ['127.0.0.1', '::1', 'localhost']) {
      expect(none.google.mailHosts).not.toContain(host);
      expect(none.microsoft.mailHosts).not.toContain(host);
    }
  });

  it('refuses plain-http endpoints off this computer, and unknown keys', async () => {
    const remote = await endpointsFile({
      microsoft: { authorizationEndpoint: 'http://login.example/authorize', tokenEndpoint: 'https://login.example/token' },
    });
    expect(() => loadOAuthSettings({ shipped: {}, env: { TIDINGS_OAUTH_ENDPOINTS_FILE: remote } })).toThrow(
      /microsoft.authorizationEndpoint/,
    );
    const extra = await endpointsFile({ google: { authorizationEndpoint: 'https://a/', tokenEndpoint: 'https://b/', clientId: 'x' } });
    expect(() => loadOAuthSettings({ shipped: {}, env: { TIDINGS_OAUTH_ENDPOINTS_FILE: extra } })).toThrow(/clientId/);
  });
});
