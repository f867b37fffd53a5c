import { describe, expect, it } from 'vitest';
import { ConfigError, fillPlaceholders, parseClientConfig, serversFor } from '../../../main/accounts/discovery/config-xml';
import { loadedPresets, PRESETS, presetForDomain, presetForMxHost, presetForServerHost } from '../../../main/accounts/discovery/presets';

const config = (servers: string, extra = '') => `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.com"><domain>example.com</domain><domain>EXAMPLE.net</domain>
<displayName>Example Mail</displayName>${servers}${extra}</emailProvider></clientConfig>`;

const server = (
  kind: 'incomingServer' | 'outgoingServer',
  type: string,
  host: string,
  port: string,
  socket: string,
  user = '%EMAILADDRESS%',
  auth = ['password-cleartext'],
) =>
  `<${kind} type="${type}"><hostname>${host}</hostname><port>${port}</port><socketType>${socket}</socketType><username>${user}</username>${auth
    .map((a) => `<authentication>${a}</authentication>`)
    .join('')}</${kind}>`;

describe('config-v1.1.xml', () => {
  it('reads every server, in the order of the file, with socket types and auth methods', () => {
    const parsed = parseClientConfig(
      config(
        server('incomingServer', 'imap', 'imap.example.com', '993', 'SSL', '%EMAILADDRESS%', ['OAuth2', 'password-cleartext']) +
          server('incomingServer', 'imap', 'imap.example.com', '143', 'STARTTLS') +
          server('incomingServer', 'pop3', 'pop.example.com', '995', 'SSL', '%EMAILLOCALPART%', ['password-encrypted']) +
          server('outgoingServer', 'smtp', 'smtp.example.com', '465', 'SSL') +
          server('outgoingServer', 'smtp', 'smtp.example.com', '587', 'STARTTLS', '%EMAILADDRESS%', [
            'password-cleartext',
            'client-IP-address',
          ]) +
          server('outgoingServer', 'smtp', 'relay.example.com', '25', 'plain', '', ['none']),
        '<documentation url="https://example.com/help"/><documentation url="http://example.com/insecure"/><enable visiturl="https://example.com/enable"/>',
      ),
    );
    expect(parsed.id).toBe('example.com');
    expect(parsed.displayName).toBe('Example Mail');
    expect(parsed.domains).toEqual(['example.com', 'example.net']);
    expect(parsed.incoming.map((s) => [s.protocol, s.port, s.security])).toEqual([
      ['imap', 993, 'tls'],
      ['imap', 143, 'starttls'],
      ['pop3', 995, 'tls'],
    ]);
    expect(parsed.incoming[0]?.auth).toEqual(['oauth2', 'password-cleartext']);
    expect(parsed.incoming[2]?.auth).toEqual(['password-encrypted']);
    expect(parsed.outgoing.map((s) => [s.hostname, s.port, s.security, s.auth])).toEqual([
      ['smtp.example.com', 465, 'tls', ['password-cleartext']],
      ['smtp.example.com', 587, 'starttls', ['password-cleartext', 'client-ip-address']],
      ['relay.example.com', 25, 'none', ['none']],
    ]);
    // An empty <username> means the address (Thunderbird's default).
    expect(parsed.outgoing[2]?.username).toBe('%EMAILADDRESS%');
    // Only https links are kept: an http page could be swapped on the way.
    expect(parsed.documentation).toEqual(['https://example.com/help']);
    expect(parsed.enableUrls).toEqual(['https://example.com/enable']);
  });

  it('fills in %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN%, in usernames and host names', () => {
    const parsed = parseClientConfig(
      config(
        server('incomingServer', 'imap', 'mail.%EMAILDOMAIN%', '993', 'SSL', '%EMAILLOCALPART%') +
          server('incomingServer', 'pop3', 'pop.example.com', '995', 'SSL', '%EMAILLOCALPART%@%EMAILDOMAIN%') +
          server('outgoingServer', 'smtp', 'smtp.example.com', '465', 'SSL', '%EMAILADDRESS%'),
      ),
    );
    const incoming = serversFor(parsed.incoming, 'Jane.Doe@Example.COM');
    expect(incoming[0]).toMatchObject({ host: 'mail.example.com', username: 'Jane.Doe' });
    expect(incoming[1]).toMatchObject({ username: 'Jane.Doe@example.com' });
    expect(serversFor(parsed.outgoing, 'Jane.Doe@Example.COM')[0]?.username).toBe('Jane.Doe@Example.COM');
    expect(fillPlaceholders('%EMAILDOMAIN%/%EMAILLOCALPART%', 'a@b.c')).toBe('b.c/a');
  });

  it('reads whose OAuth2 sign-in the servers take from <oAuth2><issuer>', () => {
    const imap = server('incomingServer', 'imap', 'imap.example.com', '993', 'SSL', '%EMAILADDRESS%', ['OAuth2']);
    const withIssuer = (issuer: string) =>
      `<clientConfig version="1.1"><emailProvider id="e"><domain>example.com</domain>${imap}</emailProvider><oAuth2><issuer>${issuer}</issuer><scope>x</scope></oAuth2></clientConfig>`;
    expect(parseClientConfig(withIssuer('accounts.google.com')).oauthProvider).toBe('google');
    expect(parseClientConfig(withIssuer('login.microsoftonline.com')).oauthProvider).toBe('microsoft');
    expect(parseClientConfig(withIssuer('auth.example.com')).oauthProvider).toBeNull();
    expect(parseClientConfig(config(imap)).oauthProvider).toBeNull();
  });

  it('drops servers it cannot use safely, and keeps the rest', () => {
    const parsed = parseClientConfig(
      config(
        server('incomingServer', 'imap', 'evil.example.com/path', '993', 'SSL') +
          server('incomingServer', 'imap', 'imap.example.com', '99999', 'SSL') +
          server('incomingServer', 'imap', 'imap.example.com', '993', 'TLS-ish') +
          server('incomingServer', 'exchange', 'ex.example.com', '443', 'SSL') +
          server('incomingServer', 'imap', 'javascript:alert(1)', '993', 'SSL') +
          // Character references are well-formed XML: a CR/LF or tab in a username would reach the login line.
          server('incomingServer', 'pop3', 'pop1.example.com', '995', 'SSL', '%EMAILADDRESS%&#13;&#10;DELE 1') +
          server('incomingServer', 'imap', 'imap2.example.com', '993', 'SSL', 'ann&#10;x') +
          server('incomingServer', 'imap', 'imap3.example.com', '993', 'SSL', 'ann&#9;x') +
          server('incomingServer', 'imap', 'imap&#13;&#10;.example.com', '993', 'SSL') +
          server('incomingServer', 'pop3', 'pop.example.com', '995', 'SSL'),
      ),
    );
    expect(parsed.incoming.map((s) => s.hostname)).toEqual(['pop.example.com']);
  });

  it.each([
    ['not XML at all', 'Hello, this is a 200 page from a parking provider'],
    ['an HTML page', '<html><body>Not found</body></html>'],
    ['a config without an emailProvider', '<clientConfig version="1.1"/>'],
    ['a config without usable servers', config(server('incomingServer', 'imap', 'bad host', '993', 'SSL'))],
    [
      'a DOCTYPE with entities',
      `<!DOCTYPE clientConfig [<!ENTITY h "imap.evil.com">]>${config(server('incomingServer', 'imap', '&h;', '993', 'SSL'))}`,
    ],
    [
      'an external entity',
      `<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><clientConfig><emailProvider>&x;</emailProvider></clientConfig>`,
    ],
    ['truncated XML', config(server('incomingServer', 'imap', 'imap.example.com', '993', 'SSL')).slice(0, 200)],
  ])('refuses %s with a ConfigError', (_, text) => {
    expect(() => parseClientConfig(text)).toThrow(ConfigError);
  });
});

