import { hasNoControlCharacters, type Security } from '../../../shared/accounts';
import type { AuthMethod, FoundServer } from '../../../shared/discovery';
import { childElements, childText, parseXml, type XmlElement, XmlError } from './xml';

// Thunderbird's autoconfig format, config-v1.1.xml
// (https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat):
//
//   <clientConfig version="1.1">
//     <emailProvider id="example.com">
//       <domain>example.com</domain> …
//       <displayName>Example Mail</displayName>
//       <incomingServer type="imap|pop3"> hostname port socketType username authentication* </incomingServer> …
//       <outgoingServer type="smtp"> … </outgoingServer> …
//       <documentation url="…"/> <enable visiturl="…"/>
//     </emailProvider>
//   </clientConfig>
//
// Several servers of one type are in preference order. Usernames (and
// sometimes host names) carry placeholders filled in from the address.
// A server with a value we cannot use safely (a host name with a slash, a port
// out of range, an unknown socketType, a control character in the username) is dropped; a file without one usable
// server, or that is not well-formed XML, is refused with a ConfigError.

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A server as the file describes it, placeholders still in. */
export interface ServerTemplate {
  protocol: FoundServer['protocol'];
  hostname: string;
  port: number;
  security: Security;
  username: string;
  auth: AuthMethod[];
}

export interface ClientConfig {
  id: string;
  displayName: string;
  domains: string[];
  incoming: ServerTemplate[];
  outgoing: ServerTemplate[];
  /** <documentation url> pages, e.g. the provider's setup help. */
  documentation: string[];
  /** <enable visiturl>: where the user must switch something on first (e.g. IMAP access). */
  enableUrls: string[];
  /** <oAuth2><issuer>: whose sign-in the servers take (Google, Microsoft), when the file says. */
  oauthProvider: 'google' | 'microsoft' | null;
}

/** OAuth2 issuers (Thunderbird's <oAuth2><issuer> host names) of the providers Tidings can sign in with. */
const OAUTH_ISSUERS: Record<string, 'google' | 'microsoft'> = {
  'accounts.google.com': 'google',
  'login.microsoftonline.com': 'microsoft',
  'login.live.com': 'microsoft',
};

const SOCKET_TYPES: Record<string, Security> = { SSL: 'tls', STARTTLS: 'starttls', plain: 'none' };

const AUTH_METHODS: Record<string, AuthMethod> = {
  'password-cleartext': 'password-cleartext',
  plain: 'password-cleartext',
  'password-encrypted': 'password-encrypted',
  secure: 'password-encrypted',
  OAuth2: 'oauth2',
  NTLM: 'ntlm',
  GSSAPI: 'gssapi',
  'client-IP-address': 'client-ip-address',
  'TLS-client-cert': 'tls-client-cert',
  none: 'none',
};

const HOST =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$|^[0-9.]+$|^\[?[0-9A-Fa-f:]+\]?$/;

/** Reads a config-v1.1.xml document. Throws ConfigError for anything that is not one. */
export function parseClientConfig(xml: string): ClientConfig {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw new ConfigError(`Not well-formed XML: ${error.message}`);
    throw error;
  }
  if (root.name !== 'clientConfig') throw new ConfigError(`Expected <clientConfig>, found <${root.name}>`);
  const provider = childElements(root, 'emailProvider')[0];
  if (!provider) throw new ConfigError('The file has no <emailProvider>');

  const incoming = childElements(provider, 'incomingServer').flatMap((element) => readServer(element, ['imap', 'pop3']));
  const outgoing = childElements(provider, 'outgoingServer').flatMap((element) => readServer(element, ['smtp']));
  if (incoming.length === 0 && outgoing.length === 0) throw new ConfigError('The file names no usable mail server');

  return {
    id: provider.attributes.id ?? '',
    displayName: childText(provider, 'displayName') || childText(provider, 'displayShortName') || '',
    domains: childElements(provider, 'domain')
      .map((element) => textOf(element).toLowerCase())
      .filter((domain) => HOST.test(domain)),
    incoming,
    outgoing,
    documentation: childElements(provider, 'documentation').flatMap((element) => httpsUrl(element.attributes.url)),
    enableUrls: childElements(provider, 'enable').flatMap((element) => httpsUrl(element.attributes.visiturl)),
    oauthProvider: oauthProviderOf(root, provider),
  };
}

/** The <oAuth2> block sits beside <emailProvider> in the ISPDB's files; accept it inside too. */
function oauthProviderOf(root: XmlElement, provider: XmlElement): 'google' | 'microsoft' | null {
  const block = childElements(root, 'oAuth2')[0] ?? childElements(provider, 'oAuth2')[0];
  const issuer = block ? (childText(block, 'issuer') ?? '').toLowerCase() : '';
  return Object.hasOwn(OAUTH_ISSUERS, issuer) ? (OAUTH_ISSUERS[issuer] ?? null) : null;
}

function readServer(element: XmlElement, types: readonly FoundServer['protocol'][]): ServerTemplate[] {
  const protocol = types.find((type) => type === element.attributes.type);
  const hostname = childText(element, 'hostname') ?? '';
  const portText = childText(element, 'port') ?? '';
  const security = SOCKET_TYPES[childText(element, 'socketType') ?? ''];
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : 0;
  // The host may hold a placeholder (mail.%EMAILDOMAIN%): check it with a stand-in domain.
  const hostShape = hostname.replace(/%EMAILDOMAIN%/g, 'example.com');
  if (!protocol || !security || port < 1 || port > 65535 || !HOST.test(hostShape)) return [];
  const auth = childElements(element, 'authentication').flatMap((a) => {
    const method = AUTH_METHODS[textOf(a)];
    return method ? [method] : [];
  });
  const username = childText(element, 'username') || '%EMAILADDRESS%';
  // "&#13;&#10;" is well-formed XML: a CR or LF in a username would add commands to the login.
  if (username.length > 320 || !hasNoControlCharacters(username)) return [];
  return [{ protocol, hostname, port, security, username, auth: [...new Set(auth)] }];
}

function textOf(element: XmlElement): string {
  return element.children
    .filter((node): node is string => typeof node === 'string')
    .join('')
    .trim();
}

function httpsUrl(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? [url.href] : [];
  } catch {
    return []; // not a URL: the config simply has no usable link
  }
}

/** The address split for the placeholders. */
export function addressParts(email: string): { address: string; localPart: string; domain: string } {
  const address = email.trim();
  const at = address.lastIndexOf('@');
  return { address, localPart: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

/** Fills %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% in (host names too). */
export function fillPlaceholders(template: string, email: string): string {
  const { address, localPart, domain } = addressParts(email);
  return template
    .replace(/%EMAILADDRESS%/g, address)
    .replace(/%EMAILLOCALPART%/g, localPart)
    .replace(/%EMAILDOMAIN%/g, domain);
}

/** The servers of a template list for one address. */
export function serversFor(templates: readonly ServerTemplate[], email: string): FoundServer[] {
  return templates.map((t) => ({
    protocol: t.protocol,
    host: fillPlaceholders(t.hostname, email).toLowerCase(),
    port: t.port,
    security: t.security,
    username: fillPlaceholders(t.username, email),
    auth: [...t.auth],
  }));
}
