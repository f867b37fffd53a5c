import { describe, expect, it } from 'vitest';
import { highlightWords, parseSearchQuery, type SearchClause, type SearchQuery } from '../../shared/search-query';

// The search box's language, read without any store: what each operator
// becomes, and what a malformed query says (and where) instead of throwing.

function parsed(input: string): SearchQuery {
  const result = parseSearchQuery(input);
  if (!result.ok) throw new Error(`expected "${input}" to parse, got: ${result.error.message}`);
  return result.query;
}

function error(input: string) {
  const result = parseSearchQuery(input);
  if (result.ok) throw new Error(`expected "${input}" to be refused, got ${JSON.stringify(result.query)}`);
  return result.error;
}

const text = (value: string, more: Partial<{ field: string; quoted: boolean; prefix: boolean }> = {}) => ({
  kind: 'text',
  field: 'any',
  text: value,
  quoted: false,
  prefix: false,
  ...more,
});
const clause = (term: object, negated = false): SearchClause => ({ negated, term }) as SearchClause;

describe('parseSearchQuery', () => {
  it('reads free words as clauses that must all match; the last one is a prefix (the user is typing it)', () => {
    expect(parsed('quarterly budget rev').groups).toEqual([
      [clause(text('quarterly'))],
      [clause(text('budget'))],
      [clause(text('rev', { prefix: true }))],
    ]);
  });

  it('keeps a word with punctuation inside as one term (the index reads it as a phrase of its parts)', () => {
    expect(parsed('TID-1-421').groups).toEqual([[clause(text('TID-1-421', { prefix: true }))]]);
    expect(parsed('e-mail 10:300').groups).toEqual([[clause(text('e-mail'))], [clause(text('10:300', { prefix: true }))]]);
  });

  it('takes the last word as a prefix only from three letters on (shorter ones would read much of the index)', () => {
    expect(parsed('budget re').groups[1]).toEqual([clause(text('re'))]);
    expect(parsed('budget rep').groups[1]).toEqual([clause(text('rep', { prefix: true }))]);
    expect(parsed('TID-1-42').groups[0]).toEqual([clause(text('TID-1-42'))]);
    expect(parsed('été').groups[0]).toEqual([clause(text('été', { prefix: true }))]);
  });

  it('reads "quoted phrases" as one term, never as a prefix', () => {
    expect(parsed('"quarterly budget" draft').groups).toEqual([
      [clause(text('quarterly budget', { quoted: true }))],
      [clause(text('draft', { prefix: true }))],
    ]);
    expect(parsed('draft "quarterly budget"').groups[1]).toEqual([clause(text('quarterly budget', { quoted: true }))]);
    // A quote may open right after a word.
    expect(parsed('draft"two words"').groups).toEqual([[clause(text('draft'))], [clause(text('two words', { quoted: true }))]]);
  });

  it('negates a word, a phrase or a field with -; a negated last word is not a prefix', () => {
    expect(parsed('report -draft').groups).toEqual([[clause(text('report'))], [clause(text('draft'), true)]]);
    expect(parsed('-"weekly digest" report').groups[0]).toEqual([clause(text('weekly digest', { quoted: true }), true)]);
    expect(parsed('report -from:bob@example.com').groups[1]).toEqual([clause(text('bob@example.com', { field: 'from' }), true)]);
    expect(parsed('report -is:unread').groups[1]).toEqual([clause({ kind: 'is', state: 'unread' }, true)]);
    // A hyphen inside a word is not a negation.
    expect(parsed('well-known').groups[0]).toEqual([clause(text('well-known', { prefix: true }))]);
  });

  it('joins clauses with OR (upper case) into one group; lower-case "or" is a word', () => {
    expect(parsed('invoice OR receipt OR -bill march').groups).toEqual([
      [clause(text('invoice')), clause(text('receipt')), clause(text('bill'), true)],
      [clause(text('march', { prefix: true }))],
    ]);
    expect(parsed('is:unread OR is:starred').groups).toEqual([
      [clause({ kind: 'is', state: 'unread' }), clause({ kind: 'is', state: 'starred' })],
    ]);
    expect(parsed('tea or coffee').groups).toHaveLength(3);
  });

  it('reads the text fields, with a word or a quoted value, case-insensitively', () => {
    expect(parsed('from:someone@example.net').groups[0]).toEqual([clause(text('someone@example.net', { field: 'from', prefix: true }))]);
    expect(parsed('FROM:"Ada Lovelace" x').groups[0]).toEqual([clause(text('Ada Lovelace', { field: 'from', quoted: true }))]);
    expect(parsed('to:bob cc:carol subject:budget filename:invoice.pdf x').groups.slice(0, 4)).toEqual([
      [clause(text('bob', { field: 'to' }))],
      [clause(text('carol', { field: 'cc' }))],
      [clause(text('budget', { field: 'subject' }))],
      [clause(text('invoice.pdf', { field: 'filename' }))],
    ]);
  });

  it('reads states, attachments, places and labels', () => {
    expect(parsed('is:unread is:READ is:starred has:attachment').groups).toEqual([
      [clause({ kind: 'is', state: 'unread' })],
      [clause({ kind: 'is', state: 'read' })],
      [clause({ kind: 'is', state: 'starred' })],
      [clause({ kind: 'has', what: 'attachment' })],
    ]);
    expect(parsed('in:Inbox in:"Lists/Rust" label:Receipts/2024').groups).toEqual([
      [clause({ kind: 'in', folder: 'Inbox' })],
      [clause({ kind: 'in', folder: 'Lists/Rust' })],
      [clause({ kind: 'label', label: 'Receipts/2024' })],
    ]);
  });

  it('reads dates and ages', () => {
    expect(parsed('after:2024-03-01 before:2024/3/31').groups).toEqual([
      [clause({ kind: 'after', year: 2024, month: 3, day: 1 })],
      [clause({ kind: 'before', year: 2024, month: 3, day: 31 })],
    ]);
    expect(parsed('newer_than:2d older_than:3M -older_than:10y').groups).toEqual([
      [clause({ kind: 'newer_than', amount: 2, unit: 'd' })],
      [clause({ kind: 'older_than', amount: 3, unit: 'm' })],
      [clause({ kind: 'older_than', amount: 10, unit: 'y' }, true)],
    ]);
    expect(parsed('before:2024-02-29').groups).toHaveLength(1);
  });

  it('takes a URL as text, not as a field', () => {
    expect(parsed('https://example.com/x').groups[0]).toEqual([clause(text('https://example.com/x'))]);
  });

  it('leaves out words with nothing to find (punctuation), as the index does', () => {
    expect(parsed('budget & plan').groups).toEqual([[clause(text('budget'))], [clause(text('plan', { prefix: true }))]]);
  });
});

