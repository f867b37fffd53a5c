// DEV ONLY: an in-memory stand-in for the core, for looking at UI states
// without a backend. Built only from dev/mock.html (see dev/vite.config.ts);
// nothing in src/ imports it, so it never reaches out/renderer.
//
// Behaviour is steered by what you type into the form:
//   a host containing "selfsigned" -> certificate_untrusted until trusted
//   a host containing "nowhere"    -> connect_failed
//   the password "wrong"           -> auth_failed
// Folder changes need the "server": they fail with connect_failed unless the
// account is connected (Ada's is), as the core's do.

import type { Account, AccountDraft, ServerCheck, ServerSettings } from '../../shared/accounts';
import {
  type AppInfo,
  type EventName,
  type Events,
  type Method,
  type MethodArgs,
  type MethodResult,
  methodSchemas,
  type TidingsApi,
} from '../../shared/contract';
import type { Discovery, FoundServer } from '../../shared/discovery';
import { ApiError } from '../../shared/errors';
import { MockCompose } from './mock-compose';
import { MockMail } from './mock-mail';

export interface MockOptions {
  accounts: Account[];
  secretStorage: AppInfo['secretStorage'];
  /** Milliseconds each "network" call takes. */
  delay: number;
  /** accounts.list fails with this message. */
  listError?: string;
  /** Milliseconds every mail call takes (the IPC/WebSocket round trip and the store). */
  latency: number;
  /** Where the mock's "remote" images live (the screenshot server counts requests there). */
  origin: string;
  /** messages.attachment fails with this message. */
  saveError?: string;
  /** Milliseconds messages.attachment and the folder changes take (a server round trip); default `latency`. */
  slowLatency?: number;
  /** The submission server's SIZE limit in bytes (null: none advertised). */
  smtpSize?: number | null;
  /** The submission server cannot be reached: sent messages wait in the Outbox. */
  smtpDown?: boolean;
}

const FINGERPRINT = '3A:F1:0C:9B:5E:72:D4:18:AA:03:6F:E2:91:4C:B7:58:0D:C3:2E:97:61:F8:45:1A:BC:09:D6:73:E4:2F:88:5B';

export class MockApi implements TidingsApi {
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly #trusted = new Set<string>();
  readonly #options: MockOptions;
  #accounts: Account[];
  #nextId = 1;
  readonly mail: MockMail;
  readonly compose: MockCompose;
  /** Every call made, for checks from the screenshot script. */
  readonly calls: { method: Method; args: unknown }[] = [];

  constructor(options: MockOptions) {
    this.#options = options;
    this.#accounts = [...options.accounts];
    this.mail = new MockMail(this.#accounts, options.origin);
    this.compose = new MockCompose(
      () => this.#accounts,
      (id) => this.mail.get(id),
      (event, payload) => setTimeout(() => this.emit(event, payload as Events[typeof event]), 5),
      { smtpSize: options.smtpSize === undefined ? 10_000_000 : options.smtpSize, smtpDown: options.smtpDown ?? false },
    );
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
    this.calls.push({ method, args });
    const mailCall = !method.startsWith('accounts.') && !method.startsWith('app.') && !method.startsWith('certificates.');
    const slow = method === 'messages.attachment' || method.startsWith('folders.') ? this.#options.slowLatency : undefined;
    await new Promise((r) =>
      setTimeout(r, method === 'accounts.test' ? this.#options.delay : (slow ?? (mailCall ? this.#options.latency : 50))),
    );
    return this.#handle(method, args) as MethodResult<M>;
  }

  /** store.changed for what an action touched, as the core sends it. */
  #changed(touched: Map<string, Set<number>>): void {
    setTimeout(() => {
      for (const [accountId, folderIds] of touched) this.emit('store.changed', { accountId, folderIds: [...folderIds] });
    }, 5);
  }

  #setStatus(accountId: string, status: Account['status']): void {
    this.#accounts = this.#accounts.map((a) => (a.id === accountId ? { ...a, status } : a));
    this.emit('account.status', { accountId, status });
  }

