import { useCallback, useRef, useState } from 'react';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import type { DraftEditor } from './useDraft';

export interface DraftExit {
  /** Why the pane could not do what was asked (not saved, not discarded, not sent); shown above the fields. */
  problem: string | null;
  setProblem: (problem: string | null) => void;
  /** Close and keep the draft (Escape, the close button); stays open when it cannot be saved. */
  close: () => Promise<void>;
  /** Delete the draft and close. */
  discard: () => Promise<void>;
  /** The pane is done with this draft (sent): no more saving or uploading. */
  finish: () => void;
  isClosed: () => boolean;
}

/** How the pane ends: closed with the draft kept, discarded, or (through useSend) sent. Nothing typed may be lost. */
export function useDraftExit(editor: DraftEditor, onClose: () => void): DraftExit {
  const api = useApi();
  const closed = useRef(false);
  const [problem, setProblem] = useState<string | null>(null);
  const isClosed = useCallback(() => closed.current, []);

  async function close() {
    if (closed.current) return;
    closed.current = true;
    editor.stop();
    if (editor.hasContent()) {
      try {
        await editor.flush();
      } catch {
        // Still saved locally by the next try? No: say so and stay open, nothing typed may be lost.
        closed.current = false;
        editor.resume();
        setProblem('The draft could not be saved, so the window stays open. Copy what you wrote, or try again.');
        return;
      }
    }
    onClose();
  }

  async function discard() {
    closed.current = true;
    editor.stop();
    const id = editor.id();
    if (id) {
      try {
        await api.call('drafts.delete', { id });
      } catch (error) {
        closed.current = false;
        setProblem(`Could not discard the draft: ${toApiError(error).message}`);
        return;
      }
    }
    onClose();
  }

  function finish() {
    closed.current = true;
    editor.stop();
  }

  return { problem, setProblem, close, discard, finish, isClosed };
}
