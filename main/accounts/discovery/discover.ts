import type { Discovery, DiscoveryAttempt, DiscoverySource } from '../../../shared/discovery';
import type { OAuthProvider } from '../../../shared/oauth';
import { PROVIDER_MAIL_HOSTS } from '../../auth/oauth/provider-hosts';
import { fromAutoconfig } from './autoconfig';
import { type Candidate, firstInOrder, type SourceContext, type SourceOutcome } from './candidate';
import { messageOf } from './config-fetch';
import { addressParts, serversFor } from './config-xml';
import type { DnsResolver } from './dns';
import { fromGuess, type GuessPorts } from './guess';
import { asHostName } from './host-name';
import type { HttpGet } from './http-get';
import { fromIspdb } from './ispdb';
import { fromMx } from './mx';
import { type LoadedPreset, presetForDomain, presetForOAuth, presetForServerHost, presetOwnsHost, providerInfo } from './presets';
import type { Probe } from './probe';
import { fromSrv } from './srv';

// "Type your address, we find the rest." A built-in preset answers at once,
// without touching the network. Otherwise every source runs in parallel, each
// with its own timeout, and the best source that has an incoming server wins
// (in the order of SOURCE_ORDER) as soon as every better source has given up.
// If the winner names no outgoing server, the best source that does fills it in.
//
// A provider is named (its sign-in offered, its advice shown) only when every
// server found is that provider's: a config file from the network that names
// Google's OAuth2 issuer, or one Google host, next to servers of its own gets
// no "Sign in with Google" (whose token would go to those servers) and none
// of Google's advice. It is then an ordinary password account.

export interface DiscoveryDeps {
  resolver: DnsResolver;
  get: HttpGet;
  /** ISPDB base URL ending in "/". */
  ispdbBase: string;
  probe: Probe;
  /** Ports guessing probes (tests point them at their servers). */
  guessPorts?: GuessPorts;
  /** Per-source time limit, ms. */
  sourceTimeoutMs?: number;
  /** Guessing makes many connections and is the last resort: it gets its own limit. */
  guessTimeoutMs?: number;
  /** Where Google's and Microsoft's sign-in may go (the OAuth2 settings' mailHosts); default their own hosts. */
  oauthHosts?: Readonly<Record<OAuthProvider, readonly string[]>>;
}

type NetworkSource = Exclude<DiscoverySource, 'provider'>;

/** Best first. */
export const SOURCE_ORDER: readonly NetworkSource[] = ['autoconfig', 'ispdb', 'dns', 'mx', 'guess'];

