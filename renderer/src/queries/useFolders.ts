import { queryOptions, type UseQueryResult, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Account } from '../../../shared/accounts';
import type { TidingsApi } from '../../../shared/contract';
import type { ApiError } from '../../../shared/errors';
import type { Folder } from '../../../shared/mail';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

// An account's folder list, re-read (coalesced) on every store.changed of the account: see events.ts.

export function foldersQuery(api: TidingsApi, accountId: string) {
  return queryOptions({ queryKey: queryKeys.folders(accountId), queryFn: () => read(() => api.call('folders.list', { accountId })) });
}

export interface FoldersState {
  /** Folders per account id; an account is missing until its first list arrives. */
  byAccount: ReadonlyMap<string, Folder[]>;
  error: ApiError | null;
}

export interface Folders extends FoldersState {
  /** Re-reads one account's folders now (after a change the user made: no waiting for store.changed). */
  reload: (accountId: string) => Promise<void>;
}

/** The folders of every account. */
export function useFolders(accounts: Account[] | null): Folders {
  const api = useApi();
  const client = useQueryClient();
  const accountKey = accounts?.map((a) => a.id).join(',') ?? '';
  const combine = useCallback(
    (results: UseQueryResult<Folder[]>[]): FoldersState => {
      const ids = accountKey ? accountKey.split(',') : [];
      const byAccount = new Map<string, Folder[]>();
      results.forEach((result, at) => {
        if (result.data) byAccount.set(ids[at] as string, result.data);
      });
      return { byAccount, error: results.find((result) => result.error)?.error ?? null };
    },
    [accountKey],
  );
  const state = useQueries({ queries: (accounts ?? []).map((a) => foldersQuery(api, a.id)), combine });
  const reload = useCallback((accountId: string) => client.invalidateQueries({ queryKey: queryKeys.folders(accountId) }), [client]);
  return { ...state, reload };
}

/** One account's folders (null until read, or while there is no account yet). */
export function useAccountFolders(accountId: string | null): Folder[] | null {
  const api = useApi();
  const { data } = useQuery({ ...foldersQuery(api, accountId ?? ''), enabled: accountId !== null });
  return data ?? null;
}
