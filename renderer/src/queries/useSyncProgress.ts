import { useEffect, useState } from 'react';
import type { Events } from '../../../shared/contract';
import { useApi } from '../api/context';

export type SyncProgress = Events['sync.progress'];

// Bodies are announced one batch at a time; the sidebar needs no more than a few updates a second.
const RENDER_EVERY_MS = 250;

/** The latest sync.progress of each account (until it reports 'idle'; the account's status then says since when it is up to date). */
export function useSyncProgress(): ReadonlyMap<string, SyncProgress> {
  const api = useApi();
  const [progress, setProgress] = useState<ReadonlyMap<string, SyncProgress>>(new Map());

  useEffect(() => {
    const latest = new Map<string, SyncProgress>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      setProgress(new Map(latest));
    };
    const off = api.on('sync.progress', (event) => {
      if (event.phase === 'idle') latest.delete(event.accountId);
      else latest.set(event.accountId, event);
      // 'idle' shows at once: "Downloading 19,500 of 20,000 messages" must not linger after the end.
      if (event.phase === 'idle') {
        if (timer) clearTimeout(timer);
        flush();
      } else {
        timer ??= setTimeout(flush, RENDER_EVERY_MS);
      }
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api]);

  return progress;
}
