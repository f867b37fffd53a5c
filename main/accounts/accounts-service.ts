import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Account,
  type AccountOptions,
  type AccountStatus,
  type AccountUpdate,
  type AccountUpdateResult,
  type ConnectionCheck,
  DEFAULT_ACCOUNT_OPTIONS,
  type IncomingSettings,
  type ServerCheck,
  type ServerSettings,
  withAcceptedUsernames,
} from '../../shared/accounts';
import type { Discovery } from '../../shared/discovery';
import { ApiError, type TrustedCertificateInfo } from '../../shared/errors';
import type { NewAccount } from '../../shared/oauth';
import { OAUTH_PROVIDER_LABEL } from '../../shared/oauth';
import { type AccountCredentials, fixedSource } from '../auth/account-credentials';
import type { CredentialSource } from '../auth/credentials';
import { passwordKey, type SecretStore } from '../auth/keychain';
import type { OAuthService } from '../auth/oauth/oauth-service';
import { type Logger, logger } from '../base/log';
import type { ServiceEvents } from '../base/service-events';
import type { UiEvents } from '../base/ui-events';
import { describeCertificate } from '../net/tls-trust';
import type { AccountsRepo, StoredAccount } from '../store/accounts-repo';
import type { CertificatesRepo } from '../store/certificates-repo';
import type { ConnectionTester } from './connection-test';
import type { Discoverer } from './discovery';
import type { SeenCertificates } from './seen-certificates';
import { tryOtherUsernames } from './username-forms';

// Adding, checking, editing and removing accounts. Settings go to the store, the
// password to the keychain (SecretStore), and nothing else anywhere.

/** The options the sync reads (a change restarts it). */
const SYNC_OPTIONS = ['bodyDays', 'imap', 'pop3'] as const satisfies readonly (keyof AccountOptions)[];

export interface AccountsServiceDeps {
  accounts: AccountsRepo;
  certificates: CertificatesRepo;
  secrets: SecretStore;
  /** How saved accounts sign in (password or OAuth2 tokens, both in the keychain). */
  credentials: AccountCredentials;
  oauth: OAuthService;
  tester: ConnectionTester;
  /** Finds an address's settings (accounts.discover). */
  discover: Discoverer;
  seen: SeenCertificates;
  events: UiEvents;
  /** Hears syncs' connection states and OAuth2 sign-ins again; tells others the published state. */
  signals: ServiceEvents;
  /** Where an account's local data (message files, ...) lives: dataDir/accounts/<id>. */
  dataDir: string;
  /** Where it logs (core/core.ts passes the core's); default: the process log. */
  log?: Logger;
  /** Told when an account is added, and before one is removed (to start and stop its sync). */
  lifecycle?: { added(account: StoredAccount): void; changed(account: StoredAccount): Promise<void>; removing(id: string): Promise<void> };
}

export class AccountsService {
  private readonly statuses = new Map<string, AccountStatus>();
  private readonly missingSecrets = new Set<string>();
  private readonly log: Logger;

  constructor(private readonly deps: AccountsServiceDeps) {
    this.log = deps.log ?? logger('accounts');
    deps.signals.on('sync.status', ({ accountId, status }) => this.setStatus(accountId, status));
    deps.signals.on('account.reauthorized', ({ accountId }) => this.reauthorized(accountId));
  }

  list(): Account[] {
    return this.deps.accounts.list().map((stored) => this.present(stored));
  }

  /** The settings for an address, and where they came from; saves nothing. */
  discover(email: string): Promise<Discovery> {
    return this.deps.discover(email);
  }

  /**
   * Tests both servers with the draft's settings (its password, or its
   * finished OAuth2 sign-in); saves nothing. A sign-in with a provider whose
   * servers these are not is refused (oauth_host_refused) before either is contacted.
   */
  async test(draft: NewAccount): Promise<ConnectionCheck> {
    if (draft.oauth) this.deps.credentials.assertProviderServers(draft.oauth.provider, draft);
    const source = fixedSource(
      draft.oauth ? this.deps.oauth.draftCredentials(draft.oauth, draft.email) : { kind: 'password', password: draft.password ?? '' },
    );
    return this.checkWithUsernames(draft, draft.email, source);
  }

