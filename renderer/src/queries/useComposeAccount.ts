import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ComposeLimits, ComposeSettings, ComposeSettingsInput, Identity, IdentityInput } from '../../../shared/compose';
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

/** An account's compose settings (plain text only, undo time, Sent copies). */
function composeSettingsQuery(api: TidingsApi, accountId: string) {
  return queryOptions({
    queryKey: queryKeys.composeSettings(accountId),
    queryFn: () => read(() => api.call('compose.settings', { accountId })),
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
  const settings = useQuery(composeSettingsQuery(api, accountId));
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

/**
 * An account's identities as Settings edits them: the list, and `save` that
 * replaces it (identities.set) and puts the answer in every cache that shows
 * identities (compose's From included).
 */
export function useAccountIdentities(accountId: string): {
  identities: Identity[] | undefined;
  save: (identities: IdentityInput[]) => Promise<Identity[]>;
} {
  const api = useApi();
  const client = useQueryClient();
  const identities = useQuery(identitiesQuery(api, accountId));
  const save = useCallback(
    async (list: IdentityInput[]) => {
      const saved = await api.call('identities.set', { accountId, identities: list });
      client.setQueryData(queryKeys.identities(accountId), saved);
      void client.invalidateQueries({ queryKey: queryKeys.allIdentities });
      return saved;
    },
    [api, client, accountId],
  );
  return { identities: identities.data, save };
}

/** An account's compose settings as Settings edits them (Sent copies, plain text only). */
export function useAccountComposeSettings(accountId: string): {
  settings: ComposeSettings | undefined;
  change: (patch: ComposeSettingsInput) => Promise<ComposeSettings>;
} {
  const api = useApi();
  const client = useQueryClient();
  const settings = useQuery(composeSettingsQuery(api, accountId));
  const change = useCallback(
    async (patch: ComposeSettingsInput) => {
      const next = await api.call('compose.setSettings', { accountId, settings: patch });
      client.setQueryData(queryKeys.composeSettings(accountId), next);
      return next;
    },
    [api, client, accountId],
  );
  return { settings: settings.data, change };
}
