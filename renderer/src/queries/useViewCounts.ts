import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TidingsApi } from '../../../shared/contract';
import type { UnifiedView, ViewCounts } from '../../../shared/mail';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

const NOTHING: ReadonlyMap<UnifiedView, ViewCounts> = new Map();

export function viewCountsQuery(api: TidingsApi) {
  return queryOptions({ queryKey: queryKeys.viewCounts, queryFn: () => read(() => api.call('views.list', {})) });
}

/** The unified views' counts (All Inboxes, Unread, ...), re-read (coalesced) on every store.changed: see events.ts. */
export function useViewCounts(enabled = true): ReadonlyMap<UnifiedView, ViewCounts> {
  const api = useApi();
  // A failed read shows the last counts known (or none): the next event reads again.
  const { data } = useQuery({ ...viewCountsQuery(api), enabled, select: (list) => new Map(list.map((c) => [c.view, c])) });
  return data ?? NOTHING;
}
