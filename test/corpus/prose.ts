// Filler text for the corpus: English-like sentences from a word list,
// wrapped like a mail client wraps them, and the same as simple HTML.
// Sentences and paragraphs come from pools built once, so that a message
// costs a few picks rather than thousands of random words (20,000 messages
// must generate in a couple of seconds).
import { Random } from './random.ts';
import { WORDS } from './samples.ts';

export interface Paragraph {
  text: string;
  /** The same, wrapped at 72 columns. */
  wrapped: string;
}

const POOL_SIZE = 4096;
let sentencePool: string[] | null = null;
let paragraphPool: Paragraph[] | null = null;

function makeSentence(rng: Random): string {
  const n = rng.int(5, 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  const text = words.join(' ');
  return `${text[0]?.toUpperCase()}${text.slice(1)}${rng.pick(['.', '.', '.', '?', '!'])}`;
}

function sentences(): string[] {
  if (!sentencePool) {
    const rng = new Random(0x5e47);
    sentencePool = Array.from({ length: POOL_SIZE }, () => makeSentence(rng));
  }
  return sentencePool;
}

function paragraphPoolOf(): Paragraph[] {
  if (!paragraphPool) {
    const rng = new Random(0x9a4a);
    const pool = sentences();
    paragraphPool = Array.from({ length: POOL_SIZE }, () => {
      const text = Array.from({ length: rng.int(2, 6) }, () => rng.pick(pool)).join(' ');
      return { text, wrapped: wrap(text) };
    });
  }
  return paragraphPool;
}

export function sentence(rng: Random): string {
  return rng.pick(sentences());
}

export function subjectLine(rng: Random): string {
  const words: string[] = [];
  for (let i = rng.int(2, 7); i > 0; i--) words.push(rng.pick(WORDS));
  const text = words.join(' ');
  return `${text[0]?.toUpperCase()}${text.slice(1)}`;
}

/** Paragraphs totalling about `size` characters. */
export function paragraphs(rng: Random, size: number): Paragraph[] {
  const pool = paragraphPoolOf();
  const out: Paragraph[] = [];
  for (let total = 0; total < size; ) {
    const p = rng.pick(pool);
    out.push(p);
    total += p.text.length + 2;
  }
  return out;
}

/** Wrapped at `width` columns, as format=fixed mail is. */
export function wrap(paragraph: string, width = 72): string {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

export function plainText(paras: Paragraph[]): string {
  return paras.map((p) => p.wrapped).join('\n\n');
}

/** The first line of the first paragraph: a phrase the parsed text must contain verbatim. */
export function firstLine(paras: Paragraph[]): string {
  const wrapped = paras[0]?.wrapped ?? '';
  const end = wrapped.indexOf('\n');
  return end < 0 ? wrapped : wrapped.slice(0, end);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** A typical HTML mail: a head with styles (never shown), paragraphs, a footer table. */
export function htmlDocument(paras: string[], extraBody = ''): string {
  const body = paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Newsletter</title>
<style>p { font-family: sans-serif; margin: 0 0 1em; } .footer { color: #888; }</style></head>
<body>
${body}
${extraBody}
<table class="footer"><tr><td>Sent with care</td></tr></table>
</body></html>`;
}
