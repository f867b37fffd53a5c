import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { OAuthProvider, OAuthProviders } from '../../../shared/oauth';
import shippedClients from './clients.json' with { type: 'json' };
import { LOOPBACK_HOSTS, normalHost, PROVIDER_MAIL_HOSTS } from './provider-hosts';

// Where each provider signs people in, what we ask for, and with whose client
// registration. The endpoints are the providers' own; the client IDs belong
// to whoever distributes the build (clients.json, shipped with it) and may be
// set by env. Tests point the endpoints at a local server, and only through
// an explicit file named by TIDINGS_OAUTH_ENDPOINTS_FILE. The mail hosts a
// provider's tokens may go to are the provider's own (provider-hosts.ts); the
// same file may add this computer's loopback names (the test servers), and
// nothing else: no API call, no renderer and no config file from the network
// can add a host.

export interface OAuthClient {
  clientId: string;
  /** Google issues desktop clients a "secret" that is not confidential but is required at its token endpoint. */
  clientSecret?: string;
}

export interface ProviderEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** The authorization server's issuer identifier; checked against `iss` in the browser's answer (RFC 9207). */
  issuer?: string;
  /** The server always sends `iss` (it advertises authorization_response_iss_parameter_supported): an answer without it is refused. */
  issuerRequired?: boolean;
}

export interface ProviderSettings extends ProviderEndpoints {
  provider: OAuthProvider;
  /** The mail servers this run sends the provider's access tokens to: its own (PROVIDER_MAIL_HOSTS), plus loopback names in tests. */
  mailHosts: readonly string[];
  scopes: readonly string[];
  /**
   * Host of the loopback redirect URI. Google takes 127.0.0.1; Microsoft's
   * public clients register "http://localhost" and accept any port on it.
   * The listener itself always binds 127.0.0.1.
   */
  redirectHost: '127.0.0.1' | 'localhost';
  /** Parameters some providers need on the authorization URL. */
  extraAuthorizationParams: Readonly<Record<string, string>>;
  client: OAuthClient | null;
}

export type OAuthSettings = Record<OAuthProvider, ProviderSettings>;

const PROVIDER_DEFAULTS: Record<OAuthProvider, Omit<ProviderSettings, 'client'>> = {
  google: {
    provider: 'google',
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    issuer: 'https://accounts.google.com',
    issuerRequired: false,
    mailHosts: PROVIDER_MAIL_HOSTS.google,
    scopes: ['https://mail.google.com/'],
    redirectHost: '127.0.0.1',
    // offline + consent: a refresh token every time, also when signing in again.
    extraAuthorizationParams: { access_type: 'offline', prompt: 'consent' },
  },
  microsoft: {
    provider: 'microsoft',
    authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    // "common" serves every tenant, and each tenant has its own issuer: there is no one value to compare.
    mailHosts: PROVIDER_MAIL_HOSTS.microsoft,
    scopes: [
      'https://outlook.office.com/IMAP.AccessAsUser.All',
      'https://outlook.office.com/POP.AccessAsUser.All',
      'https://outlook.office.com/SMTP.Send',
      'offline_access',
    ],
    redirectHost: 'localhost',
    extraAuthorizationParams: {},
  },
};

/** Endpoints must be https, except on this computer's loopback (tests). */
const endpointUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname));
  } catch {
    return false; // not a URL at all: the schema says what is wrong
  }
}, 'must be an https URL (or http on 127.0.0.1 / localhost)');

/** Mail hosts a test may add to a provider's: this computer's loopback names only, so a token can never be sent off it this way. */
const loopbackHost = z
  .string()
  .refine((value) => LOOPBACK_HOSTS.includes(normalHost(value)), `must be one of ${LOOPBACK_HOSTS.join(', ')} (this computer)`);

const providerOverrides = z
  .object({
    authorizationEndpoint: endpointUrl,
    tokenEndpoint: endpointUrl,
    issuer: z.string().optional(),
    issuerRequired: z.boolean().optional(),
    /** Added to the provider's own mail hosts (tests: the local Dovecot and Postfix). */
    mailHosts: z.array(loopbackHost).max(LOOPBACK_HOSTS.length).optional(),
  })
  .strict();

const endpointsFileSchema = z.object({ google: providerOverrides.optional(), microsoft: providerOverrides.optional() }).strict();

export type EndpointOverrides = z.infer<typeof endpointsFileSchema>;

const clientsSchema = z.object({
  google: z.object({ clientId: z.string(), clientSecret: z.string().optional() }).optional(),
  microsoft: z.object({ clientId: z.string() }).optional(),
});

export interface OAuthSettingsSources {
  /** clients.json as shipped with the build. */
  shipped?: unknown;
  env?: NodeJS.ProcessEnv;
}

/** The settings of this run: shipped client IDs, overridden by env; endpoints overridden only by TIDINGS_OAUTH_ENDPOINTS_FILE. */
export function loadOAuthSettings(sources: OAuthSettingsSources = {}): OAuthSettings {
  const env = sources.env ?? process.env;
  const shipped = clientsSchema.parse(sources.shipped ?? shippedClients);
  const googleId = env.TIDINGS_GOOGLE_CLIENT_ID || shipped.google?.clientId;
  const googleSecret = env.TIDINGS_GOOGLE_CLIENT_SECRET || shipped.google?.clientSecret;
  const microsoftId = env.TIDINGS_MICROSOFT_CLIENT_ID || shipped.microsoft?.clientId;
  const overrides = env.TIDINGS_OAUTH_ENDPOINTS_FILE ? readEndpointsFile(env.TIDINGS_OAUTH_ENDPOINTS_FILE) : {};
  return {
    google: {
      ...PROVIDER_DEFAULTS.google,
      ...overrides.google,
      mailHosts: withLocal(PROVIDER_DEFAULTS.google.mailHosts, overrides.google?.mailHosts),
      client: googleId ? { clientId: googleId, ...(googleSecret ? { clientSecret: googleSecret } : {}) } : null,
    },
    microsoft: {
      ...PROVIDER_DEFAULTS.microsoft,
      ...overrides.microsoft,
      mailHosts: withLocal(PROVIDER_DEFAULTS.microsoft.mailHosts, overrides.microsoft?.mailHosts),
      client: microsoftId ? { clientId: microsoftId } : null,
    },
  };
}

/** The provider's own hosts, plus the loopback names a test file adds (never instead of them). */
function withLocal(own: readonly string[], local: readonly string[] = []): readonly string[] {
  return [...own, ...local.map(normalHost).filter((host) => !own.includes(host))];
}

function readEndpointsFile(file: string): EndpointOverrides {
  const parsed = endpointsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `TIDINGS_OAUTH_ENDPOINTS_FILE (${file}): ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export function configuredProviders(settings: OAuthSettings): OAuthProviders {
  return { google: settings.google.client !== null, microsoft: settings.microsoft.client !== null };
}
