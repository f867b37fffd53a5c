import { describe, expect, it } from 'vitest';
import { firstInOrder } from '../../../main/accounts/discovery/candidate';
import { type DiscoveryDeps, discover } from '../../../main/accounts/discovery/discover';
import { mxBaseDomains } from '../../../main/accounts/discovery/mx';
import { orderSrv } from '../../../main/accounts/discovery/srv';
import { configXml, deferred, type FakeTables, fakeNet } from './fakes';

const ISPDB = 'https://ispdb.test/v1.1/';
const AUTOCONFIG = 'https://autoconfig.example.com/mail/config-v1.1.xml?emailaddress=jane%40example.com';
const WELL_KNOWN = 'https://example.com/.well-known/autoconfig/mail/config-v1.1.xml';

/** The config with an <oAuth2><issuer> block, as Thunderbird's ISPDB writes it. */
function withIssuer(xml: string, issuer: string): string {
  return xml.replace('</clientConfig>', `<oAuth2><issuer>${issuer}</issuer></oAuth2></clientConfig>`);
}

function deps(tables: FakeTables, extra: Partial<DiscoveryDeps> = {}) {
  const net = fakeNet(tables);
  return { net, deps: { resolver: net.resolver, get: net.get, probe: net.probe, ispdbBase: ISPDB, ...extra } satisfies DiscoveryDeps };
}

