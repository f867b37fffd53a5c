import { autoconfigUrls } from './autoconfig';
import type { SourceContext, SourceOutcome } from './candidate';
import { fetchFirstConfig } from './config-fetch';
import { serversFor } from './config-xml';
import { asHostName } from './host-name';
import { ispdbUrl } from './ispdb';
import { type LoadedPreset, presetForDomain, presetForMxHost } from './presets';

// A company domain hosted at a big provider has no autoconfig of its own, but
// its MX host gives the provider away: aspmx.l.google.com → Google,
// example-com.mail.protection.outlook.com → Microsoft 365. Look the MX host's
// base domain (and the label below it, for names like mx.example.co.uk) up
// again through the presets, the ISPDB and autoconfig.

/** "alt1.aspmx.l.google.com" → ["l.google.com", "google.com"]: most specific first. */
export function mxBaseDomains(mxHost: string): string[] {
  const labels = mxHost.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  const bases = [labels.slice(-3), labels.slice(-2)].filter((parts) => parts.length >= 2).map((parts) => parts.join('.'));
  return [...new Set(bases)];
}

export async function fromMx(context: SourceContext): Promise<SourceOutcome> {
  const records = [...(await context.resolver.mx(context.domain))].sort((a, b) => a.priority - b.priority);
  const mxHost = records.map((record) => asHostName(record.exchange)).find((host) => host !== null);
  if (!mxHost) return { nothing: `no usable MX record for ${context.domain}` };
  const bases = mxBaseDomains(mxHost).filter((base) => base !== context.domain);

  const preset: LoadedPreset | undefined = presetForMxHost(mxHost) ?? bases.map(presetForDomain).find(Boolean);
  if (preset) {
    return {
      found: {
        source: 'mx',
        mxHost,
        mxVia: 'provider',
        preset,
        incoming: serversFor(preset.config.incoming, context.email),
        outgoing: serversFor(preset.config.outgoing, context.email),
      },
    };
  }
  if (bases.length === 0) return { nothing: `the MX host ${mxHost} is in the address's own domain` };
  // The address goes to none of these: they belong to the mail host, not to the user's domain.
  const [ispdb, autoconfig] = await Promise.all([
    fetchFirstConfig(
      bases.map((base) => ispdbUrl(context.ispdbBase, base)),
      context,
    ),
    fetchFirstConfig(
      bases.flatMap((base) => autoconfigUrls(base, null)),
      context,
    ),
  ]);
  for (const [via, answer] of [
    ['ispdb', ispdb],
    ['autoconfig', autoconfig],
  ] as const) {
    if ('config' in answer) {
      return {
        found: {
          source: 'mx',
          mxHost,
          mxVia: via,
          incoming: serversFor(answer.config.incoming, context.email),
          outgoing: serversFor(answer.config.outgoing, context.email),
          ...(answer.config.oauthProvider ? { oauthProvider: answer.config.oauthProvider } : {}),
        },
      };
    }
  }
  return { nothing: `MX ${mxHost}: ${'nothing' in ispdb ? ispdb.nothing : ''}; ${'nothing' in autoconfig ? autoconfig.nothing : ''}` };
}