  /** A sync run: progress through `total` headers, a few new messages per batch, then idle. */
  simulateSync(accountId: string, total = 20_000, step = 1_000, everyMs = 400): void {
    let done = 0;
    let serial = 1;
    const tick = () => {
      done = Math.min(total, done + step);
      this.emit('sync.progress', { accountId, folderId: null, phase: 'headers', done, total });
      const inbox = this.mail.deliver(accountId, 2, serial++);
      if (inbox !== null) this.emit('store.changed', { accountId, folderIds: [inbox] });
      if (done < total) setTimeout(tick, everyMs);
      else setTimeout(() => this.emit('sync.progress', { accountId, folderId: null, phase: 'idle', done: 0, total: 0 }), everyMs);
    };
    this.emit('sync.progress', { accountId, folderId: null, phase: 'folders', done: 0, total: 0 });
    setTimeout(tick, everyMs);
  }

  #handleMail(method: Method, args: unknown): unknown {
    // Validated by the real core; the mock trusts its own UI.
    const a = args as {
      folderId: number;
      offset: number;
      limit: number;
      id: number;
      ids: number[];
      scope: 'message' | 'sender';
      accountId: string;
    };
    switch (method) {
      case 'folders.list':
        return this.mail.listFolders((args as { accountId?: string }).accountId);
      case 'messages.page':
        return this.mail.page(a.folderId, a.offset, a.limit);
      case 'messages.get':
        return this.mail.get(a.id);
      case 'messages.source':
        return { id: a.id, source: this.mail.source(a.id) };
      case 'messages.setFlags': {
        const { ids, seen, flagged } = args as { ids: number[]; seen?: boolean; flagged?: boolean };
        const touched = this.mail.setFlags(ids, { ...(seen === undefined ? {} : { seen }), ...(flagged === undefined ? {} : { flagged }) });
        this.#changed(touched);
        return { changed: ids.length };
      }
      case 'messages.move':
        this.#changed(this.mail.move(a.ids, a.folderId));
        return { moved: a.ids.length };
      case 'messages.delete':
        this.#changed(this.mail.delete(a.ids));
        return { deleted: a.ids.length };
      case 'messages.archive':
        this.#changed(this.mail.archive(a.ids));
        return { archived: a.ids.length };
      case 'messages.allowRemoteContent':
        this.mail.allowRemote(a.id, a.scope);
        return { allowed: true };
      case 'messages.search': {
        const { query, accountId, limit } = args as { query: string; accountId?: string; limit?: number };
        return this.mail.search(query, accountId, limit ?? 100);
      }
      case 'messages.attachment': {
        if (this.#options.saveError) throw new ApiError('not_found', this.#options.saveError);
        const { index } = args as { index: number };
        return this.mail.attachment(a.id, index);
      }
      case 'folders.create':
      case 'folders.rename':
      case 'folders.delete':
        return this.#changeFolder(method, args);
      case 'sync.now': {
        const account = this.#accounts.find((x) => x.id === a.accountId);
        if (!account) throw new ApiError('not_found', 'There is no such account.');
        const before = account.status;
        this.#setStatus(account.id, { state: 'checking' });
        // The mock's broken accounts stay broken; the others sync briefly.
        setTimeout(() => {
          if (before.state === 'error' || before.state === 'offline') this.#setStatus(account.id, before);
          else {
            this.#setStatus(account.id, { state: 'connected' });
            this.simulateSync(account.id, 2_000, 500, 300);
          }
        }, 1200);
        return { started: true };
      }
      default:
        return this.#handleCompose(method, args);
    }
  }

