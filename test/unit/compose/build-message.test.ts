import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMessage, newMessageId, type OutgoingMessage } from '../../../main/compose/build-message';
import { htmlToPlain } from '../../../main/compose/html-to-plain';

function message(change: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    from: { name: 'Алиса', address: 'alice@example.test' },
    replyTo: 'replies@example.test',
    to: [{ name: '山田 太郎', address: 'taro@example.test' }],
    cc: [],
    bcc: [{ name: '', address: 'secret@example.test' }],
    subject: 'Привет 🎉',
    body: { format: 'html', html: '<p>Hello <b>there</b></p><img src="cid:logo@x">' },
    attachments: [
      { filename: 'a.bin', contentType: 'application/octet-stream', content: Buffer.from([0, 1, 2, 255]), inline: false, contentId: null },
      { filename: 'logo.png', contentType: 'image/png', content: Buffer.from('png'), inline: true, contentId: 'logo@x' },
    ],
    inReplyTo: '<parent@x>',
    references: ['<root@x>', '<parent@x>'],
    messageId: '<id1@example.test>',
    date: new Date('2026-11-23T09:00:00Z'),
    ...change,
  };
}

describe('buildMessage', () => {
  it('builds alternative text and HTML, an inline image, an attachment, and every header', async () => {
    const raw = await buildMessage(message());
    const text = raw.toString('latin1');
    expect(text).toMatch(/^Message-ID: <id1@example\.test>$/m);
    expect(text).toMatch(/^Date: Mon, 23 Nov 2026 09:00:00 \+0000$/m);
    expect(text).toMatch(/^In-Reply-To: <parent@x>$/m);
    expect(text).toMatch(/^References: <root@x> <parent@x>$/m);
    expect(text).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(text).toMatch(/^Content-Type: multipart\/related/m);
    expect(text).not.toMatch(/^Bcc:/im);
    // the bytes are 7-bit: non-ASCII headers are encoded words
    expect([...raw].every((b) => b < 0x80)).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Привет 🎉');
    expect(parsed.text?.trim()).toBe('Hello there');
    expect(parsed.replyTo?.value).toEqual([{ name: '', address: 'replies@example.test' }]);
    expect(parsed.attachments.map((a) => [a.filename, a.contentId ?? null, [...a.content]])).toEqual([
      ['logo.png', '<logo@x>', [...Buffer.from('png')]],
      ['a.bin', null, [0, 1, 2, 255]],
    ]);
  });

  it('keeps Bcc for a draft copy, and builds a plain-only message as one text part', async () => {
    const raw = await buildMessage(message({ keepBcc: true, body: { format: 'plain', text: 'Just text' }, attachments: [] }));
    const text = raw.toString('latin1');
    expect(text).toMatch(/^Bcc: secret@example\.test$/m);
    expect(text).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
    expect((await simpleParser(raw)).text?.trim()).toBe('Just text');
  });

  it("makes Message-IDs on the sender's domain, never twice the same", () => {
    const a = newMessageId('a@mail.example.test');
    expect(a).toMatch(/^<[0-9a-f-]{36}@mail\.example\.test>$/);
    expect(newMessageId('a@mail.example.test')).not.toBe(a);
  });
});

describe('htmlToPlain', () => {
  it('keeps the signature separator "-- " whole (RFC 3676), and trims other lines', () => {
    expect(htmlToPlain('<p>Hi  </p><p></p><p>-- <br>Ada<br>London</p>')).toBe('Hi\n\n-- \nAda\nLondon');
    expect(htmlToPlain('<p>ok -- <br>x</p>')).toBe('ok --\nx');
  });

  it("turns the editor's HTML into readable text", () => {
    expect(htmlToPlain('<p>One <b>bold</b> line<br>and a break</p><p>Second &amp; last</p>')).toBe(
      'One bold line\nand a break\n\nSecond & last',
    );
    expect(htmlToPlain('<ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol>')).toBe('- a\n- b\n\n1. x\n2. y');
    expect(
      htmlToPlain('<p>See <a href="https://example.test/x">the page</a> or <a href="https://example.test">https://example.test</a></p>'),
    ).toBe('See the page <https://example.test/x> or https://example.test');
    expect(htmlToPlain('<p>Hi</p><blockquote><p>quoted</p><blockquote><p>deeper</p></blockquote></blockquote>')).toBe(
      'Hi\n\n> quoted\n>\n> > deeper',
    );
    expect(htmlToPlain('<style>p{}</style><p>shown</p><script>hidden()</script>')).toBe('shown');
  });
});
