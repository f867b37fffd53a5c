import type { MessageSummary } from '../../shared/mail';
import type { UiEvents } from '../base/ui-events';

// mail.arrived, for the UI's desktop notifications (renderer/src/mail/
// useNewMailNotifications.ts): new unread mail in an Inbox, never during an
// account's first sync, never in Junk. IMAP (account-sync.ts) and POP3
// (pop3-sync.ts) each find their new messages and announce them here.

/** mail.arrived names at most this many messages (a notification shows a few; the rest is a count). */
export const MAX_ARRIVED = 20;

/** Announces `newest` (at most MAX_ARRIVED, unread) of `count` new messages; nothing when there are none. */
export function announceNewMail(
  events: UiEvents,
  arrived: { accountId: string; folderId: number; newest: MessageSummary[]; count: number },
): void {
  const messages = arrived.newest.slice(0, MAX_ARRIVED);
  if (messages.length === 0) return;
  events.emit('mail.arrived', {
    accountId: arrived.accountId,
    folderId: arrived.folderId,
    messages,
    more: Math.max(0, arrived.count - messages.length),
  });
}
