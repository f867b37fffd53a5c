import net from 'node:net';
import tls, { type ConnectionOptions } from 'node:tls';
import type { ServerSettings } from '../../shared/accounts';
import type { Credentials } from '../auth/credentials';
import { ConnectionError } from '../net/connection-failure';
import { assertLoginValues } from '../net/login-values';
import { IMAP_LIMITS } from './connection-options';
import { fetchAttributes, stringOf } from './fetch-attributes';
import { GMAIL_HEADER_ITEMS, HEADER_ITEMS, headerFetchOf } from './fetched-headers';
import { GMAIL_CAPABILITY } from './gmail-labels';
import type { HeaderFetch } from './header-record';
import { encodeMailboxName, quoted } from './mailbox-name';
import { type ImapResponse, ResponseReader } from './response-reader';

// A lean connection for bulk downloads: the bodies downloaded in the
// background (a few hundred MB on a first sync), and the headers of a first
// sync of a large folder. It speaks only what that needs — log in, EXAMINE a
// folder, UID FETCH raw messages or header items, LOGOUT — with a reader that
// copies each message once from the socket into a buffer of its own
// (response-reader.ts). imapflow, which every other connection uses,
// tokenizes and formats every response, hashes each message for an id and
// builds it from chunks: on a 20,000-message first sync that was about 5 s of
// the main thread's time for the bodies, and ~3 s for the headers.
//
// Security is the same as imapflow's connections: TLS verified with the same
// options (net/tls-trust.ts); "starttls" upgrades or fails before any
// credential is sent; a password travels only over TLS unless the account
// says "none". Nothing on the server is changed (EXAMINE, BODY.PEEK).

export interface BulkConnectionOptions {
  server: Pick<ServerSettings, 'host' | 'port' | 'security' | 'username'>;
  credentials: Credentials;
  /** TLS options for this host and port (tlsOptionsFor). */
  tls: ConnectionOptions;
  limits?: Partial<typeof IMAP_LIMITS>;
}

/** Raised when the server refuses the credentials; marked like imapflow's, so callers treat both alike. */
function authFailure(text: string): Error {
  return Object.assign(new Error(`Authentication failed: ${text}`), { authenticationFailed: true, responseText: text });
}

interface Pending {
  tag: string;
  resolve(text: string): void;
  reject(error: Error): void;
  onUntagged?(response: ImapResponse): void;
  onContinue?(text: string): void;
}

export class BulkConnection {
  private readonly limits: typeof IMAP_LIMITS;
  private socket: net.Socket | undefined;
  private readonly reader: ResponseReader;
  private capabilities = new Set<string>();
  private pending: Pending | undefined;
  private greeting: { resolve(response: ImapResponse): void; reject(error: Error): void } | undefined;
  private nextTag = 1;
  private failure: Error | undefined;
  private opened: { path: string; uidValidity: number | null } | undefined;

  constructor(private readonly options: BulkConnectionOptions) {
    this.limits = { ...IMAP_LIMITS, ...options.limits };
    this.reader = new ResponseReader({ maxLineBytes: this.limits.maxLineLength, maxLiteralBytes: this.limits.maxLiteralSize }, (response) =>
      this.onResponse(response),
    );
  }

  /** Connected, logged in, and not failed since. */
  get usable(): boolean {
    return this.failure === undefined && this.socket !== undefined && !this.socket.destroyed;
  }

