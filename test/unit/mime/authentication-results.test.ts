import { describe, expect, it } from 'vitest';
import { providerDomains, senderVerified } from '../../../main/mailbox/sender-verification';
import { authenticatesDomain, parseAuthenticationResults, topAuthenticationResults } from '../../../main/mime/authentication-results';
import { readHeaderBlock } from '../../../main/mime/headers';

// Authentication-Results (RFC 8601) and which of them may vouch for a sender.

describe('reading Authentication-Results', () => {
  it('reads the authserv-id, each method, result and properties, past comments, quotes and spaces', () => {
    const field = parseAuthenticationResults(
      ' mx.google.com (the receiver) 1;\r\n       dkim=pass header.i=@shop.example header.s="s;1" header.b=abc (comment; with a semicolon);' +
        ' spf = neutral (google.com: 1.2.3.4 is neither) smtp.mailfrom=x@shop.example; dmarc=pass (p=REJECT sp=NONE dis=NONE) header.from=Shop.Example',
    );
    expect(field).toEqual({
      authservId: 'mx.google.com',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.i': '@shop.example', 'header.s': 's;1', 'header.b': 'abc' } },
        { method: 'spf', result: 'neutral', props: { 'smtp.mailfrom': 'x@shop.example' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'Shop.Example' } },
      ],
    });
    expect(parseAuthenticationResults('example.org; none')).toEqual({ authservId: 'example.org', results: [] });
    // Microsoft's fields without an authserv-id are no one's.
    expect(parseAuthenticationResults('spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=a.example; dkim=pass header.d=a.example')).toBeNull();
  });

  it('takes the topmost fields only: the first and those right after it', () => {
    const head = readHeaderBlock(
      Buffer.from(
        [
          'Return-Path: <x@a.example>',
          'Authentication-Results: mx.example.org; dkim=fail header.d=a.example',
          'Authentication-Results: mx.example.org; dmarc=fail header.from=a.example',
          'Received: from a by b',
          'Authentication-Results: mx.example.org; dkim=pass header.d=a.example',
          'From: a@a.example',
          '',
          'body',
        ].join('\r\n'),
      ),
    );
    const top = topAuthenticationResults(head);
    expect(top.map((f) => f.results[0]?.result)).toEqual(['fail', 'fail']);
    expect(authenticatesDomain(top, 'a.example')).toBe(false);
  });

  it('authenticates a domain by DKIM pass for that very domain, or DMARC pass', () => {
    const check = (value: string, domain = 'shop.example') =>
      authenticatesDomain(
        [parseAuthenticationResults(value)].flatMap((f) => (f ? [f] : [])),
        domain,
      );
    expect(check('mx.example.org; dkim=pass header.d=shop.example')).toBe(true);
    expect(check('mx.example.org; dkim=pass header.d=SHOP.example.')).toBe(true);
    expect(check('mx.example.org; dkim=pass header.d=example')).toBe(false); // a parent domain: not this sender
    expect(check('mx.example.org; dkim=pass header.d=evil.example')).toBe(false);
    expect(check('mx.example.org; dkim=fail header.d=shop.example')).toBe(false);
    expect(check('mx.example.org; spf=pass smtp.mailfrom=shop.example')).toBe(false); // SPF checks the envelope, not From
    expect(check('mx.example.org; dmarc=pass header.from=shop.example')).toBe(true);
    expect(check('mx.example.org; dmarc=pass header.from=other.example')).toBe(false);
    expect(check('mx.example.org; dmarc=pass (p=none)')).toBe(true);
    expect(check('mx.example.org; dmarc=bestguesspass header.from=shop.example')).toBe(false);
  });
});

describe("the account's provider", () => {
  it('is its domain, its incoming host and that host’s parent, and known providers’ receiving servers', () => {
    expect(providerDomains({ email: 'ann@example.org', incomingHost: 'imap.mail.example.org' })).toEqual([
      'example.org',
      'imap.mail.example.org',
      'mail.example.org',
    ]);
    expect(providerDomains({ email: 'ann@example.org', incomingHost: '127.0.0.1' })).toEqual(['example.org']);
    expect(providerDomains({ email: 'ann@gmail.com', incomingHost: 'imap.gmail.com' })).toContain('mx.google.com');
  });

  it('must be the one that vouched', () => {
    const raw = (ar: string) => Buffer.from(`Authentication-Results: ${ar}\r\nFrom: a@shop.example\r\n\r\nhi`);
    const gmail = { email: 'ann@gmail.com', incomingHost: 'imap.gmail.com' };
    expect(senderVerified(raw('mx.google.com; dkim=pass header.d=shop.example'), 'a@shop.example', gmail)).toBe(true);
    expect(senderVerified(raw('mx.google.com.evil.example; dkim=pass header.d=shop.example'), 'a@shop.example', gmail)).toBe(false);
    expect(senderVerified(raw('evil.example; dkim=pass header.d=shop.example'), 'a@shop.example', gmail)).toBe(false);
    expect(senderVerified(raw('mx.google.com; dkim=pass header.d=shop.example'), null, gmail)).toBe(false);
    expect(senderVerified(raw('mx.google.com; dkim=pass header.d=shop.example'), 'a@shop.example', undefined)).toBe(false);
  });
});
