import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSecretStore, type SecretStore } from '../../main/auth/keychain';
import { refreshTokenKey } from '../../main/auth/oauth/account-tokens';
import type { OAuthSettings } from '../../main/auth/oauth/provider-settings';
import { BulkConnection } from '../../main/imap/bulk-connection';
import { tlsOptionsFor } from '../../main/net/tls-trust';
import { smtpTransportOptions } from '../../main/smtp/transport-options';
import type { Account, AccountStatus, ConnectionCheck } from '../../shared/accounts';
import type { Folder, MessagePage } from '../../shared/mail';
import type { OAuthBegun, OAuthDone, OAuthProvider } from '../../shared/oauth';
import { type TempCore, tempCore } from '../helpers/core';
import { oauthDraft, oauthServerControl, oauthSettingsFor, visitAuthorizationUrl } from '../helpers/oauth';
import { deliverRaw } from '../servers/dovecot';
import type { TestServers } from '../servers/types';

// OAuth2 end to end, every part real on 127.0.0.1: the core's sign-in flow
// against the local OAuth2 server (test/servers/oauth-server.ts), Dovecot's
// oauth2 passdb checking each access token by introspection at that server,
// and Postfix authenticating XOAUTH2 through that Dovecot.

const servers = inject('servers') as TestServers;
let keychain: SecretStore;
let settings: OAuthSettings;
let core: TempCore;

beforeAll(async () => {
  keychain = await openSecretStore();
  settings = await oauthSettingsFor(servers);
  core = await tempCore(keychain, { oauth: settings });
});
afterAll(async () => core?.dispose());

function newAddress(): string {
  return `oauth-${randomBytes(4).toString('hex')}@example.test`;
}

async function call<T>(method: string, args: unknown): Promise<T> {
  return (await core.dispatch(method, args)) as T;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return error as { code: string; message: string };
}

/** Begin, let the "browser" come back, and wait for the tokens. */
async function signIn(provider: OAuthProvider, email: string) {
  const begun = await call<OAuthBegun>('oauth.begin', { provider, email });
  const done = call<OAuthDone>('oauth.wait', { flowId: begun.flowId });
  const visit = await visitAuthorizationUrl(begun.authorizationUrl);
  return { begun, visit, done: await done };
}

/**
 * Resolves with the first status of the account that satisfies `wanted`, the
 * current one included. Listening for the next event alone raced the sync: on
 * a loaded machine the account was already connected by the time the test
 * subscribed, and the next "connected" came only with the next pass, after
 * the test's 60 s (a 4 s pause after accounts.add made it take 31 s alone).
 */
function statusOf(accountId: string, wanted: (status: AccountStatus) => boolean, { current = true } = {}): Promise<AccountStatus> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status: AccountStatus) => {
      if (settled || !wanted(status)) return;
      settled = true;
      off();
      resolve(status);
    };
    // Subscribed before the current status is read, so that no change falls in between.
    const off = core.events.subscribe((event, payload) => {
      if (event !== 'account.status') return;
      const { accountId: id, status } = payload as { accountId: string; status: AccountStatus };
      if (id === accountId) settle(status);
    });
    if (!current) return;
    void call<Account[]>('accounts.list', {}).then((accounts) => {
      const now = accounts.find((a) => a.id === accountId)?.status;
      if (now) settle(now);
    });
  });
}

async function inbox(accountId: string): Promise<Folder | undefined> {
  return (await call<Folder[]>('folders.list', { accountId })).find((f) => f.role === 'inbox');
}

async function dovecotLog(): Promise<string> {
  return readFile(servers.dovecotOAuth.logFile, 'utf8');
}

