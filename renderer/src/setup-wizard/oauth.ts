import type { TidingsApi } from '../../../shared/contract';

// "Sign in with Google/Microsoft". This build's contract has no OAuth2 calls
// yet (they come from the oauth branch): the wizard shows the button and this
// says plainly that sign-in is not available, and offers the app password.

export type OAuthProviderId = 'google' | 'microsoft';

export const OAUTH_LABEL: Record<OAuthProviderId, string> = { google: 'Google', microsoft: 'Microsoft' };

/** Which providers can sign in with OAuth2 in this build (a client ID is configured). */
export async function oauthAvailability(_api: TidingsApi): Promise<Record<OAuthProviderId, boolean>> {
  return { google: false, microsoft: false };
}

export class OAuthUnavailableError extends Error {}

/** Signs in through the provider's page and adds the account; not available in this build. */
export async function signInWithProviderUnavailable(provider: OAuthProviderId): Promise<never> {
  throw new OAuthUnavailableError(`Sign-in with ${OAUTH_LABEL[provider]} is not available in this build.`);
}
