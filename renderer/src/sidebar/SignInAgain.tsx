import { useRef, useState } from 'react';
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
  // The flow in progress: clicking again (the tab was closed too early) starts over.
  const pending = useRef<string | null>(null);
  const provider = account.oauth ? OAUTH_PROVIDER_LABEL[account.oauth.provider] : null;
  if (!provider) return null;

  async function signIn() {
    if (pending.current) void api.call('oauth.cancel', { flowId: pending.current }).catch(() => undefined);
    setState({ busy: true });
    try {
      const { flowId, authorizationUrl } = await api.call('oauth.reauthorize', { accountId: account.id });
      pending.current = flowId;
      window.open(authorizationUrl, '_blank', 'noopener');
      await api.call('oauth.wait', { flowId });
      if (pending.current === flowId) {
        pending.current = null;
        setState({ busy: false });
      }
    } catch (failure) {
      const error = toApiError(failure);
      // A flow we cancelled ourselves by starting over is not an error to show.
      if (error.code !== 'cancelled') setState({ busy: false, error: error.message });
    }
  }

  return (
    <>
      <button
        type="button"
        className="link-button retry-now"
        aria-label={`Sign in to ${account.email} with ${provider} again`}
        onClick={() => void signIn()}
      >
        {state.busy && <span className="spinner" aria-hidden="true" />}
        {`Sign in with ${provider}`}
      </button>
      {state.busy && (
        <span className="status-detail" role="status">
          Finish signing in on the page that opened in your browser.
        </span>
      )}
      {state.error && (
        <span className="status-detail error-text" role="alert">
          {state.error}
        </span>
      )}
    </>
  );
}
