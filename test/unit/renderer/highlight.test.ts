import { describe, expect, it } from 'vitest';
import { foldWord, highlightRanges, splitMarked, termsFor } from '../../../renderer/src/reader/highlight';
import { type HighlightTerm, highlightTerms, parseSearchQuery } from '../../../shared/search-query';

// The reader's marks for a search (renderer/src/reader/highlight.ts): which
// words of a text a query's terms match, as the index matched them (whole
// words, case and diacritics folded, the last word typed as a prefix).

function terms(query: string): HighlightTerm[] {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return highlightTerms(parsed.query);
}

/** The marked words of `text` for `query` in `place`. */
function marked(query: string, text: string, place: 'body' | 'subject' | 'from' = 'body'): string[] {
  return highlightRanges(text, termsFor(terms(query), place)).map(({ start, end }) => text.slice(start, end));
}

describe('highlightTerms', () => {
  it('keeps free words, subject: and from: words, and which word is a prefix', () => {
    expect(terms('Budget "next quarter" -draft from:ada subject:Plan to:bob filename:x.pdf OR is:unread invo')).toEqual([
      { word: 'budget', prefix: false, field: 'any' },
      { word: 'next', prefix: false, field: 'any' },
      { word: 'quarter', prefix: false, field: 'any' },
      { word: 'ada', prefix: false, field: 'from' },
      { word: 'plan', prefix: false, field: 'subject' },
      { word: 'invo', prefix: true, field: 'any' },
    ]);
  });

  it('marks nothing for a query of states and places only', () => {
    expect(terms('is:unread in:inbox has:attachment')).toEqual([]);
  });
});

describe('highlightRanges', () => {
  it('marks whole words only, not words that merely contain the term', () => {
    // "plan" is not the last word here, so not a prefix.
    expect(marked('plan is:unread', 'The plan: planning a Plan, airplane.')).toEqual(['plan', 'Plan']);
    expect(marked('plan', 'The plan: planning a Plan, airplane.')).toEqual(['plan', 'planning', 'Plan']);
  });

  it('folds case and diacritics both ways, as unicode61 does', () => {
    expect(marked('resume', 'Her Résumé and RESUME')).toEqual(['Résumé', 'RESUME']);
    expect(marked('résumé', 'a resume')).toEqual(['resume']);
    expect(marked('strasse', 'STRASSE')).toEqual(['STRASSE']);
    expect(foldWord('Ångström')).toBe('angstrom');
  });

  it('matches the last word typed as a prefix, the others whole', () => {
    expect(marked('quarter budg', 'Quarterly budget, quarter budgeting')).toEqual(['budget', 'quarter', 'budgeting']);
  });

  it('splits words at punctuation as the index does', () => {
    expect(marked('TID-1-42', 'Ref: TID-1-42 and tid 1 420')).toEqual(['TID', '1', '42', 'tid', '1']);
  });

  it('shows a field word only where that field is', () => {
    expect(marked('from:ada invoice', 'Ada sent the invoice', 'body')).toEqual(['invoice']);
    expect(marked('from:ada invoice', 'Ada Lovelace <ada@example.com>', 'from')).toEqual(['Ada', 'ada']);
    expect(marked('subject:plan', 'the plan', 'body')).toEqual([]);
    expect(marked('subject:plan', 'The plan', 'subject')).toEqual(['plan']);
  });

  it('leaves negated words unmarked', () => {
    expect(marked('budget -draft', 'budget draft')).toEqual(['budget']);
  });

  it('keeps a word with combining marks whole', () => {
    const text = 'cafe\u0301 open';
    expect(marked('cafe', text)).toEqual(['cafe\u0301']);
  });
});

describe('splitMarked', () => {
  it('cuts text into marked and unmarked pieces that join back to it', () => {
    const text = 'Budget for the budget meeting';
    const pieces = splitMarked(text, terms('budget'));
    expect(pieces).toEqual([
      { text: 'Budget', marked: true },
      { text: ' for the ', marked: false },
      { text: 'budget', marked: true },
      { text: ' meeting', marked: false },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });

  it('gives the whole text as one piece when nothing matches, or nothing is searched', () => {
    expect(splitMarked('hello there', terms('budget'))).toEqual([{ text: 'hello there', marked: false }]);
    expect(splitMarked('hello there', [])).toEqual([{ text: 'hello there', marked: false }]);
    expect(splitMarked('', terms('budget'))).toEqual([{ text: '', marked: false }]);
  });
});
