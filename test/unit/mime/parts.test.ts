import { describe, expect, it } from 'vitest';
import { getAttachment, getInlineParts } from '../../../main/mime/attachments.ts';
import { parseMessage } from '../../../main/mime/parse-message.ts';
import { parameter } from '../../corpus/encode.ts';
import { binaryPart, multipart, serialize, textPart } from '../../corpus/mime.ts';

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(70_000, 7)]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const raw = serialize({
  ...multipart('mixed', 'outer', [
    multipart('related', 'rel', [
      textPart('<p>Logo: <img src="cid:logo%40x"></p>', { subtype: 'html', charset: 'utf-8', encoding: 'quoted-printable' }),
      binaryPart(png, { contentType: 'image/png', disposition: 'inline', contentId: 'logo@x' }),
    ]),
    binaryPart(pdf, {
      contentType: 'application/pdf',
      nameParameter: parameter('name', 'Überweisung.pdf'),
      filenameParameter: parameter('filename', 'Überweisung.pdf'),
      disposition: 'attachment',
    }),
  ]),
  headers: [
    ['From', 'a@example.com'],
    ['Subject', 'parts'],
    ['Date', 'Mon, 3 Jun 2024 09:00:00 +0000'],
    ['Content-Type', 'multipart/mixed; boundary="outer"'],
  ],
});

describe('attachment content on demand', () => {
  it('lists attachments in the order getAttachment numbers them', async () => {
    const parsed = await parseMessage(raw);
    expect(parsed.attachments).toEqual([
      { partId: '1.2', filename: null, contentType: 'image/png', size: png.length, contentId: 'logo@x', inline: true },
      { partId: '2', filename: 'Überweisung.pdf', contentType: 'application/pdf', size: pdf.length, contentId: null, inline: false },
    ]);
    expect(parsed.hasAttachments).toBe(true);
    const second = await getAttachment(raw, 1);
    expect(second.filename).toBe('Überweisung.pdf');
    expect(second.contentType).toBe('application/pdf');
    expect(second.content.equals(pdf)).toBe(true);
  });

  it('refuses an attachment that is not there', async () => {
    await expect(getAttachment(raw, 2)).rejects.toThrow(RangeError);
  });

  it('gives the cid: parts by Content-ID without angle brackets', async () => {
    const inline = await getInlineParts(raw);
    expect([...inline.keys()]).toEqual(['logo@x']);
    expect(inline.get('logo@x')?.content.equals(png)).toBe(true);
    expect(inline.get('logo@x')?.contentType).toBe('image/png');
  });

  it('keeps the HTML as the sender wrote it (cid: links are not rewritten)', async () => {
    const parsed = await parseMessage(raw);
    expect(parsed.html).toBe('<p>Logo: <img src="cid:logo%40x"></p>');
  });
});

describe('attachment sizes counted without decoding', () => {
  // parseMessage counts base64 characters; getAttachment decodes: they must agree
  const variants: [string, string][] = [
    ['76 columns, padded', Buffer.from('hello world, attachment!').toString('base64').replace(/.{76}/g, '$&\r\n')],
    ['no padding', 'aGVsbG8gd29ybGQ'],
    ['64 columns with blanks', `${Buffer.alloc(200, 65).toString('base64').replace(/.{64}/g, '$& \r\n')}`],
    ['padding in the middle (two encoder runs)', 'QQ==QkM='],
    ['one character too many', 'QUJDR'],
  ];
  it.each(variants)('%s', async (_name, body) => {
    const message = Buffer.from(
      `From: a@example.com\r\nSubject: s\r\nDate: Mon, 3 Jun 2024 09:00:00 +0000\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ntext\r\n--b\r\nContent-Type: application/octet-stream; name="x.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n--b--\r\n`,
    );
    const parsed = await parseMessage(message);
    const decoded = await getAttachment(message, 0);
    expect(parsed.attachments[0]?.size).toBe(decoded.content.length);
  });

  it('counts 8bit and binary attachments by their bytes', async () => {
    const message = Buffer.from(
      'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ntext\r\n--b\r\nContent-Type: application/x-thing\r\nContent-Transfer-Encoding: 8bit\r\n\r\nline one\r\nline two\r\n--b--\r\n',
    );
    const parsed = await parseMessage(message);
    expect(parsed.attachments[0]?.size).toBe((await getAttachment(message, 0)).content.length);
    expect(parsed.attachments[0]?.size).toBe('line one\r\nline two'.length);
  });
});
