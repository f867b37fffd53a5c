import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { TidingsApi } from '../../../shared/contract';
import type { ApiError } from '../../../shared/errors';
import type { MessageDetail } from '../../../shared/mail';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

export type MessageState = { state: 'loading' } | { state: 'ready'; message: MessageDetail } | { state: 'failed'; error: ApiError };

/** Not kept once the reader closes it (gcTime 0): opening it again reads it again. */
export function messageQuery(api: TidingsApi, id: number) {
  return queryOptions({ queryKey: queryKeys.message(id), queryFn: () => read(() => api.call('messages.get', { id })), gcTime: 0 });
}

/**
 * One message for the reader. A body that is not downloaded yet is read again
 * when the store says its folder changed (the sync may just have fetched it:
 * events.ts).
 */
export function useMessage(id: number): { result: MessageState; update: (change: Partial<MessageDetail>) => void } {
  const api = useApi();
  const client = useQueryClient();
  const { data, error } = useQuery(messageQuery(api, id));

  const result = useMemo<MessageState>(
    () => (data ? { state: 'ready', message: data } : error ? { state: 'failed', error } : { state: 'loading' }),
    [data, error],
  );

  const update = useCallback(
    (change: Partial<MessageDetail>) =>
      client.setQueryData<MessageDetail>(queryKeys.message(id), (message) => message && { ...message, ...change }),
    [client, id],
  );

  return { result, update };
}
