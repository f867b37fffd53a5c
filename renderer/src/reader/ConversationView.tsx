import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { MessageDetail, MessageSummary, ThreadView } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { formatAddress, formatFullDate, formatListDate, participantNames, subjectText } from '../common/format';
import { Icon } from '../components/icons';
import { useToast } from '../components/Toasts';
import { useMessage } from '../queries/useMessage';
import { useThread } from '../queries/useThread';
import { AttachmentList, listedAttachments } from './AttachmentList';
import { Marked } from './highlight-context';
import { LabelChips } from './LabelChips';
import { MessageBody } from './MessageBody';
import { ReaderStatus, useFocusWhenWanted } from './reader-state';
import { SourceDialog } from './SourceDialog';

interface Props {
  /** The conversation's row (its thread id). */
  threadId: number;
  /** The folder it is read from: Trash and Junk show their messages only there. */
  folderId: number;
  /** The account's address ("me"). */
  ownAddress?: string | undefined;
  /** Called once when the conversation has been read (to mark it read): which messages were unread then. */
  onOpened: (thread: ThreadView) => void;
  /** Escape goes back to the list. */
  onLeave: () => void;
  /** Enter in the list: take the keyboard once the conversation is shown. */
  focusWanted: boolean;
  onFocused: () => void;
  /** Reply, Reply all, Forward (or Edit draft) for one open message: the page's, as its toolbar has them for the newest. */
  messageActions?: ((message: MessageDetail) => ReactNode) | undefined;
  /** Gmail: takes a label off one message (its chips). */
  onRemoveLabel?: ((id: number, label: string) => void) | undefined;
}

/**
 * A whole conversation, oldest first, with its messages in other folders (a
 * reply in Sent): the newest and the unread ones open, the others closed to
 * a line (who, when, the first words), each opened or closed by its line. A
 * message that arrives while it is open joins it, open when unread.
 */
export function ConversationView({
  threadId,
  folderId,
  ownAddress,
  onOpened,
  onLeave,
  focusWanted,
  onFocused,
  messageActions,
  onRemoveLabel,
}: Props) {
  const result = useThread(threadId, folderId);
  const headingId = useId();
  const article = useRef<HTMLElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const known = useRef<Set<number> | null>(null);

  useEffect(() => {
    if (result.state !== 'ready') return;
    const { messages } = result.thread;
    const first = known.current === null;
    const before = known.current ?? new Set<number>();
    const newest = messages.at(-1);
    const open = messages.filter((m) => !before.has(m.id) && (!m.seen || (first && m === newest))).map((m) => m.id);
    known.current = new Set(messages.map((m) => m.id));
    if (open.length > 0) setExpanded((current) => new Set([...current, ...open]));
    if (first) onOpened(result.thread);
  }, [result, onOpened]);

  useFocusWhenWanted(article, focusWanted, result.state === 'ready', onFocused);

  if (result.state !== 'ready') return <ReaderStatus state={result} what="conversation" />;
  const { thread } = result;
  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <article
      ref={article}
      className="message conversation"
      aria-labelledby={headingId}
      tabIndex={-1}
      onKeyDown={(event) => {
        // Not from a message's source dialog: Escape closes that one.
        if (event.key === 'Escape' && !(event.target as HTMLElement).closest('dialog')) onLeave();
      }}
    >
      <header className="conversation-header">
        <h2 id={headingId} className="message-subject">
          <Marked text={subjectText(thread.subject)} place="subject" />
        </h2>
        <p className="conversation-count muted">{thread.messages.length === 1 ? '1 message' : `${thread.messages.length} messages`}</p>
      </header>
      <ol className="conversation-messages" aria-label="Messages in this conversation">
        {thread.messages.map((m) => (
          <li key={m.id} className={expanded.has(m.id) ? 'conversation-message open' : 'conversation-message'}>
            <button
              type="button"
              className="conversation-line"
              aria-expanded={expanded.has(m.id)}
              aria-label={lineLabel(m, ownAddress)}
              onClick={() => toggle(m.id)}
            >
              <span className="conversation-from">
                <Marked text={participantNames(m.from ? [m.from] : [], ownAddress)} place="from" />
              </span>
              {!expanded.has(m.id) && (
                <span className="conversation-snippet">
                  <Marked text={m.snippet} place="body" />
                </span>
              )}
              <time className="conversation-date" dateTime={m.date}>
                {expanded.has(m.id) ? formatFullDate(m.date) : formatListDate(m.date)}
              </time>
            </button>
            {expanded.has(m.id) && <OpenMessage id={m.id} actions={messageActions} onRemoveLabel={onRemoveLabel} />}
          </li>
        ))}
      </ol>
    </article>
  );
}

/** What a screen reader says of a message's line. */
function lineLabel(m: MessageSummary, ownAddress: string | undefined): string {
  const parts = [participantNames(m.from ? [m.from] : [], ownAddress), formatListDate(m.date)];
  if (!m.seen) parts.unshift('Unread');
  return parts.join(', ');
}

/** An open message of the conversation: recipients, its replies, labels, body, attachments, source (its body read as the reader reads one). */
function OpenMessage({
  id,
  actions,
  onRemoveLabel,
}: {
  id: number;
  actions: Props['messageActions'];
  onRemoveLabel: Props['onRemoveLabel'];
}) {
  const api = useApi();
  const toast = useToast();
  const { result, update } = useMessage(id);
  const [viewingSource, setViewingSource] = useState(false);
  if (result.state === 'loading')
    return (
      <p className="conversation-loading muted" role="status">
        Loading message…
      </p>
    );
  if (result.state === 'failed')
    return (
      <p className="error-text" role="alert">
        Could not open this message: {result.error.message}
      </p>
    );
  const message: MessageDetail = result.message;

  function allowRemote(scope: 'message' | 'sender') {
    update({ remoteContentAllowed: true });
    api
      .call('messages.allowRemoteContent', { id: message.id, scope })
      .catch((failure: unknown) => toast(`Could not remember the choice to load remote content: ${toApiError(failure).message}`));
  }

  return (
    <div className="conversation-body">
      <div className="conversation-fields">
        <dl className="message-fields">
          {message.to.length > 0 && (
            <>
              <dt>To</dt>
              <dd>{message.to.map(formatAddress).join(', ')}</dd>
            </>
          )}
          {message.cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{message.cc.map(formatAddress).join(', ')}</dd>
            </>
          )}
        </dl>
        {/* A named group of buttons, as the toolbar's; a <fieldset> would be read as part of a form. */}
        {/* biome-ignore lint/a11y/useSemanticElements: see above */}
        <div className="conversation-actions" role="group" aria-label={`Actions for the message of ${formatListDate(message.date)}`}>
          {actions?.(message)}
          <button type="button" className="button quiet" onClick={() => setViewingSource(true)}>
            <Icon name="source" />
            View source
          </button>
        </div>
      </div>
      {message.labels && message.labels.length > 0 && (
        <LabelChips labels={message.labels} onRemove={onRemoveLabel ? (label) => onRemoveLabel(message.id, label) : undefined} />
      )}
      {message.problems.length > 0 && (
        <p className="message-problems muted">Parts of this message were damaged and may look wrong: {message.problems.join('; ')}</p>
      )}
      <MessageBody message={message} onAllowRemote={allowRemote} />
      <AttachmentList messageId={message.id} attachments={listedAttachments(message.attachments, message.inlineImages)} />
      {viewingSource && <SourceDialog id={message.id} onClose={() => setViewingSource(false)} />}
    </div>
  );
}
