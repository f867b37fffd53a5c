import type { ComposeMode } from '../../shared/compose';
import type { Address } from '../../shared/mail';

// The rules of replying and forwarding, as pure functions: subjects, who a
// reply goes to, threading headers, and the quoted original.

const REPLY_PREFIX = /^\s*((re|aw|sv|antw)(\[\d+\])?\s*:\s*)+/i;
const FORWARD_PREFIX = /^\s*((fwd?|wg|tr)\s*:\s*)+/i;

/** Exactly one "Re: " in front, however many the original had. */
export function replySubject(subject: string): string {
  return `Re: ${subject.replace(REPLY_PREFIX, '').trim()}`;
}

/** Exactly one "Fwd: " in front. */
export function forwardSubject(subject: string): string {
  return `Fwd: ${subject.replace(FORWARD_PREFIX, '').trim()}`;
}

/** What the original said about itself, as far as replying needs it. */
export interface OriginalMessage {
  messageId: string | null;
  references: string[];
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
}

/**
 * Recipients of a reply. Reply goes to Reply-To, else From; reply all adds the
 * original To and Cc. The user's own addresses are left out (ownAddresses,
 * lower-case), and everyone appears once. When the original is the user's own
 * message (from Sent), a reply goes to its recipients instead.
 */
export function replyRecipients(
  original: OriginalMessage,
  mode: 'reply' | 'replyAll',
  ownAddresses: ReadonlySet<string>,
): { to: Address[]; cc: Address[] } {
  const isOwn = (a: Address) => ownAddresses.has(a.address.toLowerCase());
  const fromSelf = original.from !== null && isOwn(original.from);
  let to: Address[];
  if (fromSelf) to = original.to;
  else if (original.replyTo.length > 0) to = original.replyTo;
  else to = original.from ? [original.from] : [];
  const cc = mode === 'replyAll' ? (fromSelf ? original.cc : [...original.to, ...original.cc]) : [];
  const seen = new Set<string>();
  const keep = (list: Address[]) =>
    list.filter((a) => {
      const key = a.address.toLowerCase();
      if (!key || seen.has(key) || isOwn(a)) return false;
      seen.add(key);
      return true;
    });
  const keptTo = keep(to);
  const keptCc = keep(cc);
  // A message the user wrote to themselves: the reply goes to themselves too.
  if (keptTo.length === 0 && keptCc.length === 0 && to.length > 0) return { to: to.slice(0, 1), cc: [] };
  return { to: keptTo, cc: keptCc };
}

/**
 * In-Reply-To and References of a reply (RFC 5322 §3.6.4): the parent's
 * Message-ID, after the parent's References (or its In-Reply-To). Very long
 * chains keep the first and the last ones.
 */
export function threadHeaders(original: OriginalMessage): { inReplyTo: string | null; references: string[] } {
  if (!original.messageId) return { inReplyTo: null, references: original.references.slice(-20) };
  const chain = [...original.references.filter((id) => id !== original.messageId), original.messageId];
  const references = chain.length > 20 ? [chain[0] as string, ...chain.slice(-19)] : chain;
  return { inReplyTo: original.messageId, references };
}

/** "Mon 23 Nov 2026, 09:14" in the computer's time zone. */
export function formatQuoteDate(date: Date): string {
  return date.toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatAddress(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/** "On Mon 23 Nov 2026, 09:14, Alice Example wrote:" */
export function attribution(date: Date, from: Address | null): string {
  const who = from ? from.name || from.address : 'someone';
  return `On ${formatQuoteDate(date)}, ${who} wrote:`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Plain text as editor paragraphs: blank lines separate paragraphs, single newlines become <br>. */
export function textToParagraphs(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/);
  return paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
}

/** The quoted original below an empty line for the reply, in the draft's format. */
export function quoteForReply(format: 'html' | 'plain', text: string, date: Date, from: Address | null): string {
  const line = attribution(date, from);
  if (format === 'plain') {
    const quoted = text
      .replace(/\r\n?/g, '\n')
      .trimEnd()
      .split('\n')
      .map((l) => (l.startsWith('>') ? `>${l}` : `> ${l}`).trimEnd())
      .join('\n');
    return `\n\n${line}\n${quoted}\n`;
  }
  return `<p></p><p>${escapeHtml(line)}</p><blockquote type="cite">${textToParagraphs(text)}</blockquote>`;
}

export interface ForwardedHeaders {
  from: Address | null;
  date: Date;
  subject: string;
  to: Address[];
  cc: Address[];
}

/** The header block and the original text for an inline forward. */
export function forwardBody(format: 'html' | 'plain', text: string, headers: ForwardedHeaders): string {
  const lines = [
    '---------- Forwarded message ---------',
    `From: ${headers.from ? formatAddress(headers.from) : ''}`,
    `Date: ${formatQuoteDate(headers.date)}`,
    `Subject: ${headers.subject}`,
    `To: ${headers.to.map(formatAddress).join(', ')}`,
    ...(headers.cc.length ? [`Cc: ${headers.cc.map(formatAddress).join(', ')}`] : []),
  ];
  if (format === 'plain') return `\n\n${lines.join('\n')}\n\n${text.trimEnd()}\n`;
  return `<p></p><p>${lines.map(escapeHtml).join('<br>')}</p>${textToParagraphs(text)}`;
}

export function isReply(mode: ComposeMode): mode is 'reply' | 'replyAll' {
  return mode === 'reply' || mode === 'replyAll';
}
