import { createHash, randomBytes } from 'node:crypto';

// PKCE (RFC 7636) with S256, and the `state` that ties the browser's answer to
// the flow that asked. Both are 256 bits from the OS's CSPRNG.

/** A code verifier: 43 characters of base64url (RFC 7636 §4.1 allows 43–128 of [A-Za-z0-9-._~]). */
export function makeCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable value the authorization server echoes back unchanged. */
export function makeState(): string {
  return randomBytes(32).toString('base64url');
}
