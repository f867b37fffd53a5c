import { useQuery } from '@tanstack/react-query';
import type { AppInfo } from '../../../shared/contract';
import type { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

export interface AppInfoState {
  info: AppInfo | null;
  error: ApiError | null;
}

/** Version and keychain state; re-read after a reconnect (the core may have restarted with another keychain state). */
export function useAppInfo(): AppInfoState {
  const api = useApi();
  const { data, error } = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => read(() => api.call('app.info', {})) });
  return { info: data ?? null, error };
}
