import { useCallback, useEffect, useState } from 'react';
import type { OutboxItem } from '../../../shared/compose';
import { useApi } from '../api/context';

/** The outbox of every account, kept current by `outbox.changed`. */
export function useOutbox(): ReadonlyMap<string, OutboxItem[]> {
  const api = useApi();
  const [items, setItems] = useState<ReadonlyMap<string, OutboxItem[]>>(new Map());

  const read = useCallback(async () => {
    try {
      const list = await api.call('outbox.list', {});
      const byAccount = new Map<string, OutboxItem[]>();
      for (const item of list) byAccount.set(item.accountId, [...(byAccount.get(item.accountId) ?? []), item]);
      setItems(byAccount);
    } catch {
      // Not known now; the next change event reads again.
    }
  }, [api]);

  useEffect(() => {
    void read();
    const offChanged = api.on('outbox.changed', () => void read());
    const offSent = api.on('outbox.sent', () => void read());
    const offFailed = api.on('outbox.failed', () => void read());
    return () => {
      offChanged();
      offSent();
      offFailed();
    };
  }, [api, read]);

  return items;
}
