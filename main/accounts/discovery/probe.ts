import net, { isIP, type LookupFunction } from 'node:net';
import tls from 'node:tls';
import type { Security } from '../../../shared/accounts';
import type { FoundServer } from '../../../shared/discovery';

// Asks a server what it can do, without logging in: the IMAP greeting and
// CAPABILITY, the POP3 greeting and CAPA, the SMTP greeting and EHLO. With
// 'tls' the connection is TLS from the start; with 'starttls' it must offer
// STARTTLS/STLS and upgrade. Either way the certificate must verify (no
// exceptions while guessing: a user who trusts a certificate does it on
// purpose, in the form). 'none' is only ever a last resort and is reported
// as such. Every step is bounded by the caller's signal and a timeout.

export interface ProbeTarget {
  protocol: FoundServer['protocol'];
  host: string;
  port: number;
  security: Security;
}

export interface ProbeOptions {
  signal: AbortSignal;
  lookup?: LookupFunction | undefined;
  timeoutMs?: number;
}

/** Resolves with the server's capabilities when it speaks the protocol with this security; rejects otherwise. */
export type Probe = (target: ProbeTarget, options: ProbeOptions) => Promise<string[]>;

const MAX_LINE = 16 * 1024;
const MAX_LINES = 500;

export const probeServer: Probe = async (target, { signal, lookup, timeoutMs = 8000 }) => {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  const servername = isIP(target.host) ? undefined : target.host;
  const lines = new LineReader(deadline);
  try {
    let socket: net.Socket =
      target.security === 'tls'
        ? tls.connect({ host: target.host, port: target.port, servername, lookup, minVersion: 'TLSv1.2' })
        : net.connect({ host: target.host, port: target.port, lookup });
    lines.attach(socket);
    await greeting(lines, target.protocol);
    let capabilities = await askCapabilities(lines, target.protocol);
    if (target.security === 'starttls') {
      await startTls(lines, target.protocol, capabilities);
      lines.detach();
      socket = tls.connect({ socket, host: target.host, servername, minVersion: 'TLSv1.2' });
      lines.attach(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        lines.onFailure(reject);
      });
      capabilities = await askCapabilities(lines, target.protocol);
    }
    if (target.security === 'none') {
      if (target.protocol === 'imap' && capabilities.includes('LOGINDISABLED')) throw new Error('The server refuses logins without TLS');
      // A server that offers TLS but whose TLS failed verification is not a plain server: never downgrade.
      if (capabilities.includes('STARTTLS') || capabilities.includes('STLS'))
        throw new Error('The server offers TLS, but it did not verify');
    }
    return capabilities;
  } finally {
    lines.close();
  }
};

async function greeting(lines: LineReader, protocol: ProbeTarget['protocol']): Promise<void> {
  if (protocol === 'imap') {
    const line = await lines.next();
    if (!/^\* (OK|PREAUTH)\b/i.test(line)) throw new Error(`Not an IMAP greeting: ${line.slice(0, 80)}`);
  } else if (protocol === 'pop3') {
    const line = await lines.next();
    if (!line.startsWith('+OK')) throw new Error(`Not a POP3 greeting: ${line.slice(0, 80)}`);
  } else {
    const reply = await smtpReply(lines);
    if (reply.code !== '220') throw new Error(`Not an SMTP greeting: ${reply.code}`);
  }
}

async function askCapabilities(lines: LineReader, protocol: ProbeTarget['protocol']): Promise<string[]> {
  if (protocol === 'imap') {
    lines.write('T1 CAPABILITY\r\n');
    const capabilities: string[] = [];
    for (;;) {
      const line = await lines.next();
      const match = /^\* CAPABILITY (.*)$/i.exec(line);
      if (match?.[1]) capabilities.push(...match[1].trim().toUpperCase().split(/\s+/));
      if (line.startsWith('T1 ')) {
        if (!/^T1 OK\b/i.test(line)) throw new Error(`CAPABILITY failed: ${line.slice(0, 80)}`);
        if (!capabilities.includes('IMAP4REV1') && !capabilities.includes('IMAP4REV2')) throw new Error('Not an IMAP4rev1 server');
        return capabilities;
      }
    }
  }
  if (protocol === 'pop3') {
    lines.write('CAPA\r\n');
    const first = await lines.next();
    // CAPA is optional (RFC 2449): a POP3 server without it is still a POP3 server.
    if (!first.startsWith('+OK')) return [];
    const capabilities: string[] = [];
    for (let line = await lines.next(); line !== '.'; line = await lines.next()) capabilities.push(line.trim().toUpperCase());
    return capabilities;
  }
  lines.write('EHLO tidings.invalid\r\n');
  const reply = await smtpReply(lines);
  if (reply.code !== '250') throw new Error(`EHLO refused: ${reply.code}`);
  return reply.lines.slice(1).map((line) => line.toUpperCase());
}

