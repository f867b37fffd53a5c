import dns, { type LookupAddress, type LookupOneOptions, type MxRecord, type SrvRecord } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

// Every DNS question discovery asks goes through a DnsResolver, so tests (and
// people who need a particular DNS server) can give their own answers.

export interface DnsResolver {
  /** SRV records of `name`; empty when there are none. */
  srv(name: string): Promise<SrvRecord[]>;
  /** MX records of `name`; empty when there are none. */
  mx(name: string): Promise<MxRecord[]>;
  /** Host name to address, in the form net.connect / https.get take as `lookup`. */
  lookup: LookupFunction;
}

/** Answers that mean "no such record", as opposed to "could not ask". */
const NO_ANSWER = new Set<string>([dns.NOTFOUND, dns.NODATA, dns.NONAME]);

/**
 * The system's resolver, or the given DNS servers ("127.0.0.1:5353"; from
 * TIDINGS_DNS_SERVERS). With explicit servers, host names are resolved
 * through them too, so that nothing discovery does asks another server.
 */
export function createSystemResolver(servers: readonly string[] = []): DnsResolver {
  const resolver = new dns.promises.Resolver({ timeout: 4000, tries: 2 });
  if (servers.length > 0) resolver.setServers([...servers]);
  const none = <T>(error: unknown): T[] => {
    if (NO_ANSWER.has((error as { code?: string }).code ?? '')) return [];
    throw error;
  };
  return {
    srv: (name) => resolver.resolveSrv(name).catch(none<SrvRecord>),
    mx: (name) => resolver.resolveMx(name).catch(none<MxRecord>),
    lookup: servers.length === 0 ? dns.lookup : lookupThrough(resolver),
  };
}

/** A `lookup` that asks `resolver` (A, then AAAA) instead of the system's getaddrinfo. */
export function lookupThrough(resolver: {
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}): LookupFunction {
  const lookup = (hostname: string, options: LookupOneOptions | { all: true }, callback: (...args: unknown[]) => void) => {
    const resolveAll = async (): Promise<LookupAddress[]> => {
      if (isIP(hostname)) return [{ address: hostname, family: isIP(hostname) }];
      if (hostname === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
      // No address of one family is an answer, not an error; none at all fails below like a lookup that found nothing.
      const v4 = await resolver.resolve4(hostname).catch(() => [] as string[]);
      const v6 = v4.length > 0 ? [] : await resolver.resolve6(hostname).catch(() => [] as string[]);
      return [...v4.map((address) => ({ address, family: 4 })), ...v6.map((address) => ({ address, family: 6 }))];
    };
    resolveAll().then(
      (addresses) => {
        const first = addresses[0];
        if (!first) {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          return callback(error);
        }
        if ((options as { all?: boolean }).all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error) => callback(error),
    );
  };
  return lookup as unknown as LookupFunction;
}
