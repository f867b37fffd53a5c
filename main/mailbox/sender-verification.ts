import { authenticatesDomain, topAuthenticationResults } from '../mime/authentication-results';
import { readHeaderBlock } from '../mime/headers';

// "Always load remote content from this sender" keys on the From address,
// which anyone can write. So it applies only to messages whose From domain
// the user's own provider authenticated: the topmost Authentication-Results
// field(s) (RFC 8601), from one of the provider's servers (its authserv-id),
// with DKIM passed for the From domain or DMARC passed. Everything else is
// "cannot be verified": remote content loads for that message only, when asked.

/** Where the account's mail arrives: its address and its incoming server. */
export interface AccountServers {
  email: string;
  incomingHost: string;
}

/**
 * Providers whose receiving servers name themselves differently from the
 * mail domain and the IMAP host. Gmail: `Authentication-Results: mx.google.com; dkim=pass header.i=@… header.s=… header.b=…; spf=…; dmarc=pass (p=…) header.from=…`.
 * Fastmail: `mxN.messagingengine.com`.
 */
const PROVIDER_AUTHSERV: { incomingHostSuffix: string; authservSuffix: string }[] = [
  { incomingHostSuffix: 'gmail.com', authservSuffix: 'mx.google.com' },
  { incomingHostSuffix: 'fastmail.com', authservSuffix: 'messagingengine.com' },
];

function within(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/** The domains an authserv-id of the account's provider lies in. */
export function providerDomains(account: AccountServers): string[] {
  const host = account.incomingHost.toLowerCase().replace(/\.$/, '');
  const domains = [account.email.slice(account.email.lastIndexOf('@') + 1).toLowerCase()];
  const isAddress = /^[0-9.]+$|:/.test(host);
  if (!isAddress) {
    domains.push(host);
    // imap.example.com: the provider's MX is likely mx.example.com. Not for a two-label host (example.com → "com").
    const labels = host.split('.');
    if (labels.length >= 3) domains.push(labels.slice(1).join('.'));
  }
  for (const known of PROVIDER_AUTHSERV) if (within(host, known.incomingHostSuffix)) domains.push(known.authservSuffix);
  return domains.filter(Boolean);
}

/** Whether the account's own provider authenticated the From domain of this raw message. */
export function senderVerified(raw: Buffer, fromAddress: string | null, account: AccountServers | undefined): boolean {
  if (!fromAddress || !account) return false;
  const at = fromAddress.lastIndexOf('@');
  if (at < 0) return false;
  const domains = providerDomains(account);
  const fields = topAuthenticationResults(readHeaderBlock(raw)).filter((f) => domains.some((d) => within(f.authservId, d)));
  return authenticatesDomain(fields, fromAddress.slice(at + 1));
}
