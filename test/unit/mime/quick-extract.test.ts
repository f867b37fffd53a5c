import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { quickExtract } from '../../../main/mime/quick-extract.ts';
import { toBodyRecord } from '../../../main/sync/body-record.ts';
import { generateCorpus, malformedMessages } from '../../corpus/index.ts';
import { recordByParseMessage } from './oracle.ts';
import { expectSameRecords, quickRecord, share } from './quick-oracle.ts';

// The fast path (quick-extract.ts) may leave any message to parseMessage, but
// for every message it takes, the record has to be the one parseMessage gives.

describe('the fast path on the corpus', () => {
  it.each([1, 2, 3])('gives parseMessage’s record for every message it takes (seed %i)', async (seed) => {
    const corpus = generateCorpus(1000, seed);
    const result = await expectSameRecords(corpus.map((m, i) => ({ raw: m.raw, name: `${seed}/${i} ${m.expected.kind}` })));
    console.info(`fast path, corpus seed ${seed}: ${share(result)} of the messages`);
    // a regression that sends everything to the slow path would go unnoticed otherwise
    expect(result.taken / result.total).toBeGreaterThan(0.85);
  });

  it('takes every kind but embedded messages whole, every charset included', () => {
    const left = new Map<string, number>();
    for (const m of generateCorpus(400)) {
      if (!quickExtract(m.raw)) left.set(m.expected.kind, (left.get(m.expected.kind) ?? 0) + 1);
    }
    expect([...left.keys()].sort()).toEqual(['forward']);
  });
});

/** A message from lines joined by CRLF (or `eol`). */
function mail(lines: string[], eol = '\r\n'): Buffer {
  return Buffer.from(lines.join(eol), 'latin1');
}

const HEAD = [
  'From: Ann Example <ann@example.com>',
  'To: Bob <bob@example.com>, carol@example.com',
  'Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?= again',
];

const taken: [string, Buffer][] = [
  ['plain text', mail([...HEAD, 'Content-Type: text/plain; charset=us-ascii', '', 'Hello there.', '', '-- ', 'Ann', ''])],
  [
    'Shift_JIS, with a Shift_JIS file name',
    Buffer.concat([
      mail([...HEAD, 'Content-Type: multipart/mixed; boundary=m', '', '--m', 'Content-Type: text/plain; charset=shift_jis', '', '']),
      iconv.encode('会議の資料です。', 'shift_jis'),
      mail(['', '--m', "Content-Type: application/pdf; name*=shift_jis''%89%EF%8Bc.pdf", '', 'x', '--m--', '']),
    ]),
  ],
  ['plain text, LF only', mail([...HEAD, '', 'Hello there.', ''], '\n')],
  [
    'HTML only, quoted-printable',
    mail([
      ...HEAD,
      'Content-Type: text/html; charset="utf-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>Caf=C3=A9 &amp; =',
      'cake</p>',
      '',
    ]),
  ],
  [
    // libqp drops blanks before line ends first, then soft breaks, then decodes =XX
    'quoted-printable that is soft only once blanks are gone',
    mail([...HEAD, 'Content-Transfer-Encoding: quoted-printable', '', 'a= \r\nb=\r \nc=4=\r\n1 = \t\r\nd=\r\r\ne=\t\nf ', '']),
  ],
  [
    'alternative, with transport padding and a preamble',
    mail([
      ...HEAD,
      'Content-Type: multipart/alternative;',
      '\tboundary="----=_Part_1"',
      '',
      'This is a multi-part message in MIME format.',
      '------=_Part_1  ',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Grüße aus Köln\r\n').toString('base64'),
      '------=_Part_1\t',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Grüße aus Köln</p>',
      '------=_Part_1--',
      'epilogue',
      '',
    ]),
  ],
  [
    'mixed: alternative and a file named in RFC 2231 sections',
    mail([
      ...HEAD,
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--inner',
      'Content-Type: text/html',
      '',
      '<p>see attached</p>',
      '--inner--',
      '--outer',
      'Content-Type: application/pdf;',
      " name*0*=iso-8859-1''%DCbersicht%20;",
      ' name*1*=M%E4rz.pdf',
      'Content-Disposition: attachment; filename="=?utf-8?B?w5xiZXJzaWNodCBNw6Ryei5wZGY=?="',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--outer--',
      '',
    ]),
  ],
  [
    'related: an inline image',
    mail([
      ...HEAD,
      'Content-Type: multipart/related; type="text/html"; boundary=rel',
      '',
      '--rel',
      'Content-Type: text/html; charset=iso-8859-1',
      'Content-Transfer-Encoding: 8bit',
      '',
      '<p>Caf\xe9 <img src="cid:logo@x"></p>',
      '--rel',
      'Content-Type: image/png; name=logo.png',
      'Content-ID: <logo@x>',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--rel--',
      '',
    ]),
  ],
  [
    'mixed: an image referenced from the HTML, and a file that is not',
    mail([
      ...HEAD,
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: text/html',
      '',
      '<img src="cid:a%40x">',
      '--m',
      'Content-Type: image/png',
      'Content-ID: <a@x>',
      '',
      'AAAA',
      '--m',
      'Content-Type: image/png; name="b.png"',
      'Content-ID: <b@x>',
      '',
      'AAAA',
      '--m--',
    ]),
  ],
  [
    'a mail attached as a file',
    mail([
      ...HEAD,
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: text/plain',
      '',
      'forwarding',
      '--m',
      'Content-Type: message/rfc822; name="fwd.eml"',
      'Content-Disposition: attachment; filename="fwd.eml"',
      '',
      'Subject: inner',
      '',
      'inner text',
      '--m--',
      '',
    ]),
  ],
  [
    // mailsplit passes on a body that is one empty line untrimmed when a part follows
    'a part whose body is one empty line',
    mail([
      ...HEAD,
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: text/plain',
      '',
      '',
      '--m',
      'Content-Type: text/plain',
      '',
      'second',
      '--m--',
      '',
    ]),
  ],
  [
    'no close delimiter',
    mail([...HEAD, 'Content-Type: multipart/mixed; boundary=m', '', '--m', 'Content-Type: text/plain', '', 'cut short', '']),
  ],
];

