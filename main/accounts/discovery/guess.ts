import type { LookupFunction } from 'node:net';
import type { Security } from '../../../shared/accounts';
import type { AuthMethod, FoundServer } from '../../../shared/discovery';
import { firstInOrder, type SourceContext, type SourceOutcome } from './candidate';
import type { Probe, ProbeTarget } from './probe';

// The last resort: try the usual host names on the standard ports and ask each
// server what it can do (see probe.ts). Preference: encrypted before plain,
// IMAP before POP3, implicit TLS before STARTTLS, then the host names in the
// order below. All probes run at once; the best one that answers wins, for
// IMAP, POP3 and SMTP each (so the wizard can offer IMAP or POP3).

export type GuessPorts = Record<FoundServer['protocol'], Record<Security, number>>;

export const STANDARD_PORTS: GuessPorts = {
  imap: { tls: 993, starttls: 143, none: 143 },
  pop3: { tls: 995, starttls: 110, none: 110 },
  smtp: { tls: 465, starttls: 587, none: 587 },
};

const HOST_PREFIXES: Record<FoundServer['protocol'], string[]> = {
  imap: ['imap.', 'mail.', ''],
  pop3: ['pop3.', 'pop.', 'mail.', ''],
  smtp: ['smtp.', 'mail.', ''],
};

const SECURITY_ORDER: Security[] = ['tls', 'starttls'];

/** Every server worth probing for one protocol, best first; plain ones are separate (only tried when nothing encrypted answers). */
export function guessTargets(domain: string, protocol: FoundServer['protocol'], ports: GuessPorts = STANDARD_PORTS) {
  const build = (securities: Security[]) =>
    securities.flatMap((security) =>
      HOST_PREFIXES[protocol].map(
        (prefix): ProbeTarget => ({ protocol, host: `${prefix}${domain}`, port: ports[protocol][security], security }),
      ),
    );
  return { encrypted: build(SECURITY_ORDER), plain: build(['none']) };
}

export interface GuessOptions {
  probe: Probe;
  ports?: GuessPorts;
  lookup?: LookupFunction | undefined;
}

/** The best answering target of a list, encrypted ones first. */
async function bestOf(targets: { encrypted: ProbeTarget[]; plain: ProbeTarget[] }, context: SourceContext, options: GuessOptions) {
  const run = (list: ProbeTarget[]) =>
    firstInOrder(
      list.map((target) =>
        options.probe(target, { signal: context.signal, lookup: options.lookup }).then((capabilities) => ({ target, capabilities })),
      ),
    );
  return (await run(targets.encrypted)) ?? (await run(targets.plain));
}

export async function fromGuess(context: SourceContext, options: GuessOptions): Promise<SourceOutcome> {
  const ports = options.ports ?? STANDARD_PORTS;
  const [imap, pop3, smtp] = await Promise.all(
    (['imap', 'pop3', 'smtp'] as const).map((protocol) => bestOf(guessTargets(context.domain, protocol, ports), context, options)),
  );
  const toServer = (found: typeof imap): FoundServer[] =>
    found
      ? [
          {
            ...found.value.target,
            username: context.email,
            auth: authFromCapabilities(found.value.target.protocol, found.value.capabilities),
          },
        ]
      : [];
  const incoming = [...toServer(imap), ...toServer(pop3)];
  const outgoing = toServer(smtp);
  if (incoming.length === 0 && outgoing.length === 0) return { nothing: `no mail server answered at ${context.domain}` };
  return { found: { source: 'guess', incoming, outgoing } };
}

/** What a server's capabilities say about logging in with a password. */
export function authFromCapabilities(protocol: FoundServer['protocol'], capabilities: readonly string[]): AuthMethod[] {
  const mechanisms = capabilities.flatMap((capability) => {
    if (protocol === 'imap') return capability.startsWith('AUTH=') ? [capability.slice(5)] : [];
    if (protocol === 'pop3')
      return capability.startsWith('SASL ') ? capability.slice(5).split(/\s+/) : capability === 'USER' ? ['USER'] : [];
    return capability.startsWith('AUTH ') || capability.startsWith('AUTH=') ? capability.slice(5).split(/\s+/) : [];
  });
  const methods: AuthMethod[] = [];
  if (
    mechanisms.some((m) => m === 'PLAIN' || m === 'LOGIN' || m === 'USER') ||
    (protocol === 'imap' && !capabilities.includes('LOGINDISABLED'))
  )
    methods.push('password-cleartext');
  if (mechanisms.some((m) => m.startsWith('CRAM-') || m.startsWith('SCRAM-'))) methods.push('password-encrypted');
  if (mechanisms.some((m) => m === 'XOAUTH2' || m === 'OAUTHBEARER')) methods.push('oauth2');
  return methods;
}
