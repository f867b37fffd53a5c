import type { JSONContent } from '@tiptap/core';

// The plain-text version of what the user wrote in the rich editor, as mail
// clients send it beside the HTML (multipart/alternative) and as the
// plain-text-only mode keeps it: one line per paragraph, "> " before quoted
// lines, "- " and "1. " before list items, a link's address after its words.

export function docToText(doc: JSONContent): string {
  return blocks(doc.content ?? [])
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
}

function blocks(nodes: JSONContent[]): string[] {
  return nodes.flatMap(block);
}

function block(node: JSONContent): string[] {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inline(node.content ?? []).split('\n');
    case 'blockquote':
      return blocks(node.content ?? []).map((line) => (line ? `> ${line}` : '>'));
    case 'bulletList':
      return (node.content ?? []).flatMap((item) => listItem(item, '- '));
    case 'orderedList': {
      const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
      return (node.content ?? []).flatMap((item, i) => listItem(item, `${start + i}. `));
    }
    case 'horizontalRule':
      return ['---'];
    case 'codeBlock':
      return inline(node.content ?? []).split('\n');
    default:
      return node.content ? blocks(node.content) : node.text ? [node.text] : [];
  }
}

function listItem(item: JSONContent, marker: string): string[] {
  const lines = blocks(item.content ?? []);
  const pad = ' '.repeat(marker.length);
  return lines.map((line, i) => (i === 0 ? marker + line : line ? pad + line : line));
}

function inline(nodes: JSONContent[]): string {
  let text = '';
  // A link may span several text nodes (part of it bold): its address goes after the last one.
  let href: string | null = null;
  let words = '';
  const closeLink = () => {
    if (href !== null && href !== words && href.replace(/^mailto:/, '') !== words) text += ` <${href}>`;
    href = null;
    words = '';
  };
  for (const node of nodes) {
    const mark = node.type === 'text' ? node.marks?.find((m) => m.type === 'link')?.attrs?.href : undefined;
    const nodeHref = typeof mark === 'string' ? mark : null;
    if (href !== nodeHref) closeLink();
    if (node.type === 'hardBreak') text += '\n';
    else if (node.type === 'text') {
      text += node.text ?? '';
      if (nodeHref !== null) {
        href = nodeHref;
        words += node.text ?? '';
      }
    }
  }
  closeLink();
  return text;
}

/** Plain text into editor HTML (switching a plain draft to rich, or quoting plain text): paragraphs per line, escaped. */
export function textToHtml(text: string): string {
  return text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