  /** Connects, upgrades to TLS when asked, and logs in. */
  async connect(): Promise<void> {
    const { server, credentials } = this.options;
    // A token for another provider's servers (or for none) is refused before anything is contacted.
    if (credentials.kind === 'oauth2') credentials.token.assertUsableAt({ ...server, label: 'IMAP' });
    const timer = setTimeout(
      () => this.fail(Object.assign(new Error(`Timed out connecting to ${server.host}:${server.port}`), { code: 'ETIMEDOUT' })),
      this.limits.connectionTimeout + this.limits.greetingTimeout,
    );
    try {
      const greeted = new Promise<ImapResponse>((resolve, reject) => {
        this.greeting = { resolve, reject };
      });
      this.attach(
        server.security === 'tls'
          ? // (onread is in Node's tls since v15, not yet in its type definitions)
            tls.connect({
              host: server.host,
              port: server.port,
              ...this.options.tls,
              ...({ onread: this.readInto() } as ConnectionOptions),
            })
          : net.connect({ host: server.host, port: server.port }),
      );
      const greeting = (await greeted).parts.join('');
      if (/^\* BYE/i.test(greeting)) throw new Error(`The server closed the connection: ${greeting}`);
      this.noteCapabilities(greeting);
      if (this.capabilities.size === 0) await this.command('CAPABILITY');
      if (server.security === 'starttls') await this.startTls();
      if (!/^\* PREAUTH/i.test(greeting)) await this.login();
    } catch (error) {
      this.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Opens a folder read-only; its UIDVALIDITY (null when the server gives
   * none). Kept open for the next fetch: asking again for the same folder sends nothing.
   */
  async examine(path: string): Promise<number | null> {
    let uidValidity: number | null = null;
    this.opened = undefined;
    await this.command(`EXAMINE ${quoted(encodeMailboxName(path))}`, (response) => {
      const match = /^\* OK \[UIDVALIDITY (\d+)\]/i.exec(response.parts[0] ?? '');
      if (match) uidValidity = Number(match[1]);
    });
    this.opened = { path, uidValidity };
    return uidValidity;
  }

  /** The folder open now, and its UIDVALIDITY. */
  get selected(): { path: string; uidValidity: number | null } | undefined {
    return this.opened;
  }

  /**
   * The raw messages with these UIDs in the open folder (those the server
   * still has), as they arrive; `allocate` gives the memory each one is read into.
   */
  async fetchBodies(sequenceSet: string, allocate?: (size: number) => Buffer): Promise<{ uid: number; raw: Buffer }[]> {
    const bodies: { uid: number; raw: Buffer }[] = [];
    const before = this.reader.allocate;
    if (allocate) this.reader.allocate = allocate;
    try {
      await this.command(`UID FETCH ${sequenceSet} (UID BODY.PEEK[])`, (response) => {
        const body = fetchedBody(response);
        if (body) bodies.push(body);
      });
    } finally {
      this.reader.allocate = before;
    }
    return bodies;
  }

  /**
   * The header items (fetched-headers.ts) of the messages with these UIDs in
   * the open folder, as imapflow would give them: the bulk of a first sync's
   * headers comes this way (folder-sync.ts).
   */
  async fetchHeaders(sequenceSet: string): Promise<HeaderFetch[]> {
    const messages: HeaderFetch[] = [];
    const items = this.capabilities.has(GMAIL_CAPABILITY) ? `${HEADER_ITEMS} ${GMAIL_HEADER_ITEMS}` : HEADER_ITEMS;
    await this.command(`UID FETCH ${sequenceSet} (${items})`, (response) => {
      const message = headerFetchOf(response);
      if (message) messages.push(message);
    });
    return messages;
  }

  async logout(): Promise<void> {
    try {
      if (this.usable) await this.command('LOGOUT');
    } catch {
      // leaving anyway
    } finally {
      this.close();
    }
  }

  close(): void {
    this.fail(new Error('The connection was closed.'));
  }

  // ---- the conversation ----

  /**
   * Decrypted bytes read into one buffer, reused for every read: a fresh
   * buffer per read (Node's default) put hundreds of MB through the
   * allocator, and V8 answered with a full collection every ~12 MB. Node
   * honours this for a TLS connection it opens (not for one upgraded by STARTTLS,
   * which reads as usual through 'data').
   */
  private readInto(): { buffer: Buffer; callback(bytes: number, buffer: Buffer): boolean } {
    return {
      buffer: Buffer.alloc(64 * 1024),
      callback: (bytes, buffer) => {
        this.received(buffer.subarray(0, bytes));
        return true;
      },
    };
  }

  private received(chunk: Buffer): void {
    try {
      this.reader.push(chunk);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(this.limits.socketTimeout, () =>
      this.fail(Object.assign(new Error('The server stopped answering (timed out).'), { code: 'ETIMEDOUT' })),
    );
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('The server closed the connection.')));
  }

  private onResponse(response: ImapResponse): void {
    const first = response.parts[0] ?? '';
    if (this.greeting) {
      const greeting = this.greeting;
      this.greeting = undefined;
      greeting.resolve(response);
      return;
    }
    const pending = this.pending;
    if (first.startsWith('+')) {
      pending?.onContinue?.(first.slice(1).trim());
      return;
    }
    if (first.startsWith('* ')) {
      this.noteCapabilities(first);
      pending?.onUntagged?.(response);
      return;
    }
    if (!pending || !first.startsWith(`${pending.tag} `)) return; // not ours: nothing else is ever in flight
    this.pending = undefined;
    const rest = first.slice(pending.tag.length + 1);
    this.noteCapabilities(rest);
    if (/^OK\b/i.test(rest)) pending.resolve(rest);
    else pending.reject(Object.assign(new Error(`The server refused: ${rest}`), { responseText: rest }));
  }

  /** Sends one command and waits for its tagged answer (one at a time: this connection never pipelines). */
  private command(text: string, onUntagged?: (response: ImapResponse) => void, onContinue?: (text: string) => void): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const socket = this.socket;
    if (!socket || this.pending) return Promise.reject(new Error('The connection is busy or not open.'));
    const tag = `T${this.nextTag++}`;
    return new Promise<string>((resolve, reject) => {
      this.pending = { tag, resolve, reject, ...(onUntagged ? { onUntagged } : {}), ...(onContinue ? { onContinue } : {}) };
      socket.write(`${tag} ${text}\r\n`);
    });
  }

