import { queryOptions, useQuery } from '@tanstack/react-query';
import type { OutboxItem } from '../../../shared/compose';
import type { TidingsApi } from '../../../shared/contract';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

const NOTHING: ReadonlyMap<string, OutboxItem[]> = new Map();

function byAccount(list: OutboxItem[]): ReadonlyMap<string, OutboxItem[]> {
  const map = new Map<string, OutboxItem[]>();
  for (const item of list) map.set(item.accountId, [...(map.get(item.accountId) ?? []), item]);
  return map;
}

export function outboxQuery(api: TidingsApi) {
  return queryOptions({ queryKey: queryKeys.outbox, queryFn: () => read(() => api.call('outbox.list', {})) });
}

/** The outbox of every account, re-read on outbox.changed, .sent and .failed (events.ts). */
export function useOutbox(): ReadonlyMap<string, OutboxItem[]> {
  const api = useApi();
  // A failed read shows the last list known (or none): the next event reads again.
  const { data } = useQuery({ ...outboxQuery(api), select: byAccount });
  return data ?? NOTHING;
}
