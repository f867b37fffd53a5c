import type { QueryClient } from '@tanstack/react-query';
import type { Account } from '../../../shared/accounts';
import type { TidingsApi } from '../../../shared/contract';
import type { MessageDetail } from '../../../shared/mail';
import type { ConnectionMonitor } from '../api/connection';
import { Coalescer } from '../common/coalesce';
import type { AccountStatuses } from './account-statuses';
import { queryKeys } from './keys';

// The one place where the core's events become cache updates. The core
// announces every change; nothing here polls. The message list is not here:
// it keeps its own page cache (list/useListStore.ts).

/** Counts change with every batch a sync writes: re-read an account's folder list at most this often. */
export const FOLDERS_REREAD_MS = 250;
/** A message whose body is not downloaded yet is re-read at most this often while its folder changes. */
export const MISSING_BODY_REREAD_MS = 100;
/** A conversation open in the reader is re-read at most this often while the store changes (a reply may join it). */
export const THREAD_REREAD_MS = 250;

/**
 * Follows the core's events and the connection for `client`; returns the
 * function that stops following. After a reconnect everything is re-read:
 * events may have been missed while the connection was down.
 */
export function followCoreEvents(
  api: TidingsApi,
  connection: ConnectionMonitor,
  client: QueryClient,
  statuses: AccountStatuses,
): () => void {
  const folderRereads = new Map<string, Coalescer>();
  const folderReread = (accountId: string): Coalescer => {
    let reread = folderRereads.get(accountId);
    if (!reread) {
      reread = new Coalescer(() => client.invalidateQueries({ queryKey: queryKeys.folders(accountId) }), FOLDERS_REREAD_MS);
      folderRereads.set(accountId, reread);
    }
    return reread;
  };

  // The unified views count every account's mail: any change may change them.
  const viewCountsReread = new Coalescer(() => client.invalidateQueries({ queryKey: queryKeys.viewCounts }), FOLDERS_REREAD_MS);

  // Messages shown without their body: the sync may just have fetched it.
  const waitingBodies = new Set<string>();
  const bodyReread = new Coalescer(() => {
    const hashes = new Set(waitingBodies);
    waitingBodies.clear();
    return client.invalidateQueries({ predicate: (query) => hashes.has(query.queryHash) });
  }, MISSING_BODY_REREAD_MS);

  // Conversations span folders: any change may add to the one open (only open ones are kept: gcTime 0).
  const threadReread = new Coalescer(() => client.invalidateQueries({ queryKey: queryKeys.allThreads }), THREAD_REREAD_MS);

  const offs = [
    api.on('accounts.changed', () => {
      void client.invalidateQueries({ queryKey: queryKeys.accounts });
      viewCountsReread.request();
    }),
    api.on('account.status', ({ accountId, status }) => {
      statuses.record(accountId, status);
      client.setQueryData<Account[]>(queryKeys.accounts, (list) => list?.map((a) => (a.id === accountId ? { ...a, status } : a)));
    }),
    api.on('store.changed', ({ accountId, folderIds }) => {
      folderReread(accountId).request();
      viewCountsReread.request();
      if (client.getQueryCache().findAll({ queryKey: queryKeys.allThreads }).length > 0) threadReread.request();
      for (const query of client.getQueryCache().findAll({ queryKey: queryKeys.allMessages })) {
        const message = query.state.data as MessageDetail | undefined;
        if (message?.body !== 'missing' || !folderIds.includes(message.folderId)) continue;
        waitingBodies.add(query.queryHash);
        bodyReread.request();
      }
    }),
    // The whole set comes with the event: no re-read.
    api.on('settings.changed', (settings) => client.setQueryData(queryKeys.settings, settings)),
    api.on('outbox.changed', () => void client.invalidateQueries({ queryKey: queryKeys.outbox })),
    api.on('outbox.sent', () => void client.invalidateQueries({ queryKey: queryKeys.outbox })),
    api.on('outbox.failed', () => void client.invalidateQueries({ queryKey: queryKeys.outbox })),
  ];

  let reconnects = connection.getSnapshot().reconnects;
  offs.push(
    connection.subscribe(() => {
      const now = connection.getSnapshot().reconnects;
      if (now === reconnects) return;
      reconnects = now;
      void client.invalidateQueries();
    }),
  );

  return () => {
    for (const off of offs) off();
    for (const reread of folderRereads.values()) reread.dispose();
    viewCountsReread.dispose();
    bodyReread.dispose();
    threadReread.dispose();
  };
}
