import { ApiError, type ErrorCode } from '../../shared/errors';
import { certificateErrorCode } from './tls-trust';

// One place that turns what Node, imapflow, nodemailer and our POP3 client
// throw into an error code and a sentence a person can act on.

export interface Failure {
  code: ErrorCode;
  message: string;
}

export interface Endpoint {
  host: string;
  port: number;
  /** What to call the server in messages: "IMAP", "POP3", "SMTP". */
  label: string;
}

/** An error our own protocol code raises when it refuses to go on. */
export class ConnectionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  authenticationFailed?: unknown;
  tlsFailed?: unknown;
  responseCode?: unknown;
  response?: unknown;
  responseText?: unknown;
  serverResponseCode?: unknown;
  cause?: unknown;
}

export function describeFailure(error: unknown, at: Endpoint): Failure {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const text = typeof e.message === 'string' ? e.message : String(error);
  const where = `${at.host}:${at.port}`;

  if (error instanceof ConnectionError) return { code: error.code, message: error.message };
  // Already in plain words (e.g. an OAuth2 sign-in that has to be renewed), maybe wrapped by nodemailer.
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (e.cause instanceof ApiError) return { code: e.cause.code, message: e.cause.message };

  const certificateCode = certificateErrorCode(error);
  if (certificateCode) {
    return {
      code: 'certificate_untrusted',
      message: `The ${at.label} server ${where} presented a certificate that is not trusted (${certificateCode}).`,
    };
  }
  // Before the password check: Gmail refuses a login with "Too many simultaneous connections".
  const limit = serverLimit(error);
  if (limit) {
    return {
      code: 'server_busy',
      message: `The ${at.label} server ${where} refuses for now (${limit}); this is not about the password. The server said: ${serverWords(error) || text}`,
    };
  }
  // imapflow marks failed logins; nodemailer says EAUTH; POP3 raises ConnectionError above.
  if (isAuthFailure(error)) {
    const said = serverWords(e);
    return {
      code: 'auth_failed',
      message: `The ${at.label} server rejected the username or password.${said ? ` The server said: ${said}` : ''}`,
    };
  }
  if (e.tlsFailed === true || /STARTTLS/i.test(text) || (code === 'ETLS' && !/certificate/i.test(text))) {
    return {
      code: 'starttls_unavailable',
      message: `The ${at.label} server ${where} does not offer STARTTLS, so the password was not sent. Choose SSL/TLS, or check the port.`,
    };
  }
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EADDRNOTAVAIL'].includes(code) ||
    /ECONNREFUSED|ENOTFOUND/.test(text)
  ) {
    const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the server name was not found' : 'nothing answered there';
    return { code: 'connect_failed', message: `Cannot connect to the ${at.label} server ${where}: ${why}.` };
  }
  if (/TIMEOUT/i.test(code) || code === 'ETIMEDOUT' || /timed? ?out/i.test(text)) {
    return { code: 'timeout', message: `The ${at.label} server ${where} did not answer in time.` };
  }
  if (code === 'ECONNECTION' || /wrong version number|packet length too long|EPROTO/i.test(`${code} ${text}`)) {
    return {
      code: 'protocol_error',
      message: `The ${at.label} server ${where} did not answer as expected (${text}). Check the port and the security setting.`,
    };
  }
  return { code: 'protocol_error', message: `The ${at.label} server ${where} failed: ${text}` };
}

/** The server refused the credentials (imapflow marks it, nodemailer says EAUTH, our POP3 client raises auth_failed). */
export function isAuthFailure(error: unknown): boolean {
  if (error instanceof ConnectionError) return error.code === 'auth_failed';
  const e = (error ?? {}) as ErrorLike;
  return e.authenticationFailed === true || e.code === 'EAUTH';
}

/**
 * A server's "not now": Gmail's connection and download limits (its words,
 * and [OVERQUOTA] / [ALERT] with them), and RFC 5530's [LIMIT], [UNAVAILABLE]
 * and [INUSE]. Such a refusal is waited out, never taken for a wrong password.
 */
const SERVER_LIMITS: readonly [RegExp, string][] = [
  [/too many simultaneous connections/i, 'too many connections to this account'],
  [/\[OVERQUOTA\]|bandwidth limit|download limit/i, 'the account reached its download limit'],
  [/\[LIMIT\]/i, 'a limit of the server was reached'],
  [/\[UNAVAILABLE\]/i, 'the server is unavailable for a while'],
  [/\[INUSE\]/i, 'the mailbox is in use elsewhere'],
];

/** Which of the server's limits a failure names, in plain words; null when none. */
export function serverLimit(error: unknown): string | null {
  const e = (error ?? {}) as ErrorLike;
  const said = [serverWords(error), typeof e.message === 'string' ? e.message : ''].join(' ');
  return SERVER_LIMITS.find(([pattern]) => pattern.test(said))?.[1] ?? null;
}

/** What the server itself said about a failure (its response line), if anything. */
export function serverWords(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  for (const candidate of [e.responseText, e.response]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim();
  }
  return '';
}
