import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import { loadOAuthSettings, type OAuthSettings } from '../../main/auth/oauth/provider-settings';
import { type Core, startCore } from '../../main/core/core';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { openDatabase } from '../../main/store/database';
import { type Account, type AccountStatus, DEFAULT_ACCOUNT_OPTIONS, type IncomingSettings } from '../../shared/accounts';
import type { NewAccount, OAuthBegun, OAuthDone } from '../../shared/oauth';
import { oauthEnvFor, visitAuthorizationUrl } from '../helpers/oauth';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy';
import type { TestServers } from '../servers/types';

// A provider's sign-in goes only to that provider's servers. The core here is
// configured as a user's would be, except that its sign-in endpoints are the
// local OAuth2 stand-in: Google's and Microsoft's tokens may go only to their
// own hosts (imap.gmail.com, ...), and nothing on 127.0.0.1 is one of them.
// The "foreign" servers are the real OAuth2 Dovecot and Postfix, reached
// through recording relays: they would accept the token, so a leak would show
// as a connection at the relay and a login in Dovecot's log.

const servers = inject('servers') as TestServers;
const secrets = new MemorySecretStore();
let settings: OAuthSettings;
let dataDir: string;
let core: Core;
let imapRelay: RecordingProxy;
let pop3Relay: RecordingProxy;
let smtpRelay: RecordingProxy;

beforeAll(async () => {
  // The test server's endpoints and client IDs, but no extra mail hosts: the providers' own only.
  settings = loadOAuthSettings({ shipped: {}, env: await oauthEnvFor(servers, { localMailHosts: false }) });
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-oauth-hosts-'));
  core = await startCore({ dataDir, secrets, oauth: settings, connectOnStart: false });
  const submissions = servers.postfix.ports.oauthSubmissions;
  if (!submissions) throw new Error('Postfix has no OAuth2 submission port');
  imapRelay = await startRecordingProxy(servers.dovecotOAuth.ports.imaps);
  pop3Relay = await startRecordingProxy(servers.dovecotOAuth.ports.pop3s);
  smtpRelay = await startRecordingProxy(submissions);
});

afterAll(async () => {
  await core?.close();
  await Promise.all([imapRelay?.close(), pop3Relay?.close(), smtpRelay?.close()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function newAddress(): string {
  return `hosts-${randomBytes(4).toString('hex')}@example.test`;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the call to be refused').toBeDefined();
  return error as { code: string; message: string };
}

async function signIn(email: string): Promise<OAuthDone> {
  const begun = (await core.dispatch('oauth.begin', { provider: 'google', email })) as OAuthBegun;
  const done = core.dispatch('oauth.wait', { flowId: begun.flowId }) as Promise<OAuthDone>;
  await visitAuthorizationUrl(begun.authorizationUrl);
  return done;
}

function incoming(protocol: 'imap' | 'pop3', email: string): IncomingSettings {
  const relay = protocol === 'imap' ? imapRelay : pop3Relay;
  return { protocol, host: '127.0.0.1', port: relay.port, security: 'tls', username: email };
}

function foreignDraft(email: string, flowId: string): NewAccount {
  return {
    name: 'Hosts',
    email,
    incoming: incoming('imap', email),
    outgoing: { host: '127.0.0.1', port: smtpRelay.port, security: 'tls', username: email },
    oauth: { provider: 'google', flowId },
  };
}

/** Nothing reached the foreign servers: no connection at the relays, no login of this user anywhere. */
async function nothingSent(email: string): Promise<void> {
  expect(imapRelay.connections()).toBe(0);
  expect(pop3Relay.connections()).toBe(0);
  expect(smtpRelay.connections()).toBe(0);
  expect(await readFile(servers.dovecotOAuth.logFile, 'utf8')).not.toContain(email);
  expect(await readFile(servers.postfix.logFile, 'utf8')).not.toContain(email);
}

const REFUSAL =
  /^Google sign-in is only sent to Google's servers \(imap\.gmail\.com, .*smtp\.gmail\.com.*\); this account's .*server is 127\.0\.0\.1/;

describe("a Google sign-in and servers that are not Google's", () => {
  it('accounts.test and accounts.add refuse the draft, and the token goes nowhere', async () => {
    const email = newAddress();
    const done = await signIn(email);
    const draft = foreignDraft(email, done.flowId);

    const tested = await failure(core.dispatch('accounts.test', draft));
    expect(tested.code).toBe('oauth_host_refused');
    expect(tested.message).toMatch(REFUSAL);

    const added = await failure(core.dispatch('accounts.add', draft));
    expect(added.code).toBe('oauth_host_refused');
    expect(added.message).toMatch(REFUSAL);
    expect(await core.dispatch('accounts.list', {})).toEqual([]);

    await nothingSent(email);
  });

  it('a saved account whose servers were changed (a tampered store, an old version) is refused at sync, and says so', async () => {
    const email = newAddress();
    const done = await signIn(email);
    // The sign-in is saved for the account as accounts.add would; the account row is written
    // straight into the store, with servers that are not Google's.
    const imapId = `tampered-imap-${randomBytes(3).toString('hex')}`;
    const pop3Id = `tampered-pop3-${randomBytes(3).toString('hex')}`;
    await core.services.oauth.saveSignIn(imapId, { provider: 'google', flowId: done.flowId }, email);
    const second = await signIn(email);
    await core.services.oauth.saveSignIn(pop3Id, { provider: 'google', flowId: second.flowId }, email);
    await core.close();

    const db = openDatabase(join(dataDir, 'tidings.sqlite'));
    const repo = new AccountsRepo(db);
    for (const [id, protocol] of [
      [imapId, 'imap'],
      [pop3Id, 'pop3'],
    ] as const) {
      repo.insert({
        id,
        name: 'Tampered',
        email,
        incoming: incoming(protocol, email),
        outgoing: { host: '127.0.0.1', port: smtpRelay.port, security: 'tls', username: email },
        options: DEFAULT_ACCOUNT_OPTIONS,
        createdAt: new Date().toISOString(),
        oauth: { provider: 'google' },
      });
    }
    db.close();

    // The next start of the app: every saved account connects.
    core = await startCore({ dataDir, secrets, oauth: settings, connectOnStart: true, pop3CheckEveryMs: 500 });
    const statusOf = async (id: string) =>
      ((await core.dispatch('accounts.list', {})) as Account[]).find((account) => account.id === id)?.status;
    for (const id of [imapId, pop3Id]) {
      await expect.poll(async () => (await statusOf(id))?.state, { timeout: 30_000 }).toMatch(/^(error|connected|offline)$/);
      const status = await statusOf(id);
      expect(status, id).toMatchObject({ state: 'error', code: 'oauth_host_refused' });
      expect(status?.message).toMatch(REFUSAL);
    }
    // "Test connection" of the saved account says the same.
    const verified = (await core.dispatch('accounts.verify', { id: imapId })) as { status: AccountStatus };
    expect(verified.status).toMatchObject({ state: 'error', code: 'oauth_host_refused' });

    // Give the sync, its body downloader and the POP3 loop time to try again: still nothing goes out.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await nothingSent(email);
  });
});
