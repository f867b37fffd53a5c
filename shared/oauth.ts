import { z } from 'zod';
import { accountDraftSchema, accountIdSchema, emailSchema } from './accounts';

// Signing in with a provider's own page (OAuth2 authorization code + PKCE) for
// Google and Microsoft. The renderer never sees a token: it starts a flow,
// opens the authorization URL in the system browser (Electron) or a new tab
// (`npm run web`), and waits; the core's loopback listener receives the
// browser's redirect, exchanges the code and keeps the tokens. An account
// draft then names the flow (`oauth: { provider, flowId }`) instead of a
// password, and `accounts.test` / `accounts.add` use the flow's tokens.
//
// Typical use:
//   const { flowId, authorizationUrl } = await api.call('oauth.begin', { provider: 'google', email });
//   window.open(authorizationUrl, '_blank', 'noopener');
//   await api.call('oauth.wait', { flowId });        // rejects with an ApiError on denial, mismatch, timeout, cancel
//   await api.call('accounts.add', { name, email, incoming, outgoing, oauth: { provider: 'google', flowId } });

export const OAUTH_PROVIDERS = ['google', 'microsoft'] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

export const OAUTH_PROVIDER_LABEL: Record<OAuthProvider, string> = { google: 'Google', microsoft: 'Microsoft' };

/** A flow's id: random, URL-safe, made by the core. */
export const oauthFlowIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'Not a sign-in flow id' });

/** What an account draft carries instead of a password when it signs in with OAuth2. */
export const oauthSignInSchema = z
  .object({
    provider: z.enum(OAUTH_PROVIDERS),
    /** A flow that `oauth.wait` reported as finished. */
    flowId: oauthFlowIdSchema,
  })
  .strict();
export type OAuthSignIn = z.infer<typeof oauthSignInSchema>;

/**
 * What `accounts.test` and `accounts.add` take: the manual form's draft
 * (`AccountDraft`, with a password) or the same settings with `oauth` instead
 * of the password. Exactly one of the two. With `oauth`, both servers must be
 * the provider's own (imap.gmail.com, smtp.gmail.com, ...; over TLS or
 * STARTTLS), else both methods fail with `oauth_host_refused` and nothing is
 * contacted or saved.
 */
export const newAccountSchema = accountDraftSchema
  .extend({
    password: accountDraftSchema.shape.password.optional(),
    oauth: oauthSignInSchema.optional(),
  })
  .strict()
  .superRefine((draft, context) => {
    if (draft.password === undefined && draft.oauth === undefined) {
      context.addIssue({ code: 'custom', path: ['password'], message: 'Enter the password' });
    } else if (draft.password !== undefined && draft.oauth !== undefined) {
      context.addIssue({ code: 'custom', path: ['oauth'], message: 'Sign in with a password or with the provider, not both' });
    }
  });
export type NewAccount = z.infer<typeof newAccountSchema>;

export const oauthMethodSchemas = {
  /** Which providers have a client ID configured in this build / environment. */
  'oauth.providers': z.object({}).strict(),
  /**
   * Start signing in: the core makes a PKCE verifier and a state, listens on
   * http://127.0.0.1:<random port> for the browser to come back, and returns
   * the provider's authorization URL for the renderer to open. Fails with
   * `not_configured` when the provider has no client ID.
   */
  'oauth.begin': z.object({ provider: z.enum(OAUTH_PROVIDERS), email: emailSchema }).strict(),
  /**
   * Resolves when the browser came back and the code was exchanged for
   * tokens. Rejects with `oauth_failed` (denied, state or issuer mismatch,
   * token endpoint refused), `timeout` (nobody came back within 10 minutes),
   * `cancelled` (oauth.cancel), or `not_found` (unknown or expired flow).
   * Calling it again for a finished flow answers the same again.
   */
  'oauth.wait': z.object({ flowId: oauthFlowIdSchema }).strict(),
  /** Stops a flow: its listener closes, a pending `oauth.wait` rejects with `cancelled`, its tokens are forgotten. */
  'oauth.cancel': z.object({ flowId: oauthFlowIdSchema }).strict(),
  /**
   * Sign in again for a saved OAuth2 account (its status says code
   * `sign_in_required`): like `oauth.begin` with the account's provider and
   * address. When `oauth.wait` on the returned flow resolves, the new refresh
   * token is saved for the account and its sync restarts; nothing local is lost.
   */
  'oauth.reauthorize': z.object({ accountId: accountIdSchema }).strict(),
} as const;

export interface OAuthProviders {
  google: boolean;
  microsoft: boolean;
}

export interface OAuthBegun {
  flowId: string;
  /** The provider's authorization URL (https in production): open it in the system browser. */
  authorizationUrl: string;
}

export interface OAuthDone {
  flowId: string;
  provider: OAuthProvider;
  email: string;
  /** Set for a flow started by `oauth.reauthorize`: that account now has new tokens. */
  accountId?: string;
}

export interface OAuthMethodResults {
  'oauth.providers': OAuthProviders;
  'oauth.begin': OAuthBegun;
  'oauth.wait': OAuthDone;
  'oauth.cancel': { cancelled: true };
  'oauth.reauthorize': OAuthBegun;
}
