import { useEffect, useState } from 'react';
import type { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';

export type SourceState = { state: 'loading' } | { state: 'ready'; source: string } | { state: 'failed'; error: ApiError };

/** The raw RFC 5322 source of a message, read once per id. */
export function useMessageSource(id: number): SourceState {
  const api = useApi();
  const [result, setResult] = useState<SourceState>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    api.call('messages.source', { id }).then(
      ({ source }) => current && setResult({ state: 'ready', source }),
      (failure: unknown) => current && setResult({ state: 'failed', error: toApiError(failure) }),
    );
    return () => {
      current = false;
    };
  }, [api, id]);
  return result;
}
