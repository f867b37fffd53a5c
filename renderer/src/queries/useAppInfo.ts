import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract';
import type { ApiError } from '../../../shared/errors';
import { useApi, useConnection } from '../api/context';
import { toApiError } from '../api/errors';

export interface AppInfoState {
  info: AppInfo | null;
  error: ApiError | null;
}

export function useAppInfo(): AppInfoState {
  const api = useApi();
  const { reconnects } = useConnection();
  const [state, setState] = useState<AppInfoState>({ info: null, error: null });

  // Re-read after a reconnect: the core may have restarted with another keychain state.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnects is the trigger
  useEffect(() => {
    let current = true;
    api.call('app.info', {}).then(
      (info) => current && setState({ info, error: null }),
      (error: unknown) => current && setState((s) => ({ ...s, error: toApiError(error) })),
    );
    return () => {
      current = false;
    };
  }, [api, reconnects]);

  return state;
}
