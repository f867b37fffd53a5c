import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
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
  // The change being made, shown by the control that made it in the same render as its event: the
  // cache tells its observers a tick later, and a controlled radio button would meanwhile spring back.
  const [pending, setPending] = useState<SettingsChange>({});
  const change = useCallback(
    async (change: SettingsChange) => {
      setPending((now) => ({ ...now, ...change }));
      // The rest of the window (theme, layout) sees it before the round trip too.
      client.setQueryData<Settings>(queryKeys.settings, (now) => ({ ...(now ?? DEFAULT_SETTINGS), ...change }));
      try {
        client.setQueryData(queryKeys.settings, await read(() => api.call('settings.set', { change })));
      } catch (failure) {
        await client.invalidateQueries({ queryKey: queryKeys.settings });
        throw failure;
      } finally {
        // Only the keys still as this change left them: a later change of the same key stays pending.
        setPending((now) => {
          const rest: Record<string, unknown> = { ...now };
          for (const [key, value] of Object.entries(change)) if (rest[key] === value) delete rest[key];
          return rest as SettingsChange;
        });
      }
    },
    [api, client],
  );
  return { settings: { ...(data ?? DEFAULT_SETTINGS), ...pending }, loaded: data !== undefined, change };
}
