import { ApiError } from '../../../shared/errors';
import { OAUTH_PROVIDER_LABEL, type OAuthBegun, type OAuthDone, type OAuthProviders, type OAuthSignIn } from '../../../shared/oauth';
import type { ServiceEvents } from '../../base/service-events';
import type { Credentials } from '../credentials';
import type { SecretStore } from '../keychain';
import { AccountTokens } from './account-tokens';
import { configuredProviders, type OAuthSettings } from './provider-settings';
import { type FinishedFlow, SignInFlows, type SignInFlowsOptions } from './sign-in-flows';

// What the API's oauth.* methods and the accounts service use: sign-in flows
// (begin / wait / cancel), signing a saved account in again, and the tokens of
// saved accounts.

export interface OAuthServiceHooks {
  /** The saved account's address and provider, if it signs in with OAuth2. */
  account(accountId: string): { email: string; oauth?: { provider: OAuthSignIn['provider'] } } | undefined;
}

export class OAuthService {
  readonly tokens: AccountTokens;
  private readonly flows: SignInFlows;
  /** Reauthorizing flows whose tokens were already handed to their account. */
  private readonly delivered = new WeakSet<FinishedFlow>();

  constructor(
    private readonly settings: OAuthSettings,
    secrets: SecretStore,
    private readonly hooks: OAuthServiceHooks,
    /** Where an account's new tokens after `oauth.reauthorize` are announced ('account.reauthorized'): the accounts service reconnects it. */
    private readonly signals: ServiceEvents,
    flowOptions: SignInFlowsOptions = {},
  ) {
    this.tokens = new AccountTokens(secrets, settings);
    this.flows = new SignInFlows(settings, flowOptions);
  }

  providers(): OAuthProviders {
    return configuredProviders(this.settings);
  }

  begin(provider: OAuthSignIn['provider'], email: string): Promise<OAuthBegun> {
    return this.flows.begin(provider, email);
  }

  async reauthorize(accountId: string): Promise<OAuthBegun> {
    const account = this.hooks.account(accountId);
    if (!account) throw new ApiError('not_found', 'There is no such account (it may have been removed).');
    if (!account.oauth) throw new ApiError('invalid_argument', 'This account signs in with a password, not with a provider.');
    return this.flows.begin(account.oauth.provider, account.email, accountId);
  }

  async wait(flowId: string): Promise<OAuthDone> {
    const finished = await this.flows.wait(flowId);
    if (finished.accountId && !this.delivered.has(finished)) {
      await this.tokens.save(finished.accountId, finished.tokens);
      this.delivered.add(finished);
      await this.signals.emit('account.reauthorized', { accountId: finished.accountId });
    }
    return {
      flowId: finished.flowId,
      provider: finished.provider,
      email: finished.email,
      ...(finished.accountId ? { accountId: finished.accountId } : {}),
    };
  }

  cancel(flowId: string): void {
    this.flows.cancel(flowId);
  }

  /**
   * The access token of a finished flow, for testing a draft's connection (the
   * flow stays). Sealed like a saved account's: readable only for the
   * provider's mail hosts.
   */
  draftCredentials(signIn: OAuthSignIn, email: string): Credentials {
    return { kind: 'oauth2', token: this.tokens.seal(signIn.provider, this.forDraft(signIn, email).tokens.accessToken) };
  }

  /** Checks that a draft's flow has finished and is the draft's, without using it up. */
  assertFinished(signIn: OAuthSignIn, email: string): void {
    this.forDraft(signIn, email);
  }

  /** Moves a finished flow's tokens to a new account: the refresh token into the keychain. The flow is used up. */
  async saveSignIn(accountId: string, signIn: OAuthSignIn, email: string): Promise<void> {
    this.forDraft(signIn, email);
    const finished = this.flows.finished(signIn.flowId, signIn.provider, { take: true });
    await this.tokens.save(accountId, finished.tokens);
  }

  /** A finished flow for a new account with this address: not one that signed an existing account in again. */
  private forDraft(signIn: OAuthSignIn, email: string): FinishedFlow {
    const finished = this.flows.finished(signIn.flowId, signIn.provider);
    const label = OAUTH_PROVIDER_LABEL[signIn.provider];
    if (finished.accountId) throw new ApiError('invalid_argument', `That ${label} sign-in belongs to an existing account.`);
    if (finished.email.toLowerCase() !== email.toLowerCase()) {
      throw new ApiError('invalid_argument', `That ${label} sign-in was started for ${finished.email}, not ${email}. Sign in again.`);
    }
    return finished;
  }

  close(): void {
    this.flows.closeAll();
  }
}
