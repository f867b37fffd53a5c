import type { Draft, DraftBody, Identity } from '../../../shared/compose';
import { isValidAddress } from './addresses';
import { escapeHtml, textToHtml } from './body-text';

// The body of a draft as the editor starts it, and the checks before Send.

/** RFC 3676 §4.3: "-- " on a line of its own starts the signature. */
const SEPARATOR = '-- ';

/**
 * A fresh draft (new, reply, forward) as the editor starts it: a line to
 * write on, then the identity's signature, then the quoted message (the
 * signature above the quote, as most mail clients put it).
 * `written`: the body is the message itself (a mailto: link's text), not a
 * quote: it comes first, the signature below it.
 */
export function withSignature(body: DraftBody, signature: string, placement: 'quote' | 'written' = 'quote'): DraftBody {
  const sig = signature.replace(/\r\n?/g, '\n').trimEnd();
  if (body.format === 'plain') {
    const rest = body.text.replace(/^\n+/, '');
    const signed = sig ? `\n\n${SEPARATOR}\n${sig}` : '';
    if (placement === 'written') return { format: 'plain', text: `${rest}${signed}` };
    return { format: 'plain', text: `${signed}${rest ? `\n\n${rest}` : ''}` };
  }
  const rest = body.html.replace(/^(<p><\/p>)+/, '');
  const lines = [SEPARATOR, ...sig.split('\n')].map(escapeHtml).join('<br>');
  const signed = sig ? `<p></p><p>${lines}</p>` : '';
  if (placement === 'written') return { format: 'html', html: `${rest || '<p></p>'}${signed}` };
  // A line to write on; a blank line before the signature and before the quote.
  return { format: 'html', html: `<p></p>${signed}${rest ? `<p></p>${rest}` : ''}` };
}

/** The same content in the other format (the per-account plain-text choice changed while writing). */
export function convertBody(body: DraftBody, format: DraftBody['format'], textOfHtml: (html: string) => string): DraftBody {
  if (body.format === 'html') return format === 'plain' ? { format: 'plain', text: textOfHtml(body.html) } : body;
  return format === 'html' ? { format: 'html', html: textToHtml(body.text) } : body;
}

/** What stops Send, in words; null when the draft can go. */
export function sendProblem(draft: Pick<Draft, 'to' | 'cc' | 'bcc'>): string | null {
  const all = [...draft.to, ...draft.cc, ...draft.bcc];
  if (all.length === 0) return 'Add at least one recipient.';
  const bad = all.find((a) => !isValidAddress(a.address));
  if (bad) return `“${bad.address || bad.name}” is not a complete email address. Correct or remove it.`;
  return null;
}

/** The identity a draft is sent as: its own, else the account's default. */
export function identityOf(draft: Pick<Draft, 'identityId'>, identities: Identity[]): Identity | undefined {
  return identities.find((i) => i.id === draft.identityId) ?? identities.find((i) => i.isDefault) ?? identities[0];
}
