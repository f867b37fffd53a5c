import { useCallback } from 'react';
import type { Folder } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { applyLabelChange, type LabelChange } from '../common/labels';
import { useToast } from '../components/Toasts';
import { useSetLabels } from '../queries/useSetLabels';
import type { MessageListStore } from './list-store';
import { type Selection, selectAt } from './selection';

export interface MessageActions {
  setFlags: (ids: number[], change: { seen?: boolean; flagged?: boolean }) => Promise<void>;
  archive: (ids: number[]) => Promise<void>;
  junk: (ids: number[]) => Promise<void>;
  notJunk: (ids: number[]) => Promise<void>;
  remove: (ids: number[]) => Promise<void>;
  move: (ids: number[], folder: Folder) => Promise<void>;
  /**
   * Gmail: adds and removes labels. `leavesList`: the change takes the
   * messages out of the folder shown (its own label is removed), so the
   * selection moves on as after a move.
   */
  setLabels: (ids: number[], change: LabelChange, leavesList: boolean) => Promise<void>;
}

const plural = (n: number) => (n === 1 ? 'the message' : `${n} messages`);

/**
 * What the toolbar, the keyboard and drag and drop do, to the rows given:
 * messages, or conversations (each of its messages in the folder shown:
 * store.messageIds). The core applies an
 * action to its store at once (and queues it for the server), so after the
 * call the list is re-read and the row that took the place of the first
 * removed one is selected, as in every mail app. A refusal shows as a toast
 * with the core's words.
 */
export function useMessageActions(
  store: MessageListStore,
  getSelection: () => Selection,
  setSelection: (s: Selection) => void,
): MessageActions {
  const api = useApi();
  const toast = useToast();
  const changeLabels = useSetLabels();

  const setFlags = useCallback(
    async (ids: number[], change: { seen?: boolean; flagged?: boolean }) => {
      store.patch(ids, change);
      try {
        await api.call('messages.setFlags', { ids: store.messageIds(ids), ...change });
      } catch (failure) {
        toast(`Could not change ${plural(ids.length)}: ${toApiError(failure).message}`);
        void store.reload();
      }
    },
    [api, store, toast],
  );

  /** `what` says what failed, given "the message" or "3 messages". */
  const takeAway = useCallback(
    async (ids: number[], what: (messages: string) => string, call: () => Promise<unknown>) => {
      const selected = getSelection().ids;
      const touchesSelection = ids.some((id) => selected.has(id));
      const indexes = ids.map((id) => store.indexOf(id)).filter((i) => i >= 0);
      const at = indexes.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
      try {
        await call();
      } catch (failure) {
        toast(`Could not ${what(plural(ids.length))}: ${toApiError(failure).message}`);
        return;
      }
      await store.reload();
      if (touchesSelection) setSelection(selectAt(Number.isFinite(at) ? at : getSelection().cursorIndex));
    },
    [store, toast, getSelection, setSelection],
  );

  const setLabels = useCallback(
    async (ids: number[], change: LabelChange, leavesList: boolean) => {
      const call = () => changeLabels(store.messageIds(ids), change);
      if (leavesList) return takeAway(ids, (messages) => `change the labels of ${messages}`, call);
      // The chips change at once; the store.changed that follows confirms them.
      store.update(ids, (m) => (m.labels ? { ...m, labels: applyLabelChange(m.labels, change) as string[] } : m));
      try {
        await call();
      } catch (failure) {
        toast(`Could not change the labels of ${plural(ids.length)}: ${toApiError(failure).message}`);
        void store.reload();
      }
    },
    [changeLabels, store, takeAway, toast],
  );

  return {
    setFlags,
    setLabels,
    archive: useCallback(
      (ids) =>
        takeAway(
          ids,
          (m) => `archive ${m}`,
          () => api.call('messages.archive', { ids: store.messageIds(ids) }),
        ),
      [api, store, takeAway],
    ),
    junk: useCallback(
      (ids) =>
        takeAway(
          ids,
          (m) => `move ${m} to Junk`,
          () => api.call('messages.junk', { ids: store.messageIds(ids) }),
        ),
      [api, store, takeAway],
    ),
    notJunk: useCallback(
      (ids) =>
        takeAway(
          ids,
          (m) => `move ${m} back to the Inbox`,
          () => api.call('messages.notJunk', { ids: store.messageIds(ids) }),
        ),
      [api, store, takeAway],
    ),
    remove: useCallback(
      (ids) =>
        takeAway(
          ids,
          (m) => `delete ${m}`,
          () => api.call('messages.delete', { ids: store.messageIds(ids) }),
        ),
      [api, store, takeAway],
    ),
    move: useCallback(
      (ids, folder) =>
        takeAway(
          ids,
          (m) => `move ${m} to ${folder.name}`,
          () => api.call('messages.move', { ids: store.messageIds(ids), folderId: folder.id }),
        ),
      [api, store, takeAway],
    ),
  };
}
