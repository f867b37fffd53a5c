import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ComposeLimits, ComposeSettings, Identity } from '../../../shared/compose';
import type { TidingsApi } from '../../../shared/contract';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

export interface ComposeAccount {
  identities: Identity[];
  settings: ComposeSettings | null;
  limits: ComposeLimits | null;
}

const NO_IDENTITIES: Identity[] = [];

// No event says these changed (another window may have): each is read again
// whenever a compose pane opens (staleTime 0), showing the last answer meanwhile.

/** An account's identities (From); also read by compose/ComposeContext for the signature. */
function identitiesQuery(api: TidingsApi, accountId: string) {
  return queryOptions({
    queryKey: queryKeys.identities(accountId),
    queryFn: () => read(() => api.call('identities.list', { accountId })),
    staleTime: 0,
  });
}

/** Reads an account's identities now (through the cache), for code outside rendering. */
export function useReadIdentities(): (accountId: string) => Promise<Identity[]> {
  const api = useApi();
  const client = useQueryClient();
  return useCallback((accountId: string) => client.fetchQuery(identitiesQuery(api, accountId)), [api, client]);
}

/**
 * What the compose pane needs to know about the sending account: its
 * identities (From), its settings (plain text only, undo time) and the
 * server's SIZE limit. Each is optional to the pane: a failure to read one
 * leaves the default (no limit known, rich text, the account's address).
 */
export function useComposeAccount(accountId: string): ComposeAccount & { setSettings: (s: ComposeSettings) => void } {
  const api = useApi();
  const client = useQueryClient();
  const identities = useQuery(identitiesQuery(api, accountId));
  const settings = useQuery({
    queryKey: queryKeys.composeSettings(accountId),
    queryFn: () => read(() => api.call('compose.settings', { accountId })),
    staleTime: 0,
  });
  // Asks the server when the limit is not known yet: may take a moment, or never come (offline).
  const limits = useQuery({
    queryKey: queryKeys.composeLimits(accountId),
    queryFn: () => read(() => api.call('compose.limits', { accountId })),
    staleTime: 0,
  });
  const setSettings = useCallback(
    (changed: ComposeSettings) => client.setQueryData(queryKeys.composeSettings(accountId), changed),
    [client, accountId],
  );
  return { identities: identities.data ?? NO_IDENTITIES, settings: settings.data ?? null, limits: limits.data ?? null, setSettings };
}

/** Every account's identities: compose's From offers them all (choosing one of another account sends through that account). */
export function useAllIdentities(): Identity[] {
  const api = useApi();
  const all = useQuery({
    queryKey: queryKeys.allIdentities,
    queryFn: () => read(() => api.call('identities.list', {})),
    staleTime: 0,
  });
  return all.data ?? NO_IDENTITIES;
}
