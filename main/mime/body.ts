// Choosing what to show and index from the MIME tree (RFC 2046): in a
// multipart/alternative the last part the reader can use is the sender's
// preferred one (5.1.4), so `html` takes the last HTML alternative and `text`
// the last text/plain one; the parts of any other multipart are shown one
// after the other (5.1.3), and a forwarded message/rfc822 gets a small header.
// Both mailparser's tree (parse-message.ts) and the fast path's own part tree
// (quick-extract.ts) go through this one walk, so they choose the same text.
import { type RawHeaderLine, rawHeaderValue } from './headers.ts';
import { htmlToText, textToHtml } from './html-text.ts';

/** What the walk reads of a part; mailparser's TreeNode has these fields. */
export interface BodyNode {
  contentType?: string;
  children: readonly BodyNode[];
  isAttachment?: boolean;
  /**
   * Set on inline text/plain and text/html parts: the decoded text (charset
   * applied, line ends \n), or a function that decodes it when first needed.
   */
  textContent?: string | (() => string);
  /** The root of an embedded message/rfc822 (with the two fields below for its header). */
  showMeta?: boolean;
  headers?: ReadonlyMap<string, unknown>;
  headerLines?: RawHeaderLine[];
}

interface Body {
  /** Lazy: deriving text from HTML costs, and is wasted when a text/plain alternative exists. */
  text: () => string;
  /** True when the text came from HTML rather than from a text/plain part. */
  derived: boolean;
  /** Lazy as well (null when there is no HTML): the index needs it only to see which images it shows. */
  html: (() => string) | null;
}

/** Deeper than this the walk stops; real mail nests a handful of levels. */
export const MAX_BODY_DEPTH = 100;

export function bodyOf(tree: BodyNode): { text: string; html: string | null } {
  const body = lazyBodyOf(tree);
  return { text: body.text, html: body.html?.() ?? null };
}

/** The text, and the HTML only when asked for (and computed once). */
export function lazyBodyOf(tree: BodyNode): { text: string; html: (() => string) | null } {
  const body = walk(tree, 0);
  return { text: body?.text() ?? '', html: body?.html ?? null };
}

function walk(node: BodyNode, depth: number): Body | null {
  if (depth > MAX_BODY_DEPTH) return null;
  const textContent = node.textContent;
  if (textContent !== undefined && !node.isAttachment) {
    const content = typeof textContent === 'string' ? () => textContent : once(textContent);
    if (node.contentType === 'text/html') return { text: once(() => htmlToText(content())), derived: true, html: content };
    return { text: content, derived: false, html: null };
  }
  const parts: Body[] = [];
  for (const child of node.children) {
    const body = walk(child, depth + 1);
    if (body) parts.push(body);
  }
  const body = node.contentType === 'multipart/alternative' ? chooseAlternative(parts) : combine(parts);
  return body && node.showMeta ? withForwardHeader(node, body) : body;
}

function chooseAlternative(parts: Body[]): Body | null {
  const last = parts.at(-1);
  if (!last) return null;
  const plain = parts.findLast((p) => !p.derived) ?? last;
  const rich = parts.findLast((p) => p.html !== null);
  return { text: plain.text, derived: plain.derived, html: rich?.html ?? null };
}

function combine(all: Body[]): Body | null {
  // an empty text/plain part (some clients add one next to the HTML) shows nothing
  const parts = all.filter((p) => p.html !== null || p.text() !== '');
  if (parts.length <= 1) return parts[0] ?? all[0] ?? null;
  const anyHtml = parts.some((p) => p.html !== null);
  return {
    text: once(() =>
      parts
        .map((p) => p.text())
        .filter(Boolean)
        .join('\n\n'),
    ),
    derived: parts.every((p) => p.derived),
    html: anyHtml ? once(() => parts.map((p) => (p.html ? p.html() : textToHtml(p.text()))).join('\n')) : null,
  };
}

/** The root of an embedded message: what a reader needs to tell it from the mail around it. */
function withForwardHeader(node: BodyNode, body: Body): Body {
  const lines = ['---------- Forwarded message ----------'];
  const from = node.headers?.get('from') as { text?: string } | undefined;
  if (from?.text) lines.push(`From: ${from.text}`);
  const date = node.headerLines ? rawHeaderValue(node.headerLines, 'date') : undefined;
  if (date) lines.push(`Date: ${date}`);
  const subject = node.headers?.get('subject');
  if (typeof subject === 'string') lines.push(`Subject: ${subject}`);
  const header = lines.join('\n');
  const { html } = body;
  return {
    text: once(() => `${header}\n\n${body.text()}`),
    derived: body.derived,
    html: html === null ? null : once(() => `${textToHtml(header)}\n${html()}`),
  };
}

function once(compute: () => string): () => string {
  let value: string | undefined;
  return () => {
    value ??= compute();
    return value;
  };
}
