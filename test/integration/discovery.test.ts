import type { MxRecord, SrvRecord } from 'node:dns';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type DiscoveryDeps, discover } from '../../main/accounts/discovery/discover';
import { type DnsResolver, lookupThrough } from '../../main/accounts/discovery/dns';
import { fromGuess, type GuessPorts } from '../../main/accounts/discovery/guess';
import { createHttpGet } from '../../main/accounts/discovery/http-get';
import { probeServer } from '../../main/accounts/discovery/probe';
import { fixedSource } from '../../main/auth/account-credentials';
import { checkImapLogin } from '../../main/imap/check-login';
import { checkPop3Login } from '../../main/pop3/check-login';
import { checkSmtpLogin } from '../../main/smtp/check-login';
import type { Discovery, FoundServer } from '../../shared/discovery';
import { type ConfigServer, issueCertificate, startConfigServer, testConfigXml } from '../helpers/config-server';
import type { TestServers } from '../servers/types';

// Every discovery path, with real parts on 127.0.0.1: autoconfig and ISPDB
// answers from an HTTPS server with a certificate from the test CA (for the
// names the code really asks for: autoconfig.example.test, ...), SRV and MX
// answers from an injected resolver, guessing with real probes. Each path must
// find the test Dovecot and Postfix, and the found settings must log in.

const servers = inject('servers') as TestServers;
const alice = servers.users.alice;
const { dovecot, postfix } = servers;

let web: ConfigServer;
const srv = new Map<string, SrvRecord[]>();
const mx = new Map<string, MxRecord[]>();
// Names the fake DNS knows; everything else does not exist.
const HOSTS = new Set(['autoconfig.example.test', 'example.test', 'mx1.hoster.test', 'autoconfig.hoster.test', 'hoster.test']);

const resolver: DnsResolver = {
  srv: async (name) => srv.get(name) ?? [],
  mx: async (name) => mx.get(name) ?? [],
  lookup: lookupThrough({
    resolve4: async (name) =>
      HOSTS.has(name) ? ['127.0.0.1'] : Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })),
    resolve6: async () => [],
  }),
};

let deps: DiscoveryDeps;

