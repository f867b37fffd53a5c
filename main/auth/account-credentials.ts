import type { OAuthProvider } from '../../shared/oauth';
import type { CredentialSource, Credentials } from './credentials';
import { passwordKey, type SecretStore } from './keychain';
import type { AccountTokens } from './oauth/account-tokens';

// The one place that knows how a saved account signs in: its password from
// the keychain, or an OAuth2 access token (refreshed as needed) from its
// refresh token in the keychain. IMAP sync, "Test connection", SMTP and POP3
// all get their credentials here.

export interface SignInOf {
  id: string;
  /** Present for accounts that sign in with OAuth2. */
  oauth?: { provider: OAuthProvider };
}

export class AccountCredentials {
  constructor(
    private readonly secrets: SecretStore,
    private readonly tokens: AccountTokens,
  ) {}

  /** What the account's protocol clients log in with. */
  source(account: SignInOf): CredentialSource {
    const oauth = account.oauth;
    if (oauth) {
      return {
        kind: 'oauth2',
        get: async ({ refused } = {}) => ({
          kind: 'oauth2',
          accessToken: await this.getAccessToken(
            account.id,
            oauth.provider,
            refused?.kind === 'oauth2' ? { refused: refused.accessToken } : {},
          ),
        }),
      };
    }
    return {
      kind: 'password',
      get: async (options = {}) => {
        // A refused password does not get better by reading it again.
        if (options.refused) return null;
        const password = await this.secrets.get(passwordKey(account.id));
        return password === null ? null : { kind: 'password', password };
      },
    };
  }

  /**
   * A valid OAuth2 access token for an account (for SASL XOAUTH2 in POP3 and
   * anything else that needs the bare token). `refused`: the token a server
   * just refused, to be replaced. Throws ApiError('sign_in_required') when the user must sign in again.
   */
  getAccessToken(accountId: string, provider: OAuthProvider, options: { refused?: string } = {}): Promise<string> {
    return this.tokens.getAccessToken(accountId, provider, options);
  }

  /** Whether the account's secret (password or refresh token) is saved on this computer. */
  async isSaved(account: SignInOf): Promise<boolean> {
    if (account.oauth) return this.tokens.hasRefreshToken(account.id);
    return (await this.secrets.get(passwordKey(account.id))) !== null;
  }

  /** Forgets the account's secrets (it is being removed). */
  async delete(account: SignInOf): Promise<void> {
    await this.secrets.delete(passwordKey(account.id));
    await this.tokens.delete(account.id);
  }
}

/** Credentials that are already at hand (a draft being tested): nothing to refresh. */
export function fixedSource(credentials: Credentials): CredentialSource {
  return { kind: credentials.kind, get: async (options = {}) => (options.refused ? null : credentials) };
}
