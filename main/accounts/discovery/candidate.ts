import type { DiscoverySource, FoundServer } from '../../../shared/discovery';
import type { DnsResolver } from './dns';
import type { HttpGet } from './http-get';
import type { LoadedPreset } from './presets';

// What each discovery source works with and answers.

export interface SourceContext {
  email: string;
  domain: string;
  resolver: DnsResolver;
  get: HttpGet;
  /** ISPDB base URL, ending in "/": the domain is appended. */
  ispdbBase: string;
  signal: AbortSignal;
}

/** Settings one source found. */
export interface Candidate {
  source: DiscoverySource;
  incoming: FoundServer[];
  outgoing: FoundServer[];
  preset?: LoadedPreset;
  mxHost?: string;
  mxVia?: 'provider' | 'autoconfig' | 'ispdb';
  /** The config file names Google's or Microsoft's OAuth2 issuer (a company domain hosted there). */
  oauthProvider?: 'google' | 'microsoft';
}

/** A source found settings, or found nothing (and says what it looked at). */
export type SourceOutcome = { found: Candidate } | { nothing: string };

/**
 * The first value in list order that is not null, as soon as that is certain:
 * when entry i has a value and every entry before i has settled without one.
 * Rejected entries count as null. Resolves null when all settle empty. This is
 * how "run everything in parallel, the best that answers wins" is decided,
 * both among the sources and among guessed servers.
 */
export function firstInOrder<T>(entries: readonly Promise<T | null>[]): Promise<{ index: number; value: T } | null> {
  return new Promise((resolve) => {
    const settled: ({ value: T | null } | undefined)[] = entries.map(() => undefined);
    let done = false;
    const check = () => {
      if (done) return;
      for (let index = 0; index < settled.length; index++) {
        const entry = settled[index];
        if (entry === undefined) return;
        if (entry.value !== null) {
          done = true;
          return resolve({ index, value: entry.value });
        }
      }
      done = true;
      resolve(null);
    };
    entries.forEach((entry, index) => {
      entry.then(
        (value) => {
          settled[index] = { value };
          check();
        },
        () => {
          settled[index] = { value: null };
          check();
        },
      );
    });
    check();
  });
}
