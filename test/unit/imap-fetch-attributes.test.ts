import { describe, expect, it } from 'vitest';
import { fetchAttributes } from '../../main/imap/fetch-attributes';
import { headerFetchOf } from '../../main/imap/fetched-headers';
import { toHeaderRecord } from '../../main/imap/header-record';
import { type ImapResponse, ResponseReader } from '../../main/imap/response-reader';

// Reading FETCH items without imapflow (the lean bulk connection's header
// fetch): the grammar's corners. That the result equals imapflow's for real
// mail is checked against Dovecot in test/integration/bulk-connection.test.ts.

function response(wire: string | Buffer): ImapResponse {
  const responses: ImapResponse[] = [];
  const reader = new ResponseReader({ maxLineBytes: 100_000, maxLiteralBytes: 100_000 }, (r) => responses.push(r));
  reader.push(typeof wire === 'string' ? Buffer.from(wire, 'latin1') : wire);
  expect(responses).toHaveLength(1);
  return responses[0] as ImapResponse;
}

describe('fetchAttributes', () => {
  it('reads atoms, numbers, quoted strings with escapes, NIL, nested lists and sections with spaces', () => {
    const items = fetchAttributes(
      response(
        '* 3 FETCH (UID 42 FLAGS (\\Seen $Forwarded) X-LIST ("a \\"b\\" \\\\c" NIL (1 (2)) "") BODY[HEADER.FIELDS (REFERENCES)]<0> "x")\r\n',
      ),
    );
    expect(items?.get('UID')).toBe('42');
    expect(items?.get('FLAGS')).toEqual(['\\Seen', '$Forwarded']);
    expect(items?.get('X-LIST')).toEqual(['a "b" \\c', null, ['1', ['2']], '']);
    expect(items?.get('BODY[HEADER.FIELDS (REFERENCES)]<0>')).toBe('x');
  });

  it('puts each literal where it was announced, bytes untouched, in lists too', () => {
    const subject = Buffer.from('Grüße {2}\r\n)', 'utf8');
    const wire = Buffer.concat([
      Buffer.from(`* 1 FETCH (ENVELOPE (NIL {${subject.length}}\r\n`),
      subject,
      Buffer.from(' NIL) UID 7 BODY[HEADER.FIELDS (REFERENCES)] {4}\r\nab\r\n)\r\n'),
    ]);
    const items = fetchAttributes(response(wire));
    const envelope = items?.get('ENVELOPE') as unknown[];
    expect(Buffer.isBuffer(envelope[1]) && (envelope[1] as Buffer).equals(subject)).toBe(true);
    expect(envelope).toHaveLength(3);
    expect(items?.get('UID')).toBe('7');
    expect(String(items?.get('BODY[HEADER.FIELDS (REFERENCES)]'))).toBe('ab\r\n');
  });

  it('reads a quoted string with 8-bit bytes as UTF-8, as imapflow does', () => {
    const wire = Buffer.concat([Buffer.from('* 1 FETCH (X "'), Buffer.from('Zoë', 'utf8'), Buffer.from('")\r\n')]);
    expect(fetchAttributes(response(wire))?.get('X')).toBe('Zoë');
  });

  it('is not fooled by other responses, and survives a cut-off one', () => {
    expect(fetchAttributes(response('* 3 EXISTS\r\n'))).toBeUndefined();
    expect(fetchAttributes(response('* OK [UIDVALIDITY 3] fine\r\n'))).toBeUndefined();
    expect(fetchAttributes(response('* 1 FETCH (UID 5 FLAGS (\\Seen\r\n'))?.get('FLAGS')).toEqual(['\\Seen']);
    expect(fetchAttributes(response('* 1 FETCH (UID 5 X "unterminated\r\n'))?.get('X')).toBe('unterminated');
  });
});

describe('headerFetchOf', () => {
  it('makes the list row: decoded subject and names, groups, dates, flags and References', () => {
    const references = 'References: <root@example.test>\r\n <parent@example.test>\r\n\r\n';
    const wire = [
      '* 9 FETCH (UID 31 FLAGS (\\Seen \\Flagged work) INTERNALDATE "05-Dec-2026 10:00:00 +0000" RFC822.SIZE 1234 ENVELOPE (',
      '"Fri, 04 Dec 2026 09:30:00 +0100" "=?utf-8?q?Gr=C3=BC=C3=9Fe?= aus Wien" ',
      '(("=?iso-8859-1?q?Zo=EB?=" NIL "zoe" "example.test")) NIL ',
      '(("\\"Quoted Reply\\"" NIL "reply" "example.test")) ',
      '((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) ',
      '((NIL NIL "cc" "example.test")) NIL "<parent@example.test>" " <self@example.test> ") ',
      `BODY[HEADER.FIELDS (REFERENCES)] {${references.length}}\r\n${references})\r\n`,
    ].join('');
    const message = headerFetchOf(response(wire));
    expect(message).toBeDefined();
    expect(toHeaderRecord(message as NonNullable<typeof message>)).toEqual({
      uid: 31,
      messageId: '<self@example.test>',
      inReplyTo: '<parent@example.test>',
      references: ['<root@example.test>', '<parent@example.test>'],
      subject: 'Grüße aus Wien',
      from: { name: 'Zoë', address: 'zoe@example.test' },
      to: [{ name: 'undisclosed-recipients', address: '' }],
      cc: [{ name: '', address: 'cc@example.test' }],
      replyTo: [{ name: 'Quoted Reply', address: 'reply@example.test' }],
      date: Date.parse('2026-12-04T08:30:00Z'),
      flags: 3,
      keywords: ['work'],
      size: 1234,
    });
  });

  it('falls back to the arrival date when the Date header makes no sense, and skips responses without a UID or an ENVELOPE', () => {
    const message = headerFetchOf(
      response(
        '* 1 FETCH (UID 2 INTERNALDATE "05-Dec-2026 10:00:00 +0000" ENVELOPE ("yesterday-ish" NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n',
      ),
    );
    expect(toHeaderRecord(message as NonNullable<typeof message>).date).toBe(Date.parse('2026-12-05T10:00:00Z'));
    expect(headerFetchOf(response('* 1 FETCH (FLAGS (\\Seen))\r\n'))).toBeUndefined();
    // a flag change made elsewhere, with its UID (as under QRESYNC): no header row to make of it
    expect(headerFetchOf(response('* 1 FETCH (UID 12 FLAGS (\\Seen))\r\n'))).toBeUndefined();
  });
});
