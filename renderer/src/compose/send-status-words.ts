import type { OutboxItem } from '../../../shared/compose';
import { subjectText } from '../common/format';

// What the note at the bottom of the window says of a message after Send.
// What counts is where the message is now, not which step the note was in:
// once the undo time has run out, a message the outbox holds as `retrying`
// (the server cannot be reached, or asked to try later) says so at once,
// instead of "Sending…" with a spinner for as long as it waits.

export type SendPhase = 'undoable' | 'sending' | 'sent';

export interface SendLine {
  kind: 'undoable' | 'sending' | 'waiting' | 'sent';
  text: string;
  /** Whole seconds left to undo (kind 'undoable'). */
  secondsLeft: number;
}

/** "14:05": the time of day, in the machine's local time. */
function clock(iso: string): string {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** The outbox's words for why it waits, without its own "Waiting to send:" (the line says it already). */
function reasonOf(item: OutboxItem): string {
  const words = (item.lastError ?? '').replace(/^Waiting to send:\s*/i, '').trim();
  if (!words) return 'the server cannot be reached.';
  const sentence = /[.!?]$/.test(words) ? words : `${words}.`;
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

export function sendLine(
  phase: SendPhase,
  item: Pick<OutboxItem, 'subject' | 'sendAt'>,
  queued: OutboxItem | undefined,
  now: number,
): SendLine {
  const subject = `“${subjectText(item.subject)}”`;
  if (phase === 'sent') return { kind: 'sent', text: `Sent ${subject}.`, secondsLeft: 0 };
  const ms = Date.parse(item.sendAt) - now;
  if (phase === 'undoable' && ms > 0) {
    // Rounded, not ceiled: the core set sendAt a moment after the renderer's clock read "now".
    return { kind: 'undoable', text: `Sending ${subject}…`, secondsLeft: Math.max(1, Math.round(ms / 1000)) };
  }
  if (queued?.state === 'retrying') {
    const next = queued.nextAttemptAt ? ` Next try at ${clock(queued.nextAttemptAt)}.` : '';
    return { kind: 'waiting', text: `${subject} is waiting in the Outbox: ${reasonOf(queued)}${next}`, secondsLeft: 0 };
  }
  return { kind: 'sending', text: `Sending ${subject}…`, secondsLeft: 0 };
}
