import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Account } from '../../../shared/accounts';
import type { TidingsApi } from '../../../shared/contract';
import type { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import type { AccountStatuses } from './account-statuses';
import { read } from './client';
import { queryKeys } from './keys';
import { useAccountStatuses } from './ServerStateProvider';

export interface AccountsState {
  /** null until the first list arrives. */
  accounts: Account[] | null;
  /** The last failure to read the list; cleared by the next success. */
  error: ApiError | null;
  reload: () => void;
  /** Show an account we just added/changed without waiting for the next list. */
  upsert: (account: Account) => void;
  /** Drop an account we just removed without waiting for the next list. */
  drop: (id: string) => void;
  /** Show the whole list as the core just answered it (accounts.reorder). */
  replace: (list: Account[]) => void;
}

/** The saved accounts, with the statuses of account.status events that came after the list was asked for. */
export function accountsQuery(api: TidingsApi, statuses: AccountStatuses) {
  return queryOptions({
    queryKey: queryKeys.accounts,
    queryFn: async () => {
      const since = statuses.mark();
      return statuses.apply(await read(() => api.call('accounts.list', {})), since);
    },
  });
}

/** The saved accounts, re-read on accounts.changed; account.status events patch them (events.ts). */
export function useAccounts(): AccountsState {
  const api = useApi();
  const client = useQueryClient();
  const statuses = useAccountStatuses();
  const { data, error, refetch } = useQuery(accountsQuery(api, statuses));

  const reload = useCallback(() => void refetch(), [refetch]);

  // An account the UI just saved (its status as of saving; any event about it since is newer).
  const upsert = useCallback(
    (saved: Account) => {
      const [account] = statuses.apply([saved], 0) as [Account];
      client.setQueryData<Account[]>(queryKeys.accounts, (list = []) =>
        list.some((a) => a.id === account.id) ? list.map((a) => (a.id === account.id ? account : a)) : [...list, account],
      );
    },
    [client, statuses],
  );

  const drop = useCallback(
    (id: string) => client.setQueryData<Account[]>(queryKeys.accounts, (list) => list?.filter((a) => a.id !== id)),
    [client],
  );

  const replace = useCallback(
    (list: Account[]) => client.setQueryData<Account[]>(queryKeys.accounts, statuses.apply(list, 0)),
    [client, statuses],
  );

  return { accounts: data ?? null, error, reload, upsert, drop, replace };
}
