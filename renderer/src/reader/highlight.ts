import type { HighlightTerm } from '../../../shared/search-query';

// The words of a search marked where the reader shows them (the subject, the
// sender, a plain or an HTML body). A word matches as the index matched it
// (main/store/search-index.ts, FTS5's unicode61 tokenizer): text splits into
// runs of letters and digits, compared without case and without diacritics
// ("resume" marks "Résumé"); the last word typed also marks the words it
// begins, as the search found them. Plain text is cut into pieces React
// renders (never markup); an HTML body's document is changed node by node
// (markText), never by editing its HTML as a string.

/** Where in the reader: the body shows free words only, the subject and the sender their field's words too. */
export type HighlightPlace = 'body' | 'subject' | 'from';

/** A word as the index keeps it: letters and digits, with any combining marks that belong to them. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const MARKS = /\p{M}/gu;

/** Case and diacritics folded, as unicode61 with remove_diacritics does: "Élan" and "elan" are one word. */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/** The terms that show in `place`. */
export function termsFor(terms: readonly HighlightTerm[], place: HighlightPlace): HighlightTerm[] {
  return terms.filter((t) => t.field === 'any' || t.field === place);
}

export interface MarkRange {
  start: number;
  /** Exclusive. */
  end: number;
}

/** A matcher over folded words: exact words, and prefixes (the last word typed). */
function matcher(terms: readonly HighlightTerm[]): ((folded: string) => boolean) | null {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const term of terms) {
    const folded = foldWord(term.word);
    if (!folded) continue;
    if (term.prefix) prefixes.push(folded);
    else exact.add(folded);
  }
  if (exact.size === 0 && prefixes.length === 0) return null;
  return (folded) => exact.has(folded) || prefixes.some((p) => folded.startsWith(p));
}

/** Where the terms' words are in `text` (whole words, in order, not overlapping). */
export function highlightRanges(text: string, terms: readonly HighlightTerm[]): MarkRange[] {
  const matches = matcher(terms);
  if (!matches || text === '') return [];
  const ranges: MarkRange[] = [];
  // A long body repeats its words: each distinct one is folded and looked up once.
  const known = new Map<string, boolean>();
  for (const found of text.matchAll(WORD)) {
    const word = found[0];
    let hit = known.get(word);
    if (hit === undefined) {
      hit = matches(foldWord(word));
      known.set(word, hit);
    }
    if (hit) ranges.push({ start: found.index, end: found.index + word.length });
  }
  return ranges;
}

export interface TextPiece {
  text: string;
  marked: boolean;
}

/** `text` cut into pieces, the terms' words marked; one unmarked piece when nothing matches. */
export function splitMarked(text: string, terms: readonly HighlightTerm[]): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const { start, end } of highlightRanges(text, terms)) {
    if (start > at) pieces.push({ text: text.slice(at, start), marked: false });
    // Two marked words with only a space between stay two marks: each is a word found.
    pieces.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}

/** Elements whose text is not shown as text (or where a <mark> would not be valid). */
const SKIPPED = new Set(['style', 'script', 'title', 'head', 'textarea', 'noscript', 'template', 'svg', 'math', 'mark']);
/** NodeFilter.SHOW_TEXT, by value: the document may be of another realm (DOMPurify's inert one). */
const SHOW_TEXT = 4;

/**
 * Wraps the terms' words in the text nodes under `root` in <mark>, and
 * returns how many it marked. Works on the document itself: a word stays
 * whatever element it was in, and no markup is ever read from text.
 */
export function markText(root: Element, terms: readonly HighlightTerm[]): number {
  if (!matcher(terms)) return 0;
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, SHOW_TEXT);
  // Collected first: replacing a node while walking would lose the walker's place.
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let parent = node.parentElement;
    let skip = false;
    while (parent && parent !== root.parentElement) {
      if (SKIPPED.has(parent.localName)) {
        skip = true;
        break;
      }
      parent = parent.parentElement;
    }
    if (!skip) nodes.push(node as Text);
  }
  let marked = 0;
  for (const node of nodes) {
    const pieces = splitMarked(node.data, terms);
    if (pieces.length === 1 && !pieces[0]?.marked) continue;
    const fragment = doc.createDocumentFragment();
    for (const piece of pieces) {
      if (!piece.marked) {
        fragment.append(doc.createTextNode(piece.text));
        continue;
      }
      const mark = doc.createElement('mark');
      mark.textContent = piece.text;
      fragment.append(mark);
      marked++;
    }
    node.replaceWith(fragment);
  }
  return marked;
}
