import { decodeEntities } from '../mime/html-text';

// The plain-text alternative of a message written in the rich editor. The
// editor's HTML is small and regular (paragraphs, line breaks, bold/italic,
// lists, links, block quotes), so a tag scanner is enough: paragraphs become
// blank-line separated, list items "- " or "1. ", quotes "> " per level, and
// a link whose text differs from its address keeps the address in <>.
// Linear in the input.

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>|<!--[\s\S]*?-->/g;
const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template']);
const BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'table', 'tr', 'section', 'article', 'ul', 'ol']);

export function htmlToPlain(html: string): string {
  const lines: string[] = [];
  let line = '';
  let quoteDepth = 0;
  let pre = 0;
  let hidden = 0;
  const lists: { ordered: boolean; n: number }[] = [];
  const links: { href: string; start: number }[] = [];

  const prefix = () => '> '.repeat(quoteDepth);
  const flush = () => {
    // Trailing spaces go, except in "-- ": RFC 3676's signature separator, which readers look for exactly.
    lines.push(prefix() + (line === '-- ' ? line : line.replace(/[ \t]+$/, '')));
    line = '';
  };
  const breakBlock = () => {
    if (line.trim() !== '') flush();
    else line = '';
    // One separating line between blocks: none when the last line already is one (at any quote depth).
    if (lines.length > 0 && !/^[> ]*$/.test(lines[lines.length - 1] ?? '')) lines.push(prefix().trimEnd());
  };
  const addText = (text: string) => {
    if (hidden) return;
    const decoded = decodeEntities(text);
    if (pre) {
      const parts = decoded.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) flush();
        line += part;
      });
      return;
    }
    const collapsed = decoded.replace(/[\s\u00a0]+/g, (space) => (space.includes('\u00a0') ? '\u00a0'.repeat(space.length) : ' '));
    line += line === '' || line.endsWith(' ') ? collapsed.replace(/^ /, '') : collapsed;
  };

  let pos = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    addText(html.slice(pos, m.index));
    pos = m.index + m[0].length;
    if (!m[2]) continue; // a comment
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    const attributes = m[3] ?? '';
    if (HIDDEN.has(name)) {
      hidden += closing ? (hidden > 0 ? -1 : 0) : 1;
      continue;
    }
    if (name === 'br') {
      flush();
    } else if (name === 'blockquote') {
      breakBlock();
      quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
    } else if (name === 'ul' || name === 'ol') {
      breakBlock();
      if (closing) lists.pop();
      else lists.push({ ordered: name === 'ol', n: 0 });
    } else if (name === 'li') {
      if (line.trim() !== '') flush();
      if (!closing) {
        const list = lists[lists.length - 1];
        const indent = '  '.repeat(Math.max(0, lists.length - 1));
        if (list) list.n++;
        line = `${indent}${list?.ordered ? `${list.n}.` : '-'} `;
      }
    } else if (name === 'pre') {
      breakBlock();
      pre += closing ? (pre > 0 ? -1 : 0) : 1;
    } else if (name === 'hr') {
      breakBlock();
      line = '----';
      breakBlock();
    } else if (name === 'a') {
      if (!closing) {
        const href = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
        links.push({ href: decodeEntities(href?.[2] ?? href?.[3] ?? href?.[4] ?? ''), start: line.length });
      } else {
        const link = links.pop();
        const text = link ? line.slice(link.start).trim() : '';
        const bare = link?.href.replace(/^mailto:/i, '') ?? '';
        if (link && bare && text !== bare && text !== link.href) line += ` <${bare}>`;
      }
    } else if (BLOCKS.has(name) || name === 'td' || name === 'th') {
      if (name === 'td' || name === 'th') {
        if (closing) line += '\t';
      } else breakBlock();
    }
  }
  addText(html.slice(pos));
  if (line.trim() !== '') flush();
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim().replace(/^(> ?)+$/, '') === '') lines.pop();
  while (lines.length > 0 && (lines[0] ?? '').trim().replace(/^(> ?)+$/, '') === '') lines.shift();
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}
