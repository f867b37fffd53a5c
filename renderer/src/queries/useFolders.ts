import { useCallback, useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import type { Folder } from '../../../shared/mail';
import { useApi, useConnection } from '../api/context';
import { toApiError } from '../api/errors';
import { Coalescer } from '../common/coalesce';

// Counts change with every batch a sync writes, and the core announces those as
// store.changed for the account: re-read its folder list, at most this often.
const REREAD_MS = 250;

export interface FoldersState {
  /** Folders per account id; an account is missing until its first list arrives. */
  byAccount: ReadonlyMap<string, Folder[]>;
  error: ApiError | null;
}

export interface Folders extends FoldersState {
  /** Re-reads one account's folders now (after a change the user made: no waiting for store.changed). */
  reload: (accountId: string) => Promise<void>;
}

export function useFolders(accounts: Account[] | null): Folders {
  const api = useApi();
  const { reconnects } = useConnection();
  const [state, setState] = useState<FoldersState>({ byAccount: new Map(), error: null });
  const coalescers = useRef(new Map<string, Coalescer>());
  const accountKey = accounts?.map((a) => a.id).join(',') ?? '';

  const read = useCallback(
    (accountId: string) =>
      api.call('folders.list', { accountId }).then(
        (folders) =>
          setState((s) => {
            // An account removed while its list was on the way stays removed.
            if (!coalescers.current.has(accountId)) return s;
            const next = new Map(s.byAccount);
            next.set(accountId, folders);
            return { byAccount: next, error: null };
          }),
        (failure: unknown) => setState((s) => ({ ...s, error: toApiError(failure) })),
      ),
    [api],
  );

  // One coalesced re-read per account; built when the set of accounts changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: accountKey stands for the account ids; reconnects re-reads everything
  useEffect(() => {
    const ids = accountKey ? accountKey.split(',') : [];
    const map = new Map<string, Coalescer>();
    for (const accountId of ids) {
      const coalescer = new Coalescer(() => read(accountId), REREAD_MS);
      map.set(accountId, coalescer);
      coalescer.now();
    }
    coalescers.current = map;
    // Forget the folders of removed accounts.
    setState((s) => ({ ...s, byAccount: new Map([...s.byAccount].filter(([id]) => map.has(id))) }));
    return () => {
      for (const c of map.values()) c.dispose();
    };
  }, [read, accountKey, reconnects]);

  useEffect(() => api.on('store.changed', ({ accountId }) => coalescers.current.get(accountId)?.request()), [api]);

  return { ...state, reload: read };
}
