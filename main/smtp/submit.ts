import { Readable, type Writable } from 'node:stream';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { ServerSettings } from '../../shared/accounts';
import type { RefusedRecipient } from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import type { Credentials } from '../auth/credentials';
import { ConnectionError, describeFailure } from '../net/connection-failure';
import { assertLoginValues } from '../net/login-values';
import type { TrustedCertificate } from '../store/certificates-repo';
import { smtpTransportOptions } from './transport-options';

// One SMTP submission session (RFC 6409) on nodemailer's SMTPConnection:
// connect (465: implicit TLS; 587: STARTTLS required before AUTH), AUTH with
// a mechanism the server offers, then any number of messages on the same
// connection. SMTPUTF8 is asked for when an address needs it and the server
// offers it, BODY=8BITMIME when offered.
//
// The caller learns the one moment that matters for "never twice": just
// before the final "." of DATA (`beforeCommit`), after which the server may
// have the message even if we never hear its 250. That moment is made
// narrow on purpose (CommitStream): every byte before the "." has left the
// process first, so the "." follows `beforeCommit` without waiting for the
// network — a crash between the two is then a matter of microseconds, not of
// a TLS write that was still queued.

export interface Submission {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  /** Called synchronously right before the final "." is written; a throw cancels the message. */
  beforeCommit(): void;
}

export type SubmitOutcome =
  | { ok: true; accepted: string[]; refused: RefusedRecipient[]; response: string }
  | {
      ok: false;
      /** temporary: try again later; permanent: the server will not take it; session: the connection is gone. */
      kind: 'temporary' | 'permanent' | 'too_large';
      message: string;
      refused: RefusedRecipient[];
    };

export class SubmissionError extends Error {
  constructor(
    readonly kind: 'auth' | 'connection' | 'tls' | 'certificate',
    message: string,
  ) {
    super(message);
    this.name = 'SubmissionError';
  }
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  rejectedErrors?: { recipient?: string; response?: string; responseCode?: number }[];
}

const CONNECT_TIMEOUT_MS = 15_000;

export class SmtpSession {
  private sent = 0;

  private constructor(
    private readonly connection: SMTPConnection,
    private readonly where: { host: string; port: number },
  ) {}

  /** Connects and logs in; throws SubmissionError with plain words. */
  static async open(server: ServerSettings, credentials: Credentials, trusted: readonly TrustedCertificate[]): Promise<SmtpSession> {
    const { default: Connection } = await import('nodemailer/lib/smtp-connection');
    let login: Awaited<ReturnType<typeof loginData>>;
    try {
      login = await loginData(server, credentials);
    } catch (error) {
      // A token refused for this server (not its provider's), or a username or password no line can carry:
      // nothing was contacted, and retrying will not help.
      if (error instanceof ApiError || error instanceof ConnectionError) throw new SubmissionError('auth', error.message);
      throw error;
    }
    const { auth: _auth, ...options } = smtpTransportOptions(server, credentials, trusted);
    const connection = new Connection(options as SMTPConnection.Options);
    // Errors also reach the callbacks below; without a listener an 'error' event would crash the core.
    connection.on('error', () => undefined);
    const session = new SmtpSession(connection, { host: server.host, port: server.port });
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          connection.once('error', reject);
          connection.connect(() => resolve());
        }),
        CONNECT_TIMEOUT_MS,
      );
      await new Promise<void>((resolve, reject) => connection.login(login, (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      connection.close();
      throw session.sessionError(error);
    }
    return session;
  }

  /** The server's SIZE limit from EHLO (bytes); 0 when it announced none. */
  get sizeLimit(): number {
    return (this.connection as unknown as { _maxAllowedSize?: number })._maxAllowedSize ?? 0;
  }

  /** The socket nodemailer writes to (the TLS socket after STARTTLS); not part of its typed API. */
  private get socket(): Writable | undefined {
    return (this.connection as unknown as { _socket?: Writable | false })._socket || undefined;
  }

  get usable(): boolean {
    return !(this.connection as unknown as { _destroyed?: boolean })._destroyed;
  }

  /**
   * Submits one message. Resolves with what the server said about it; throws
   * SubmissionError when the connection itself failed (the message's fate is
   * then decided by whether beforeCommit ran).
   */
  async send(submission: Submission): Promise<SubmitOutcome> {
    if (this.sent++ > 0) await this.reset();
    const stream = new CommitStream(submission.raw, submission.beforeCommit, () => this.socket);
    const envelope = {
      from: submission.envelope.from,
      to: submission.envelope.to,
      size: submission.raw.length,
      // The bytes are 7-bit unless an address header had to stay UTF-8 (SMTPUTF8); declaring 8BITMIME is right either way when offered.
      use8BitMime: true,
    };
    try {
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        this.connection.send(envelope, stream, (error, result) => (error ? reject(error) : resolve(result))),
      );
      return {
        ok: true,
        accepted: info.accepted.map(String),
        refused: refusedFrom(info.rejectedErrors as NodemailerError['rejectedErrors']),
        response: info.response,
      };
    } catch (error) {
      const e = error as NodemailerError;
      if (e.code === 'EMESSAGE' && !e.responseCode && /size larger/i.test(e.message)) {
        return {
          ok: false,
          kind: 'too_large',
          message: `The message is larger than the server takes (${formatBytes(this.sizeLimit)}).`,
          refused: [],
        };
      }
      if ((e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode) {
        const refused = refusedFrom(e.rejectedErrors);
        const words = e.response?.trim() ?? '';
        const permanent = e.responseCode >= 500 && !refused.some((r) => /^4/.test(r.response));
        const message =
          refused.length > 0
            ? `The server refused ${refused.length === 1 ? 'a recipient' : 'the recipients'}: ${refused.map((r) => `${r.address}: ${r.response}`).join('; ')}`
            : `The server refused the message: ${words}`;
        return { ok: false, kind: permanent ? 'permanent' : 'temporary', message, refused };
      }
      throw this.sessionError(error);
    }
  }

  close(): void {
    try {
      this.connection.quit();
    } catch {
      this.connection.close(); // QUIT needs a live socket; without one, closing is all there is to do
    }
  }

  private reset(): Promise<void> {
    return new Promise((resolve, reject) => this.connection.reset((error) => (error ? reject(this.sessionError(error)) : resolve())));
  }

  private sessionError(error: unknown): SubmissionError {
    if (error instanceof SubmissionError) return error;
    const failure = describeFailure(error, { ...this.where, label: 'SMTP' });
    const kind =
      failure.code === 'auth_failed'
        ? 'auth'
        : failure.code === 'certificate_untrusted'
          ? 'certificate'
          : failure.code === 'starttls_unavailable'
            ? 'tls'
            : 'connection';
    return new SubmissionError(kind, failure.message);
  }
}

