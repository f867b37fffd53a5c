import net from 'node:net';
import tls, { type ConnectionOptions } from 'node:tls';
import { ConnectionError } from '../net/connection-failure';

// A small POP3 client on node:tls (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS,
// RFC 5034 SASL). node-pop3 0.11 has no STLS and no SASL and does not undo
// dot-stuffing (see ARCHITECTURE.md), so the core speaks POP3 itself.
// Commands are strictly sequential: POP3 has no tags, so one answer at a time.

export interface Pop3ConnectOptions {
  host: string;
  port: number;
  /** 'tls': implicit TLS (995). 'starttls': STLS required before any password (110). 'none': no TLS at all. */
  security: 'tls' | 'starttls' | 'none';
  tls: ConnectionOptions;
  timeoutMs?: number;
}

const MAX_LINE = 64 * 1024;

export class Pop3Connection {
  private socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private closedError: Error | undefined;
  capabilities = new Set<string>();

  private constructor(
    socket: net.Socket,
    private readonly timeoutMs: number,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  /** Connects, reads the greeting, and for 'starttls' upgrades before returning. */
  static async connect(options: Pop3ConnectOptions): Promise<Pop3Connection> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const socket = await openSocket(options, timeoutMs);
    const connection = new Pop3Connection(socket, timeoutMs);
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
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    this.deliverLine();
  }

  private deliverLine(): void {
    if (!this.pending) return;
    const end = this.buffer.indexOf('\n');
    if (end < 0) {
      if (this.buffer.length > MAX_LINE) this.fail(new ConnectionError('protocol_error', 'The POP3 server sent an overlong line.'));
      return;
    }
    const line = this.buffer.subarray(0, end).toString('utf8').replace(/\r$/, '');
    this.buffer = this.buffer.subarray(end + 1);
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve(line);
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(this.closedError);
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
    if (this.closedError) throw this.closedError;
    this.socket.write(`${line}\r\n`);
    return this.readLine();
  }

  /** Reads a multi-line body up to the lone ".", undoing dot-stuffing (RFC 1939 section 3). */
  async readMultiline(): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.readLine();
      if (line === '.') return lines;
      lines.push(line.startsWith('.') ? line.slice(1) : line);
    }
  }

  expectOk(line: string, what: string): string {
    if (line.startsWith('+OK')) return line;
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
    this.buffer = Buffer.alloc(0);
    this.socket = await upgrade(plain, options, this.timeoutMs);
    this.attach(this.socket);
    // Capabilities seen before TLS may have been forged; ask again (RFC 2595 section 4).
    await this.refreshCapabilities();
  }

  /** USER/PASS, or AUTH PLAIN when the server does not take USER. */
  async login(username: string, password: string): Promise<void> {
    let answer: string;
    if (this.capabilities.size === 0 || this.hasCapability('USER')) {
      const user = await this.command(`USER ${username}`);
      answer = user.startsWith('+OK') ? await this.command(`PASS ${password}`) : user;
    } else {
      const token = Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
      answer = await this.command(`AUTH PLAIN ${token}`);
    }
    if (!answer.startsWith('+OK')) {
      const said = answer.replace(/^-ERR\s*/, '');
      throw new ConnectionError(
        'auth_failed',
        `The POP3 server rejected the username or password.${said ? ` The server said: ${said}` : ''}`,
      );
    }
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
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
