import type { IncomingSettings, ServerSettings } from '../../shared/accounts';
import type { OAuthProvider } from '../../shared/oauth';
import type { CredentialSource, Credentials } from './credentials';
import { passwordKey, type SecretStore } from './keychain';
import type { AccountTokens } from './oauth/account-tokens';
import { assertTokenDestination } from './oauth/provider-hosts';

// The one place that knows how a saved account signs in: its password from
// the keychain, or an OAuth2 access token (refreshed as needed) from its
// refresh token in the keychain. IMAP sync, "Test connection", SMTP and POP3
// all get their credentials here.
//
// An OAuth2 account whose servers are not all its provider's (a tampered
// store, an older version's row) gets no token at all: `get` refuses with
// ApiError('oauth_host_refused') before refreshing anything, so no
// connection of the account is even made. The protocol clients check each
// host again when they read the token (AccessToken.bearerFor).

/** An account's servers, as far as where its sign-in may go is concerned. */
export interface ServersOf {
  incoming: Pick<IncomingSettings, 'protocol' | 'host' | 'security'>;
  outgoing: Pick<ServerSettings, 'host' | 'security'>;
}

export interface SignInOf extends ServersOf {
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
      const { provider } = oauth;
      return {
        kind: 'oauth2',
        get: async ({ refused } = {}) => {
          this.assertProviderServers(provider, account);
          const value = await this.tokens.getAccessToken(
            account.id,
            provider,
            refused?.kind === 'oauth2' ? { refused: refused.token } : {},
          );
          return { kind: 'oauth2', token: this.tokens.seal(provider, value) };
        },
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

  /** Throws ApiError('oauth_host_refused') unless both of the account's servers are the provider's. */
  assertProviderServers(provider: OAuthProvider, { incoming, outgoing }: ServersOf): void {
    const hosts = this.tokens.mailHosts(provider);
    const label = incoming.protocol === 'pop3' ? 'POP3' : 'IMAP';
    assertTokenDestination(provider, hosts, { host: incoming.host, security: incoming.security, label });
    assertTokenDestination(provider, hosts, { host: outgoing.host, security: outgoing.security, label: 'SMTP' });
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
