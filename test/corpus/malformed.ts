// Broken mail, as it arrives from real senders, buggy scripts and attackers.
// A parser must survive every one of them: not throw, return something the
// message list can show, and say what was wrong where it can tell.
import { base64Lines, encodeText } from './encode.ts';
import { crlf } from './mime.ts';
import { paragraphs, plainText } from './prose.ts';
import { Random } from './random.ts';

export interface MalformedMessage {
  name: string;
  raw: Buffer;
  /** What a correct parser finds anyway; `problem` says whether it should report one. */
  expect: { problem: boolean; subject?: string; textIncludes?: string; parseFailed?: boolean };
}

const HEAD =
  'From: Mal Formed <mal@example.com>\nTo: you@example.com\nDate: Mon, 3 Jun 2024 09:00:00 +0000\nMessage-ID: <malformed@example.com>\n';

function message(text: string): Buffer {
  return Buffer.from(crlf(text), 'latin1');
}

function nested(depth: number): string {
  let body = 'Content-Type: text/plain\n\ndeep inside the nesting\n';
  for (let level = depth - 1; level >= 0; level--) {
    body = `Content-Type: multipart/mixed; boundary="level-${level}"\n\n--level-${level}\n${body}--level-${level}--\n`;
  }
  return body;
}

export function malformedMessages(): MalformedMessage[] {
  const list: MalformedMessage[] = [
    {
      name: 'boundary not found',
      raw: message(
        `${HEAD}Subject: Broken boundary\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="declared"\n\n--actual\nContent-Type: text/plain\n\nthe text behind a wrong boundary\n--actual--\n`,
      ),
      expect: { problem: true, subject: 'Broken boundary', textIncludes: 'the text behind a wrong boundary' },
    },
    {
      name: 'boundary parameter missing',
      raw: message(
        `${HEAD}Subject: No boundary\nMIME-Version: 1.0\nContent-Type: multipart/alternative\n\n--x\nContent-Type: text/plain\n\nwhere is my boundary\n--x--\n`,
      ),
      expect: { problem: true, subject: 'No boundary', textIncludes: 'where is my boundary' },
    },
    {
      name: 'bad base64',
      raw: message(
        `${HEAD}Subject: Bad base64\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nSGVsbG8gd29y!!bGQ@@gaGVyZQ==\nQUJDR\n`,
      ),
      expect: { problem: true, subject: 'Bad base64' },
    },
    {
      name: 'unknown charset',
      raw: Buffer.concat([
        message(
          `${HEAD}Subject: =?x-klingon?Q?Qapla=E9?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=x-klingon\nContent-Transfer-Encoding: 8bit\n\n`,
        ),
        Buffer.from([0x51, 0x61, 0x70, 0x6c, 0x61, 0xe9, 0xff, 0x0d, 0x0a]),
      ]),
      expect: { problem: true, textIncludes: 'Qapla' },
    },
    {
      name: 'raw 8-bit Latin-1 headers',
      raw: Buffer.concat([
        Buffer.from('From: ', 'latin1'),
        encodeText('Jörg Müller <joerg@example.de>\r\nSubject: Grüße aus Köln\r\n', 'iso-8859-1'),
        message(`To: you@example.com\nDate: Mon, 3 Jun 2024 09:00:00 +0200\nContent-Type: text/plain\n\nhallo\n`),
      ]),
      expect: { problem: true, subject: 'Grüße aus Köln', textIncludes: 'hallo' },
    },
    {
      name: 'raw UTF-8 headers (RFC 6532)',
      raw: Buffer.concat([
        Buffer.from('From: Zoë Ångström <zoe@example.se>\r\nSubject: Smörgåsbord 🍣 ready\r\n', 'utf8'),
        Buffer.from(
          crlf('To: you@example.com\nDate: Mon, 3 Jun 2024 09:00:00 +0200\nContent-Type: text/plain; charset=utf-8\n\nsmaklig måltid\n'),
          'utf8',
        ),
      ]),
      expect: { problem: false, subject: 'Smörgåsbord 🍣 ready', textIncludes: 'smaklig måltid' },
    },
    {
      name: 'multiparts nested 100 deep',
      raw: message(`${HEAD}Subject: Deep\nMIME-Version: 1.0\n${nested(100)}`),
      expect: { problem: true, subject: 'Deep', textIncludes: 'deep inside the nesting' },
    },
    {
      name: 'no header at all',
      raw: message('\nJust a body, without a single header.\n'),
      expect: { problem: true, subject: '', textIncludes: 'Just a body' },
    },
    {
      name: 'body lines where headers should be',
      raw: message('This is not a header\nneither is this one\n'),
      expect: { problem: true },
    },
    {
      name: 'headers only, no body',
      raw: Buffer.from(`${crlf(`${HEAD}Subject: Only headers`)}`, 'latin1'),
      expect: { problem: false, subject: 'Only headers' },
    },
    {
      name: 'NUL bytes',
      raw: message(`${HEAD}Subject: Nul\nContent-Type: text/plain\n\nbefore\0after\nand\0\0more\n`),
      expect: { problem: true, subject: 'Nul', textIncludes: 'beforeafter' },
    },
    {
      name: 'unreadable Date',
      raw: message(`From: a@example.com\nSubject: When?\nDate: yesterday at noon, roughly\n\ntext\n`),
      expect: { problem: true, subject: 'When?' },
    },
    {
      name: 'truncated in the middle of an attachment',
      raw: message(
        `${HEAD}Subject: Cut off\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: application/pdf; name="cut.pdf"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfs\nj6IKNSAwIG9iago8PC9MZW5n`,
      ).subarray(0, -2),
      expect: { problem: false, subject: 'Cut off', textIncludes: 'see attached' },
    },
    {
      name: 'bare LF line ends',
      raw: Buffer.from(`${HEAD}Subject: Unix line ends\nContent-Type: text/plain\n\nline one\nline two\n`, 'latin1'),
      expect: { problem: false, subject: 'Unix line ends', textIncludes: 'line one\nline two' },
    },
    {
      name: 'garbage encoded words',
      raw: message(`${HEAD}Subject: =?utf-8?B?!!!not base64?= and =?utf-8?Q?unterminated\nContent-Type: text/plain\n\nx\n`),
      expect: { problem: true },
    },
    {
      name: 'HTML nested 20,000 deep, unclosed script',
      raw: message(
        `${HEAD}Subject: Markup bomb\nContent-Type: text/html\n\n${'<div>'.repeat(20_000)}visible words${'<script>'.repeat(2000)}`,
      ),
      expect: { problem: false, subject: 'Markup bomb', textIncludes: 'visible words' },
    },
    {
      name: 'header over 1 MB',
      raw: message(
        `Subject: Giant header\n${HEAD}X-Junk: ${'abcdefghij '.repeat(100).concat('\n ').repeat(2000)}\nContent-Type: text/plain\n\nbody\n`,
      ),
      expect: { problem: true, subject: 'Giant header', parseFailed: true },
    },
    {
      name: '1,500 parts',
      raw: message(
        `${HEAD}Subject: Many parts\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="p"\n\n${'--p\nContent-Type: text/plain\n\npart\n'.repeat(1500)}--p--\n`,
      ),
      expect: { problem: true, subject: 'Many parts', parseFailed: true },
    },
    { name: 'empty', raw: Buffer.alloc(0), expect: { problem: true, subject: '' } },
    { name: 'random bytes', raw: randomBytes(4096, 99), expect: { problem: true } },
  ];
  return list;
}

