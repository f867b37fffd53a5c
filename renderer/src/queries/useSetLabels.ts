import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { TidingsApi } from '../../../shared/contract';
import type { MessageDetail } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { applyLabelChange, type LabelChange } from '../common/labels';
import { queryKeys } from './keys';

/**
 * messages.setLabels (Gmail): the reader's copy of each message shows the
 * change at once; the core applies it to its store at once too, and says so
 * with store.changed (the list and the folder counts follow: events.ts,
 * list/useListStore.ts). A refusal re-reads the messages and is thrown as an
 * ApiError, for the caller to show. Returns how many messages changed.
 */
export async function setLabels(api: TidingsApi, client: QueryClient, ids: number[], change: LabelChange): Promise<number> {
  for (const id of ids) {
    client.setQueryData<MessageDetail>(queryKeys.message(id), (message) => {
      if (!message?.labels) return message;
      return { ...message, labels: applyLabelChange(message.labels, change) };
    });
  }
  try {
    return (await api.call('messages.setLabels', { ids, add: change.add, remove: change.remove })).changed;
  } catch (failure) {
    await Promise.all(ids.map((id) => client.invalidateQueries({ queryKey: queryKeys.message(id) })));
    throw toApiError(failure);
  }
}

/** setLabels above, bound to this window's api and cache. */
export function useSetLabels(): (ids: number[], change: LabelChange) => Promise<number> {
  const api = useApi();
  const client = useQueryClient();
  return useCallback((ids, change) => setLabels(api, client, ids, change), [api, client]);
}