  /** Both servers; a provider that takes two forms of username (iCloud): the other one, when the first is refused. */
  private async checkWithUsernames(
    settings: { incoming: IncomingSettings; outgoing: ServerSettings },
    email: string,
    source: CredentialSource,
  ): Promise<ConnectionCheck> {
    const check = await this.check(settings, source);
    const incoming = await tryOtherUsernames(check.incoming, settings.incoming, email, (username) =>
      this.deps.tester.check('incoming', settings.incoming.protocol, { ...settings.incoming, username }, source),
    );
    return { ...check, incoming };
  }

  private async check(
    settings: { incoming: IncomingSettings; outgoing: ServerSettings },
    source: CredentialSource,
  ): Promise<ConnectionCheck> {
    const { tester } = this.deps;
    const [incoming, outgoing] = await Promise.all([
      tester.check('incoming', settings.incoming.protocol, settings.incoming, source),
      tester.check('outgoing', 'smtp', settings.outgoing, source),
    ]);
    return { incoming, outgoing };
  }

  /** Saves the account; its sign-in goes only to its provider's servers (else oauth_host_refused: nothing saved, the flow kept). */
  async add(draft: NewAccount): Promise<Account> {
    if (draft.oauth) {
      this.deps.credentials.assertProviderServers(draft.oauth.provider, draft);
      this.deps.oauth.assertFinished(draft.oauth, draft.email);
    }
    const stored: StoredAccount = {
      id: randomBytes(9).toString('base64url'),
      name: draft.name,
      email: draft.email,
      incoming: draft.incoming,
      outgoing: draft.outgoing,
      options: DEFAULT_ACCOUNT_OPTIONS,
      createdAt: new Date().toISOString(),
      ...(draft.oauth ? { oauth: { provider: draft.oauth.provider } } : {}),
    };
    // The secret first: if the keychain refuses, there is no half-saved account.
    if (draft.oauth) await this.deps.oauth.saveSignIn(stored.id, draft.oauth, draft.email);
    else await this.deps.secrets.set(passwordKey(stored.id), draft.password ?? '');
    try {
      this.deps.accounts.insert(stored);
    } catch (error) {
      await this.deps.credentials
        .delete(stored)
        .catch((cleanup: unknown) =>
          this.log.warn({ accountId: stored.id, err: cleanup }, 'could not remove the secret of an account not saved'),
        );
      throw error;
    }
    this.deps.events.emit('accounts.changed', { accountIds: [stored.id] });
    if (hasOwnSync(stored)) this.deps.lifecycle?.added(stored);
    else void this.verify(stored.id).catch((error: unknown) => this.verifyFailed(stored.id, error));
    return this.present(stored);
  }

  /** Logs in to both servers of a saved account and publishes its status. */
  async verify(id: string): Promise<Account> {
    const stored = this.require(id);
    this.setStatus(id, { state: 'checking' });
    if (!(await this.deps.credentials.isSaved(stored))) {
      this.missingSecrets.add(id);
      this.setStatus(
        id,
        stored.oauth
          ? {
              state: 'error',
              code: 'sign_in_required',
              message: 'The sign-in for this account is not saved on this computer. Sign in again.',
            }
          : {
              state: 'error',
              code: 'password_missing',
              message: 'No password is saved for this account on this computer. Enter it in the account settings.',
            },
      );
      return this.present(stored);
    }
    this.missingSecrets.delete(id);
    const check = await this.check(stored, this.deps.credentials.source(stored));
    this.setStatus(id, statusFrom(check));
    return this.present(stored);
  }

  /** The account has new OAuth2 tokens (signed in again): reconnect it; its mail and queued actions stay as they are. */
  async reauthorized(id: string): Promise<void> {
    const stored = this.require(id);
    this.missingSecrets.delete(id);
    this.setStatus(id, { state: 'checking' });
    if (hasOwnSync(stored)) await this.deps.lifecycle?.changed(stored);
    else void this.verify(id).catch((error: unknown) => this.verifyFailed(id, error));
  }

  /** Saves new options and, when they change what the sync does, restarts it so they apply at once. */
  async setOptions(id: string, options: AccountOptions): Promise<Account> {
    const before = this.require(id);
    const protocol = before.incoming.protocol;
    if ((options.imap && protocol !== 'imap') || (options.pop3 && protocol !== 'pop3')) {
      throw new ApiError(
        'invalid_argument',
        `These options are for ${options.imap ? 'IMAP' : 'POP3'} accounts; this one uses ${protocol.toUpperCase()}.`,
      );
    }
    // Options a call leaves out stay as they were (a UI that knows only some of them changes only those).
    this.deps.accounts.setOptions(id, { ...before.options, ...options });
    const stored = this.require(id);
    // Notifications are the UI's business: the sync goes on undisturbed.
    if (SYNC_OPTIONS.some((key) => JSON.stringify(before.options[key]) !== JSON.stringify(stored.options[key]))) {
      await this.deps.lifecycle?.changed(stored);
    }
    this.deps.events.emit('accounts.changed', { accountIds: [id] });
    return this.present(stored);
  }

