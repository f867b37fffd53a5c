import type { MxRecord, SrvRecord } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { DnsResolver } from '../../../main/accounts/discovery/dns';
import type { HttpGet } from '../../../main/accounts/discovery/http-get';
import type { Probe, ProbeTarget } from '../../../main/accounts/discovery/probe';

// Stand-ins for the network in unit tests: a resolver, an HTTP client and a
// probe that answer from tables, and remember what they were asked.

export interface FakeNet {
  resolver: DnsResolver;
  get: HttpGet;
  probe: Probe;
  asked: string[];
}

export interface FakeTables {
  /** URL → body (200), or a number (that status), or a promise (answers when it settles). */
  http?: Record<string, string | number | Promise<string>>;
  srv?: Record<string, SrvRecord[]>;
  mx?: Record<string, MxRecord[]>;
  /** "imap tls mail.example.com:993" → capabilities; everything else refuses. */
  probes?: Record<string, string[]>;
}

export const probeKey = (t: ProbeTarget) => `${t.protocol} ${t.security} ${t.host}:${t.port}`;

export function fakeNet(tables: FakeTables): FakeNet {
  const asked: string[] = [];
  const lookup = ((_host: string, _options: unknown, callback: (error: Error) => void) =>
    callback(Object.assign(new Error('no lookups in unit tests'), { code: 'ENOTFOUND' }))) as unknown as LookupFunction;
  return {
    asked,
    resolver: {
      srv: async (name) => {
        asked.push(`srv ${name}`);
        return tables.srv?.[name] ?? [];
      },
      mx: async (name) => {
        asked.push(`mx ${name}`);
        return tables.mx?.[name] ?? [];
      },
      lookup,
    },
    get: async (url, { signal }) => {
      asked.push(`get ${url}`);
      const answer = tables.http?.[url];
      if (answer === undefined) return { status: 404, body: 'not found', url };
      if (typeof answer === 'number') return { status: answer, body: '', url };
      const body = await Promise.race([
        Promise.resolve(answer),
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
      ]);
      return { status: 200, body, url };
    },
    probe: async (target) => {
      asked.push(`probe ${probeKey(target)}`);
      const capabilities = tables.probes?.[probeKey(target)];
      if (!capabilities) throw new Error('connection refused');
      return capabilities;
    },
  };
}

/** A minimal config-v1.1.xml with one IMAP and (optionally) one SMTP server. */
export function configXml(imapHost: string, smtpHost?: string, imapPort = 993): string {
  const smtp = smtpHost
    ? `<outgoingServer type="smtp"><hostname>${smtpHost}</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>`
    : '';
  return `<clientConfig version="1.1"><emailProvider id="x"><domain>x</domain>
<incomingServer type="imap"><hostname>${imapHost}</hostname><port>${imapPort}</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
${smtp}</emailProvider></clientConfig>`;
}

/** A promise settled from outside: lets a test decide which source answers first. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
