import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, messageIds, parseAddressList, parseMailDate, readHeaderBlock } from '../../../main/mime/headers.ts';
import { decodeEntities, htmlToText } from '../../../main/mime/html-text.ts';
import { parseMessage } from '../../../main/mime/parse-message.ts';
import { extractSearchText, truncateUtf8 } from '../../../main/mime/search-text.ts';
import { makeSnippet } from '../../../main/mime/snippet.ts';

describe('snippet', () => {
  it('collapses whitespace and stops near 200 characters, at a word', () => {
    const snippet = makeSnippet(`Hello   there,\n\n${'word '.repeat(100)}`);
    expect(snippet.startsWith('Hello there, word word')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(200);
    expect(snippet.length).toBeGreaterThan(150);
    expect(snippet.endsWith('word')).toBe(true);
  });

  it('skips quotes, attributions and what follows a signature or an Outlook quote', () => {
    expect(makeSnippet('On Mon, 1 Jan 2024, Ann <a@b.c> wrote:\n> old text\n> more\n\nMy answer.\n-- \nBob\nphone')).toBe('My answer.');
    expect(makeSnippet('Am 01.01.2024 um 10:00 schrieb Ann:\n> alt\nNeu hier.')).toBe('Neu hier.');
    expect(makeSnippet('On Mon, 1 Jan 2024 at 10:00, Ann Example\n<ann@example.com> wrote:\n> old\nFresh words.')).toBe('Fresh words.');
    expect(makeSnippet('Short reply.\n\n-----Original Message-----\nFrom: x\nold')).toBe('Short reply.');
  });

  it('falls back to the quote when there is nothing else', () => {
    expect(makeSnippet('> only a quote')).toBe('> only a quote');
  });

  it('never cuts a surrogate pair', () => {
    expect(makeSnippet('😀'.repeat(150))).toBe('😀'.repeat(100));
    expect(makeSnippet(`a${'😀'.repeat(150)}`)).toBe(`a${'😀'.repeat(99)}`);
  });
});

describe('HTML to text', () => {
  it('drops what is never shown, breaks lines at blocks, decodes references', () => {
    const html =
      '<html><head><title>T</title><style>p{color:red}</style></head><body><script>alert(1)</script><p>Caf&eacute; &amp; th&eacute;&nbsp;&#8364;5 &#x1F600;</p><div>second<br>line</div><!-- hidden --></body></html>';
    expect(htmlToText(html)).toBe('Café & thé €5 😀\n\nsecond\nline');
  });

  it('keeps unknown references and bare ampersands as written', () => {
    expect(decodeEntities('AT&T &bogus; &#0; &lt;b&gt;')).toBe('AT&T &bogus; \ufffd <b>');
  });

  it('stays linear on hostile markup', () => {
    const html = `${'<script>'.repeat(20_000)}${'<div>'.repeat(50_000)}x`;
    const started = performance.now();
    htmlToText(html);
    htmlToText(`${'<style '.repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('header helpers', () => {
  it('decodes RFC 2047 words, joining adjacent ones (6.2) and split multibyte characters', () => {
    expect(decodeEncodedWords('=?iso-8859-1?Q?J=FCrgen?= =?iso-8859-1?Q?_M=FCller?=')).toBe('Jürgen Müller');
    // "€" split across two words
    expect(decodeEncodedWords('=?utf-8?B?4oI=?= =?utf-8?B?rA==?=')).toBe('€');
    expect(decodeEncodedWords('=?ISO-2022-JP?B?GyRCJE8kcyQ/JGsbKEI=?=')).toBe('はんたる');
    expect(decodeEncodedWords('a =?utf-8*en?Q?b?= c')).toBe('a b c');
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=')).toBe('abc');
  });

  it('reads dates as RFC 5322 writes them, and nothing else', () => {
    expect(parseMailDate('Tue, 1 Jul 2003 10:52:37 +0200 (CEST)')).toBe('2003-07-01T08:52:37.000Z');
    expect(parseMailDate('1 Jan 99 10:00 EST')).toBe('1999-01-01T15:00:00.000Z');
    expect(parseMailDate('Mon, 1 Jan 2024 10:00:00')).toBe('2024-01-01T10:00:00.000Z');
    expect(parseMailDate('Mon, 1 Jan 2024 10:00:00 MEZ')).toBe('2024-01-01T10:00:00.000Z');
    expect(parseMailDate('Mon Jan  1 10:00:00 2024')).toBe('2024-01-01T10:00:00.000Z');
    expect(parseMailDate('2024-01-02T03:04:05+01:00')).toBe('2024-01-02T02:04:05.000Z');
    for (const bad of ['yesterday at noon +0000', 'Mon, 1 Jan 2024 25:00:00 +0000', '12', 'Mon, 32 Foo 2024 10:00 +0000']) {
      expect(parseMailDate(bad)).toBeNull();
    }
  });

  it('finds Message-IDs however they are separated', () => {
    expect(messageIds('<a@x>,<b@y>\r\n <c@z> (comment)')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(messageIds('bare@id.example')).toEqual(['<bare@id.example>']);
    expect(messageIds('')).toEqual([]);
  });

  it('flattens groups and decodes names', () => {
    expect(parseAddressList('Team: =?utf-8?Q?Zo=C3=AB?= <zoe@x>, bob@y;, "Doe, Jane" <jane@z>')).toEqual([
      { name: 'Zoë', address: 'zoe@x' },
      { name: '', address: 'bob@y' },
      { name: 'Doe, Jane', address: 'jane@z' },
    ]);
  });

  it('reads a header block with folding, skipping an mbox From line', () => {
    const lines = readHeaderBlock(Buffer.from('From someone Mon Jan 1\r\nSubject: a\r\n b\r\nX-A: 1\r\n\r\nbody: no'));
    expect(lines.map((l) => l.key)).toEqual(['subject', 'x-a']);
    expect(lines[0]?.line).toBe('Subject: a\r\n b');
  });
});

describe('search text', () => {
  it('has subject, people, file names and body, bounded in UTF-8 bytes', async () => {
    const parsed = await parseMessage(
      Buffer.from(
        'From: Ann Example <ann@example.com>\r\nTo: bob@example.org\r\nCc: "Cy" <cy@example.net>\r\nSubject: Quarterly\r\nDate: Mon, 3 Jun 2024 09:00:00 +0000\r\n\r\nThe numbers are in.\r\n',
      ),
    );
    const text = extractSearchText(parsed);
    for (const part of ['Quarterly', 'Ann Example ann@example.com', 'bob@example.org', 'Cy cy@example.net', 'The numbers are in.']) {
      expect(text).toContain(part);
    }
    expect(Buffer.byteLength(extractSearchText({ ...parsed, text: 'é'.repeat(300_000) }))).toBeLessThanOrEqual(256 * 1024);
  });

  it('cuts between characters', () => {
    expect(truncateUtf8('aé€😀', 1)).toBe('a');
    expect(truncateUtf8('aé€😀', 2)).toBe('a');
    expect(truncateUtf8('aé€😀', 6)).toBe('aé€');
    expect(truncateUtf8('aé€😀', 9)).toBe('aé€');
    expect(truncateUtf8('aé€😀', 10)).toBe('aé€😀');
  });
});
