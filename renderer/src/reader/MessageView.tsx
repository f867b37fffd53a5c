import { useEffect, useId, useRef, useState } from 'react';
import type { MessageDetail } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { useToast } from '../components/Toasts';
import { useMessage } from '../queries/useMessage';
import { AttachmentList, listedAttachments } from './AttachmentList';
import { MessageBody } from './MessageBody';
import { MessageHeader } from './MessageHeader';
import { ReaderStatus, useFocusWhenWanted } from './reader-state';
import { SourceDialog } from './SourceDialog';
import { emlFileName, latin1ToBytes, saveFile } from './save-file';

interface Props {
  id: number;
  /** Called once per message when it has been read from the store (to mark it read). */
  onOpened: (message: MessageDetail) => void;
  /** Escape goes back to the list. */
  onLeave: () => void;
  /** Enter in the list: take the keyboard once the message is shown. */
  focusWanted: boolean;
  onFocused: () => void;
  /** Gmail: takes a label off this message (the header's chips). */
  onRemoveLabel?: ((label: string) => void) | undefined;
}

export function MessageView({ id, onOpened, onLeave, focusWanted, onFocused, onRemoveLabel }: Props) {
  const api = useApi();
  const toast = useToast();
  const { result, update } = useMessage(id);
  const [viewingSource, setViewingSource] = useState(false);
  const headingId = useId();
  const opened = useRef<number | null>(null);
  const article = useRef<HTMLElement>(null);

  useEffect(() => {
    if (result.state !== 'ready' || opened.current === result.message.id) return;
    opened.current = result.message.id;
    onOpened(result.message);
  }, [result, onOpened]);

  useFocusWhenWanted(article, focusWanted, result.state === 'ready', onFocused);

  if (result.state !== 'ready') return <ReaderStatus state={result} what="message" />;
  const { message } = result;

  function allowRemote(scope: 'message' | 'sender') {
    // Shown at once: the user asked for it. Remembering it is the core's part.
    update({ remoteContentAllowed: true });
    api
      .call('messages.allowRemoteContent', { id: message.id, scope })
      .catch((failure: unknown) => toast(`Could not remember the choice to load remote content: ${toApiError(failure).message}`));
  }

  async function saveEml() {
    try {
      const { source } = await api.call('messages.source', { id: message.id });
      saveFile(emlFileName(message.subject), latin1ToBytes(source));
    } catch (failure) {
      toast(`Could not save the message: ${toApiError(failure).message}`);
    }
  }

  return (
    <article
      ref={article}
      className="message"
      aria-labelledby={headingId}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !viewingSource) onLeave();
      }}
    >
      <MessageHeader
        message={message}
        headingId={headingId}
        onViewSource={() => setViewingSource(true)}
        onSaveEml={() => void saveEml()}
        // The page's print styles (styles/print.css) leave the open message alone on the paper.
        onPrint={() => window.print()}
        onRemoveLabel={onRemoveLabel}
      />
      {message.problems.length > 0 && (
        <p className="message-problems muted">Parts of this message were damaged and may look wrong: {message.problems.join('; ')}</p>
      )}
      <MessageBody message={message} onAllowRemote={allowRemote} />
      <AttachmentList messageId={message.id} attachments={listedAttachments(message.attachments, message.inlineImages)} />
      {viewingSource && <SourceDialog id={message.id} onClose={() => setViewingSource(false)} />}
    </article>
  );
}
