import { ApiError } from '../../../shared/errors';
import { OAUTH_PROVIDER_LABEL } from '../../../shared/oauth';
import { logger } from '../../base/log';
import type { ProviderSettings } from './provider-settings';

// The two requests a desktop client makes to a token endpoint (RFC 6749 §4.1.3
// and §6): the authorization code (with the PKCE verifier) for tokens, and a
// refresh token for a new access token. A refresh token the server no longer
// honours (invalid_grant: revoked, expired, password changed) means the user
// has to sign in again.

export interface TokenSet {
  accessToken: string;
  /** ms since epoch. */
  expiresAt: number;
  /** Absent when the server keeps the old one (Google on refresh); Microsoft rotates it every time. */
  refreshToken?: string;
}

const TOKEN_TIMEOUT_MS = 20_000;
/** When the server does not say how long a token lives, assume the usual hour. */
const DEFAULT_LIFETIME_S = 3600;

export function exchangeCode(settings: ProviderSettings, code: string, redirectUri: string, codeVerifier: string): Promise<TokenSet> {
  return requestTokens(settings, 'oauth_failed', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: codeVerifier,
  });
}

export function refreshTokens(settings: ProviderSettings, refreshToken: string): Promise<TokenSet> {
  return requestTokens(settings, 'sign_in_required', {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    // Microsoft issues a token for one resource at a time and wants the scopes again.
    ...(settings.provider === 'microsoft' ? { scope: settings.scopes.join(' ') } : {}),
  });
}

const log = logger('oauth');

async function requestTokens(
  settings: ProviderSettings,
  refusedCode: 'oauth_failed' | 'sign_in_required',
  params: Record<string, string>,
): Promise<TokenSet> {
  const label = OAUTH_PROVIDER_LABEL[settings.provider];
  const client = settings.client;
  if (!client) throw new ApiError('not_configured', `No ${label} client ID is configured in this build of Tidings.`);
  const body = new URLSearchParams({ ...params, client_id: client.clientId });
  if (client.clientSecret) body.set('client_secret', client.clientSecret);
  let response: Response;
  try {
    response = await fetch(settings.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
  } catch (error) {
    // The user sees that it failed; the log keeps why (DNS, TLS, refused, ...).
    log.warn(
      { provider: settings.provider, host: new URL(settings.tokenEndpoint).host, err: error },
      'the token endpoint could not be reached',
    );
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new ApiError('timeout', `${label}'s sign-in server did not answer in time.`);
    }
    throw new ApiError('connect_failed', `Cannot reach ${label}'s sign-in server (${new URL(settings.tokenEndpoint).host}).`);
  }
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null; // not JSON: judged by its status below
  if (!response.ok || json === null) {
    const error = typeof json?.error === 'string' ? json.error : `HTTP ${response.status}`;
    if (refusedCode === 'sign_in_required' && (error === 'invalid_grant' || response.status === 401)) {
      throw new ApiError('sign_in_required', `${label} no longer accepts this account's saved sign-in (it was revoked or has expired).`);
    }
    if (response.status >= 500 || json === null) {
      throw new ApiError('protocol_error', `${label}'s sign-in server answered with an error (${error}); try again later.`);
    }
    throw new ApiError(refusedCode, `${label} refused to issue a token (${error.slice(0, 100)}).`);
  }
  const accessToken = json.access_token;
  const tokenType = json.token_type;
  if (typeof accessToken !== 'string' || !accessToken || (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer')) {
    throw new ApiError('protocol_error', `${label}'s sign-in server sent an answer without a usable access token.`);
  }
  const expiresIn = Number(json.expires_in);
  const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_S;
  return {
    accessToken,
    expiresAt: Date.now() + lifetime * 1000,
    ...(typeof json.refresh_token === 'string' && json.refresh_token ? { refreshToken: json.refresh_token } : {}),
  };
}
