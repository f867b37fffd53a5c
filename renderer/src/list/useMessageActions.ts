import { useCallback } from 'react';
import type { Folder } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { useToast } from '../components/Toasts';
import type { MessageListStore } from './list-store';
import { type Selection, selectAt } from './selection';

export interface MessageActions {
  setFlags: (ids: number[], change: { seen?: boolean; flagged?: boolean }) => Promise<void>;
  archive: (ids: number[]) => Promise<void>;
  remove: (ids: number[]) => Promise<void>;
  move: (ids: number[], folder: Folder) => Promise<void>;
}

const plural = (n: number) => (n === 1 ? 'the message' : `${n} messages`);

/**
 * What the toolbar, the keyboard and drag and drop do. The core applies an
 * action to its store at once (and queues it for the server), so after the
 * call the list is re-read and the row that took the place of the first
 * removed one is selected, as in every mail app.
 */
export function useMessageActions(
  store: MessageListStore,
  getSelection: () => Selection,
  setSelection: (s: Selection) => void,
): MessageActions {
  const api = useApi();
  const toast = useToast();

  const setFlags = useCallback(
    async (ids: number[], change: { seen?: boolean; flagged?: boolean }) => {
      store.patch(ids, change);
      try {
        await api.call('messages.setFlags', { ids, ...change });
      } catch (failure) {
        toast(`Could not change ${plural(ids.length)}: ${toApiError(failure).message}`);
        void store.reload();
      }
    },
    [api, store, toast],
  );

  const takeAway = useCallback(
    async (ids: number[], verb: string, call: () => Promise<unknown>) => {
      const selected = getSelection().ids;
      const touchesSelection = ids.some((id) => selected.has(id));
      const indexes = ids.map((id) => store.indexOf(id)).filter((i) => i >= 0);
      const at = indexes.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
      try {
        await call();
      } catch (failure) {
        toast(`Could not ${verb} ${plural(ids.length)}: ${toApiError(failure).message}`);
        return;
      }
      await store.reload();
      if (touchesSelection) setSelection(selectAt(Number.isFinite(at) ? at : getSelection().cursorIndex));
    },
    [store, toast, getSelection, setSelection],
  );

  return {
    setFlags,
    archive: useCallback((ids) => takeAway(ids, 'archive', () => api.call('messages.archive', { ids })), [api, takeAway]),
    remove: useCallback((ids) => takeAway(ids, 'delete', () => api.call('messages.delete', { ids })), [api, takeAway]),
    move: useCallback(
      (ids, folder) => takeAway(ids, `move to ${folder.name}`, () => api.call('messages.move', { ids, folderId: folder.id })),
      [api, takeAway],
    ),
  };
}
