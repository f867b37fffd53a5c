import { describe, expect, it } from 'vitest';
import { linkify, type Segment } from '../../../renderer/src/reader/linkify';

// Links in plain-text mail. The scanner reads each character a bounded number
// of times: the inputs at the end took the earlier regular expression (tried
// at every position of a long word) hours; here they finish at once. The time
// itself is measured in the report, not asserted.

/** The regular expression linkify used before, with one fix: the reference for ordinary text. */
function reference(text: string): Segment[] {
  const pattern = /\b(?:https?:\/\/|www\.)[^\s<>"']+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    let found = match[0];
    const trailing = /[.,;:!?'")\]}>]+$/.exec(found)?.[0] ?? '';
    const keepParen = trailing.startsWith(')') && found.slice(0, -trailing.length).includes('(') ? 1 : 0;
    found = found.slice(0, found.length - trailing.length + keepParen);
    // The one change: a URL trimmed down to (part of) its prefix is no link (this made "www" a mailto: link).
    if (!found || (match[0].match(/^(?:https?:\/\/|www\.)/) && !/^(?:https?:\/\/|www\.)./.test(found))) continue;
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    const isEmail = !/^(?:https?:\/\/|www\.)/i.test(found);
    const href = isEmail ? `mailto:${found}` : found.toLowerCase().startsWith('www.') ? `https://${found}` : found;
    segments.push({ kind: 'link', text: found, href });
    last = match.index + found.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

describe('linkify', () => {
  it('finds URLs and addresses in ordinary text', () => {
    expect(linkify('See https://example.com/a?b=c, or www.example.org. Mail ann.lee+x@mail.example.co.uk!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=c', href: 'https://example.com/a?b=c' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org' },
      { kind: 'text', text: '. Mail ' },
      { kind: 'link', text: 'ann.lee+x@mail.example.co.uk', href: 'mailto:ann.lee+x@mail.example.co.uk' },
      { kind: 'text', text: '!' },
    ]);
    expect(linkify('(https://en.wikipedia.org/wiki/Ada_(language))')[1]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Ada_(language)',
      href: 'https://en.wikipedia.org/wiki/Ada_(language)',
    });
    expect(linkify('no links here, a@b, x@y.1, mywww.example.com')).toEqual([
      { kind: 'text', text: 'no links here, a@b, x@y.1, mywww.example.com' },
    ]);
  });

  it('gives what the earlier regular expression gave, on random text made of the characters that matter', () => {
    const alphabet = [
      'a',
      'b',
      'Z',
      '1',
      '.',
      '@',
      '-',
      '_',
      ' ',
      '\n',
      '(',
      ')',
      ',',
      ':',
      '/',
      '"',
      'http://',
      'https://',
      'www.',
      'co',
      '%',
      '+',
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const length = 1 + random(30);
      for (let j = 0; j < length; j++) text += alphabet[random(alphabet.length)];
      expect(linkify(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it('reads pathological words of two million characters in linear time', () => {
    const n = 2_000_000;
    // A word without "@": the old pattern read to its end from each of its positions.
    expect(linkify('a'.repeat(n))).toEqual([{ kind: 'text', text: 'a'.repeat(n) }]);
    // Many "@"s, none an address.
    const ats = 'a@'.repeat(n / 2);
    expect(linkify(ats)).toEqual([{ kind: 'text', text: ats }]);
    // A domain that never gets its top-level label.
    const domain = `x@${'a1.'.repeat(n / 3)}1`;
    expect(linkify(domain)).toEqual([{ kind: 'text', text: domain }]);
    // "www." that is never at the start of a word, before one URL at the end.
    const wwws = `${'xwww.'.repeat(n / 5)} http://end`;
    const segments = linkify(wwws);
    expect(segments.at(-1)).toEqual({ kind: 'link', text: 'http://end', href: 'http://end' });
    expect(segments).toHaveLength(2);
    // Addresses glued to URLs in one long word: each URL start is found, and each run read, once.
    const glued = 'a@b.cohttp://x'.repeat(n / 14);
    expect(linkify(glued).length).toBeGreaterThan(1);
  });
});