function randomBytes(size: number, seed: number): Buffer {
  const rng = new Random(seed);
  const out = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(rng.next() * 256);
  return out;
}

/**
 * A ~`megabytes` MB message (default 20): a long text part, an HTML
 * alternative and one big binary attachment. Built only when a test asks.
 */
export function hugeMessage(megabytes = 20): { raw: Buffer; attachmentSize: number; textPhrase: string } {
  const rng = new Random(20, megabytes);
  const paras = paragraphs(rng, 600_000);
  const text = `Here is the data dump.\n\n${plainText(paras)}\n\nEnd of text.`;
  const html = `<html><body>${paras.map((p) => `<p>${p.text}</p>`).join('\n')}</body></html>`;
  const attachmentSize = Math.max(0, Math.floor((megabytes * 1024 * 1024 - 2 * text.length) / 1.37));
  const head = `${HEAD}Subject: Huge\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="huge-mixed"\n\n--huge-mixed\nContent-Type: multipart/alternative; boundary="huge-alt"\n\n--huge-alt\nContent-Type: text/plain; charset=utf-8\n\n`;
  const raw = Buffer.concat([
    message(head),
    message(text),
    message('--huge-alt\nContent-Type: text/html; charset=utf-8\n\n'),
    message(html),
    message(
      '--huge-alt--\n--huge-mixed\nContent-Type: application/octet-stream; name="dump.bin"\nContent-Disposition: attachment; filename="dump.bin"\nContent-Transfer-Encoding: base64\n\n',
    ),
    base64Lines(randomBytes(attachmentSize, 7)),
    message('--huge-mixed--\n'),
  ]);
  return { raw, attachmentSize, textPhrase: 'End of text.' };
}