describe('malformed queries', () => {
  it('an unclosed quote: says so, and points at it', () => {
    const e = error('budget "quarterly rev');
    expect(e.message).toMatch(/quote is not closed/);
    expect([e.start, e.end]).toEqual([7, 21]);
    expect(error('from:"Ada').message).toMatch(/quote is not closed/);
  });

  it('an unknown field: names it and what is known; quoting it searches the text', () => {
    const e = error('budget foo:bar');
    expect(e.message).toMatch(/^"foo:" is not something search knows/);
    expect(e.message).toContain('from:');
    expect([e.start, e.end]).toEqual([7, 11]);
    expect(error('Re: lunch').message).toMatch(/"Re:"/);
    expect(parsed('"Re: lunch"').groups).toHaveLength(1);
  });

  it('a field without a value, or with a value it cannot use', () => {
    expect(error('from:').message).toMatch(/"from:" needs something after it/);
    expect(error('subject:!!!').message).toMatch(/needs a word/);
    expect(error('is:unopened').message).toMatch(/is:unread, is:read and is:starred/);
    expect(error('has:pdf').message).toMatch(/has:attachment/);
    expect(error('in:""').message).toMatch(/needs a folder/);
  });

  it('a bad date or age', () => {
    expect(error('before:2024-13-01').message).toMatch(/YYYY-MM-DD/);
    expect(error('after:2023-02-29').message).toMatch(/"2023-02-29" is not one/);
    expect(error('before:yesterday').message).toMatch(/YYYY-MM-DD/);
    expect(error('older_than:xyz').message).toMatch(/days, months or years/);
    expect(error('newer_than:2w').message).toMatch(/not "2w"/);
    expect(error('newer_than:0d').message).toMatch(/days, months or years/);
  });

  it('a lone OR, OR at either end, two ORs in a row', () => {
    for (const input of ['OR', 'OR budget', 'budget OR', 'budget OR OR plan']) expect(error(input).message).toMatch(/^OR goes between/);
    const e = error('budget OR');
    expect([e.start, e.end]).toEqual([7, 9]);
  });

  it('a lone -, and negating nothing to find', () => {
    expect(error('budget -').message).toMatch(/"-" must be followed/);
    expect(error('- budget').message).toMatch(/"-" must be followed/);
    expect(error('budget -!!').message).toMatch(/no letters or digits/);
    expect(error('budget OR &').message).toMatch(/no letters or digits/);
  });

  it('nothing to search for', () => {
    expect(error('').message).toMatch(/Type something/);
    expect(error('  ').message).toMatch(/Type something/);
    expect(error('&& !!').message).toMatch(/no letters or digits/);
  });

  it('never throws, whatever it is given', () => {
    const samples = ['"', '-', '-"', 'a:"', ':', '::', 'OR OR', '-OR', 'from:"" x', '\u0000', 'in:"', '""', '"a" OR'];
    for (const sample of samples) expect(() => parseSearchQuery(sample)).not.toThrow();
    // A random mix of the characters that mean something.
    const alphabet = ['a', 'b', ' ', '"', '-', ':', 'OR', 'from', 'is', '2024-01-01', 'x'];
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      let input = '';
      for (let i = 0; i < 8; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        input += alphabet[seed % alphabet.length];
      }
      const result = parseSearchQuery(input);
      if (!result.ok) {
        expect(result.error.message.length).toBeGreaterThan(0);
        expect(result.error.start).toBeGreaterThanOrEqual(0);
        expect(result.error.end).toBeLessThanOrEqual(input.length);
      }
    }
  });
});

describe('highlightWords', () => {
  it('lists the words of positive text and subject terms', () => {
    expect(highlightWords(parsed('Budget "next quarter" -draft from:ada subject:Plan OR is:unread'))).toEqual([
      'budget',
      'next',
      'quarter',
      'plan',
    ]);
  });
});
