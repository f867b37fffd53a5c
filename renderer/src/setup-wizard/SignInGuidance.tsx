import type { ProviderInfo } from '../../../shared/discovery';
import { openExternal } from '../common/open-external';

/** What the provider wants instead of (or besides) the normal password, with buttons to its pages. */
export function SignInGuidance({ provider }: { provider: ProviderInfo }) {
  const { signIn, name } = provider;
  if (!signIn.note && !signIn.appPasswordUrl && !signIn.enableAccessUrl) return null;
  return (
    <div className="wizard-guidance">
      {signIn.note && <p>{signIn.note}</p>}
      <div className="wizard-guidance-actions">
        {signIn.appPasswordUrl && (
          <button type="button" className="button" onClick={() => openExternal(signIn.appPasswordUrl as string)}>
            Make an app password at {name}
            <span className="visually-hidden"> (opens in your browser)</span>
          </button>
        )}
        {signIn.enableAccessUrl && (
          <button type="button" className="button" onClick={() => openExternal(signIn.enableAccessUrl as string)}>
            How to switch on IMAP at {name}
            <span className="visually-hidden"> (opens in your browser)</span>
          </button>
        )}
      </div>
    </div>
  );
}
