import { describe, expect, it } from 'vitest';
import { addressList, isMailtoUrl, MailtoError, parseMailto, percentDecode } from '../../shared/mailto';

const addr = (address: string, name = '') => ({ name, address });

describe('mailto: links (RFC 6068)', () => {
  it('takes the recipients of the path, comma separated and percent-encoded', () => {
    const fields = parseMailto('mailto:chris@example.com,%22Doe%2C%20Jo%22%20%3Cjo@example.org%3E');
    expect(fields.to).toEqual([addr('chris@example.com'), addr('jo@example.org', 'Doe, Jo')]);
    expect(fields).toMatchObject({ cc: [], bcc: [], subject: '', body: '', inReplyTo: null });
  });

  it('adds to=, cc= and bcc= fields, header names in any case', () => {
    const fields = parseMailto('MAILTO:a@example.com?To=b@example.com&CC=c@example.com,d@example.com&bcc=e@example.com');
    expect(fields.to).toEqual([addr('a@example.com'), addr('b@example.com')]);
    expect(fields.cc).toEqual([addr('c@example.com'), addr('d@example.com')]);
    expect(fields.bcc).toEqual([addr('e@example.com')]);
  });

  it('decodes UTF-8 and keeps + as a plus (not a form encoding)', () => {
    const fields = parseMailto('mailto:list+tag@example.com?subject=Caf%C3%A9%20%E2%80%94%201+1&body=%F0%9F%93%A7');
    expect(fields.to).toEqual([addr('list+tag@example.com')]);
    expect(fields.subject).toBe('Café — 1+1');
    expect(fields.body).toBe('📧');
  });

  it('keeps the body’s line breaks (CRLF and LF) as \\n, and makes the subject one line', () => {
    const fields = parseMailto('mailto:x@example.com?subject=one%0D%0ABcc:%20evil@example.net&body=Hello%0D%0A%0D%0Asecond%0Athird');
    expect(fields.subject).toBe('one Bcc: evil@example.net');
    expect(fields.bcc).toEqual([]);
    expect(fields.body).toBe('Hello\n\nsecond\nthird');
  });

  it('ignores headers a link must not set (From, Reply-To, attachments, unknown ones)', () => {
    const fields = parseMailto(
      'mailto:x@example.com?from=boss@example.com&reply-to=thief@example.net&attach=/etc/passwd&attachment=~/.ssh/id_rsa&x-custom=1&subject=ok',
    );
    expect(fields).toEqual({ to: [addr('x@example.com')], cc: [], bcc: [], subject: 'ok', body: '', inReplyTo: null });
  });

  it('takes In-Reply-To only when it is a Message-ID', () => {
    expect(parseMailto('mailto:x@example.com?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E').inReplyTo).toBe(
      '<3469A91.D10AF4C@example.com>',
    );
    expect(parseMailto('mailto:x@example.com?in-reply-to=not%20an%20id').inReplyTo).toBeNull();
  });

  it('allows an empty path (all recipients in fields) and repeated fields of one kind', () => {
    const fields = parseMailto('mailto:?to=a@example.com&to=b@example.com&subject=first&subject=second&body=');
    expect(fields.to).toEqual([addr('a@example.com'), addr('b@example.com')]);
    expect(fields.subject).toBe('first');
  });

  it('keeps a broken escape as written instead of refusing the link', () => {
    expect(percentDecode('100%zz%')).toBe('100%zz%');
    expect(parseMailto('mailto:x@example.com?subject=50%25%20off%2').subject).toBe('50% off%2');
    // An invalid UTF-8 sequence becomes U+FFFD, not an exception.
    expect(percentDecode('a%FFb')).toBe('a\uFFFDb');
  });

  it('drops the fragment and empty pairs', () => {
    expect(parseMailto('mailto:x@example.com?&&subject=hi#section').subject).toBe('hi');
  });

  it('refuses what is not a mailto link, and links beyond the size limit', () => {
    expect(() => parseMailto('https://example.com')).toThrow(MailtoError);
    expect(() => parseMailto(`mailto:x@example.com?body=${'a'.repeat(70_000)}`)).toThrow(/too long/);
    expect(isMailtoUrl('mailto:x@example.com')).toBe(true);
    expect(isMailtoUrl('--data-dir=/tmp')).toBe(false);
    expect(isMailtoUrl(`mailto:${'a'.repeat(70_000)}`)).toBe(false);
  });

  it('splits address lists on commas and semicolons outside quotes and brackets', () => {
    expect(addressList('a@x.org; "B, the second" <b@y.org>, <c@z.org>,  ,Dee <d@w.org>')).toEqual([
      addr('a@x.org'),
      addr('b@y.org', 'B, the second'),
      addr('c@z.org'),
      addr('d@w.org', 'Dee'),
    ]);
    // Not an address: kept as typed, for the user to see and fix.
    expect(addressList('just-a-name')).toEqual([addr('just-a-name')]);
  });
});
