import { describe, expect, it } from 'vitest';
import { gmailQuery, imapSearches } from '../../main/imap/server-search';
import { ApiError } from '../../shared/errors';
import { parseSearchQuery, type SearchQuery } from '../../shared/search-query';

// "Search on server": our search syntax (shared/search-query.ts) as IMAP
// SEARCH criteria (imapflow's SearchObject) and as Gmail's X-GM-RAW query
// (main/imap/server-search.ts). The servers' answers are checked in
// test/integration/server-search.test.ts.

function parsed(text: string): SearchQuery {
  const result = parseSearchQuery(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.query;
}

const NOW = new Date(2026, 11, 7, 12, 0, 0);
const imap = (text: string) => imapSearches(parsed(text), NOW);

describe('IMAP SEARCH criteria', () => {
  it('asks for words in the whole message, fields in their headers', () => {
    expect(imap('invoice')).toEqual([{ text: 'invoice' }]);
    expect(imap('from:ada@example.com subject:"next quarter" to:bob cc:eve')).toEqual([
      { from: 'ada@example.com', subject: 'next quarter', to: 'bob', cc: 'eve' },
    ]);
    expect(imap('"budget meeting"')).toEqual([{ text: 'budget meeting' }]);
  });

  it('keeps two words as two keys that must both match (one SEARCH per repeated key)', () => {
    expect(imap('budget quarter from:ada')).toEqual([{ text: 'budget', from: 'ada' }, { text: 'quarter' }]);
  });

  it('turns states into flags, negation into NOT, OR into OR', () => {
    expect(imap('is:unread')).toEqual([{ seen: false }]);
    expect(imap('is:read is:starred')).toEqual([{ seen: true, flagged: true }]);
    expect(imap('budget -draft')).toEqual([{ text: 'budget', not: { text: 'draft' } }]);
    expect(imap('from:ada OR from:bob invoice')).toEqual([{ or: [{ from: 'ada' }, { from: 'bob' }], text: 'invoice' }]);
    expect(imap('-is:unread')).toEqual([{ not: { seen: false } }]);
  });

  it('turns dates and ages into the days of SENTBEFORE and SENTSINCE', () => {
    expect(imap('after:2024-03-01 before:2024-04-01')).toEqual([
      { sentSince: new Date(Date.UTC(2024, 2, 1)), sentBefore: new Date(Date.UTC(2024, 3, 1)) },
    ]);
    expect(imap('newer_than:7d')).toEqual([{ sentSince: new Date(Date.UTC(2026, 10, 30)) }]);
    expect(imap('older_than:1y')).toEqual([{ sentBefore: new Date(Date.UTC(2025, 11, 7)) }]);
    expect(imap('older_than:2m')).toEqual([{ sentBefore: new Date(Date.UTC(2026, 9, 7)) }]);
  });

  it('leaves a plain in: to the choice of folder, and searches all of it when nothing else is asked', () => {
    expect(imap('in:archive invoice')).toEqual([{ text: 'invoice' }]);
    expect(imap('in:inbox')).toEqual([{ all: true }]);
  });

  it('refuses, saying why, what IMAP SEARCH cannot ask (never a wider answer)', () => {
    for (const [query, words] of [
      ['invoice has:attachment', /attachments \(has:attachment\)/],
      ['filename:report.pdf', /attachment names/],
      ['label:work', /label:/],
      ['-in:trash budget', /folder combined with OR or "-"/],
      ['in:inbox OR from:ada', /folder combined/],
    ] as const) {
      let failure: unknown;
      try {
        imap(query);
      } catch (error) {
        failure = error;
      }
      expect(failure, query).toBeInstanceOf(ApiError);
      expect((failure as ApiError).code).toBe('invalid_argument');
      expect((failure as ApiError).message, query).toMatch(words);
    }
  });
});

describe("Gmail's X-GM-RAW query", () => {
  it('is the query in Gmail syntax', () => {
    expect(gmailQuery(parsed('from:ada@example.com "next quarter" -draft is:unread has:attachment'))).toBe(
      'from:ada@example.com "next quarter" -draft is:unread has:attachment',
    );
    expect(gmailQuery(parsed('subject:"budget plan" filename:report.pdf'))).toBe('subject:"budget plan" filename:report.pdf');
  });

  it('writes dates as Gmail does, ages as they are', () => {
    expect(gmailQuery(parsed('after:2024-3-1 before:2024-04-01 older_than:2y newer_than:3m'))).toBe(
      'after:2024/03/01 before:2024/04/01 older_than:2y newer_than:3m',
    );
  });

  it('puts OR groups in parentheses', () => {
    expect(gmailQuery(parsed('from:ada OR from:bob invoice'))).toBe('(from:ada OR from:bob) invoice');
  });

  it("names places as Gmail does, other folders and labels in Gmail's label form", () => {
    expect(gmailQuery(parsed('in:junk in:inbox in:starred in:all'))).toBe('in:spam in:inbox in:starred in:anywhere');
    expect(gmailQuery(parsed('label:"Receipts/2024" in:Work -label:"big news"'))).toBe('label:Receipts-2024 label:Work -label:big-news');
  });

  it('quotes what Gmail would read as its own syntax', () => {
    expect(gmailQuery(parsed('"OR" "a:b"'))).toBe('"OR" "a:b"');
    expect(gmailQuery(parsed('subject:a:b'))).toBe('subject:"a:b"');
  });
});