  private send(line: string): void {
    this.socket?.write(`${line}\r\n`);
  }

  private async startTls(): Promise<void> {
    // Upgrade or give up: the password never goes out in clear because a server (or someone in between) left STARTTLS out.
    if (!this.capabilities.has('STARTTLS')) {
      throw new ConnectionError('starttls_unavailable', 'The IMAP server does not offer STARTTLS, so the password was not sent.');
    }
    await this.command('STARTTLS');
    const plain = this.socket as net.Socket;
    if (!this.reader.idle) throw new Error('The server sent data before the TLS handshake.');
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    plain.setTimeout(0);
    const secure = tls.connect({ socket: plain, ...this.options.tls });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.attach(secure);
    // What the server offered in clear is forgotten (RFC 9051 6.2.1).
    this.capabilities = new Set();
    await this.command('CAPABILITY');
  }

  private async login(): Promise<void> {
    const { server, credentials } = this.options;
    assertLoginValues('IMAP', server.username, credentials.kind === 'password' ? credentials.password : undefined);
    const refused = (error: unknown) => {
      throw this.failure ?? authFailure((error as { responseText?: string }).responseText ?? String(error));
    };
    if (credentials.kind === 'oauth2') {
      const mechanism = this.capabilities.has('AUTH=XOAUTH2')
        ? 'XOAUTH2'
        : this.capabilities.has('AUTH=OAUTHBEARER')
          ? 'OAUTHBEARER'
          : undefined;
      if (!mechanism) throw authFailure('the server offers no OAuth2 sign-in (XOAUTH2 or OAUTHBEARER)');
      const bearer = credentials.token.bearerFor({ ...server, label: 'IMAP' });
      const token =
        mechanism === 'XOAUTH2'
          ? `user=${server.username}\x01auth=Bearer ${bearer}\x01\x01`
          : `n,a=${server.username.replace(/=/g, '=3D').replace(/,/g, '=2C')},\x01auth=Bearer ${bearer}\x01\x01`;
      // A refused token comes back as a continuation with the details; an empty line ends the exchange.
      await this.authenticate(mechanism, Buffer.from(token).toString('base64'), () => this.send('')).catch(refused);
      return;
    }
    if (this.capabilities.has('AUTH=PLAIN')) {
      const plain = Buffer.from(`\0${server.username}\0${credentials.password}`).toString('base64');
      await this.authenticate('PLAIN', plain, () => this.send('*')).catch(refused);
      return;
    }
    if (this.capabilities.has('AUTH=LOGIN')) {
      // SASL LOGIN: the server asks for the user name, then the password, each base64 (UTF-8 bytes).
      const answers = [server.username, credentials.password].map((value) => Buffer.from(value).toString('base64'));
      await this.command('AUTHENTICATE LOGIN', undefined, () => this.send(answers.shift() ?? '*')).catch(refused);
      return;
    }
    if (this.capabilities.has('LOGINDISABLED')) throw authFailure('the server does not allow logging in here');
    await this.loginCommand(server.username, credentials.password).catch(refused);
  }