describe('firstInOrder', () => {
  it('waits for better entries to give up before taking a worse one', async () => {
    const first = deferred<string | null>();
    const result = firstInOrder([first.promise, Promise.resolve('second')]);
    let settled = false;
    void result.then(() => {
      settled = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    first.resolve(null);
    expect(await result).toEqual({ index: 1, value: 'second' });
  });

  it('takes the best one without waiting for worse ones, counts rejections as empty, and may find nothing', async () => {
    expect(await firstInOrder([Promise.resolve('a'), new Promise<string>(() => {})])).toEqual({ index: 0, value: 'a' });
    expect(await firstInOrder([Promise.reject(new Error('x')), Promise.resolve('b')])).toEqual({ index: 1, value: 'b' });
    expect(await firstInOrder([Promise.resolve(null), Promise.reject(new Error('y'))])).toBeNull();
    expect(await firstInOrder([])).toBeNull();
  });
});

describe('discovery', () => {
  it('answers from a preset at once, without asking the network', async () => {
    const { net, deps: d } = deps({});
    const found = await discover('someone@gmail.com', d);
    expect(net.asked).toEqual([]);
    expect(found.source).toBe('provider');
    expect(found.provider?.id).toBe('google');
    expect(found.provider?.signIn.oauth).toBe('google');
    expect(found.provider?.sentMailFiledByServer).toBe(true);
    expect(found.incoming.map((s) => s.protocol)).toEqual(['imap', 'pop3']);
    expect(found.incoming[0]).toMatchObject({ host: 'imap.gmail.com', port: 993, security: 'tls', username: 'someone@gmail.com' });
    expect(found.outgoing[0]).toMatchObject({ host: 'smtp.gmail.com', port: 465 });
  });

  it('prefers autoconfig over the ISPDB even when the ISPDB answers first', async () => {
    const slow = deferred<string>();
    const { deps: d } = deps({
      http: { [AUTOCONFIG]: slow.promise, [`${ISPDB}example.com`]: configXml('imap.ispdb.test', 'smtp.ispdb.test') },
    });
    const result = discover('jane@example.com', d);
    await new Promise((r) => setTimeout(r, 20));
    slow.resolve(configXml('imap.autoconfig.test', 'smtp.autoconfig.test'));
    const found = await result;
    expect(found.source).toBe('autoconfig');
    expect(found.incoming[0]?.host).toBe('imap.autoconfig.test');
    expect(found.attempts.find((a) => a.source === 'ispdb')?.outcome).toBe('found');
  });

  it('falls back along the order: well-known autoconfig, then ISPDB, then DNS SRV', async () => {
    const wellKnown = await discover('jane@example.com', deps({ http: { [WELL_KNOWN]: configXml('imap.wk.test', 'smtp.wk.test') } }).deps);
    expect(wellKnown.source).toBe('autoconfig');
    expect(wellKnown.incoming[0]?.host).toBe('imap.wk.test');

    const ispdb = await discover(
      'jane@example.com',
      deps({ http: { [`${ISPDB}example.com`]: configXml('imap.ispdb.test', 'smtp.ispdb.test') } }).deps,
    );
    expect(ispdb.source).toBe('ispdb');
    expect(ispdb.attempts.find((a) => a.source === 'autoconfig')).toMatchObject({ outcome: 'nothing' });

    const srv = await discover(
      'jane@example.com',
      deps({
        srv: {
          '_imaps._tcp.example.com': [{ name: 'imap.srv.test.', port: 993, priority: 0, weight: 1 }],
          '_submission._tcp.example.com': [{ name: 'smtp.srv.test', port: 587, priority: 0, weight: 1 }],
          // RFC 6186: "." says the service is not offered.
          '_pop3._tcp.example.com': [{ name: '.', port: 0, priority: 0, weight: 0 }],
        },
      }).deps,
    );
    expect(srv.source).toBe('dns');
    expect(srv.incoming).toEqual([
      { protocol: 'imap', host: 'imap.srv.test', port: 993, security: 'tls', username: 'jane@example.com', auth: [] },
    ]);
    expect(srv.outgoing[0]).toMatchObject({ host: 'smtp.srv.test', port: 587, security: 'starttls' });
  });

  it('takes the outgoing server from the next source when the winner names none', async () => {
    const found = await discover(
      'jane@example.com',
      deps({
        http: { [AUTOCONFIG]: configXml('imap.autoconfig.test') },
        srv: { '_submissions._tcp.example.com': [{ name: 'smtp.srv.test', port: 465, priority: 0, weight: 0 }] },
      }).deps,
    );
    expect(found.source).toBe('autoconfig');
    expect(found.incoming[0]?.host).toBe('imap.autoconfig.test');
    expect(found.outgoing[0]).toMatchObject({ host: 'smtp.srv.test', port: 465, security: 'tls' });
  });

  it('ignores a hostile or broken answer and goes on with the next source', async () => {
    const found = await discover(
      'jane@example.com',
      deps({
        http: {
          [AUTOCONFIG]: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><clientConfig>&e;</clientConfig>',
          [WELL_KNOWN]: '<html>parked domain</html>',
          [`${ISPDB}example.com`]: configXml('imap.ispdb.test', 'smtp.ispdb.test'),
        },
      }).deps,
    );
    expect(found.source).toBe('ispdb');
    expect(found.attempts.find((a) => a.source === 'autoconfig')?.detail).toMatch(/not a usable config file/);
  });

  it('gives up on a source that does not answer in time', async () => {
    const never = new Promise<string>(() => {});
    const found = await discover(
      'jane@example.com',
      deps(
        { http: { [AUTOCONFIG]: never, [`${ISPDB}example.com`]: configXml('imap.ispdb.test', 'smtp.ispdb.test') } },
        { sourceTimeoutMs: 50 },
      ).deps,
    );
    expect(found.source).toBe('ispdb');
    expect(found.attempts.find((a) => a.source === 'autoconfig')?.outcome).toBe('timeout');
  });

  it('finds a Google Workspace or Microsoft 365 domain through its MX host', async () => {
    const google = await discover(
      'jane@example.com',
      deps({ mx: { 'example.com': [{ exchange: 'aspmx.l.google.com', priority: 1 }] } }).deps,
    );
    expect(google).toMatchObject({
      source: 'mx',
      mxHost: 'aspmx.l.google.com',
      mxVia: 'provider',
      provider: { sentMailFiledByServer: true },
    });
    expect(google.provider?.signIn.oauth).toBe('google');
    expect(google.incoming[0]).toMatchObject({ host: 'imap.gmail.com', username: 'jane@example.com' });

    const microsoft = await discover(
      'jane@example.com',
      deps({
        mx: {
          'example.com': [
            { exchange: 'backup.example.net', priority: 20 },
            { exchange: 'example-com.mail.protection.outlook.com', priority: 0 },
          ],
        },
      }).deps,
    );
    expect(microsoft.provider?.id).toBe('microsoft365');
    expect(microsoft.outgoing[0]).toMatchObject({ host: 'smtp.office365.com', port: 587, security: 'starttls' });
  });

  it("looks the MX host's base domain up in the ISPDB, without sending the address there", async () => {
    const { net, deps: d } = deps({
      mx: { 'example.com': [{ exchange: 'mx01.hoster.test', priority: 10 }] },
      http: { [`${ISPDB}hoster.test`]: configXml('imap.hoster.test', 'smtp.hoster.test') },
    });
    const found = await discover('jane@example.com', d);
    expect(found).toMatchObject({ source: 'mx', mxHost: 'mx01.hoster.test', mxVia: 'ispdb' });
    expect(found.incoming[0]?.username).toBe('jane@example.com');
    const mxRequests = net.asked.filter((a) => a.startsWith('get') && a.includes('hoster.test'));
    expect(mxRequests.length).toBeGreaterThan(0);
    for (const request of mxRequests) expect(request).not.toContain('jane');
  });

  it("guesses last, and a known provider's servers bring its advice along", async () => {
    const found = await discover(
      'jane@example.com',
      deps({
        probes: { 'imap tls imap.example.com:993': ['IMAP4REV1', 'AUTH=PLAIN'], 'smtp tls smtp.example.com:465': ['AUTH PLAIN LOGIN'] },
      }).deps,
    );
    expect(found.source).toBe('guess');
    expect(found.incoming[0]).toMatchObject({ host: 'imap.example.com', security: 'tls', auth: ['password-cleartext'] });

    const viaAutoconfig = await discover(
      'jane@example.com',
      deps({ http: { [AUTOCONFIG]: configXml('imap.gmail.com', 'smtp.gmail.com') } }).deps,
    );
    expect(viaAutoconfig.source).toBe('autoconfig');
    expect(viaAutoconfig.provider?.id).toBe('google');
  });

  it("offers Google's sign-in for a domain whose config names Google's OAuth2 issuer and Google's servers", async () => {
    const xml = withIssuer(configXml('imap.gmail.com', 'smtp.gmail.com'), 'accounts.google.com');
    const found = await discover('jane@example.com', deps({ http: { [`${ISPDB}example.com`]: xml } }).deps);
    expect(found.source).toBe('ispdb');
    expect(found.provider?.signIn.oauth).toBe('google');
    expect(found.incoming[0]?.host).toBe('imap.gmail.com');
  });

  it("names no provider when a config names Google's or Microsoft's issuer with servers of its own", async () => {
    const hostile: [string, string, string][] = [
      ['accounts.google.com', 'mail.evil.test', 'mail.evil.test'],
      // One server of the provider's is not enough: the other would get the token.
      ['accounts.google.com', 'imap.gmail.com', 'smtp.evil.test'],
      ['accounts.google.com', 'imap.evil.test', 'smtp.gmail.com'],
      ['login.microsoftonline.com', 'outlook.office365.com', 'smtp.evil.test'],
      ['login.microsoftonline.com', 'mail.evil.test', 'mail.evil.test'],
    ];
    for (const [issuer, imap, smtp] of hostile) {
      for (const source of [AUTOCONFIG, `${ISPDB}example.com`]) {
        const found = await discover('jane@example.com', deps({ http: { [source]: withIssuer(configXml(imap, smtp), issuer) } }).deps);
        const what = `${issuer} ${imap} ${smtp} from ${source}`;
        expect(found.incoming[0]?.host, what).toBe(imap);
        // No "Sign in with Google", and none of Google's advice (app password, its page): an ordinary password account.
        expect(found.provider, what).toBeNull();
      }
    }
  });

  it("names a known provider only when every server found is that provider's", async () => {
    // Without any issuer: Google's IMAP host next to someone else's SMTP host.
    const mixed = await discover('jane@example.com', deps({ http: { [AUTOCONFIG]: configXml('imap.gmail.com', 'smtp.evil.test') } }).deps);
    expect(mixed.provider).toBeNull();
    // A password provider too: Yahoo's app-password advice is for Yahoo's servers only.
    const yahoo = await discover(
      'jane@example.com',
      deps({ http: { [AUTOCONFIG]: configXml('imap.mail.yahoo.com', 'smtp.evil.test') } }).deps,
    );
    expect(yahoo.provider).toBeNull();
    const allYahoo = await discover(
      'jane@example.com',
      deps({ http: { [AUTOCONFIG]: configXml('imap.mail.yahoo.com', 'smtp.mail.yahoo.com') } }).deps,
    );
    expect(allYahoo.provider?.id).toBe('yahoo');
    // An MX host of Google's whose base domain's config is someone else's.
    const viaMx = await discover(
      'jane@example.com',
      deps({
        mx: { 'example.com': [{ exchange: 'mx.hoster.test', priority: 1 }] },
        http: { [`${ISPDB}hoster.test`]: withIssuer(configXml('imap.hoster.test', 'smtp.hoster.test'), 'accounts.google.com') },
      }).deps,
    );
    expect(viaMx.source).toBe('mx');
    expect(viaMx.provider).toBeNull();
  });

  it("counts a test's loopback servers as the provider's only when the OAuth2 settings say so", async () => {
    // The e2e wizard test's path: its endpoints file adds 127.0.0.1 to Google's mail hosts, and core passes them here.
    const xml = withIssuer(configXml('127.0.0.1', '127.0.0.1'), 'accounts.google.com');
    const tables = { http: { [`${ISPDB}example.com`]: xml } };
    expect((await discover('jane@example.com', deps(tables).deps)).provider).toBeNull();
    const oauthHosts = { google: ['imap.gmail.com', 'pop.gmail.com', 'smtp.gmail.com', '127.0.0.1'], microsoft: [] };
    expect((await discover('jane@example.com', deps(tables, { oauthHosts }).deps)).provider?.signIn.oauth).toBe('google');
  });

  it('builds no URL and asks no DNS question from a domain that is not a host name', async () => {
    const { net, deps: d } = deps({});
    const found = await discover('jane@evil.test/x?y', d);
    expect(net.asked).toEqual([]);
    expect(found.source).toBeNull();
    expect(found.attempts.every((a) => a.outcome === 'skipped')).toBe(true);
    // An internationalised domain is looked up in its ASCII form.
    const idn = deps({});
    await discover('jane@bücher.example', idn.deps);
    expect(idn.net.asked).toContain('mx xn--bcher-kva.example');
  });

  it('skips SRV targets and MX hosts that are not host names', async () => {
    const found = await discover(
      'jane@example.com',
      deps({
        srv: { '_imaps._tcp.example.com': [{ name: 'bad/host', port: 993, priority: 0, weight: 0 }] },
        mx: { 'example.com': [{ exchange: 'bad host', priority: 0 }] },
      }).deps,
    );
    expect(found.source).toBeNull();
  });

  it('says so when nothing is found, with what each source did', async () => {
    const found = await discover('jane@example.com', deps({}).deps);
    expect(found.source).toBeNull();
    expect(found.incoming).toEqual([]);
    expect(found.attempts.map((a) => [a.source, a.outcome])).toEqual([
      ['provider', 'nothing'],
      ['autoconfig', 'nothing'],
      ['ispdb', 'nothing'],
      ['dns', 'nothing'],
      ['mx', 'nothing'],
      ['guess', 'nothing'],
    ]);
  });
});

describe('DNS helpers', () => {
  it('orders SRV records by priority, then weight', () => {
    const ordered = orderSrv([
      { name: 'c', port: 1, priority: 10, weight: 5 },
      { name: 'a', port: 1, priority: 0, weight: 1 },
      { name: 'b', port: 1, priority: 0, weight: 9 },
    ]);
    expect(ordered.map((r) => r.name)).toEqual(['b', 'a', 'c']);
  });

  it("takes the MX host's base domain and the label below it", () => {
    expect(mxBaseDomains('alt1.aspmx.l.google.com.')).toEqual(['l.google.com', 'google.com']);
    expect(mxBaseDomains('mx.example.co.uk')).toEqual(['example.co.uk', 'co.uk']);
    expect(mxBaseDomains('hoster.test')).toEqual(['hoster.test']);
  });
});