  #handleCompose(method: Method, args: unknown): unknown {
    // biome-ignore lint/suspicious/noExplicitAny: the mock trusts its own UI; the real core validates
    const a = args as any;
    const c = this.compose;
    switch (method) {
      case 'compose.start':
        return c.start(a.mode, a.messageId, a.accountId);
      case 'compose.settings':
        return c.settings(a.accountId);
      case 'compose.setSettings':
        return c.setSettings(a.accountId, a.settings);
      case 'compose.limits':
        return c.limits(a.accountId);
      case 'identities.list':
        return c.identities(a.accountId ?? 'a1');
      case 'drafts.save':
        return c.save(a.id, a.draft);
      case 'drafts.get':
        return c.draft(a.id);
      case 'drafts.delete':
        return c.deleteDraft(a.id);
      case 'drafts.open':
        return c.open(a.messageId);
      case 'drafts.attachmentBegin':
        return c.begin(a.filename, a.contentType, a.size);
      case 'drafts.attachmentChunk':
        return c.chunk(a.uploadId, a.offset, a.base64);
      case 'drafts.attachmentFinish':
        return c.finish(a.uploadId);
      case 'contacts.suggest':
        return c.suggest(a.query, a.limit ?? 8);
      case 'outbox.send':
        return c.send(a.draftId, a.undoSeconds);
      case 'outbox.undo':
        return c.undo(a.id);
      case 'outbox.list':
        return c.list(a.accountId);
      case 'outbox.retry':
        return c.retry(a.id);
      default:
        throw new ApiError('unknown_method', 'Not in the mock');
    }
  }

  /** Folder changes, refused as the core refuses them: bad arguments, offline, special folders. */
  #changeFolder(method: 'folders.create' | 'folders.rename' | 'folders.delete', args: unknown): unknown {
    const parsed = methodSchemas[method].safeParse(args);
    if (!parsed.success) {
      // The dispatcher's wording: "method: field: message".
      const issues = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
      throw new ApiError('invalid_argument', `${method}: ${issues.join('; ')}`);
    }
    const a = parsed.data as { accountId?: string; id?: number; name?: string; parentId?: number };
    const accountId = a.accountId ?? this.mail.folderAccount(a.id ?? 0);
    const account = this.#accounts.find((x) => x.id === accountId);
    if (!account) throw new ApiError('not_found', 'There is no such account.');
    if (account.status.state !== 'connected') {
      throw new ApiError('connect_failed', 'The server cannot be reached right now; try again when the account is back online.');
    }
    let result: unknown = { deleted: true };
    if (method === 'folders.create') result = this.mail.createFolder(account, a.name ?? '', a.parentId);
    else if (method === 'folders.rename') result = this.mail.renameFolder(a.id ?? 0, a.name ?? '');
    else this.mail.deleteFolder(a.id ?? 0);
    setTimeout(() => this.emit('store.changed', { accountId, folderIds: [], folders: true }), 5);
    return result;
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
          options: { bodyDays: null },
          createdAt: new Date().toISOString(),
        };
        this.#accounts.push(account);
        setTimeout(() => this.emit('accounts.changed', { accountIds: this.#accounts.map((a) => a.id) }), 10);
        setTimeout(() => {
          this.#setStatus(account.id, { state: 'connected' });
          // The first sync finds the folders.
          this.mail.addAccount(account);
          this.emit('store.changed', { accountId: account.id, folderIds: [], folders: true });
        }, 1500);
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
      case 'accounts.discover': {
        // Every domain "has" an autoconfig file naming imap./smtp. hosts (enough to walk the wizard).
        const { email } = args as { email: string };
        const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
        const server = (protocol: 'imap' | 'smtp', port: number): FoundServer => ({
          protocol,
          host: `${protocol}.${domain}`,
          port,
          security: 'tls',
          username: email,
          auth: ['password-cleartext'],
        });
        return {
          email,
          domain,
          source: 'autoconfig',
          provider: null,
          incoming: [server('imap', 993)],
          outgoing: [server('smtp', 465)],
          attempts: [{ source: 'autoconfig', outcome: 'found' }],
        } satisfies Discovery;
      }
      case 'oauth.providers':
        return { google: false, microsoft: false };
      case 'accounts.verify':
        throw new ApiError('unknown_method', 'Not in the mock');
      default:
        return this.#handleMail(method, args);
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
    options: { bodyDays: null },
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
  sampleAccount('a4', 'Home server', 'me@home.lan', {
    state: 'offline',
    code: 'connect_failed',
    message: 'Offline — showing saved mail. Could not connect to imap.home.lan:993: network unreachable.',
  }),
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
