import type { IncomingProtocol } from '../../../shared/accounts';
import { DISCOVERY_SOURCE_LABEL, type Discovery, type FoundServer } from '../../../shared/discovery';
import type { NewAccount, OAuthSignIn } from '../../../shared/oauth';
import type { FormValues } from '../add-account/formState';

// Pure logic between what discovery found and what the wizard submits or
// hands to the manual form.

/** The incoming protocols found, IMAP first (the wizard offers a choice when there are two). */
export function protocolsFound(found: Discovery): IncomingProtocol[] {
  const protocols = new Set<IncomingProtocol>();
  for (const server of found.incoming) if (server.protocol !== 'smtp') protocols.add(server.protocol);
  return (['imap', 'pop3'] as const).filter((protocol) => protocols.has(protocol));
}

/** The best incoming server of a protocol (discovery lists them best first). */
export function incomingFor(found: Discovery, protocol: IncomingProtocol): FoundServer | undefined {
  return found.incoming.find((server) => server.protocol === protocol);
}

/** Both servers are known: the wizard can connect without the manual form. */
export function isComplete(found: Discovery): boolean {
  return found.incoming.length > 0 && found.outgoing.length > 0;
}

/** The settings to submit, for the chosen protocol, with a password or a finished OAuth2 sign-in. */
export function draftFrom(
  found: Discovery,
  name: string,
  protocol: IncomingProtocol,
  signIn: { password: string } | { oauth: OAuthSignIn },
): NewAccount | null {
  const incoming = incomingFor(found, protocol);
  const outgoing = found.outgoing[0];
  if (!incoming || !outgoing) return null;
  return {
    name: name.trim(),
    email: found.email,
    ...signIn,
    incoming: { protocol, host: incoming.host, port: incoming.port, security: incoming.security, username: incoming.username },
    outgoing: { host: outgoing.host, port: outgoing.port, security: outgoing.security, username: outgoing.username },
  };
}

/** The manual form's values, prefilled with whatever was found (the rest stays on the form's defaults). */
export function formValuesFrom(
  found: Discovery | null,
  identity: { name: string; email: string },
  protocol: IncomingProtocol | null,
  password: string,
): Partial<FormValues> {
  const chosen = found && protocol ? incomingFor(found, protocol) : found?.incoming[0];
  const outgoing = found?.outgoing[0];
  return {
    name: identity.name,
    email: identity.email,
    password,
    ...(chosen && chosen.protocol !== 'smtp'
      ? {
          protocol: chosen.protocol,
          incoming: { host: chosen.host, port: String(chosen.port), username: chosen.username, security: chosen.security },
        }
      : {}),
    ...(outgoing
      ? { outgoing: { host: outgoing.host, port: String(outgoing.port), username: outgoing.username, security: outgoing.security } }
      : {}),
  };
}

/** "provider", "ISPDB", "provider, through the MX host aspmx.l.google.com", ... */
export function sourceWords(found: Discovery): string {
  if (!found.source) return '';
  if (found.source === 'mx') {
    const via = found.mxVia ? DISCOVERY_SOURCE_LABEL[found.mxVia] : 'MX';
    return found.mxHost ? `${via}, through the mail host ${found.mxHost}` : via;
  }
  return DISCOVERY_SOURCE_LABEL[found.source];
}

/** The domain part of an address, or '' when it has none yet. */
export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0
    ? ''
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}
