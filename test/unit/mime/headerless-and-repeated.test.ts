import { describe, expect, it } from 'vitest';
import { readHeaderBlock } from '../../../main/mime/headers.ts';
import { parseMessage } from '../../../main/mime/parse-message.ts';
import { quickExtract } from '../../../main/mime/quick-extract.ts';

// Malformed mail read the way other readers (Python's email package, Thunderbird)
// read it: a message without a header block is all body; of two Subject
// headers the first counts; raw 8-bit header bytes are UTF-8 or else Latin-1
// (read as windows-1252, its superset). The fast path leaves all of these to
// parseMessage. Parsing never changes the bytes it is given.

const latin1 = (text: string) => Buffer.from(text, 'latin1');

async function parsedUnchanged(raw: Buffer) {
  const copy = Buffer.from(raw);
  const parsed = await parseMessage(raw);
  expect(raw.equals(copy)).toBe(true);
  return parsed;
}

describe('a message without a header block', () => {
  const fixtures = {
    'one paragraph': 'Hi Ann,\r\nthe meeting moved to 3 pm.\r\nBob\r\n',
    'paragraphs, one line that looks like a field': 'Hi Ann,\r\nNote: the meeting moved.\r\n\r\nSee you\r\nBob\r\n',
    'LF line ends, a leading space': ' indented first line\nsecond line\n\nlast line\n',
  };

  it.each(Object.entries(fixtures))('%s: shows all of it as the body', async (_, text) => {
    const parsed = await parsedUnchanged(Buffer.from(text));
    for (const line of text.split(/\r?\n/).filter(Boolean)) expect(parsed.text).toContain(line.trim());
    expect(parsed.subject).toBe('');
    expect(parsed.from).toEqual([]);
    expect(parsed.parseFailed).toBe(false);
    expect(parsed.problems).toContain('the message has no header block; all of it is shown as the body');
    // The header reader of the fallback and the sender check finds no fields in it either.
    expect(readHeaderBlock(Buffer.from(text))).toEqual([]);
    expect(quickExtract(Buffer.from(text))).toBeUndefined();
  });

  it('still reads a message that starts with a header field, an mbox From line or an empty header block', async () => {
    const mbox = await parsedUnchanged(Buffer.from('From ann@example.test Mon Dec  7 04:00:00 2026\r\nSubject: Hello\r\n\r\nBody\r\n'));
    expect([mbox.subject, mbox.text.trim()]).toEqual(['Hello', 'Body']);
    const plain = await parsedUnchanged(Buffer.from('subject : Spaced\r\nX-Y: z\r\n\r\nBody\r\n'));
    expect([plain.subject, plain.text.trim()]).toEqual(['Spaced', 'Body']);
    const empty = await parsedUnchanged(Buffer.from('\r\nJust a body\r\n'));
    expect(empty.text.trim()).toBe('Just a body');
    expect(empty.problems.join()).not.toMatch(/no header block/);
  });
});

describe('repeated and raw 8-bit headers', () => {
  const message = (headers: string[]) =>
    latin1([...headers, 'From: Ann <ann@example.test>', 'Date: Mon, 07 Dec 2026 09:00:00 +0000', '', 'Body', ''].join('\r\n'));

  it('shows the first of two Subject headers', async () => {
    const parsed = await parsedUnchanged(message(['Subject: The first', 'Subject: Caf\xe9 second']));
    expect(parsed.subject).toBe('The first');
    expect(parsed.problems).toContain('2 Subject headers; the first is shown');
    expect(quickExtract(message(['Subject: The first', 'Subject: The second']))).toBeUndefined();
  });

  it('decodes a raw Latin-1 byte in the first Subject, not as U+FFFD', async () => {
    const parsed = await parsedUnchanged(message(['Subject: Caf\xe9 cr\xe8me', 'Subject: Second']));
    expect(parsed.subject).toBe('Café crème');
    const single = await parsedUnchanged(message(['Subject: Na\xefve']));
    expect(single.subject).toBe('Naïve');
  });

  it('decodes raw UTF-8 as UTF-8, and an encoded word in the first Subject', async () => {
    const utf8 = Buffer.concat([
      Buffer.from('Subject: '),
      Buffer.from('Grüße aus Köln'),
      Buffer.from('\r\nSubject: x\r\nFrom: a@b.test\r\n\r\nBody\r\n'),
    ]);
    expect((await parsedUnchanged(utf8)).subject).toBe('Grüße aus Köln');
    expect((await parsedUnchanged(message(['Subject: =?utf-8?q?Caf=C3=A9?=', 'Subject: other']))).subject).toBe('Café');
  });

  it('decodes a raw Latin-1 byte in a name in From', async () => {
    const parsed = await parsedUnchanged(latin1('From: Jos\xe9 <jose@example.test>\r\nSubject: Hi\r\n\r\nBody\r\n'));
    expect(parsed.from).toEqual([{ name: 'José', address: 'jose@example.test' }]);
  });
});
