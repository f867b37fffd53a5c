import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { TidingsApi } from '../../../shared/contract';
import type { ApiError } from '../../../shared/errors';
import type { ThreadView } from '../../../shared/mail';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

export type ThreadState = { state: 'loading' } | { state: 'ready'; thread: ThreadView } | { state: 'failed'; error: ApiError };

/** Not kept once the reader closes it (gcTime 0); re-read while open when the store changes (events.ts). */
export function threadQuery(api: TidingsApi, threadId: number, folderId: number) {
  return queryOptions({
    queryKey: queryKeys.thread(threadId, folderId),
    queryFn: () => read(() => api.call('messages.thread', { threadId, folderId })),
    gcTime: 0,
  });
}

/** A whole conversation for the reader: its messages in every folder, oldest first (each one's body: useMessage). */
export function useThread(threadId: number, folderId: number): ThreadState {
  const api = useApi();
  const { data, error } = useQuery(threadQuery(api, threadId, folderId));
  return useMemo<ThreadState>(
    () => (data ? { state: 'ready', thread: data } : error ? { state: 'failed', error } : { state: 'loading' }),
    [data, error],
  );
}
