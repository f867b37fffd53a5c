import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Who may talk to `npm run web`. The server listens on 127.0.0.1 only, but any
// web page the user visits could try to reach it from their browser, and any
// local program could connect. So a WebSocket must come from our own origin
// (a page elsewhere cannot fake the Origin header), to our own host name (no
// DNS rebinding), and carry the random token printed at start.

export const TOKEN_PROTOCOL_PREFIX = 'token.';

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export interface AccessPolicy {
  token: string;
  /** e.g. "127.0.0.1:41234" */
  hostPort: string;
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function checkHost(request: IncomingMessage, policy: AccessPolicy): boolean {
  return request.headers.host === policy.hostPort;
}

export function checkWebSocket(request: IncomingMessage, policy: AccessPolicy): AccessDecision {
  if (!checkHost(request, policy)) return { ok: false, status: 403, reason: 'wrong Host' };
  if (request.headers.origin !== `http://${policy.hostPort}`) return { ok: false, status: 403, reason: 'foreign Origin' };
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
  if (!presented || !sameSecret(presented, policy.token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