  /**
   * LOGIN user password. A value a quoted string cannot carry (8-bit, such as
   * a password with "ü", or CR/LF) goes as a literal of its UTF-8 bytes (RFC
   * 9051 4.3): inline where the server takes LITERAL+, else after its "+".
   */
  private loginCommand(username: string, password: string): Promise<string> {
    const inline = this.capabilities.has('LITERAL+');
    // The command in pieces: each after the first goes once the server has said "+" to the literal announced before it.
    const pieces = [''];
    for (const value of [username, password]) {
      const last = pieces.length - 1;
      if (/^[\x20-\x7e]*$/.test(value)) pieces[last] += ` ${quoted(value)}`;
      else if (inline) pieces[last] += ` {${Buffer.byteLength(value)}+}\r\n${value}`;
      else {
        pieces[last] += ` {${Buffer.byteLength(value)}}`;
        pieces.push(value);
      }
    }
    const [first, ...later] = pieces;
    return this.command(`LOGIN${first}`, undefined, () => {
      const next = later.shift();
      if (next !== undefined) this.send(next);
    });
  }

  /** AUTHENTICATE with an initial response: inline where the server allows it (SASL-IR), else after its "+". */
  private authenticate(mechanism: string, initial: string, onChallenge: () => void): Promise<string> {
    if (this.capabilities.has('SASL-IR')) return this.command(`AUTHENTICATE ${mechanism} ${initial}`, undefined, onChallenge);
    let sent = false;
    return this.command(`AUTHENTICATE ${mechanism}`, undefined, () => {
      if (sent) onChallenge();
      else this.send(initial);
      sent = true;
    });
  }

  private noteCapabilities(text: string): void {
    const match = /^(?:\* )?(?:OK \[CAPABILITY ([^\]]*)\]|CAPABILITY (.*)$)/i.exec(text) ?? /\[CAPABILITY ([^\]]*)\]/i.exec(text);
    const list = match?.[1] ?? match?.[2];
    if (list) this.capabilities = new Set(list.toUpperCase().split(/\s+/).filter(Boolean));
  }

  private fail(error: Error): void {
    if (!this.failure) this.failure = error;
    this.opened = undefined;
    const socket = this.socket;
    if (socket && !socket.destroyed) socket.destroy();
    this.greeting?.reject(this.failure);
    this.greeting = undefined;
    this.pending?.reject(this.failure);
    this.pending = undefined;
  }
}

/** The UID and raw message of a FETCH response; undefined for any other response (e.g. a flag change). */
export function fetchedBody(response: ImapResponse): { uid: number; raw: Buffer } | undefined {
  const attributes = fetchAttributes(response);
  if (!attributes) return undefined;
  const body = attributes.get('BODY[]');
  // A server may send a small message as a quoted string instead of a literal (7-bit, as imapflow reads it).
  const raw = Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body) : undefined;
  const uid = Number(stringOf(attributes.get('UID')));
  return raw && Number.isSafeInteger(uid) && uid > 0 ? { uid, raw } : undefined;
}
