import { ApiError, type ErrorCode } from '../../shared/errors';
import { DISK_FULL_MESSAGE, isDiskFull } from '../base/disk-full';
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
  /** imapflow: the text of the server's BYE, on the error of a connection it closed. */
  reason?: unknown;
  /** imapflow: Microsoft's suggested backoff (ms), and how much of it imapflow already waited. */
  throttleReset?: unknown;
  throttleWaited?: unknown;
}

export function describeFailure(error: unknown, at: Endpoint): Failure {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const text = typeof e.message === 'string' ? e.message : String(error);
  const where = `${at.host}:${at.port}`;

  if (error instanceof ConnectionError) return { code: error.code, message: error.message };
  // Not the server's doing: storing what it sent failed.
  if (isDiskFull(error)) return { code: 'disk_full', message: DISK_FULL_MESSAGE };
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
  // Before the password check: Gmail refuses a login with "Too many simultaneous connections",
  // and Outlook lets a login in but refuses the next command while it throttles.
  const limit = serverLimit(error);
  if (limit) {
    return {
      code: 'server_busy',
      message: `The ${at.label} server ${where} refuses for now (${limit}); this is not about the password. The server said: ${serverWords(error) || (typeof e.reason === 'string' && e.reason) || text}`,
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
 * A server's "not now": it refuses for a while, not for good, and not because
 * of the password. Such a refusal is waited out (`server_busy`), never taken
 * for a wrong password and never retried at once. How long to wait depends on
 * what was said:
 *
 * - `long` (main/sync waits SERVER_BUSY_RETRY_MS, 15 minutes): limits that
 *   last: Gmail's cap on simultaneous connections (another client holds
 *   them), its download and bandwidth limits ([OVERQUOTA], reset over hours),
 *   and RFC 5530's [LIMIT], [INUSE] and [UNAVAILABLE] (a subsystem is down).
 * - `short` (a backoff from a minute, doubling up to the long wait): Microsoft's
 *   throttling, which lifts within minutes and comes in several shapes:
 *   "Request is throttled" (with "Suggested Backoff Time: N milliseconds",
 *   which is then waited, within bounds), "[THROTTLED]", "Server Unavailable.
 *   15" (the number is Exchange's internal reason), and "User is authenticated
 *   but not connected.": Outlook accepts the LOGIN, then answers the next
 *   command (SELECT, LIST) with this while it throttles the account or moves
 *   the mailbox. The login worked, so the password is right; since every
 *   attempt logs in successfully, the wait must not start over at each login
 *   (main/sync/server-busy-wait.ts keeps it until a sync pass completes).
 *
 * Microsoft's patterns come first: a line that carries both its words and an
 * RFC 5530 code is Microsoft's passing throttle.
 */
const SERVER_LIMITS: readonly [RegExp, string, 'long' | 'short'][] = [
  [/request is throttled|\[THROTTLED\]/i, 'the server throttles this account for a while', 'short'],
  [/user is authenticated but not connected/i, 'the server let the login in but does not open the mailbox for now', 'short'],
  [/\bserver unavailable\b/i, 'the server is unavailable for a moment', 'short'],
  [/too many simultaneous connections/i, 'too many connections to this account', 'long'],
  [/\[OVERQUOTA\]|bandwidth limit|download limit/i, 'the account reached its download limit', 'long'],
  [/\[LIMIT\]/i, 'a limit of the server was reached', 'long'],
  [/\[UNAVAILABLE\]/i, 'the server is unavailable for a while', 'long'],
  [/\[INUSE\]/i, 'the mailbox is in use elsewhere', 'long'],
];

export interface ServerRefusal {
  /** In plain words, for the account's status. */
  reason: string;
  /** A lasting limit (wait long) or a passing one (back off, starting short). */
  wait: 'long' | 'short';
  /** How long the server asked us to wait (ms), when it said (Microsoft's "Suggested Backoff Time"). */
  suggestedMs?: number;
}

/** Whether a failure is a server's "not now", and of which kind; null when it is not one. */
export function serverRefusal(error: unknown): ServerRefusal | null {
  const e = (error ?? {}) as ErrorLike;
  // imapflow takes the response code out of the words it keeps ("NO [UNAVAILABLE] Backend down" → serverResponseCode): put it back.
  const code = typeof e.serverResponseCode === 'string' ? `[${e.serverResponseCode}]` : '';
  const said = [
    code,
    serverWords(error),
    typeof e.message === 'string' ? e.message : '',
    typeof e.reason === 'string' ? e.reason : '',
  ].join(' ');
  const found = SERVER_LIMITS.find(([pattern]) => pattern.test(said));
  if (!found) return null;
  const refusal: ServerRefusal = { reason: found[1], wait: found[2] };
  // imapflow reads the suggestion itself (throttleReset) and has already waited part of it (throttleWaited).
  const suggested =
    typeof e.throttleReset === 'number' ? e.throttleReset : Number(/backoff time[:=\s]+(\d+)/i.exec(said)?.[1] ?? Number.NaN);
  if (Number.isFinite(suggested) && suggested > 0) {
    refusal.suggestedMs = Math.max(0, suggested - (typeof e.throttleWaited === 'number' ? e.throttleWaited : 0));
  }
  return refusal;
}

/** Which of the server's limits a failure names, in plain words; null when none. */
export function serverLimit(error: unknown): string | null {
  return serverRefusal(error)?.reason ?? null;
}

/** What the server itself said about a failure (its response line), if anything. */
export function serverWords(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  for (const candidate of [e.responseText, e.response]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim();
  }
  return '';
}
