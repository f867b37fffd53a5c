import type { Events } from '../../../shared/contract';
import { formatAddress } from './format';

// What a desktop notification says of mail that arrived (mail.arrived
// events gathered over a moment): one message by its sender and subject,
// several as one notification with a count and the first senders, so a
// burst never becomes a stack of notifications.

export interface NewMailNotice {
  title: string;
  body: string;
  /** Notifications with one tag replace each other (the newest wins). */
  tag: string;
  /** What a click opens: the message (one), its account's Inbox (several of one account), or All Inboxes (null). */
  open: { accountId: string; folderId: number; messageId: number | null } | null;
}

const NAMED = 3;

export function noticeFor(events: readonly Events['mail.arrived'][]): NewMailNotice | null {
  const messages = events.flatMap((e) => e.messages.map((m) => ({ ...m, folderId: e.folderId })));
  const count = messages.length + events.reduce((n, e) => n + e.more, 0);
  const first = messages[0];
  if (!first) return null;
  const sender = (m: (typeof messages)[number]) => (m.from ? m.from.name || formatAddress(m.from) : 'Unknown sender');
  if (count === 1) {
    return {
      title: sender(first),
      body: first.subject || '(no subject)',
      tag: `mail-${first.id}`,
      open: { accountId: first.accountId, folderId: first.folderId, messageId: first.id },
    };
  }
  const senders = [...new Set(messages.map(sender))];
  const named = senders.slice(0, NAMED).join(', ');
  const others = senders.length - NAMED;
  const inboxes = new Set(events.map((e) => e.folderId));
  return {
    title: `${count.toLocaleString()} new messages`,
    body: others > 0 ? `From ${named} and ${others} more` : `From ${named}`,
    tag: 'mail-several',
    open: inboxes.size === 1 ? { accountId: first.accountId, folderId: first.folderId, messageId: null } : null,
  };
}