beforeAll(async () => {
  web = await startConfigServer(
    await issueCertificate(servers.caDir, [
      'autoconfig.example.test',
      'example.test',
      'autoconfig.hoster.test',
      'hoster.test',
      'localhost',
    ]),
  );
  const realGet = createHttpGet(resolver.lookup);
  deps = {
    resolver,
    // The real HTTPS client (real TLS, verified against the test CA, for the real host name); only the port is ours.
    get: (url, options) => realGet(url.replace(/^https:\/\/([^/:]+)\//, `https://$1:${web.port}/`), options),
    ispdbBase: `https://localhost:${web.port}/v1.1/`,
    probe: probeServer,
    guessPorts: noGuessing(),
  };
});

afterAll(async () => {
  await web?.close();
});

beforeEach(() => {
  web.files.clear();
  web.requests.length = 0;
  srv.clear();
  mx.clear();
});

/** Ports where nothing listens, so guessing finds nothing unless a test wants it to. */
function noGuessing(): GuessPorts {
  return { imap: { tls: 9, starttls: 9, none: 9 }, pop3: { tls: 9, starttls: 9, none: 9 }, smtp: { tls: 9, starttls: 9, none: 9 } };
}

const trustedConfig = () =>
  testConfigXml({
    imap: { host: dovecot.host, port: dovecot.ports.imaps },
    pop3: { host: dovecot.host, port: dovecot.ports.pop3s },
    smtp: { host: postfix.host, port: postfix.ports.submissions },
  });

/** Logs in with what discovery found (the username replaced when the test address is not the mailbox's). */
async function logsIn(found: FoundServer | undefined, username = alice.address): Promise<void> {
  if (!found) throw new Error('nothing found');
  const server = { host: found.host, port: found.port, security: found.security, username };
  const credentials = { kind: 'password', password: alice.password } as const;
  if (found.protocol === 'imap') await checkImapLogin(server, credentials, []);
  else if (found.protocol === 'pop3') await checkPop3Login(server, alice.password, []);
  else await checkSmtpLogin(server, fixedSource(credentials), []);
}

async function expectWorking(found: Discovery): Promise<void> {
  await logsIn(found.incoming[0]);
  await logsIn(found.outgoing[0]);
}

describe('discovery against the test servers', () => {
  it("finds them through the domain's autoconfig (HTTPS, certificate for autoconfig.example.test)", async () => {
    web.files.set(`/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(alice.address)}`, trustedConfig());
    const found = await discover(alice.address, deps);
    expect(found.source).toBe('autoconfig');
    expect(found.incoming.map((s) => `${s.protocol} ${s.host}:${s.port}`)).toEqual([
      `imap ${dovecot.host}:${dovecot.ports.imaps}`,
      `pop3 ${dovecot.host}:${dovecot.ports.pop3s}`,
    ]);
    expect(found.incoming[0]?.username).toBe(alice.address);
    expect(web.requests).toContainEqual(
      expect.stringMatching(/^autoconfig\.example\.test:\d+\/mail\/config-v1\.1\.xml\?emailaddress=alice%40example\.test$/),
    );
    await expectWorking(found);
  });

  it('finds them through the well-known autoconfig path', async () => {
    web.files.set('/.well-known/autoconfig/mail/config-v1.1.xml', trustedConfig());
    const found = await discover(alice.address, deps);
    expect(found.source).toBe('autoconfig');
    await expectWorking(found);
  });

  it('finds them through the ISPDB', async () => {
    web.files.set('/v1.1/example.test', trustedConfig());
    const found = await discover(alice.address, deps);
    expect(found.source).toBe('ispdb');
    await expectWorking(found);
  });

  it('finds them through SRV records (RFC 6186/8314), implicit TLS first', async () => {
    srv.set('_imap._tcp.example.test', [{ name: 'localhost', port: dovecot.ports.imap, priority: 0, weight: 0 }]);
    srv.set('_imaps._tcp.example.test', [{ name: 'localhost.', port: dovecot.ports.imaps, priority: 0, weight: 0 }]);
    srv.set('_submission._tcp.example.test', [{ name: 'localhost', port: postfix.ports.submission, priority: 0, weight: 0 }]);
    const found = await discover(alice.address, deps);
    expect(found.source).toBe('dns');
    expect(found.incoming.map((s) => `${s.security} ${s.port}`)).toEqual([`tls ${dovecot.ports.imaps}`, `starttls ${dovecot.ports.imap}`]);
    await expectWorking(found);
    await logsIn(found.incoming[1]);
  });

  it("finds them through the MX host's domain in the ISPDB", async () => {
    mx.set('example.test', [{ exchange: 'mx1.hoster.test', priority: 10 }]);
    web.files.set('/v1.1/hoster.test', trustedConfig());
    const found = await discover(alice.address, deps);
    expect(found).toMatchObject({ source: 'mx', mxHost: 'mx1.hoster.test', mxVia: 'ispdb' });
    await expectWorking(found);
  });

  it('finds them by guessing, with real probes over TLS (the certificate is valid for "localhost")', async () => {
    const found = await discover('alice@localhost', {
      ...deps,
      guessPorts: {
        imap: { tls: dovecot.ports.imaps, starttls: dovecot.ports.imap, none: dovecot.ports.imap },
        pop3: { tls: dovecot.ports.pop3s, starttls: dovecot.ports.pop3, none: dovecot.ports.pop3 },
        smtp: { tls: postfix.ports.submissions, starttls: postfix.ports.submission, none: postfix.ports.plainSubmission },
      },
    });
    expect(found.source).toBe('guess');
    expect(found.incoming.map((s) => `${s.protocol} ${s.security} ${s.host}:${s.port}`)).toEqual([
      `imap tls localhost:${dovecot.ports.imaps}`,
      `pop3 tls localhost:${dovecot.ports.pop3s}`,
    ]);
    expect(found.incoming[0]?.auth).toContain('password-cleartext');
    expect(found.outgoing[0]).toMatchObject({ host: 'localhost', port: postfix.ports.submissions, security: 'tls' });
    await logsIn(found.incoming[0]);
    await logsIn(found.incoming[1]);
    await logsIn(found.outgoing[0]);
  });
});

describe("a provider's name goes with its servers only", () => {
  /** The test servers' config, claiming Google's (or Microsoft's) sign-in, as a hostile autoconfig or ISPDB entry could. */
  const claiming = (issuer: string) =>
    trustedConfig().replace(
      '</clientConfig>',
      `  <oAuth2><issuer>${issuer}</issuer><scope>https://mail.google.com/</scope></oAuth2>\n</clientConfig>`,
    );

  it("a config naming Google's issuer with servers of its own gets no Sign in with Google and no Google advice", async () => {
    web.files.set(`/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(alice.address)}`, claiming('accounts.google.com'));
    const found = await discover(alice.address, deps);
    expect(found.source).toBe('autoconfig');
    expect(found.incoming[0]?.host).toBe(dovecot.host);
    // provider null: no OAuth button, no app-password note or page; the wizard asks for the password.
    expect(found.provider).toBeNull();
    // It is an ordinary password account, and works as one.
    await expectWorking(found);
  });

  it("the same through the ISPDB and through the MX host's domain, for Microsoft's issuer too", async () => {
    web.files.set('/v1.1/example.test', claiming('login.microsoftonline.com'));
    expect((await discover(alice.address, deps)).provider).toBeNull();
    web.files.clear();
    mx.set('example.test', [{ exchange: 'mx1.hoster.test', priority: 10 }]);
    web.files.set('/v1.1/hoster.test', claiming('accounts.google.com'));
    const found = await discover(alice.address, deps);
    expect(found).toMatchObject({ source: 'mx', mxVia: 'ispdb', provider: null });
  });
});

describe('guessing refuses what it cannot trust', () => {
  const context = (domain: string) => ({
    email: `alice@${domain}`,
    domain,
    resolver,
    get: deps.get,
    ispdbBase: deps.ispdbBase,
    signal: new AbortController().signal,
  });

  it('finds nothing encrypted where the certificate is not trusted, and does not fall back to plain there', async () => {
    const untrusted = servers.dovecotUntrusted.ports;
    const outcome = await fromGuess(context('localhost'), {
      probe: probeServer,
      ports: {
        imap: { tls: untrusted.imaps, starttls: untrusted.imap, none: untrusted.imap },
        pop3: { tls: untrusted.pop3s, starttls: untrusted.pop3, none: untrusted.pop3 },
        smtp: { tls: postfix.ports.untrustedSubmissions, starttls: 9, none: 9 },
      },
      lookup: resolver.lookup,
    });
    expect(outcome).toEqual({ nothing: 'no mail server answered at localhost' });
  });

  it('offers a plain server only as the last resort, when it has no TLS at all', async () => {
    const plain = servers.dovecotPlain.ports;
    const outcome = await fromGuess(context('localhost'), {
      probe: probeServer,
      ports: {
        imap: { tls: 9, starttls: plain.imap, none: plain.imap },
        pop3: { tls: 9, starttls: 9, none: 9 },
        smtp: { tls: 9, starttls: 9, none: 9 },
      },
      lookup: resolver.lookup,
    });
    if (!('found' in outcome)) throw new Error('nothing found');
    expect(outcome.found.incoming[0]).toMatchObject({ protocol: 'imap', security: 'none', port: plain.imap });
  });

  it('probes every protocol and security the real servers speak', async () => {
    const signal = new AbortController().signal;
    const ask = (protocol: FoundServer['protocol'], security: 'tls' | 'starttls', port: number) =>
      probeServer({ protocol, host: 'localhost', port, security }, { signal });
    expect(await ask('imap', 'tls', dovecot.ports.imaps)).toContain('IMAP4REV1');
    expect(await ask('imap', 'starttls', dovecot.ports.imap)).toContain('IMAP4REV1');
    expect(await ask('pop3', 'tls', dovecot.ports.pop3s)).toContain('USER');
    expect(await ask('pop3', 'starttls', dovecot.ports.pop3)).toContain('USER');
    expect((await ask('smtp', 'tls', postfix.ports.submissions)).some((c) => c.startsWith('AUTH'))).toBe(true);
    expect((await ask('smtp', 'starttls', postfix.ports.submission)).some((c) => c.startsWith('AUTH'))).toBe(true);
    await expect(ask('imap', 'tls', servers.dovecotUntrusted.ports.imaps)).rejects.toThrow(/certificate/i);
    await expect(ask('smtp', 'starttls', servers.postfix.ports.plainSubmission)).rejects.toThrow(/STARTTLS/);
    // An IMAP port is not an SMTP server.
    await expect(ask('smtp', 'tls', dovecot.ports.imaps)).rejects.toThrow();
  });
});
