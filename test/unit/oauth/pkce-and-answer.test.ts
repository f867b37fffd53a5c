import { describe, expect, it } from 'vitest';
import { readAuthorizationResponse } from '../../../main/auth/oauth/authorization-response';
import { codeChallengeS256, makeCodeVerifier, makeState } from '../../../main/auth/oauth/pkce';
import { ApiError } from '../../../shared/errors';

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636, appendix B', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers and states of 256 bits in the allowed alphabet, never the same twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const verifier = makeCodeVerifier();
      const state = makeState();
      // RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~].
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(verifier).add(state);
    }
    expect(seen.size).toBe(400);
  });
});

describe('the browser’s answer at the loopback redirect', () => {
  const expected = { state: 'the-state', issuer: 'https://accounts.example', label: 'Google' };
  const read = (query: string, options: Partial<typeof expected & { issuerRequired: boolean }> = {}) =>
    readAuthorizationResponse(new URLSearchParams(query), { ...expected, ...options });
  const refusal = (query: string, options: Partial<typeof expected & { issuerRequired: boolean }> = {}) => {
    try {
      read(query, options);
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      return error as ApiError;
    }
    throw new Error(`accepted: ${query}`);
  };

  it('gives the code when state and issuer match', () => {
    expect(read('code=abc&state=the-state&iss=https%3A%2F%2Faccounts.example')).toBe('abc');
    // A server that does not send iss (and is not known to) is still accepted.
    expect(read('code=abc&state=the-state')).toBe('abc');
    expect(read('code=abc&state=the-state&iss=anything', { issuer: undefined })).toBe('abc');
  });

  it('refuses a wrong or missing state', () => {
    for (const query of ['code=abc&state=other', 'code=abc', 'code=abc&state=']) {
      const error = refusal(query);
      expect(error.code).toBe('oauth_failed');
      expect(error.message).toMatch(/state mismatch/);
    }
  });

  it('refuses another issuer (RFC 9207), before even reading an error', () => {
    const error = refusal('error=access_denied&state=the-state&iss=https%3A%2F%2Fevil.example');
    expect(error.message).toMatch(/issuer mismatch/);
    expect(error.message).toContain('https://evil.example');
  });

  it('refuses an answer without iss from a server that always sends it', () => {
    expect(refusal('code=abc&state=the-state', { issuerRequired: true }).message).toMatch(/issuer missing/);
  });

  it('says that the user declined, or what the provider said', () => {
    expect(refusal('error=access_denied&state=the-state').message).toMatch(/declined/);
    const other = refusal('error=invalid_scope&error_description=Scope%20not%20allowed&state=the-state');
    expect(other.message).toContain('invalid_scope');
    expect(other.message).toContain('Scope not allowed');
  });

  it('keeps what the other side wrote short and printable', () => {
    const error = refusal(`error=x&error_description=${encodeURIComponent(`\u0000<b>${'y'.repeat(500)}`)}&state=the-state`);
    expect(error.message).not.toContain('\u0000');
    expect(error.message.length).toBeLessThan(300);
  });

  it('refuses an answer with neither code nor error', () => {
    expect(refusal('state=the-state').message).toMatch(/without an authorization code/);
  });
});
