import net from 'node:net';
import tls, { type ConnectionOptions } from 'node:tls';
import { ConnectionError } from '../net/connection-failure';
import { assertLoginValues } from '../net/login-values';
import type { Pop3Credential } from './credential';
import { ByteSink, MultilineDecoder } from './multiline-decoder';

// A small POP3 client on node:tls (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS,
// RFC 5034 SASL, RFC 2449 response codes, RFC 3206). node-pop3 0.11 has no
// STLS and no SASL and does not undo dot-stuffing (see ARCHITECTURE.md), so
// the core speaks POP3 itself. Commands are strictly sequential: POP3 has no
// tags, so one answer at a time. Every step is bounded by the socket's
// inactivity timeout: a server that stops talking fails the step, never hangs it.

export interface Pop3ConnectOptions {
  host: string;
  port: number;
  /** 'tls': implicit TLS (995). 'starttls': STLS required before any password (110). 'none': no TLS at all. */
  security: 'tls' | 'starttls' | 'none';
  tls: ConnectionOptions;
  timeoutMs?: number;
}

const MAX_LINE = 64 * 1024;
/** How many bytes of messages may be asked for ahead of the one being read (PIPELINING). */
const PIPELINE_BYTES = 1024 * 1024;

/**
 * The server refused for now, not for good (RFC 2449 [IN-USE], [LOGIN-DELAY];
 * RFC 3206 [SYS/TEMP]): another client holds the mailbox, or the provider
 * allows only so many logins (WEB.DE: one per 15 minutes). Wait, then retry.
 */
export class Pop3BusyError extends ConnectionError {
  constructor(
    readonly reason: 'in-use' | 'login-delay' | 'temporary',
    said: string,
  ) {
    super('connect_failed', `The POP3 server asks to try again later (${said}).`);
    this.name = 'Pop3BusyError';
  }
}

/** A message as the server numbers it in this session, with its unique id (UIDL) and size (LIST). */
export interface Pop3Listing {
  number: number;
  uidl: string;
  size: number;
}

interface BodyReader {
  decoder: MultilineDecoder;
  write(part: Buffer): void;
  resolve(): void;
  reject(error: Error): void;
}

export class Pop3Connection {
  private socket: net.Socket;
  /** Bytes received that no reader has taken yet, in arrival order (joined only to read a status line). */
  private chunks: Buffer[] = [];
  private pending: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private body: BodyReader | undefined;
  private closedError: Error | undefined;
  capabilities = new Set<string>();

  private constructor(
    socket: net.Socket,
    private readonly timeoutMs: number,
    /** Where this connection goes: an OAuth2 token is read for this server only. */
    private readonly server: Pick<Pop3ConnectOptions, 'host' | 'security'>,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  /** Connects, reads the greeting, and for 'starttls' upgrades before returning. */
  static async connect(options: Pop3ConnectOptions): Promise<Pop3Connection> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const socket = await openSocket(options, timeoutMs);
    const connection = new Pop3Connection(socket, timeoutMs, { host: options.host, security: options.security });
    try {
      connection.expectOk(await connection.readLine(), 'greeting');
      await connection.refreshCapabilities();
      if (options.security === 'starttls') await connection.startTls(options);
      return connection;
    } catch (error) {
      connection.destroy();
      throw error;
    }
  }

