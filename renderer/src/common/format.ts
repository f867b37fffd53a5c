import type { Address } from '../../../shared/mail';

// Words and numbers as the message list and reader show them, in the user's locale.

const numbers = new Intl.NumberFormat();
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'short' });
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

export function formatCount(n: number): string {
  return numbers.format(n);
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** The list's date: the time today, the weekday within the last week, else the date. */
export function formatListDate(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return time.format(date);
  if (days > 0 && days < 7) return weekday.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayMonth.format(date);
  return shortDate.format(date);
}

export function formatFullDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : fullDate.format(date);
}

/** Human size: 980 bytes, 12 KB, 3.4 MB (powers of 1000, as Finder and most mail apps count). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

/** Who a message is from, as one name: the display name, else the address. */
export function senderName(from: Address | null): string {
  if (!from) return '(no sender)';
  return from.name.trim() || from.address || '(no sender)';
}

/** "Ada Lovelace <ada@example.com>", or just the address. */
export function formatAddress(address: Address): string {
  const name = address.name.trim();
  if (!name) return address.address;
  return address.address ? `${name} <${address.address}>` : name;
}

export function subjectText(subject: string): string {
  return subject.trim() || '(no subject)';
}

/**
 * Who wrote in a conversation, in the order they first did: "Ada Lovelace,
 * me" (the account's own address is "me"); first names only once there are
 * more than two.
 */
export function participantNames(participants: readonly Address[], ownAddress?: string): string {
  if (participants.length === 0) return '(no sender)';
  const own = ownAddress?.toLowerCase();
  const short = participants.length > 2;
  return participants
    .map((p) => {
      if (own && p.address.toLowerCase() === own) return 'me';
      const name = senderName(p);
      return short && p.name.trim() ? (name.split(/\s+/)[0] as string) : name;
    })
    .join(', ');
}
