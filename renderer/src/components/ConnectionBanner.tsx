import { useConnection } from '../api/context';

// After this many failed attempts without ever connecting, the likely cause is
// a stale address (the token changes every time `npm run web` starts).
const HINT_AFTER_ATTEMPTS = 3;

export function ConnectionBanner() {
  const { state, failedAttempts } = useConnection();
  const down = state === 'lost' || state === 'unreachable';
  return (
    // Mounted even while connected so the alert is announced when it fills in.
    <div role="alert" className={down ? 'banner banner-error' : 'banner-empty'}>
      {down && (
        <>
          <span className="spinner" aria-hidden="true" />
          <span>Connection to Tidings lost — reconnecting…</span>
          {state === 'unreachable' && failedAttempts >= HINT_AFTER_ATTEMPTS && (
            <span className="banner-hint">
              If this does not go away, open Tidings again with the address <code>npm run web</code> printed.
            </span>
          )}
        </>
      )}
    </div>
  );
}
