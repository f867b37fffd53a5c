import { useState } from 'react';
import type { Account } from '../../../shared/accounts';
import { OAUTH_PROVIDER_LABEL } from '../../../shared/oauth';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';

/**
 * For an OAuth2 account whose sign-in the provider no longer accepts: opens
 * the provider's page in the system browser (Electron) or a new tab (web) and
 * waits for it. The account's status turns back to connected by itself; its
 * mail and queued actions were never touched.
 */
export function SignInAgain({ account }: { account: Account }) {
  const api = useApi();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const provider = account.oauth ? OAUTH_PROVIDER_LABEL[account.oauth.provider] : null;
  if (!provider) return null;

  async function signIn() {
    if (state.busy) return;
    setState({ busy: true });
    try {
      const { flowId, authorizationUrl } = await api.call('oauth.reauthorize', { accountId: account.id });
      window.open(authorizationUrl, '_blank', 'noopener');
      await api.call('oauth.wait', { flowId });
      setState({ busy: false });
    } catch (failure) {
      setState({ busy: false, error: toApiError(failure).message });
    }
  }

  return (
    <>
      <button
        type="button"
        className="link-button retry-now"
        aria-label={`Sign in to ${account.email} with ${provider} again`}
        aria-disabled={state.busy || undefined}
        onClick={() => void signIn()}
      >
        {state.busy && <span className="spinner" aria-hidden="true" />}
        {state.busy ? 'Waiting for the browser…' : `Sign in with ${provider}`}
      </button>
      {state.error && (
        <span className="status-detail error-text" role="alert">
          {state.error}
        </span>
      )}
    </>
  );
}
