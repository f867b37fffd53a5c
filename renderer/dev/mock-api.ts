// DEV ONLY: an in-memory stand-in for the core, for looking at UI states
// without a backend. Built only from dev/mock.html (see dev/vite.config.ts);
// nothing in src/ imports it, so it never reaches out/renderer.
//
// Behaviour is steered by what you type into the form:
//   a host containing "selfsigned" -> certificate_untrusted until trusted
//   a host containing "nowhere"    -> connect_failed
//   the password "wrong"           -> auth_failed

import type { Account, AccountDraft, ServerCheck, ServerSettings } from '../../shared/accounts';
import type { AppInfo, EventName, Events, Method, MethodArgs, MethodResult, TidingsApi } from '../../shared/contract';
import { ApiError } from '../../shared/errors';

export interface MockOptions {
  accounts: Account[];
  secretStorage: AppInfo['secretStorage'];
  /** Milliseconds each "network" call takes. */
  delay: number;
  /** accounts.list fails with this message. */
  listError?: string;
}

const FINGERPRINT = '3A:F1:0C:9B:5E:72:D4:18:AA:03:6F:E2:91:4C:B7:58:0D:C3:2E:97:61:F8:45:1A:BC:09:D6:73:E4:2F:88:5B';

export class MockApi implements TidingsApi {
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly #trusted = new Set<string>();
  readonly #options: MockOptions;
  #accounts: Account[];
  #nextId = 1;

  constructor(options: MockOptions) {
    this.#options = options;
    this.#accounts = [...options.accounts];
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, set);
    set.add(listener as (payload: unknown) => void);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }

  async call<M extends Method>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
    await new Promise((r) => setTimeout(r, method === 'accounts.test' ? this.#options.delay : 50));
    return this.#handle(method, args) as MethodResult<M>;
  }

  #handle(method: Method, args: unknown): unknown {
    switch (method) {
      case 'app.info':
        return {
          name: 'Tidings',
          version: '0.1.0-mock',
          dataDir: '/home/me/.config/Tidings',
          secretStorage: this.#options.secretStorage,
          ...(this.#options.secretStorage === 'memory'
            ? { secretStorageMessage: 'The Secret Service (gnome-keyring, KWallet) did not answer on D-Bus.' }
            : {}),
        } satisfies AppInfo;
      case 'accounts.list':
        if (this.#options.listError) throw new ApiError('internal', this.#options.listError);
        return this.#accounts;
      case 'accounts.test': {
        const draft = args as AccountDraft;
        return {
          incoming: this.#check('incoming', draft.incoming.protocol, draft.incoming, draft.password),
          outgoing: this.#check('outgoing', 'smtp', draft.outgoing, draft.password),
        };
      }
      case 'accounts.add': {
        const draft = args as AccountDraft;
        const { password: _password, ...settings } = draft;
        const account: Account = {
          id: `acct${this.#nextId++}`,
          ...settings,
          name: settings.name || settings.email,
          secretStorage: this.#options.secretStorage,
          status: { state: 'checking' },
          createdAt: new Date().toISOString(),
        };
        this.#accounts.push(account);
        setTimeout(() => this.emit('accounts.changed', { accountIds: this.#accounts.map((a) => a.id) }), 10);
        setTimeout(() => this.emit('account.status', { accountId: account.id, status: { state: 'connected' } }), 1500);
        return account;
      }
      case 'accounts.remove': {
        const { id } = args as { id: string };
        if (!this.#accounts.some((a) => a.id === id)) throw new ApiError('not_found', 'There is no such account.');
        this.#accounts = this.#accounts.filter((a) => a.id !== id);
        setTimeout(() => this.emit('accounts.changed', { accountIds: this.#accounts.map((a) => a.id) }), 10);
        return { removed: true };
      }
      case 'certificates.trust': {
        const { host, port, fingerprint256 } = args as { host: string; port: number; fingerprint256: string };
        this.#trusted.add(`${host}:${port}:${fingerprint256}`);
        return { trusted: true };
      }
      case 'accounts.verify':
        throw new ApiError('unknown_method', 'Not in the mock');
    }
  }

  #check(server: 'incoming' | 'outgoing', protocol: ServerCheck['protocol'], settings: ServerSettings, password: string): ServerCheck {
    const { host, port } = settings;
    const base = { server, protocol, host, port };
    if (host.includes('nowhere')) {
      return { ...base, ok: false, code: 'connect_failed', message: `Could not connect to ${host}:${port}: connection refused.` };
    }
    if (host.includes('selfsigned') && !this.#trusted.has(`${host}:${port}:${FINGERPRINT}`)) {
      return {
        ...base,
        ok: false,
        code: 'certificate_untrusted',
        message: `The certificate of ${host} is not trusted.`,
        certificate: {
          host,
          port,
          subject: `CN=${host}, O=Example Home Server`,
          issuer: `CN=${host}, O=Example Home Server`,
          fingerprint256: FINGERPRINT,
          validFrom: 'Jan 12 09:30:00 2025 GMT',
          validTo: 'Jan 12 09:30:00 2035 GMT',
          reason: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        },
      };
    }
    if (password === 'wrong') {
      return { ...base, ok: false, code: 'auth_failed', message: 'The server rejected the username or password.' };
    }
    return { ...base, ok: true };
  }
}

function sampleAccount(id: string, name: string, email: string, status: Account['status']): Account {
  const domain = email.split('@')[1] ?? 'example.com';
  return {
    id,
    name,
    email,
    incoming: { protocol: 'imap', host: `imap.${domain}`, port: 993, security: 'tls', username: email },
    outgoing: { host: `smtp.${domain}`, port: 465, security: 'tls', username: email },
    secretStorage: 'keychain',
    status,
    createdAt: '2025-01-01T00:00:00Z',
  };
}

export const SAMPLE_ACCOUNTS: Account[] = [
  sampleAccount('a1', 'Ada Lovelace', 'ada@example.com', { state: 'connected' }),
  sampleAccount('a2', 'Work', 'ada.lovelace@analytical-engines.co.uk', { state: 'checking' }),
  sampleAccount('a3', 'Old ISP', 'ada1843@oldisp.net', {
    state: 'error',
    code: 'auth_failed',
    message: 'The server rejected the username or password.',
  }),
  sampleAccount('a4', 'Home server', 'me@home.lan', { state: 'offline', message: 'No network connection.' }),
  {
    ...sampleAccount('a5', '', 'newsletter@example.org', {
      state: 'error',
      code: 'auth_failed',
      message: 'The password for this account is not saved on this computer. Remove the account and add it again.',
    }),
    secretStorage: 'missing',
  },
  sampleAccount('a6', 'Archive', 'archive@example.org', { state: 'unknown' }),
];