const left: [string, Buffer][] = [
  ['a first line "From " with a colon (mbox)', mail(['From : Ann <ann@example.com>', 'Subject: x', '', 'body', ''])],
  ['a boundary on a part that is not multipart', mail([...HEAD, 'Content-Type: text/plain; boundary=b', '', '--b', '', 'x', '--b--', ''])],
  [
    'an embedded message',
    mail([
      ...HEAD,
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: message/rfc822',
      '',
      'Subject: inner',
      '',
      'inner text',
      '--m--',
      '',
    ]),
  ],
  ['format=flowed', mail([...HEAD, 'Content-Type: text/plain; format=flowed', '', 'soft ', 'wrapped', ''])],
  ['Shift_JIS with a byte it does not define', mail([...HEAD, 'Content-Type: text/plain; charset=shift_jis', '', 'a\xffb', ''])],
  ['an undefined windows-1252 byte', mail([...HEAD, 'Content-Type: text/plain; charset=windows-1252', '', 'a\x81b', ''])],
  ['a raw 8-bit Subject', mail(['From: a@example.com', 'Subject: caf\xe9', '', 'x', ''])],
  ['two Subjects', mail(['From: a@example.com', 'Subject:', 'Subject: second', '', 'x', ''])],
  ['a comment in Content-Type', mail([...HEAD, 'Content-Type: text/plain (plain); charset=utf-8', '', 'x', ''])],
];

describe('the fast path on hand-made messages', () => {
  it.each(taken)('takes %s, with parseMessage’s record', async (_name, raw) => {
    const quick = quickRecord(raw);
    expect(quick).not.toBeNull();
    expect(quick).toEqual(await recordByParseMessage(raw));
  });

  it.each(left)('leaves %s to parseMessage', (_name, raw) => {
    expect(quickExtract(raw)).toBeUndefined();
  });
});

describe('toBodyRecord', () => {
  it('is the record parseMessage gives, fast path or not', async () => {
    const messages = [...generateCorpus(120, 4).map((m) => m.raw), ...malformedMessages().map((m) => m.raw), ...left.map(([, raw]) => raw)];
    for (const raw of messages) expect(await toBodyRecord(raw)).toEqual(await recordByParseMessage(raw));
  });
});
