import { ApiError } from '../../../shared/errors';
import { OAUTH_PROVIDER_LABEL, type OAuthProvider } from '../../../shared/oauth';
import type { SecretStore } from '../keychain';
import { AccessToken } from './access-token';
import type { OAuthSettings } from './provider-settings';
import { refreshTokens, type TokenSet } from './token-endpoint';

// Access tokens for saved OAuth2 accounts. The refresh token lives in the OS
// keychain (never the store); access tokens live in memory only and are
// refreshed shortly before they expire, or at once when a server refused one.
// One refresh per account at a time: IMAP, IDLE, SMTP and POP3 asking together
// share it (Microsoft rotates refresh tokens, so two refreshes in parallel
// would race each other).

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** The keychain key of an account's OAuth2 refresh token. */
export function refreshTokenKey(accountId: string): string {
  return `account:${accountId}:oauth-refresh-token`;
}

export class AccountTokens {
  private readonly cached = new Map<string, { accessToken: string; expiresAt: number }>();
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly settings: OAuthSettings,
  ) {}

  /** Saves a finished sign-in for an account: the refresh token to the keychain, the access token in memory. */
  async save(accountId: string, tokens: TokenSet): Promise<void> {
    if (!tokens.refreshToken) throw new ApiError('oauth_failed', 'The sign-in did not include a refresh token.');
    await this.secrets.set(refreshTokenKey(accountId), tokens.refreshToken);
    this.cached.set(accountId, { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt });
  }

  /**
   * A valid access token for the account: the cached one unless it expires
   * within five minutes or is the one a server just `refused`.
   * Throws ApiError('sign_in_required') when the provider no longer honours
   * the saved refresh token, or none is saved.
   */
  async getAccessToken(accountId: string, provider: OAuthProvider, options: { refused?: string | AccessToken } = {}): Promise<string> {
    const cached = this.cached.get(accountId);
    const { refused } = options;
    const wasRefused = (value: string) => (typeof refused === 'string' ? value === refused : (refused?.is(value) ?? false));
    // Another connection may have refreshed already: only the refused token needs replacing.
    if (cached && !wasRefused(cached.accessToken) && cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) return cached.accessToken;
    let pending = this.refreshing.get(accountId);
    if (!pending) {
      pending = this.refresh(accountId, provider).finally(() => this.refreshing.delete(accountId));
      this.refreshing.set(accountId, pending);
    }
    return pending;
  }

  /** Seals an access token of the provider: readable only for the provider's mail hosts (access-token.ts). */
  seal(provider: OAuthProvider, accessToken: string): AccessToken {
    return new AccessToken(provider, accessToken, this.settings[provider].mailHosts);
  }

  /** The mail hosts this run sends the provider's tokens to. */
  mailHosts(provider: OAuthProvider): readonly string[] {
    return this.settings[provider].mailHosts;
  }

  /** Whether a refresh token is saved for the account on this computer. */
  async hasRefreshToken(accountId: string): Promise<boolean> {
    return (await this.secrets.get(refreshTokenKey(accountId))) !== null;
  }

  async delete(accountId: string): Promise<void> {
    this.cached.delete(accountId);
    await this.secrets.delete(refreshTokenKey(accountId));
  }

  private async refresh(accountId: string, provider: OAuthProvider): Promise<string> {
    const refreshToken = await this.secrets.get(refreshTokenKey(accountId));
    if (refreshToken === null) {
      throw new ApiError(
        'sign_in_required',
        `The ${OAUTH_PROVIDER_LABEL[provider]} sign-in of this account is not saved on this computer. Sign in again.`,
      );
    }
    this.cached.delete(accountId);
    const tokens = await refreshTokens(this.settings[provider], refreshToken);
    // A rotated refresh token replaces the old one before the access token is used:
    // losing it would mean signing in again.
    if (tokens.refreshToken && tokens.refreshToken !== refreshToken)
      await this.secrets.set(refreshTokenKey(accountId), tokens.refreshToken);
    this.cached.set(accountId, { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt });
    return tokens.accessToken;
  }
}