describe('signing in through the browser', () => {
  it('says which providers have a client ID', async () => {
    expect(await call('oauth.providers', {})).toEqual({ google: true, microsoft: true });
  });

  it('uses PKCE (S256), state and a loopback redirect, and answers the browser with "You can close this tab"', async () => {
    for (const provider of ['google', 'microsoft'] as const) {
      const email = newAddress();
      const { begun, visit, done } = await signIn(provider, email);
      const url = new URL(begun.authorizationUrl);
      expect(url.origin + url.pathname).toBe(servers.oauth.authorizationEndpoint);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get('login_hint')).toBe(email);
      expect(url.searchParams.get('client_id')).toBe(servers.oauth.clients[provider].clientId);
      // Google wants 127.0.0.1; Microsoft's public clients register http://localhost (any port).
      expect(url.searchParams.get('redirect_uri')).toMatch(
        provider === 'google' ? /^http:\/\/127\.0\.0\.1:\d+$/ : /^http:\/\/localhost:\d+$/,
      );
      expect(url.searchParams.get('scope')).toBe(settings[provider].scopes.join(' '));
      // The verifier never leaves the core: only its hash is in the URL.
      expect(begun.authorizationUrl).not.toContain('code_verifier');
      expect(visit.status).toBe(200);
      expect(visit.page).toContain('You can close this tab');
      expect(done).toEqual({ flowId: begun.flowId, provider, email });
      // The listener is closed once answered.
      await expect(fetch(visit.redirect, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
    }
  });

  it('answers a wrong state with a 404 and keeps waiting: the real answer after it signs in', async () => {
    const begun = await call<OAuthBegun>('oauth.begin', { provider: 'google', email: newAddress() });
    const waited = call<OAuthDone>('oauth.wait', { flowId: begun.flowId });
    // Any web page can send the listener a request; one without this sign-in's state does not end it.
    const forged = await visitAuthorizationUrl(begun.authorizationUrl, (u) => u.searchParams.set('state', 'x'.repeat(43)));
    expect(forged.status).toBe(404);
    const visit = await visitAuthorizationUrl(begun.authorizationUrl);
    expect(visit.status).toBe(200);
    expect(visit.page).toContain('You can close this tab');
    expect((await waited).flowId).toBe(begun.flowId);
    await call('oauth.cancel', { flowId: begun.flowId });
  });

  it('refuses a denial, an issuer mismatch, a missing issuer and a bad code, saying why', async () => {
    const cases: { provider: OAuthProvider; tamper: (u: URL) => void; code: string; says: RegExp }[] = [
      {
        provider: 'google',
        tamper: (u) => {
          u.searchParams.delete('code');
          u.searchParams.set('error', 'access_denied');
        },
        code: 'oauth_failed',
        says: /declined/,
      },
      {
        provider: 'microsoft',
        tamper: (u) => u.searchParams.set('iss', 'https://evil.example'),
        code: 'oauth_failed',
        says: /issuer mismatch/,
      },
      { provider: 'google', tamper: (u) => u.searchParams.delete('iss'), code: 'oauth_failed', says: /issuer missing/ },
      {
        provider: 'microsoft',
        tamper: (u) => u.searchParams.set('code', 'code-forged'),
        code: 'oauth_failed',
        says: /refused to issue a token/,
      },
    ];
    for (const c of cases) {
      const begun = await call<OAuthBegun>('oauth.begin', { provider: c.provider, email: newAddress() });
      const waited = failure(call('oauth.wait', { flowId: begun.flowId }));
      const visit = await visitAuthorizationUrl(begun.authorizationUrl, c.tamper);
      const error = await waited;
      expect(error.code, String(c.says)).toBe(c.code);
      expect(error.message).toMatch(c.says);
      expect(visit.page).toContain('Sign-in failed');
      // Nothing of a failed flow can be used for an account.
      const added = await failure(call('accounts.add', oauthDraft(servers, newAddress(), c.provider, begun.flowId)));
      expect(added.code).toBe('invalid_argument');
    }
  });

  it('cancels a flow: the waiting call hears it and the listener is gone', async () => {
    const begun = await call<OAuthBegun>('oauth.begin', { provider: 'google', email: newAddress() });
    const waited = failure(call('oauth.wait', { flowId: begun.flowId }));
    expect(await call('oauth.cancel', { flowId: begun.flowId })).toEqual({ cancelled: true });
    expect((await waited).code).toBe('cancelled');
    const redirectUri = new URL(begun.authorizationUrl).searchParams.get('redirect_uri') ?? '';
    await expect(fetch(redirectUri.replace('localhost', '127.0.0.1'), { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
    expect((await failure(call('oauth.wait', { flowId: begun.flowId }))).code).toBe('not_found');
  });
});

describe('an OAuth2 account', () => {
  const email = newAddress();
  let account: Account;

  it('logs in to IMAP and SMTP with XOAUTH2; the refresh token is in the keychain and nowhere in the data dir', async () => {
    const { done } = await signIn('microsoft', email);
    const draft = oauthDraft(servers, email, 'microsoft', done.flowId);
    const check = await call<ConnectionCheck>('accounts.test', draft);
    expect(check.incoming).toMatchObject({ ok: true, protocol: 'imap' });
    expect(check.outgoing).toMatchObject({ ok: true, protocol: 'smtp' });

    // The sign-in is for this address only.
    const other = await failure(call('accounts.add', { ...draft, email: 'someone-else@example.test' }));
    expect(other.code).toBe('invalid_argument');
    expect(other.message).toMatch(/was started for/);

    account = await call<Account>('accounts.add', draft);
    expect(account.oauth).toEqual({ provider: 'microsoft' });
    expect(account.secretStorage).toBe('keychain');
    // The flow is used up by the account.
    expect((await failure(call('accounts.add', draft))).code).toBe('not_found');

    const refreshToken = await keychain.get(refreshTokenKey(account.id));
    expect(refreshToken).toMatch(/^rt-/);
    const files = await readdir(core.dataDir, { recursive: true });
    for (const file of files) {
      const bytes = await readFile(join(core.dataDir, file)).catch(() => Buffer.alloc(0));
      expect(bytes.includes(refreshToken as string), file).toBe(false);
    }

    // The sync logs in too, and the Inbox appears.
    await statusOf(account.id, (s) => s.state === 'connected');
    await expect.poll(async () => inbox(account.id), { timeout: 30_000 }).toBeDefined();
    expect(await dovecotLog()).toMatch(new RegExp(`Login: user=<${email}>, method=XOAUTH2`));

    // SMTP submission with the account's own credentials: Postfix asked Dovecot, which introspected the token.
    const { default: nodemailer } = await import('nodemailer');
    const source = core.services.credentials.source(account);
    const credentials = await source.get();
    if (credentials?.kind !== 'oauth2') throw new Error('expected an access token');
    const transport = nodemailer.createTransport(smtpTransportOptions(account.outgoing, credentials, [], source));
    try {
      const sent = await transport.sendMail({ from: email, to: servers.users.bob.address, subject: 'via XOAUTH2', text: 'hello' });
      expect(sent.accepted).toEqual([servers.users.bob.address]);
    } finally {
      transport.close();
    }
    await expect
      .poll(async () => readFile(servers.postfix.logFile, 'utf8'), { timeout: 10_000 })
      .toMatch(new RegExp(`sasl_method=XOAUTH2, sasl_username=${email}`));
  });

  it('refreshes an access token the server no longer accepts, for IMAP and SMTP, and keeps the rotated refresh token', async () => {
    const before = await oauthServerControl(servers, 'stats');
    const oldRefresh = await keychain.get(refreshTokenKey(account.id));
    await oauthServerControl(servers, 'expire-access-tokens', email);
    const verified = await call<Account>('accounts.verify', { id: account.id });
    expect(verified.status).toEqual({ state: 'connected' });
    const after = await oauthServerControl(servers, 'stats');
    // One refresh serves both IMAP and SMTP.
    expect(after.refreshGrants - before.refreshGrants).toBe(1);
    const newRefresh = await keychain.get(refreshTokenKey(account.id));
    expect(newRefresh).toMatch(/^rt-/);
    expect(newRefresh).not.toBe(oldRefresh);
  });

  it('asks to sign in again when the sign-in is revoked, losing nothing; signing in again picks up where it was', async () => {
    await deliverRaw(
      servers.dovecotOAuth,
      email,
      `From: Bob <bob@example.test>\r\nTo: ${email}\r\nSubject: Before revocation\r\nMessage-ID: <revoke-${Date.now()}@example.test>\r\n\r\nStill here.\r\n`,
    );
    const box = async () => inbox(account.id);
    await expect.poll(async () => (await box())?.total, { timeout: 30_000 }).toBe(1);
    const folder = (await box()) as Folder;
    const [message] = (await call<MessagePage>('messages.page', { folderId: folder.id, offset: 0, limit: 10 })).items;
    if (!message) throw new Error('no message');

    await oauthServerControl(servers, 'revoke', email);
    await oauthServerControl(servers, 'expire-access-tokens', email);

    // "Test connection" of the saved account and its sync both say so.
    const verified = await call<Account>('accounts.verify', { id: account.id });
    expect(verified.status).toMatchObject({ state: 'error', code: 'sign_in_required' });
    expect(verified.status.message).toMatch(/Microsoft no longer accepts this account's saved sign-in/);
    // Only what the restarted sync says next: the current status is the verify's.
    const syncSays = statusOf(account.id, (s) => s.code === 'sign_in_required', { current: false });
    // Restarted as a change of its options would (options that leave the sync as it is no longer restart it).
    await core.services.syncs.restart(core.services.accounts.list().find((a) => a.id === account.id) as Account);
    expect((await syncSays).state).toBe('error');

    // Meanwhile the user reads and flags: all of it is kept, and waits for the server.
    expect((await box())?.total).toBe(1);
    await call('messages.setFlags', { ids: [message.id], flagged: true });

    const begun = await call<OAuthBegun>('oauth.reauthorize', { accountId: account.id });
    expect(new URL(begun.authorizationUrl).searchParams.get('login_hint')).toBe(email);
    const connected = statusOf(account.id, (s) => s.state === 'connected');
    const waited = call<OAuthDone>('oauth.wait', { flowId: begun.flowId });
    await visitAuthorizationUrl(begun.authorizationUrl);
    expect(await waited).toMatchObject({ accountId: account.id, provider: 'microsoft', email });
    await connected;

    // The flag reached the server: read it there with the account's new token.
    const { ImapFlow } = await import('imapflow');
    const accessToken = await core.services.oauth.tokens.getAccessToken(account.id, 'microsoft');
    await expect
      .poll(
        async () => {
          const client = new ImapFlow({
            host: servers.dovecotOAuth.host,
            port: servers.dovecotOAuth.ports.imaps,
            secure: true,
            auth: { user: email, accessToken },
            logger: false,
          });
          client.on('error', () => undefined);
          await client.connect();
          try {
            const lock = await client.getMailboxLock('INBOX');
            try {
              const fetched = await client.fetchOne('*', { flags: true });
              return fetched ? [...(fetched.flags ?? [])] : [];
            } finally {
              lock.release();
            }
          } finally {
            await client.logout();
          }
        },
        { timeout: 30_000 },
      )
      .toContain('\\Flagged');
    expect((await box())?.total).toBe(1);
  });

  it('the bulk body connection signs in with XOAUTH2 too, and a refused token says so', async () => {
    const server = { host: servers.dovecotOAuth.host, port: servers.dovecotOAuth.ports.imaps, security: 'tls' as const, username: email };
    const tls = tlsOptionsFor(server.host, []);
    const accessToken = await core.services.oauth.tokens.getAccessToken(account.id, 'microsoft');
    const body = new BulkConnection({
      server,
      credentials: { kind: 'oauth2', token: core.services.oauth.tokens.seal('microsoft', accessToken) },
      tls,
    });
    try {
      await body.connect();
      await body.examine('INBOX');
      const [message] = await body.fetchBodies('1:*');
      expect(message?.raw.toString()).toContain('Still here.');
    } finally {
      await body.logout();
    }
    const refused = new BulkConnection({
      server,
      credentials: { kind: 'oauth2', token: core.services.oauth.tokens.seal('microsoft', 'at-made-up') },
      tls,
    });
    const error = await refused.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { authenticationFailed?: boolean }).authenticationFailed).toBe(true);
  });

  it('removing the account deletes its refresh token from the keychain', async () => {
    await call('accounts.remove', { id: account.id });
    expect(await keychain.get(refreshTokenKey(account.id))).toBeNull();
  });
});
