import { ApiError } from '../../shared/errors';
import { logger } from '../base/log';
import type { AccessToken } from './oauth/access-token';

// What a protocol client logs in with: a password, or an OAuth2 access token
// (SASL XOAUTH2 / OAUTHBEARER). The IMAP, SMTP and POP3 code takes this and
// never needs to know where it came from. The token is sealed
// (oauth/access-token.ts): its value is read with `token.bearerFor(server)`,
// which refuses any server that is not its provider's.
export type Credentials = { kind: 'password'; password: string } | OAuthCredentials;
export type OAuthCredentials = { kind: 'oauth2'; token: AccessToken };

/** Where an account's credentials come from; `refused`: a server just refused this access token, get another. */
export interface CredentialSource {
  readonly kind: Credentials['kind'];
  /** null: nothing saved on this computer for the account. */
  get(options?: { refused?: Credentials }): Promise<Credentials | null>;
}

/**
 * Runs a login with the source's credentials. When an OAuth2 access token is
 * refused, the token may have been revoked or expired early: get a fresh one
 * and try once more. A refused password is not retried.
 */
export async function loginWith<T>(
  source: CredentialSource,
  attempt: (credentials: Credentials) => Promise<T>,
  isAuthFailure: (error: unknown) => boolean,
): Promise<T> {
  const credentials = await source.get();
  if (credentials === null) throw missingSecret();
  try {
    return await attempt(credentials);
  } catch (error) {
    if (credentials.kind !== 'oauth2' || !isAuthFailure(error)) throw error;
    logger('auth').debug({ err: error }, 'an access token was refused; getting a fresh one');
    const fresh = await source.get({ refused: credentials });
    if (fresh === null) throw error;
    return attempt(fresh);
  }
}

function missingSecret(): Error {
  return missingPassword();
}

/**
 * No password is saved for the account on this computer. Not "sign-in failed":
 * the server was never asked. Marked as a refused login too, so that nothing
 * asks again in a loop before the user enters it.
 */
export function missingPassword(): Error {
  return Object.assign(
    new ApiError('password_missing', 'No password is saved for this account on this computer. Enter it in the account settings.'),
    { authenticationFailed: true },
  );
}
