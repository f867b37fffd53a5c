import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MessageSummary } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';

// "Search on server" for the accounts a search covers: one
// messages.searchServer per account, all at once, each with its own state
// (searching, how many found, or the core's words for why not: offline, not
// a server to ask), the matches merged newest first. The core leaves out
// what the local search finds (exceptLocal), so nothing already in the list
// above is repeated. A new query or scope starts over, unasked.

/** An account to ask, and the folder when the search is narrowed to one. */
export interface ServerTarget {
  accountId: string;
  /** How the account is named in the progress lines. */
  name: string;
  folderId?: number | undefined;
}

export type ServerSearchState = { state: 'searching' } | { state: 'done'; found: number } | { state: 'failed'; message: string };

export interface ServerSearch {
  /** Asked since the query or scope last changed. */
  started: boolean;
  /** Some account has not answered yet. */
  running: boolean;
  accounts: { target: ServerTarget; status: ServerSearchState }[];
  /** Every account's matches, newest first. */
  rows: MessageSummary[];
  run: () => void;
}

/** The most matches asked of one account (the contract allows 500). */
const PER_ACCOUNT = 100;

/**
 * `key` names the query and scope: when it changes, what was found goes.
 * `onAnswer` runs after each account's answer (the local list re-reads: the
 * server's matches may have stored headers the local search now finds).
 */
export function useServerSearch(key: string, query: string, targets: readonly ServerTarget[], onAnswer: () => void): ServerSearch {
  const api = useApi();
  const [run, setRun] = useState<{ key: string; statuses: ServerSearchState[]; found: MessageSummary[][] } | null>(null);
  // Answers to an earlier query or scope are dropped.
  const current = useRef(key);
  current.current = key;
  const latest = useRef({ query, targets, onAnswer });
  latest.current = { query, targets, onAnswer };

  useEffect(() => {
    if (run && run.key !== key) setRun(null);
  }, [key, run]);

  const start = useCallback(() => {
    const { query, targets } = latest.current;
    const runKey = current.current;
    setRun({ key: runKey, statuses: targets.map(() => ({ state: 'searching' })), found: targets.map(() => []) });
    targets.forEach((target, at) => {
      const args = {
        accountId: target.accountId,
        query,
        limit: PER_ACCOUNT,
        exceptLocal: true,
        ...(target.folderId !== undefined ? { folderId: target.folderId } : {}),
      };
      const settle = (status: ServerSearchState, rows: MessageSummary[]) => {
        if (current.current !== runKey) return;
        setRun((was) => {
          if (!was || was.key !== runKey) return was;
          const statuses = was.statuses.map((s, i) => (i === at ? status : s));
          const found = was.found.map((f, i) => (i === at ? rows : f));
          return { ...was, statuses, found };
        });
        latest.current.onAnswer();
      };
      api.call('messages.searchServer', args).then(
        (rows) => settle({ state: 'done', found: rows.length }, rows),
        (failure: unknown) => settle({ state: 'failed', message: toApiError(failure).message }, []),
      );
    });
  }, [api]);

  const live = run && run.key === key ? run : null;
  const rows = useMemo(() => (live ? mergeNewest(live.found) : []), [live]);
  return {
    started: live !== null,
    running: live?.statuses.some((s) => s.state === 'searching') ?? false,
    accounts: live ? targets.map((target, i) => ({ target, status: live.statuses[i] ?? { state: 'searching' } })) : [],
    rows,
    run: start,
  };
}

/** Lists merged newest first, each message once. */
export function mergeNewest(lists: readonly (readonly MessageSummary[])[]): MessageSummary[] {
  const seen = new Set<number>();
  const all: MessageSummary[] = [];
  for (const list of lists) {
    for (const m of list) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      all.push(m);
    }
  }
  return all.sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.id - a.id);
}
