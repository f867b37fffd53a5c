import type { AppInfoState } from '../queries/useAppInfo';

/** Facts about the whole app the user should keep in mind, shown above everything. */
export function AppNotices({ info, error }: AppInfoState) {
  return (
    <>
      {info?.secretStorage === 'memory' && (
        <div role="note" className="banner banner-warning">
          <strong>No system keychain available: passwords are kept in memory until Tidings quits.</strong>
          {info.secretStorageMessage && <span>{info.secretStorageMessage}</span>}
        </div>
      )}
      {error && (
        <div role="alert" className="banner banner-error">
          Could not ask Tidings whether passwords can be saved: {error.message}
        </div>
      )}
    </>
  );
}
