import { useQuery } from '@tanstack/react-query';
import type { OAuthProvider } from '../../../shared/oauth';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

const NONE: Record<OAuthProvider, boolean> = { google: false, microsoft: false };

/** Which providers can sign in in this build (a client ID is configured); null while asking, none when asking failed. */
export function useOAuthProviders(): Record<OAuthProvider, boolean> | null {
  const api = useApi();
  const { data, isError } = useQuery({ queryKey: queryKeys.oauthProviders, queryFn: () => read(() => api.call('oauth.providers', {})) });
  return data ?? (isError ? NONE : null);
}
