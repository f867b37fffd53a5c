import { useCallback, useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import { useApi, useConnection } from '../api/context';
import { toApiError } from '../api/errors';

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
}

export function useAccounts(): AccountsState {
  const api = useApi();
  const { reconnects } = useConnection();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Lists can overtake each other; only the newest request may write.
  const latestRequest = useRef(0);
  // Status events, numbered as they come: a list (or a just-added account)
  // that was read before an event must not put the older status back.
  const statusEvents = useRef({ count: 0, byAccount: new Map<string, { status: Account['status']; seq: number }>() });
  const withNewerStatuses = useCallback((list: Account[], since: number): Account[] => {
    const { byAccount } = statusEvents.current;
    return list.map((a) => {
      const event = byAccount.get(a.id);
      return event && event.seq > since ? { ...a, status: event.status } : a;
    });
  }, []);

  const reload = useCallback(() => {
    const request = ++latestRequest.current;
    const since = statusEvents.current.count;
    api.call('accounts.list', {}).then(
      (list) => {
        if (request !== latestRequest.current) return;
        setAccounts(withNewerStatuses(list, since));
        setError(null);
      },
      (failure: unknown) => {
        if (request === latestRequest.current) setError(toApiError(failure));
      },
    );
  }, [api, withNewerStatuses]);

  // Initial read, and again after a reconnect: events may have been missed meanwhile.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnects is the trigger
  useEffect(() => reload(), [reload, reconnects]);

  useEffect(() => api.on('accounts.changed', () => reload()), [api, reload]);

  useEffect(
    () =>
      api.on('account.status', ({ accountId, status }) => {
        const events = statusEvents.current;
        events.byAccount.set(accountId, { status, seq: ++events.count });
        setAccounts((list) => list?.map((a) => (a.id === accountId ? { ...a, status } : a)) ?? null);
      }),
    [api],
  );

  // An account the UI just saved (its status as of saving; any event about it since is newer).
  const upsert = useCallback(
    (saved: Account) => {
      const [account] = withNewerStatuses([saved], 0) as [Account];
      setAccounts((list) => {
        const current = list ?? [];
        return current.some((a) => a.id === account.id) ? current.map((a) => (a.id === account.id ? account : a)) : [...current, account];
      });
    },
    [withNewerStatuses],
  );

  const drop = useCallback((id: string) => {
    setAccounts((list) => list?.filter((a) => a.id !== id) ?? null);
  }, []);

  return { accounts, error, reload, upsert, drop };
}
