import { describe, expect, it } from 'vitest';
import { authFromCapabilities, fromGuess, guessTargets } from '../../../main/accounts/discovery/guess';
import { fakeNet, probeKey } from './fakes';

const context = (net: ReturnType<typeof fakeNet>) => ({
  email: 'jane@example.com',
  domain: 'example.com',
  resolver: net.resolver,
  get: net.get,
  ispdbBase: 'https://ispdb.test/',
  signal: new AbortController().signal,
});

describe('guessing', () => {
  it('tries implicit TLS before STARTTLS, and the usual host names in order', () => {
    const imap = guessTargets('example.com', 'imap');
    expect(imap.encrypted.map(probeKey)).toEqual([
      'imap tls imap.example.com:993',
      'imap tls mail.example.com:993',
      'imap tls example.com:993',
      'imap starttls imap.example.com:143',
      'imap starttls mail.example.com:143',
      'imap starttls example.com:143',
    ]);
    expect(imap.plain.map(probeKey)).toEqual([
      'imap none imap.example.com:143',
      'imap none mail.example.com:143',
      'imap none example.com:143',
    ]);
    expect(guessTargets('example.com', 'pop3').encrypted.map((t) => t.host)).toContain('pop3.example.com');
    expect(guessTargets('example.com', 'smtp').encrypted.map((t) => `${t.host}:${t.port}`)).toEqual([
      'smtp.example.com:465',
      'mail.example.com:465',
      'example.com:465',
      'smtp.example.com:587',
      'mail.example.com:587',
      'example.com:587',
    ]);
  });

  it('takes the best server that answers: TLS at a worse host name beats STARTTLS at a better one', async () => {
    const net = fakeNet({
      probes: {
        'imap starttls imap.example.com:143': ['IMAP4REV1', 'STARTTLS'],
        'imap tls example.com:993': ['IMAP4REV1'],
        'pop3 starttls pop.example.com:110': ['STLS', 'USER'],
        'smtp starttls mail.example.com:587': ['AUTH PLAIN LOGIN'],
      },
    });
    const outcome = await fromGuess(context(net), { probe: net.probe });
    if (!('found' in outcome)) throw new Error('nothing found');
    expect(outcome.found.incoming.map((s) => `${s.protocol} ${s.security} ${s.host}:${s.port}`)).toEqual([
      'imap tls example.com:993',
      'pop3 starttls pop.example.com:110',
    ]);
    expect(outcome.found.outgoing[0]).toMatchObject({
      host: 'mail.example.com',
      port: 587,
      security: 'starttls',
      username: 'jane@example.com',
    });
  });

  it('offers a plain server only when nothing encrypted answers, and probes plain ones only then', async () => {
    const net = fakeNet({ probes: { 'imap none mail.example.com:143': ['IMAP4REV1'], 'smtp tls smtp.example.com:465': [] } });
    const outcome = await fromGuess(context(net), { probe: net.probe });
    if (!('found' in outcome)) throw new Error('nothing found');
    expect(outcome.found.incoming[0]).toMatchObject({ host: 'mail.example.com', security: 'none' });
    // SMTP found an encrypted server, so no plain SMTP probe was made.
    expect(net.asked.filter((a) => a.startsWith('probe smtp none'))).toEqual([]);
  });

  it('finds nothing when nothing answers', async () => {
    const net = fakeNet({});
    expect(await fromGuess(context(net), { probe: net.probe })).toEqual({ nothing: 'no mail server answered at example.com' });
  });

  it("reads what a server's capabilities say about logging in", () => {
    expect(authFromCapabilities('imap', ['IMAP4REV1', 'AUTH=PLAIN', 'AUTH=XOAUTH2'])).toEqual(['password-cleartext', 'oauth2']);
    expect(authFromCapabilities('imap', ['IMAP4REV1', 'LOGINDISABLED'])).toEqual([]);
    expect(authFromCapabilities('pop3', ['SASL SCRAM-SHA-256'])).toEqual(['password-encrypted']);
    expect(authFromCapabilities('smtp', ['PIPELINING', 'AUTH LOGIN PLAIN'])).toEqual(['password-cleartext']);
  });
});