describe('the built-in presets', () => {
  it.each(PRESETS.map((preset) => [preset.id, preset] as const))(
    '%s parses, with IMAP and SMTP over TLS and sign-in advice',
    (_, preset) => {
      const parsed = parseClientConfig(preset.xml);
      expect(parsed.incoming.some((s) => s.protocol === 'imap')).toBe(true);
      expect(parsed.outgoing.length).toBeGreaterThan(0);
      for (const s of [...parsed.incoming, ...parsed.outgoing]) expect(s.security).not.toBe('none');
      // Every preset is found by its domains, or (Microsoft 365) by its MX host.
      if (parsed.domains.length === 0) expect(preset.mxSuffixes?.length).toBeGreaterThan(0);
      for (const domain of parsed.domains) expect(presetForDomain(domain)?.id).toBe(preset.id);
      if (preset.signIn.password === 'app-password') expect(preset.signIn.appPasswordUrl).toMatch(/^https:\/\//);
      if (preset.signIn.password === 'none') expect(preset.signIn.oauth).not.toBeNull();
    },
  );

  it('has the providers the wizard promises, with the sent-mail behaviour the send path needs', () => {
    const byDomain = (domain: string) => presetForDomain(domain);
    for (const domain of [
      'gmail.com',
      'googlemail.com',
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'yahoo.com',
      'att.net',
      'aol.com',
      'icloud.com',
      'me.com',
      'mac.com',
      'fastmail.com',
      'gmx.net',
      'gmx.de',
      'gmx.com',
      'web.de',
      'zoho.com',
      'zoho.eu',
      'zoho.in',
      'zoho.com.au',
      'zoho.jp',
      'mail.ru',
      'yandex.ru',
      'yandex.com',
    ]) {
      expect(byDomain(domain), domain).toBeDefined();
    }
    expect(byDomain('gmail.com')?.sentMailFiledByServer).toBe(true);
    expect(byDomain('outlook.com')?.sentMailFiledByServer).toBe(true);
    expect(byDomain('icloud.com')?.sentMailFiledByServer).toBe(true);
    expect(byDomain('yahoo.com')?.sentMailFiledByServer).toBe(false);
    expect(byDomain('icloud.com')?.config.incoming.some((s) => s.protocol === 'pop3')).toBe(false);
    expect(byDomain('zoho.eu')?.config.incoming[0]?.hostname).toBe('imap.zoho.eu');
    expect(byDomain('example.com')).toBeUndefined();
  });

  it('recognises company domains by their MX host, the most specific match first', () => {
    expect(presetForMxHost('example-com.mail.protection.outlook.com')?.id).toBe('microsoft365');
    expect(presetForMxHost('alt1.aspmx.l.google.com.')?.id).toBe('google');
    expect(presetForMxHost('smtp.google.com')?.id).toBe('google');
    expect(presetForMxHost('mx.zoho.eu')?.id).toBe('zoho-eu');
    expect(presetForMxHost('mx.example.com')).toBeUndefined();
    // Not fooled by a look-alike that only ends in the same letters.
    expect(presetForMxHost('evilgoogle.com')).toBeUndefined();
  });

  it('knows a provider by its server host names', () => {
    expect(presetForServerHost('imap.gmail.com')?.id).toBe('google');
    expect(presetForServerHost('OUTLOOK.OFFICE365.COM')?.id).toMatch(/outlook|microsoft365/);
    expect(presetForServerHost('imap.gmx.net')?.id).toBe('gmx-net');
    expect(presetForServerHost('127.0.0.1')).toBeUndefined();
    expect(loadedPresets().length).toBe(PRESETS.length);
  });
});