/** How long the bytes before the final "." may take to leave the process before the message is given up (and retried). */
const FLUSH_WAIT_MS = 30_000;

/**
 * The message bytes, calling `beforeCommit` right before the end (which makes
 * nodemailer write the final "."). nodemailer pipes this stream through its
 * dot-stuffing DataStream into the socket; the end is held back until all of
 * the message has gone through both and the socket has handed it to the
 * kernel. Otherwise the "." would be written only after a pending TLS write
 * completed, an event-loop turn or more (milliseconds, longer on a busy
 * machine) after `beforeCommit` recorded "committing" — a window in which a
 * crash leaves a message recorded as possibly sent that never reached the
 * server.
 */
class CommitStream extends Readable {
  private offset = 0;
  private ending = false;
  private destination: Writable | undefined;

  constructor(
    private readonly raw: Buffer,
    private readonly beforeCommit: () => void,
    private readonly socket: () => Writable | undefined,
  ) {
    super();
  }

  /** nodemailer pipes this stream into its DataStream: remember it, to see when it has passed everything on. */
  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    this.destination = destination as unknown as Writable;
    return super.pipe(destination, options);
  }

  override _read(): void {
    if (this.offset < this.raw.length) {
      const end = Math.min(this.raw.length, this.offset + 256 * 1024);
      this.push(this.raw.subarray(this.offset, end));
      this.offset = end;
      return;
    }
    if (this.ending) return;
    this.ending = true;
    this.whenFlushed().then(
      () => {
        try {
          this.beforeCommit();
        } catch (error) {
          this.destroy(error as Error);
          return;
        }
        // Ends the DataStream in this same turn (next ticks only), which writes ".\r\n" to the socket.
        this.push(null);
      },
      (error: Error) => this.destroy(error),
    );
  }

  /** Resolves once every byte so far is out of this process's buffers. Polled: the socket says 'drain' only after a refused write. */
  private async whenFlushed(): Promise<void> {
    const deadline = Date.now() + FLUSH_WAIT_MS;
    for (;;) {
      if (this.destroyed) throw new Error('The message was cancelled.');
      const socket = this.socket();
      if (!socket || socket.destroyed) throw new Error('The connection closed while the message was being sent.');
      const data = this.destination as (Writable & { readableLength?: number }) | undefined;
      const pending = this.readableLength + (data ? data.writableLength + (data.readableLength ?? 0) : 0) + socket.writableLength;
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error('The server stopped taking the message.');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}

function refusedFrom(errors: NodemailerError['rejectedErrors']): RefusedRecipient[] {
  return (errors ?? []).map((e) => ({ address: String(e.recipient ?? ''), response: (e.response ?? '').trim() }));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('Connection timed out'), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * SMTP AUTH data: the password, or XOAUTH2 with the account's current access
 * token (a refused one is retried by the outbox later, with a fresh token),
 * read for this server only: another provider's host is refused before connecting.
 */
async function loginData(
  server: ServerSettings,
  credentials: Credentials,
): Promise<SMTPConnection.AuthenticationCredentials | SMTPConnection.AuthenticationOAuth2> {
  const user = server.username;
  assertLoginValues('SMTP', user, credentials.kind === 'password' ? credentials.password : undefined);
  if (credentials.kind === 'password') return { credentials: { user, pass: credentials.password } };
  const accessToken = credentials.token.bearerFor({ host: server.host, security: server.security, label: 'SMTP' });
  const { default: XOAuth2 } = await import('nodemailer/lib/xoauth2');
  return { oauth2: new XOAuth2({ user, accessToken }) };
}
