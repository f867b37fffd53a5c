import { useState } from 'react';
import { DEFAULT_UNDO_SECONDS, type Draft, type OutboxItem } from '../../../shared/compose';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import type { ComposeAccount } from '../queries/useComposeAccount';
import { NOT_SENT_DISK_FULL } from './disk-full-words';
import { sendProblem } from './draft-body';
import type { DraftEditor } from './useDraft';
import type { DraftExit } from './useDraftExit';

interface SendOptions {
  editor: DraftEditor;
  account: ComposeAccount;
  exit: DraftExit;
  /** A file is still being uploaded: Send waits. */
  uploading: boolean;
  /** Queued in the outbox: the caller offers Undo. */
  onSent: (item: OutboxItem, draft: Draft, undoSeconds: number) => void;
  /** The draft cannot be sent as it is (no recipient, a bad address): the keyboard goes to To. */
  onInvalid: () => void;
}

/** Send: the draft is saved, then queued in the outbox with the account's Undo time. */
export function useSend({ editor, account, exit, uploading, onSent, onInvalid }: SendOptions): {
  send: () => Promise<void>;
  sending: boolean;
} {
  const api = useApi();
  const [sending, setSending] = useState(false);

  async function send() {
    if (sending) return;
    const why = sendProblem(editor.current());
    if (why) {
      exit.setProblem(why);
      onInvalid();
      return;
    }
    if (uploading) {
      exit.setProblem('Some attachments are still being added. Send again when they are done.');
      return;
    }
    exit.setProblem(null);
    setSending(true);
    try {
      const draftId = await editor.flush();
      const undoSeconds = account.settings?.undoSeconds;
      const item = await api.call('outbox.send', { draftId, ...(undoSeconds === undefined ? {} : { undoSeconds }) });
      exit.finish();
      onSent(item, { ...editor.current(), id: draftId }, undoSeconds ?? DEFAULT_UNDO_SECONDS);
    } catch (error) {
      const failure = toApiError(error);
      exit.setProblem(failure.code === 'disk_full' ? NOT_SENT_DISK_FULL : `Not sent: ${failure.message}`);
      setSending(false);
    }
  }

  return { send, sending };
}