  private attach(socket: net.Socket): void {
    socket.setTimeout(this.timeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('timeout', () => this.fail(new ConnectionError('timeout', 'The POP3 server did not answer in time.')));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new ConnectionError('connect_failed', 'The POP3 server closed the connection.')));
  }

  private onData(chunk: Buffer): void {
    if (this.body) {
      this.feedBody(chunk);
      return;
    }
    this.chunks.push(chunk);
    this.deliverLine();
  }

  /** Hands body bytes straight to the reader's sink; what follows the terminator is kept for the next answer. */
  private feedBody(chunk: Buffer): void {
    const body = this.body as BodyReader;
    const { parts, rest } = body.decoder.push(chunk);
    for (const part of parts) body.write(part);
    if (rest === undefined) return;
    this.body = undefined;
    if (rest.length) this.chunks.unshift(Buffer.from(rest));
    body.resolve();
  }

  private deliverLine(): void {
    if (!this.pending) return;
    let seen = 0;
    const index = this.chunks.findIndex((chunk) => chunk.includes(0x0a));
    if (index < 0) {
      for (const chunk of this.chunks) seen += chunk.length;
      if (seen > MAX_LINE) this.fail(new ConnectionError('protocol_error', 'The POP3 server sent an overlong line.'));
      return;
    }
    const joined = index === 0 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks.slice(0, index + 1));
    const end = joined.indexOf(0x0a);
    const line = joined.subarray(0, end).toString('utf8').replace(/\r$/, '');
    const rest = joined.subarray(end + 1);
    this.chunks = rest.length ? [rest, ...this.chunks.slice(index + 1)] : this.chunks.slice(index + 1);
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve(line);
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(this.closedError);
    const body = this.body;
    this.body = undefined;
    body?.reject(this.closedError);
  }

  private readLine(): Promise<string> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.deliverLine();
    });
  }

  /** Sends one command and returns its status line. */
  async command(line: string): Promise<string> {
    this.send(line);
    return this.readLine();
  }

  private send(line: string): void {
    if (this.closedError) throw this.closedError;
    this.socket.write(`${line}\r\n`);
  }

  /** Streams a multi-line body up to the lone "." into `write`, undoing dot-stuffing (RFC 1939 section 3). */
  private readBody(write: (part: Buffer) => void): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.body = { decoder: new MultilineDecoder(), write, resolve, reject };
      const queued = this.chunks;
      this.chunks = [];
      for (const [i, chunk] of queued.entries()) {
        if (!this.body) {
          // The body ended inside what was queued: the rest is the next answer's.
          this.chunks.push(...queued.slice(i));
          break;
        }
        this.feedBody(chunk);
      }
    });
  }

  /** A multi-line answer as text lines (CAPA, UIDL, LIST: short lines, whole answer in memory). */
  async readMultiline(): Promise<string[]> {
    const parts: Buffer[] = [];
    let size = 0;
    await this.readBody((part) => {
      size += part.length;
      if (size > 64 * 1024 * 1024) this.fail(new ConnectionError('protocol_error', 'The POP3 server sent an overlong listing.'));
      parts.push(Buffer.from(part));
    });
    const text = Buffer.concat(parts).toString('utf8');
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }

  expectOk(line: string, what: string): string {
    if (line.startsWith('+OK')) return line;
    const busy = busyReason(line);
    if (busy) throw new Pop3BusyError(busy, line.replace(/^-ERR\s*/, ''));
    throw new ConnectionError('protocol_error', `The POP3 server refused ${what}: ${line}`);
  }

  async refreshCapabilities(): Promise<void> {
    const status = await this.command('CAPA');
    // CAPA is optional (RFC 2449); a server without it simply has no extensions.
    this.capabilities = status.startsWith('+OK') ? new Set((await this.readMultiline()).map((l) => l.trim().toUpperCase())) : new Set();
  }

  hasCapability(name: string): boolean {
    for (const capability of this.capabilities) if (capability === name || capability.startsWith(`${name} `)) return true;
    return false;
  }

  private async startTls(options: Pop3ConnectOptions): Promise<void> {
    if (!this.hasCapability('STLS')) {
      throw new ConnectionError(
        'starttls_unavailable',
        `The POP3 server ${options.host}:${options.port} does not offer STARTTLS (STLS), so the password was not sent. Choose SSL/TLS, or check the port.`,
      );
    }
    this.expectOk(await this.command('STLS'), 'STLS');
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('timeout');
    plain.removeAllListeners('error');
    plain.removeAllListeners('close');
    this.chunks = [];
    this.socket = await upgrade(plain, options, this.timeoutMs);
    this.attach(this.socket);
    // Capabilities seen before TLS may have been forged; ask again (RFC 2595 section 4).
    await this.refreshCapabilities();
  }

  /**
   * Logs in: a password with USER/PASS (AUTH PLAIN when the server does not
   * take USER), an OAuth2 access token with AUTH XOAUTH2. A string is a password.
   */
  async login(username: string, credential: string | Pop3Credential): Promise<void> {
    const secret: Pop3Credential = typeof credential === 'string' ? { kind: 'password', password: credential } : credential;
    // USER and PASS are bare lines: a CR or LF in either would add commands.
    assertLoginValues('POP3', username, secret.kind === 'password' ? secret.password : undefined);
    let answer: string;
    if (secret.kind === 'oauth2') {
      // Read for this server only: another provider's host is refused before anything is sent.
      const bearer = secret.token.bearerFor({ ...this.server, label: 'POP3' });
      // https://developers.google.com/gmail/imap/xoauth2-protocol (the same for POP3 at Google and Microsoft)
      const token = Buffer.from(`user=${username}\x01auth=Bearer ${bearer}\x01\x01`, 'utf8').toString('base64');
      answer = await this.saslAnswer(await this.command(`AUTH XOAUTH2 ${token}`));
    } else if (this.capabilities.size === 0 || this.hasCapability('USER')) {
      const user = await this.command(`USER ${username}`);
      answer = user.startsWith('+OK') ? await this.command(`PASS ${secret.password}`) : user;
    } else {
      const token = Buffer.from(`\0${username}\0${secret.password}`, 'utf8').toString('base64');
      answer = await this.saslAnswer(await this.command(`AUTH PLAIN ${token}`));
    }
    if (!answer.startsWith('+OK')) {
      const said = answer.replace(/^-ERR\s*/, '');
      const busy = busyReason(answer);
      if (busy) throw new Pop3BusyError(busy, said);
      const what = secret.kind === 'oauth2' ? 'the sign-in token' : 'the username or password';
      throw new ConnectionError('auth_failed', `The POP3 server rejected ${what}.${said ? ` The server said: ${said}` : ''}`);
    }
  }

  /** A SASL exchange that answers with a challenge ("+ ...", e.g. XOAUTH2's error details) gets an empty reply, which ends it (RFC 5034 4). */
  private async saslAnswer(answer: string): Promise<string> {
    return answer.startsWith('+ ') || answer === '+' ? this.command('') : answer;
  }

  /** The minimum seconds between logins the server announces (RFC 2449 LOGIN-DELAY), if any. */
  loginDelaySeconds(): number | undefined {
    for (const capability of this.capabilities) {
      const match = /^LOGIN-DELAY (\d+)/.exec(capability);
      if (match) return Number(match[1]);
    }
    return undefined;
  }

  /** Every message's unique id (RFC 1939 UIDL) and size (LIST), by message number. */
  async listing(): Promise<Pop3Listing[]> {
    this.expectOk(await this.command('UIDL'), 'UIDL');
    const uidls = new Map<number, string>();
    for (const line of await this.readMultiline()) {
      const [number, uidl] = line.trim().split(/\s+/);
      if (number && uidl) uidls.set(Number(number), uidl);
    }
    this.expectOk(await this.command('LIST'), 'LIST');
    const listing: Pop3Listing[] = [];
    for (const line of await this.readMultiline()) {
      const [number, size] = line.trim().split(/\s+/).map(Number);
      const uidl = uidls.get(number as number);
      if (number && uidl !== undefined) listing.push({ number, uidl, size: size ?? 0 });
    }
    return listing.sort((a, b) => a.number - b.number);
  }

  /**
   * RETR of each message in turn, yielding each whole message. With
   * PIPELINING (RFC 2449 section 6.6) the next commands go out before the
   * answers are in, up to about 1 MB of messages ahead, so the server never
   * waits for us between messages and memory stays bounded.
   */
  async *retrieveAll(messages: readonly Pop3Listing[]): AsyncGenerator<{ message: Pop3Listing; raw: Buffer }> {
    const pipelining = this.hasCapability('PIPELINING');
    let sent = 0;
    let aheadBytes = 0;
    for (let next = 0; next < messages.length; next++) {
      while (sent < messages.length && (sent === next || (pipelining && aheadBytes < PIPELINE_BYTES))) {
        const message = messages[sent++] as Pop3Listing;
        this.send(`RETR ${message.number}`);
        aheadBytes += message.size;
      }
      const message = messages[next] as Pop3Listing;
      this.expectOk(await this.readLine(), `to send message ${message.number}`);
      const sink = new ByteSink(message.size);
      await this.readBody((part) => sink.write(part));
      aheadBytes -= message.size;
      yield { message, raw: sink.bytes() };
    }
  }

  /** One whole message (RETR), streamed into one buffer sized from LIST. */
  async retrieve(number: number, expectedSize = 0): Promise<Buffer> {
    this.expectOk(await this.command(`RETR ${number}`), `to send message ${number}`);
    const sink = new ByteSink(expectedSize);
    await this.readBody((part) => sink.write(part));
    return sink.bytes();
  }

  /** A message's header and the first `lines` lines of its body (TOP, RFC 1939 section 7). */
  async top(number: number, lines: number): Promise<Buffer> {
    this.expectOk(await this.command(`TOP ${number} ${lines}`), `TOP for message ${number}`);
    const sink = new ByteSink(4096);
    await this.readBody((part) => sink.write(part));
    return sink.bytes();
  }

  /** Marks a message for deletion; the server deletes it only at QUIT (RFC 1939 UPDATE state). */
  async markDeleted(number: number): Promise<void> {
    this.expectOk(await this.command(`DELE ${number}`), `to delete message ${number}`);
  }

  /** Ends the session; deletions take effect only when the server answers +OK here. */
  async quit(): Promise<void> {
    try {
      this.expectOk(await this.command('QUIT'), 'QUIT');
    } finally {
      this.destroy();
    }
  }

  destroy(): void {
    this.closedError ??= new ConnectionError('connect_failed', 'The POP3 connection was closed.');
    this.socket.destroy();
  }
}

function openSocket(options: Pop3ConnectOptions, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket =
      options.security === 'tls'
        ? tls.connect({ ...options.tls, host: options.host, port: options.port })
        : net.connect({ host: options.host, port: options.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConnectionError('timeout', `The POP3 server ${options.host}:${options.port} did not answer in time.`));
    }, timeoutMs);
    socket.once(options.security === 'tls' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function upgrade(plain: net.Socket, options: Pop3ConnectOptions, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ ...options.tls, socket: plain });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new ConnectionError('timeout', 'The POP3 server did not finish the TLS handshake in time.'));
    }, timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      resolve(secure);
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Which kind of "try again later" an -ERR answer carries (RFC 2449 section 8, RFC 3206), if any. */
function busyReason(line: string): Pop3BusyError['reason'] | undefined {
  const code = /^-ERR \[([A-Z/-]+)\]/i.exec(line)?.[1]?.toUpperCase();
  if (code === 'IN-USE') return 'in-use';
  if (code === 'LOGIN-DELAY') return 'login-delay';
  if (code === 'SYS/TEMP') return 'temporary';
  return undefined;
}
