import { useQuery } from '@tanstack/react-query';
import type { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

export type SourceState = { state: 'loading' } | { state: 'ready'; source: string } | { state: 'failed'; error: ApiError };

/** The raw RFC 5322 source of a message, read once per id (while its dialog is open). */
export function useMessageSource(id: number): SourceState {
  const api = useApi();
  const { data, error } = useQuery({
    queryKey: queryKeys.messageSource(id),
    queryFn: () => read(() => api.call('messages.source', { id })),
    gcTime: 0,
  });
  if (data) return { state: 'ready', source: data.source };
  return error ? { state: 'failed', error } : { state: 'loading' };
}
