import type { SourceContext, SourceOutcome } from './candidate';
import { fetchConfig } from './config-fetch';
import { serversFor } from './config-xml';

// Thunderbird's ISPDB: <base>/<domain>. The base is configurable (the env
// TIDINGS_ISPDB_URL, or the core's option) so a company can run its own.

export const DEFAULT_ISPDB_BASE = 'https://autoconfig.thunderbird.net/v1.1/';

/** The base URL to use: the given one or the default, always ending in "/"; https only. */
export function ispdbBase(configured: string | undefined): string {
  const value = configured?.trim() || DEFAULT_ISPDB_BASE;
  const url = new URL(value);
  if (url.protocol !== 'https:') throw new Error(`The ISPDB URL must start with https:// (got ${value})`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

export function ispdbUrl(base: string, domain: string): string {
  return `${base}${encodeURIComponent(domain)}`;
}

export async function fromIspdb(context: SourceContext): Promise<SourceOutcome> {
  const answer = await fetchConfig(ispdbUrl(context.ispdbBase, context.domain), context);
  if ('nothing' in answer) return answer;
  return {
    found: {
      source: 'ispdb',
      incoming: serversFor(answer.config.incoming, context.email),
      outgoing: serversFor(answer.config.outgoing, context.email),
      ...(answer.config.oauthProvider ? { oauthProvider: answer.config.oauthProvider } : {}),
    },
  };
}
