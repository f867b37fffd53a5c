import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { DEFAULT_SETTINGS, type Settings, type SettingsChange } from '../../../shared/settings';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

export interface SettingsState {
  /** The defaults until the core has answered (or when it could not). */
  settings: Settings;
  /** Whether `settings` is the core's answer. */
  loaded: boolean;
  /** Applies `change` at once; the core's answer (or, when it refuses, what it has) replaces it. Rejects with the refusal. */
  change: (change: SettingsChange) => Promise<void>;
}

/** The global settings (theme, reading pane, ...), kept by the core; every window hears a change (settings.changed, events.ts). */
export function useSettings(): SettingsState {
  const api = useApi();
  const client = useQueryClient();
  const { data } = useQuery({ queryKey: queryKeys.settings, queryFn: () => read(() => api.call('settings.get', {})) });
  const change = useCallback(
    async (change: SettingsChange) => {
      // Shown before the round trip: a theme or layout switch should feel instant.
      client.setQueryData<Settings>(queryKeys.settings, (now) => ({ ...(now ?? DEFAULT_SETTINGS), ...change }));
      try {
        client.setQueryData(queryKeys.settings, await read(() => api.call('settings.set', { change })));
      } catch (failure) {
        await client.invalidateQueries({ queryKey: queryKeys.settings });
        throw failure;
      }
    },
    [api, client],
  );
  return { settings: data ?? DEFAULT_SETTINGS, loaded: data !== undefined, change };
}
