import type { Draft, DraftBody, Identity } from '../../../shared/compose';
import { isValidAddress } from './addresses';
import { escapeHtml, textToHtml } from './body-text';

// The body of a draft as the editor starts it, and the checks before Send.

/** RFC 3676 §4.3: "-- " on a line of its own starts the signature. */
const SEPARATOR = '-- ';

/**
 * An identity's signature: its plain text, and (optional) the same formatted
 * as the editor writes HTML. A plain string is text only.
 */
export type Signature = string | { text: string; html: string | null };

/** An identity's signature as withSignature and swapSignature take it; none without an identity. */
export function signatureOf(identity: Pick<Identity, 'signature' | 'signatureHtml'> | undefined): Signature {
  return identity ? { text: identity.signature, html: identity.signatureHtml } : '';
}

function partsOf(signature: Signature): { text: string; html: string | null } {
  const parts = typeof signature === 'string' ? { text: signature, html: null } : signature;
  const html = parts.html?.trim() ?? '';
  return { text: parts.text.replace(/\r\n?/g, '\n').trimEnd(), html: html && html !== '<p></p>' ? html : null };
}

/**
 * The signature's block in a formatted body: "-- " on its own line (RFC
 * 3676's separator, also in the plain part made from it), then the signature
 * (its formatted form, else its lines); '' when there is none.
 */
function htmlBlock(signature: Signature): string {
  const { text, html } = partsOf(signature);
  if (html) return html.startsWith('<p>') ? `<p>${SEPARATOR}<br>${html.slice('<p>'.length)}` : `<p>${SEPARATOR}</p>${html}`;
  return text ? `<p>${[SEPARATOR, ...text.split('\n')].map(escapeHtml).join('<br>')}</p>` : '';
}

/**
 * A fresh draft (new, reply, forward) as the editor starts it: a line to
 * write on, then the identity's signature, then the quoted message (the
 * signature above the quote, as most mail clients put it).
 * `written`: the body is the message itself (a mailto: link's text), not a
 * quote: it comes first, the signature below it.
 */
export function withSignature(body: DraftBody, signature: Signature, placement: 'quote' | 'written' = 'quote'): DraftBody {
  if (body.format === 'plain') {
    const sig = partsOf(signature).text;
    const rest = body.text.replace(/^\n+/, '');
    const signed = sig ? `\n\n${SEPARATOR}\n${sig}` : '';
    if (placement === 'written') return { format: 'plain', text: `${rest}${signed}` };
    return { format: 'plain', text: `${signed}${rest ? `\n\n${rest}` : ''}` };
  }
  const rest = body.html.replace(/^(<p><\/p>)+/, '');
  const block = htmlBlock(signature);
  const signed = block ? `<p></p>${block}` : '';
  if (placement === 'written') return { format: 'html', html: `${rest || '<p></p>'}${signed}` };
  // A line to write on; a blank line before the signature and before the quote.
  return { format: 'html', html: `<p></p>${signed}${rest ? `<p></p>${rest}` : ''}` };
}

/** A plain signature's paragraph as the editor gives it back ("-- " then a line break, whatever the escaping). */
const HTML_SIGNATURE = /<p>--(?: |&nbsp;|\u00a0)<br\s*\/?>[\s\S]*?<\/p>/g;

/** Where a formatted block is in `html`, as the editor gives it back (its separator's space may come back as &nbsp;). */
function findBlock(html: string, block: string): { index: number; length: number } | undefined {
  const pattern = block
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace('<p>-- ', '<p>--(?: |&nbsp;|\u00a0)')
    .replace(/<br>/g, '<br\\s*\\/?>');
  let found: { index: number; length: number } | undefined;
  for (const match of html.matchAll(new RegExp(pattern, 'g'))) found = { index: match.index, length: match[0].length };
  return found;
}

/**
 * The body with the signature of the identity it was written as (`from`)
 * replaced by another's (`to`): From changed while writing. The block found is
 * the last one of the old signature (a formatted one as written; a plain one
 * as the last "-- " paragraph); none (the old identity had no signature, or it
 * was edited) puts the new one above the quote, or at the end. An empty `to`
 * takes the block out with its blank line.
 */
export function swapSignature(body: DraftBody, from: Signature, to: Signature): DraftBody {
  if (body.format === 'plain') return { format: 'plain', text: swapPlain(body.text, partsOf(from).text, partsOf(to).text) };
  const html = body.html;
  const paragraph = htmlBlock(to);
  const old = htmlBlock(from);
  const last = partsOf(from).html
    ? old
      ? findBlock(html, old)
      : undefined
    : (() => {
        const match = [...html.matchAll(HTML_SIGNATURE)].at(-1);
        return match ? { index: match.index, length: match[0].length } : undefined;
      })();
  if (last) {
    let start = last.index;
    // No signature any more: its blank line goes too.
    if (!paragraph && html.slice(0, start).endsWith('<p></p>')) start -= '<p></p>'.length;
    return { format: 'html', html: html.slice(0, start) + paragraph + html.slice(last.index + last.length) };
  }
  if (!paragraph) return body;
  const quote = html.indexOf('<blockquote');
  // Above the quote's attribution line ("On ..., X wrote:"), the paragraph before the quote.
  const at = quote < 0 ? html.length : Math.max(0, html.lastIndexOf('<p>', quote));
  return { format: 'html', html: `${html.slice(0, at)}<p></p>${paragraph}${html.slice(at)}` };
}

function swapPlain(text: string, from: string, to: string): string {
  const signed = to ? `${SEPARATOR}\n${to}` : '';
  const exact = from ? text.lastIndexOf(`${SEPARATOR}\n${from}`) : -1;
  if (exact >= 0) {
    const end = exact + `${SEPARATOR}\n${from}`.length;
    const start = !signed && text.slice(0, exact).endsWith('\n\n') ? exact - 2 : exact;
    return text.slice(0, start) + signed + text.slice(end);
  }
  if (!signed) return text;
  // Above the quote: its attribution is the line before the first "> " line.
  const lines = text.split('\n');
  const quoted = lines.findIndex((line) => line.startsWith('>'));
  if (quoted <= 0) return `${text.replace(/\n+$/, '')}\n\n${signed}`;
  const head = lines
    .slice(0, quoted - 1)
    .join('\n')
    .replace(/\n+$/, '');
  return `${head}\n\n${signed}\n\n${lines.slice(quoted - 1).join('\n')}`;
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