export async function discover(email: string, deps: DiscoveryDeps): Promise<Discovery> {
  const typed = addressParts(email).domain;
  const domain = asHostName(typed);
  if (!domain) {
    // Nothing to look up: no URL or DNS question is built from a name like "evil.com/x?".
    const attempts = [{ source: 'provider' as const }, ...SOURCE_ORDER.map((source) => ({ source }))].map(
      ({ source }): DiscoveryAttempt => ({ source, outcome: 'skipped', detail: `${typed} is not a domain name` }),
    );
    return present(email, typed, null, null, attempts, deps);
  }
  const preset = presetForDomain(domain);
  if (preset) {
    const candidate: Candidate = {
      source: 'provider',
      preset,
      incoming: serversFor(preset.config.incoming, email),
      outgoing: serversFor(preset.config.outgoing, email),
    };
    const attempts: DiscoveryAttempt[] = [
      { source: 'provider', outcome: 'found', detail: preset.name },
      ...SOURCE_ORDER.map((source): DiscoveryAttempt => ({ source, outcome: 'skipped' })),
    ];
    return present(email, domain, candidate, candidate, attempts, deps);
  }

  const controller = new AbortController();
  const attempts = new Map<NetworkSource, DiscoveryAttempt>();
  const context: SourceContext = {
    email,
    domain,
    resolver: deps.resolver,
    get: deps.get,
    ispdbBase: deps.ispdbBase,
    signal: controller.signal,
  };
  const run: Record<NetworkSource, () => Promise<SourceOutcome>> = {
    autoconfig: () => fromAutoconfig(context),
    ispdb: () => fromIspdb(context),
    dns: () => fromSrv(context),
    mx: () => fromMx(context),
    guess: () => fromGuess(context, { probe: deps.probe, ports: deps.guessPorts, lookup: deps.resolver.lookup }),
  };
  const outcomes = SOURCE_ORDER.map((source) => {
    const limit = source === 'guess' ? (deps.guessTimeoutMs ?? 20_000) : (deps.sourceTimeoutMs ?? 12_000);
    return withTimeout(run[source](), limit, controller.signal).then(
      (outcome): Candidate | null => {
        if (outcome === 'timeout') {
          attempts.set(source, { source, outcome: 'timeout', detail: `no answer within ${limit / 1000} s` });
          return null;
        }
        if ('nothing' in outcome) {
          attempts.set(source, { source, outcome: 'nothing', detail: outcome.nothing });
          return null;
        }
        attempts.set(source, { source, outcome: 'found' });
        return outcome.found;
      },
      (error: unknown) => {
        attempts.set(source, { source, outcome: controller.signal.aborted ? 'skipped' : 'failed', detail: messageOf(error) });
        return null;
      },
    );
  });

  try {
    const incoming = await firstInOrder(outcomes.map((p) => p.then((c) => (c && c.incoming.length > 0 ? c : null))));
    const outgoing =
      incoming && incoming.value.outgoing.length > 0
        ? incoming
        : await firstInOrder(outcomes.map((p) => p.then((c) => (c && c.outgoing.length > 0 ? c : null))));
    const list: DiscoveryAttempt[] = [
      { source: 'provider', outcome: 'nothing', detail: `no built-in settings for ${domain}` },
      ...SOURCE_ORDER.map((source) => attempts.get(source) ?? { source, outcome: 'skipped' as const }),
    ];
    return present(email, domain, incoming?.value ?? null, outgoing?.value ?? null, list, deps);
  } finally {
    // The sources still running are no longer needed: close their sockets.
    controller.abort();
  }
}

function present(
  email: string,
  domain: string,
  incoming: Candidate | null,
  outgoing: Candidate | null,
  attempts: DiscoveryAttempt[],
  deps: Pick<DiscoveryDeps, 'oauthHosts'>,
): Discovery {
  const found = [...(incoming?.incoming ?? []), ...(outgoing?.outgoing ?? [])];
  // A domain whose servers are a known provider's (a company on Google Workspace
  // found through its autoconfig, say) gets that provider's sign-in advice too.
  const firstHost = found[0]?.host;
  // So does one whose config file names Google's or Microsoft's OAuth2 issuer.
  const candidate: LoadedPreset | undefined =
    incoming?.preset ??
    (firstHost ? presetForServerHost(firstHost) : undefined) ??
    (incoming?.oauthProvider ? presetForOAuth(incoming.oauthProvider) : undefined);
  // But only when every server found is that provider's own.
  const oauthHosts = deps.oauthHosts ?? PROVIDER_MAIL_HOSTS;
  const preset =
    candidate && found.length > 0 && found.every((server) => presetOwnsHost(candidate, server.host, oauthHosts)) ? candidate : undefined;
  const provider = preset ? providerInfo(preset) : null;
  return {
    email,
    domain,
    source: incoming?.source ?? outgoing?.source ?? null,
    ...(incoming?.mxHost ? { mxHost: incoming.mxHost } : {}),
    ...(incoming?.mxVia ? { mxVia: incoming.mxVia } : {}),
    provider,
    incoming: incoming?.incoming ?? [],
    outgoing: outgoing?.outgoing ?? [],
    attempts,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, abort: AbortSignal): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    const stop = () => clearTimeout(timer);
    abort.addEventListener('abort', stop, { once: true });
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}
