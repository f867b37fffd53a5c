import { domainToASCII } from 'node:url';

// Names that reach URLs and DNS questions come from the user (the address's
// domain) or from the network (MX and SRV targets, config files): only plain
// host names pass, in their ASCII (punycode) form.

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The host name in ASCII, lower case, without a trailing dot; null when it is not a plain host name. */
export function asHostName(value: string): string | null {
  const name = value.trim().replace(/\.$/, '');
  // Letters (any script), digits, dots and hyphens only: domainToASCII would quietly cut "a.com/x" down to "a.com".
  if (!/^[\p{L}\p{M}\p{N}.-]+$/u.test(name)) return null;
  const ascii = domainToASCII(name).toLowerCase();
  return HOST_NAME.test(ascii) ? ascii : null;
}
