import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../shared/errors';
import type { MessageDetail } from '../../../shared/mail';
import { useApi, useConnection } from '../api/context';
import { toApiError } from '../api/errors';
import { Coalescer } from '../common/coalesce';

export type MessageState = { state: 'loading' } | { state: 'ready'; message: MessageDetail } | { state: 'failed'; error: ApiError };

/**
 * One message for the reader. A body that is not downloaded yet is read again
 * when the store says its folder changed (the sync may just have fetched it).
 */
export function useMessage(id: number): { result: MessageState; update: (change: Partial<MessageDetail>) => void } {
  const api = useApi();
  const { reconnects } = useConnection();
  const [result, setResult] = useState<MessageState>({ state: 'loading' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnects is a trigger (events may have been missed)
  useEffect(() => {
    let current = true;
    let folderId: number | null = null;
    let missing = false;
    const load = () =>
      api.call('messages.get', { id }).then(
        (message) => {
          if (!current) return;
          folderId = message.folderId;
          missing = message.body === 'missing';
          setResult({ state: 'ready', message });
        },
        (failure: unknown) => current && setResult({ state: 'failed', error: toApiError(failure) }),
      );
    const reread = new Coalescer(load, 100);
    setResult({ state: 'loading' });
    void load();
    const off = api.on('store.changed', ({ folderIds }) => {
      if (missing && folderId !== null && folderIds.includes(folderId)) reread.request();
    });
    return () => {
      current = false;
      off();
      reread.dispose();
    };
  }, [api, id, reconnects]);

  const update = useCallback(
    (change: Partial<MessageDetail>) =>
      setResult((r) => (r.state === 'ready' ? { state: 'ready', message: { ...r.message, ...change } } : r)),
    [],
  );

  return { result, update };
}
