// Plain-text mail: URLs and addresses become links, everything else stays text
// (rendered by React, so nothing in it is ever interpreted as markup).

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) URLs, "www." URLs, and email addresses (which become mailto:).
const PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"']+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Sentence punctuation right after a URL belongs to the sentence, not the URL.
const TRAILING = /[.,;:!?'")\]}>]+$/;

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    let found = match[0];
    const start = match.index;
    const trailing = TRAILING.exec(found)?.[0] ?? '';
    // Keep a closing parenthesis that closes one inside the URL (Wikipedia links).
    const keepParen = trailing.startsWith(')') && found.slice(0, -trailing.length).includes('(') ? 1 : 0;
    found = found.slice(0, found.length - trailing.length + keepParen);
    if (!found) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    const isEmail = !/^(?:https?:\/\/|www\.)/i.test(found);
    const href = isEmail ? `mailto:${found}` : found.toLowerCase().startsWith('www.') ? `https://${found}` : found;
    segments.push({ kind: 'link', text: found, href });
    last = start + found.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
