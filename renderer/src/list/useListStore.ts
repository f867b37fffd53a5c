import { useEffect, useMemo } from 'react';
import { useApi, useConnection } from '../api/context';
import { Coalescer } from '../common/coalesce';
import { type ListSource, MessageListStore } from './list-store';

// Re-read the list at most this often while a sync writes batch after batch.
const FOLDER_REREAD_MS = 100;
// A search re-runs over the whole store: less often.
const SEARCH_REREAD_MS = 500;

export function sourceKey(source: ListSource): string {
  if (source.kind === 'folder') return `folder:${source.folderId}`;
  if (source.kind === 'conversations') return `conversations:${source.folderId}`;
  if (source.kind === 'view') return `view:${source.view}`;
  if (source.kind === 'rows') return `rows:${source.key}`;
  return `search:${source.accountId ?? '*'}:${source.folderId ?? '*'}:${source.query}`;
}

/** The rows of a folder (or of a search), kept current by store.changed. No polling. */
export function useListStore(source: ListSource): MessageListStore {
  const api = useApi();
  const { reconnects } = useConnection();
  const key = sourceKey(source);
  // A new store per folder or query; the old one is simply dropped (nothing to close).
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for source
  const store = useMemo(() => new MessageListStore(api, source), [api, key]);

  useEffect(() => {
    const { source } = store;
    if (source.kind === 'rows') return; // given whole: nothing to re-read
    const coalescer = new Coalescer(() => store.reload(), source.kind === 'search' ? SEARCH_REREAD_MS : FOLDER_REREAD_MS);
    const off = api.on('store.changed', ({ accountId, folderIds }) => {
      // A unified view, or a search of every account, spans accounts: any change may show in it.
      if (source.kind !== 'view' && source.accountId !== undefined && accountId !== source.accountId) return;
      // A conversation also changes with its messages in other folders (a reply filed in Sent): any of the account's.
      if (source.kind === 'folder' && !folderIds.includes(source.folderId)) return;
      coalescer.request();
    });
    return () => {
      off();
      coalescer.dispose();
    };
  }, [api, store]);

  // Events may have been missed while the connection was down.
  useEffect(() => {
    if (reconnects > 0) store.invalidate();
  }, [store, reconnects]);

  return store;
}