  /**
   * Edits an account in place; its id, folders, mail and queued actions stay.
   * Like Thunderbird, new servers or a new password are tried first and saved
   * only if both servers take them: a mistyped password never replaces one
   * that works, and the sync goes on with the old settings meanwhile. `force`
   * saves them untried (offline: "Save anyway"). A saved change of sign-in
   * restarts the account's sync with it.
   */
  async update(change: AccountUpdate): Promise<AccountUpdateResult> {
    const before = this.require(change.id);
    if (change.password !== undefined && before.oauth) {
      const provider = OAUTH_PROVIDER_LABEL[before.oauth.provider];
      throw new ApiError('invalid_argument', `This account signs in with ${provider}: sign in again instead of entering a password.`);
    }
    if (change.incoming && change.incoming.protocol !== before.incoming.protocol) {
      // Its folders and mail are the protocol's (local folders for POP3): switching would strand them.
      throw new ApiError('invalid_argument', 'An account cannot switch between IMAP and POP3. Add the account again for that.');
    }
    const requested = { incoming: change.incoming ?? before.incoming, outgoing: change.outgoing ?? before.outgoing };
    const serversChanged = !sameServer(requested.incoming, before.incoming) || !sameServer(requested.outgoing, before.outgoing);
    if (before.oauth && serversChanged) this.deps.credentials.assertProviderServers(before.oauth.provider, requested);
    const signInChanged = serversChanged || change.password !== undefined;
    let settings = requested;
    let check: ConnectionCheck | undefined;
    if (signInChanged && !change.force) {
      const source =
        change.password === undefined
          ? this.deps.credentials.source({ ...before, ...requested })
          : fixedSource({ kind: 'password', password: change.password });
      check = await this.checkWithUsernames(requested, before.email, source);
      if (!check.incoming.ok || !check.outgoing.ok) return { saved: false, check };
      settings = withAcceptedUsernames(requested, check);
    }
    // The password first: if the keychain refuses, nothing else has changed either.
    if (change.password !== undefined) await this.deps.secrets.set(passwordKey(before.id), change.password);
    this.deps.accounts.update(before.id, {
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.color === undefined ? {} : { color: change.color }),
      ...(signInChanged ? settings : {}),
    });
    const stored = this.require(before.id);
    this.deps.events.emit('accounts.changed', { accountIds: [stored.id] });
    if (signInChanged) {
      this.missingSecrets.delete(stored.id);
      this.setStatus(stored.id, { state: 'checking' });
      if (hasOwnSync(stored)) await this.deps.lifecycle?.changed(stored);
      else void this.verify(stored.id).catch((error: unknown) => this.verifyFailed(stored.id, error));
    }
    return { saved: true, account: this.present(stored), ...(check ? { check } : {}) };
  }

  /** Puts the accounts in this order in the sidebar (and wherever they are listed). */
  reorder(ids: readonly string[]): Account[] {
    for (const id of ids) this.require(id);
    if (new Set(ids).size !== ids.length) throw new ApiError('invalid_argument', 'An account is listed twice.');
    this.deps.accounts.reorder(ids);
    this.deps.events.emit('accounts.changed', { accountIds: [...ids] });
    return this.list();
  }

  /** Removes settings, password and every local byte of the account. */
  async remove(id: string): Promise<void> {
    const stored = this.require(id);
    await this.deps.lifecycle?.removing(id);
    await this.deps.credentials.delete(stored);
    this.deps.accounts.delete(id);
    this.statuses.delete(id);
    this.missingSecrets.delete(id);
    await rm(join(this.deps.dataDir, 'accounts', id), { recursive: true, force: true });
    this.deps.events.emit('accounts.changed', { accountIds: [id] });
  }

  /** Trusts a certificate a server showed during a test in this run, for that host and port only. */
  trustCertificate(host: string, port: number, fingerprint256: string): void {
    const pem = this.deps.seen.find(host, port, fingerprint256);
    if (!pem) {
      throw new ApiError('not_found', `No certificate with that fingerprint was presented by ${host}:${port}. Test the connection again.`);
    }
    this.deps.certificates.add({ host, port, fingerprint256, pem });
  }

  /** The certificates the user trusted, with the accounts that use each. */
  trustedCertificates(): TrustedCertificateInfo[] {
    const accounts = this.deps.accounts.list();
    return this.deps.certificates.list().map(({ host, port, fingerprint256, pem, trustedAt }) => {
      const described = readableCertificate(pem);
      return {
        host,
        port,
        fingerprint256,
        subject: described?.subject ?? '',
        issuer: described?.issuer ?? '',
        validFrom: described?.validFrom ?? '',
        validTo: described?.validTo ?? '',
        trustedAt,
        accountIds: accounts.filter((a) => usesServer(a, host, port)).map((a) => a.id),
      };
    });
  }

  /**
   * Takes back the trust in a certificate. The accounts that connect to that
   * server reconnect at once, so none goes on over a connection made with it:
   * if the server still shows it, they say the certificate is not trusted.
   */
  async revokeCertificate(host: string, port: number, fingerprint256: string): Promise<void> {
    if (!this.deps.certificates.remove(host, port, fingerprint256)) {
      throw new ApiError('not_found', `That certificate is not trusted for ${host}:${port} (it may have been taken back already).`);
    }
    for (const stored of this.deps.accounts.list()) {
      if (!usesServer(stored, host, port)) continue;
      this.setStatus(stored.id, { state: 'checking' });
      if (hasOwnSync(stored)) await this.deps.lifecycle?.changed(stored);
      else void this.verify(stored.id).catch((error: unknown) => this.verifyFailed(stored.id, error));
    }
  }

  /** Checks, once at start, every saved account whose sync does not report its state itself. */
  verifyAll(): void {
    for (const account of this.deps.accounts.list()) {
      if (!hasOwnSync(account)) void this.verify(account.id).catch((error: unknown) => this.verifyFailed(account.id, error));
    }
  }

  /** A check nobody waits for failed (the keychain, the store): its status stays as it was. */
  private verifyFailed(id: string, error: unknown): void {
    this.log.warn({ accountId: id, err: error }, 'checking the account failed');
  }

  private require(id: string): StoredAccount {
    const stored = this.deps.accounts.get(id);
    if (!stored) throw new ApiError('not_found', 'There is no such account (it may have been removed).');
    return stored;
  }

  /** Publishes an account's connection state (from a check here, or from its sync). */
  setStatus(id: string, status: AccountStatus): void {
    const changed = this.statuses.get(id)?.state !== status.state;
    if (changed) this.log.info({ accountId: id, status }, 'account status');
    this.statuses.set(id, status);
    this.deps.events.emit('account.status', { accountId: id, status });
    // Services hear changes of state only: a sync says "connected" again at the end of every
    // pass (up to date as of then), and the outbox must not retry its waiting mail at each one.
    if (changed) this.deps.signals.notify('account.status', { accountId: id, status });
  }

  private present(stored: StoredAccount): Account {
    return {
      ...stored,
      secretStorage: this.missingSecrets.has(stored.id) ? 'missing' : this.deps.secrets.kind,
      status: this.statuses.get(stored.id) ?? { state: 'unknown' },
    };
  }
}