async function startTls(lines: LineReader, protocol: ProbeTarget['protocol'], capabilities: string[]): Promise<void> {
  if (protocol === 'imap') {
    if (!capabilities.includes('STARTTLS')) throw new Error('The server does not offer STARTTLS');
    lines.write('T2 STARTTLS\r\n');
    for (;;) {
      const line = await lines.next();
      if (line.startsWith('T2 ')) {
        if (!/^T2 OK\b/i.test(line)) throw new Error(`STARTTLS refused: ${line.slice(0, 80)}`);
        return;
      }
    }
  }
  if (protocol === 'pop3') {
    if (!capabilities.includes('STLS')) throw new Error('The server does not offer STLS');
    lines.write('STLS\r\n');
    const line = await lines.next();
    if (!line.startsWith('+OK')) throw new Error(`STLS refused: ${line.slice(0, 80)}`);
    return;
  }
  if (!capabilities.some((capability) => capability === 'STARTTLS')) throw new Error('The server does not offer STARTTLS');
  lines.write('STARTTLS\r\n');
  const reply = await smtpReply(lines);
  if (reply.code !== '220') throw new Error(`STARTTLS refused: ${reply.code}`);
}

/** One SMTP reply, multi-line included ("250-…" lines, then "250 …"). */
async function smtpReply(lines: LineReader): Promise<{ code: string; lines: string[] }> {
  const texts: string[] = [];
  for (;;) {
    const line = await lines.next();
    const match = /^(\d{3})([ -])(.*)$/.exec(line);
    if (!match) throw new Error(`Not an SMTP reply: ${line.slice(0, 80)}`);
    texts.push((match[3] ?? '').trim());
    if (match[2] === ' ') return { code: match[1] as string, lines: texts };
  }
}

/** Lines from a socket that can be swapped (plain → TLS), failing on error, close, overlong lines and the deadline. */
class LineReader {
  private socket: net.Socket | undefined;
  private buffer = '';
  private count = 0;
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private failureListeners: ((error: Error) => void)[] = [];
  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('latin1');
    if (this.buffer.length > MAX_LINE && !this.buffer.includes('\n')) this.fail(new Error('The server sent an overlong line'));
    this.deliver();
  };
  private readonly onError = (error: Error) => this.fail(error);
  private readonly onClose = () => this.fail(new Error('The server closed the connection'));

  constructor(deadline: AbortSignal) {
    deadline.addEventListener('abort', () => this.fail(new Error('The server did not answer in time')), { once: true });
    if (deadline.aborted) this.failure = new Error('Aborted');
  }

  attach(socket: net.Socket): void {
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Stops reading the current socket (before handing it to TLS). */
  detach(): void {
    this.socket?.off('data', this.onData);
    this.socket?.off('error', this.onError);
    this.socket?.off('close', this.onClose);
  }

  onFailure(listener: (error: Error) => void): void {
    if (this.failure) listener(this.failure);
    else this.failureListeners.push(listener);
  }

  write(text: string): void {
    this.socket?.write(text);
  }

  next(): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (++this.count > MAX_LINES) return reject(new Error('The server sent too many lines'));
      this.waiting = { resolve, reject };
      this.deliver();
    });
  }

  close(): void {
    this.detach();
    this.socket?.destroy();
    this.failure ??= new Error('Closed');
  }

  private deliver(): void {
    if (!this.waiting) return;
    const end = this.buffer.indexOf('\n');
    if (end < 0) return;
    const line = this.buffer.slice(0, end).replace(/\r$/, '');
    this.buffer = this.buffer.slice(end + 1);
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(line);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.socket?.destroy();
    this.waiting?.reject(error);
    this.waiting = undefined;
    for (const listener of this.failureListeners.splice(0)) listener(error);
  }
}
