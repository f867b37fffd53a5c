import type { SourceContext, SourceOutcome } from './candidate';
import { fetchFirstConfig } from './config-fetch';
import { serversFor } from './config-xml';

// The domain's own autoconfig file, at the two places Thunderbird looks
// (https only: the first URL carries the address, which must not leak).

export function autoconfigUrls(domain: string, email: string | null): string[] {
  const query = email === null ? '' : `?emailaddress=${encodeURIComponent(email)}`;
  return [`https://autoconfig.${domain}/mail/config-v1.1.xml${query}`, `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`];
}

export async function fromAutoconfig(context: SourceContext): Promise<SourceOutcome> {
  const answer = await fetchFirstConfig(autoconfigUrls(context.domain, context.email), context);
  if ('nothing' in answer) return answer;
  return {
    found: {
      source: 'autoconfig',
      incoming: serversFor(answer.config.incoming, context.email),
      outgoing: serversFor(answer.config.outgoing, context.email),
      ...(answer.config.oauthProvider ? { oauthProvider: answer.config.oauthProvider } : {}),
    },
  };
}
