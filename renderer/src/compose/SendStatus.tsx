import { useEffect, useState } from 'react';
import type { Draft, OutboxItem } from '../../../shared/compose';
import { isTyping } from '../common/shortcuts';
import { Icon } from '../components/icons';
import { FormatIcon } from './compose-icons';
import { sendLine } from './send-status-words';

/** A message after Send: first undoable, then on its way, then sent. */
export interface SendStatus {
  item: OutboxItem;
  draft: Draft;
  phase: 'undoable' | 'sending' | 'sent';
  /** Extra words (refused recipients, too late to undo). */
  message: string | null;
}

interface Props {
  statuses: SendStatus[];
  /** The outbox as the core last reported it: a message waiting there says why. */
  outbox: ReadonlyMap<string, OutboxItem[]>;
  onUndo: (status: SendStatus) => void;
  onDismiss: (outboxId: string) => void;
}

const SENT_VISIBLE_MS = 4_000;

/**
 * The "Sending… Undo" notes at the bottom of the window. Undo is there until
 * the message's send time (the core's `sendAt`); Ctrl/Cmd+Z outside text
 * fields does the same for the latest one.
 */
export function SendStatusList({ statuses, outbox, onUndo, onDismiss }: Props) {
  const [now, setNow] = useState(() => Date.now());
  const undoable = statuses.filter((s) => s.phase === 'undoable' && Date.parse(s.item.sendAt) > now);

  // Counting down while anything can be undone; at the end, the line turns to what the outbox says (sendLine).
  useEffect(() => {
    if (!statuses.some((s) => s.phase === 'undoable')) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [statuses]);

  // "Sent" goes away by itself; anything with words to read stays until dismissed.
  useEffect(() => {
    const done = statuses.filter((s) => s.phase === 'sent' && s.message === null);
    if (done.length === 0) return;
    const timer = setTimeout(() => {
      for (const s of done) onDismiss(s.item.id);
    }, SENT_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [statuses, onDismiss]);

  const latest = undoable.at(-1);
  useEffect(() => {
    if (!latest) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey || isTyping(event)) return;
      event.preventDefault();
      onUndo(latest);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [latest, onUndo]);

  return (
    <section className="send-statuses" aria-label="Sending" aria-live="polite">
      {statuses.map((status) => {
        const queued = outbox.get(status.item.accountId)?.find((i) => i.id === status.item.id);
        const line = sendLine(status.phase, status.item, queued, now);
        const canUndo = line.kind === 'undoable';
        return (
          <div key={status.item.id} className={`send-status ${status.phase}${line.kind === 'waiting' ? ' waiting' : ''}`}>
            {line.kind === 'sent' ? (
              <FormatIcon name="send" />
            ) : line.kind === 'waiting' ? (
              <FormatIcon name="warning" />
            ) : (
              <span className="spinner" aria-hidden="true" />
            )}
            <p>
              {line.text}
              {canUndo && <span className="send-status-countdown"> {line.secondsLeft} s to undo</span>}
              {status.message && <span className="send-status-message"> {status.message}</span>}
            </p>
            {canUndo && (
              <button
                type="button"
                className="button send-undo"
                aria-keyshortcuts="Control+Z Meta+Z"
                title="Undo Send (Ctrl+Z)"
                onClick={() => onUndo(status)}
              >
                Undo
              </button>
            )}
            {!canUndo && (
              <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => onDismiss(status.item.id)}>
                <Icon name="close" />
              </button>
            )}
          </div>
        );
      })}
    </section>
  );
}