/** IMAP and POP3 accounts have a sync that reports their state; a separate login check would only race it. */
function hasOwnSync(account: StoredAccount): boolean {
  return account.incoming.protocol === 'imap' || account.incoming.protocol === 'pop3';
}

function sameServer(a: ServerSettings | IncomingSettings, b: ServerSettings | IncomingSettings): boolean {
  return a.host === b.host && a.port === b.port && a.security === b.security && a.username === b.username;
}

function statusFrom(check: ConnectionCheck): AccountStatus {
  const failed: ServerCheck | undefined = [check.incoming, check.outgoing].find((server) => !server.ok);
  if (!failed || failed.ok) return { state: 'connected' };
  const state = failed.code === 'connect_failed' || failed.code === 'timeout' ? 'offline' : 'error';
  return { state, code: failed.code, message: failed.message };
}

/** Whether an account connects to this host and port, to fetch mail or to send it. */
function usesServer(account: StoredAccount, host: string, port: number): boolean {
  return [account.incoming, account.outgoing].some((server) => server.host.toLowerCase() === host.toLowerCase() && server.port === port);
}

/** The facts of a stored certificate; undefined when the PEM cannot be read (it is listed all the same, to be taken back). */
function readableCertificate(pem: string): ReturnType<typeof describeCertificate> | undefined {
  try {
    return describeCertificate(pem);
  } catch {
    return undefined;
  }
}
