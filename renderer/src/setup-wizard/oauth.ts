import type { TidingsApi } from '../../../shared/contract';
import { OAUTH_PROVIDER_LABEL, type OAuthProvider, type OAuthSignIn } from '../../../shared/oauth';

// "Sign in with Google/Microsoft" from the wizard: the core starts the flow
// (PKCE, state, a loopback listener) and hands back the provider's page; the
// renderer opens it outside the app (a new tab here, the system browser under
// Electron, whose window-open handler turns this call into shell.openExternal)
// and waits until the browser has come back to the core. The renderer never
// sees a token: the account draft names the finished flow.

export type OAuthProviderId = OAuthProvider;

export const OAUTH_LABEL = OAUTH_PROVIDER_LABEL;

export interface SignInHandle {
  /** Resolves with what an account draft carries instead of a password. */
  done: Promise<OAuthSignIn>;
  /** Gives up (the user went back): the core closes the listener. */
  cancel(): void;
}

export async function beginSignIn(api: TidingsApi, provider: OAuthProviderId, email: string): Promise<SignInHandle> {
  const { flowId, authorizationUrl } = await api.call('oauth.begin', { provider, email });
  const url = new URL(authorizationUrl);
  // Only a web page: the core made this URL, but the renderer opens nothing else.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The sign-in page has an unexpected address.');
  window.open(url.href, '_blank', 'noopener');
  return {
    done: api.call('oauth.wait', { flowId }).then(() => ({ provider, flowId })),
    cancel: () => void api.call('oauth.cancel', { flowId }).catch(() => undefined),
  };
}
