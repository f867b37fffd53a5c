import type { Discovery } from '../../../shared/discovery';
import type { OAuthProvider } from '../../../shared/oauth';
import { type DiscoveryDeps, discover } from './discover';
import { createSystemResolver, type DnsResolver } from './dns';
import { createHttpGet, type HttpGet } from './http-get';
import { ispdbBase } from './ispdb';
import { probeServer } from './probe';

// Discovery as the core uses it: the system's DNS (or TIDINGS_DNS_SERVERS),
// HTTPS with verified certificates, the ISPDB at TIDINGS_ISPDB_URL or
// Thunderbird's, and real probes for guessing. Tests build their own deps.

export interface DiscoveryOptions {
  /** ISPDB base URL (https); default: env TIDINGS_ISPDB_URL, else Thunderbird's ISPDB. */
  ispdbUrl?: string;
  /** DNS servers to ask instead of the system's ("127.0.0.1:5353"); default: env TIDINGS_DNS_SERVERS. */
  dnsServers?: string[];
  resolver?: DnsResolver;
  get?: HttpGet;
  /** Where Google's and Microsoft's sign-in may go (core passes the OAuth2 settings' mailHosts); default their own hosts. */
  oauthHosts?: Readonly<Record<OAuthProvider, readonly string[]>>;
}

export type Discoverer = (email: string) => Promise<Discovery>;

export function createDiscoverer(options: DiscoveryOptions = {}, env: NodeJS.ProcessEnv = process.env): Discoverer {
  const servers =
    options.dnsServers ??
    (env.TIDINGS_DNS_SERVERS ?? '')
      .split(',')
      .map((server) => server.trim())
      .filter(Boolean);
  const resolver = options.resolver ?? createSystemResolver(servers);
  const deps: DiscoveryDeps = {
    resolver,
    get: options.get ?? createHttpGet(resolver.lookup),
    ispdbBase: ispdbBase(options.ispdbUrl ?? env.TIDINGS_ISPDB_URL),
    probe: probeServer,
    ...(options.oauthHosts ? { oauthHosts: options.oauthHosts } : {}),
  };
  return (email) => discover(email, deps);
}
