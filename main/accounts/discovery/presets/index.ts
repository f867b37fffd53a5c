import type { ProviderInfo } from '../../../../shared/discovery';
import type { OAuthProvider } from '../../../../shared/oauth';
import { isOneOf, PROVIDER_MAIL_HOSTS } from '../../../auth/oauth/provider-hosts';
import { type ClientConfig, parseClientConfig } from '../config-xml';
import { aol } from './aol';
import { fastmail } from './fastmail';
import { gmxCom, gmxNet } from './gmx';
import { google } from './google';
import { icloud } from './icloud';
import { mailRu } from './mailru';
import { microsoft365, outlook } from './microsoft';
import type { Preset } from './preset';
import { webDe } from './webde';
import { att, yahoo } from './yahoo';
import { yandex } from './yandex';
import { zohoRegions } from './zoho';

export type { Preset } from './preset';

/** Every built-in preset. */
export const PRESETS: readonly Preset[] = [
  google,
  outlook,
  microsoft365,
  yahoo,
  att,
  aol,
  icloud,
  fastmail,
  gmxNet,
  gmxCom,
  webDe,
  ...zohoRegions,
  mailRu,
  yandex,
];

export interface LoadedPreset extends Preset {
  config: ClientConfig;
}

let loaded: LoadedPreset[] | undefined;

/** The presets with their XML parsed (once, on first use). */
export function loadedPresets(): LoadedPreset[] {
  loaded ??= PRESETS.map((preset) => ({ ...preset, config: parseClientConfig(preset.xml) }));
  return loaded;
}

/** The preset whose <domain> list holds this mail domain. */
export function presetForDomain(domain: string): LoadedPreset | undefined {
  const wanted = domain.toLowerCase().replace(/\.$/, '');
  return loadedPresets().find((preset) => preset.config.domains.includes(wanted));
}

/** The preset an MX host belongs to (the longest matching suffix wins: mail.protection.outlook.com before outlook.com). */
export function presetForMxHost(mxHost: string): LoadedPreset | undefined {
  const host = mxHost.toLowerCase().replace(/\.$/, '');
  let best: { preset: LoadedPreset; length: number } | undefined;
  for (const preset of loadedPresets()) {
    for (const suffix of preset.mxSuffixes ?? []) {
      if ((host === suffix || host.endsWith(`.${suffix}`)) && suffix.length > (best?.length ?? 0)) best = { preset, length: suffix.length };
    }
  }
  return best?.preset;
}

/** The preset whose servers include this host: how a failed login is explained in the provider's terms. */
export function presetForServerHost(host: string): LoadedPreset | undefined {
  const wanted = host.toLowerCase().replace(/\.$/, '');
  return loadedPresets().find((preset) =>
    [...preset.config.incoming, ...preset.config.outgoing].some((server) => server.hostname.toLowerCase() === wanted),
  );
}

/** The preset whose sign-in rules apply to a domain hosted at Google (Workspace) or Microsoft (365). */
export function presetForOAuth(provider: 'google' | 'microsoft'): LoadedPreset | undefined {
  return loadedPresets().find((preset) => preset.id === (provider === 'google' ? 'google' : 'microsoft365'));
}

/**
 * Whether `host` is one of the provider's own servers. For Google and
 * Microsoft that is where their sign-in may go (`oauthHosts`, from
 * auth/oauth/provider-hosts.ts, which their presets are written from; tests
 * add their loopback servers); for the others, the servers their preset lists.
 */
export function presetOwnsHost(
  preset: LoadedPreset,
  host: string,
  oauthHosts: Readonly<Record<OAuthProvider, readonly string[]>> = PROVIDER_MAIL_HOSTS,
): boolean {
  if (preset.signIn.oauth) return isOneOf(oauthHosts[preset.signIn.oauth], host);
  return isOneOf(
    [...preset.config.incoming, ...preset.config.outgoing].map((server) => server.hostname),
    host,
  );
}

/** What the wizard and the send path need to know of a provider. */
export function providerInfo(preset: Preset): ProviderInfo {
  return { id: preset.id, name: preset.name, signIn: { ...preset.signIn }, sentMailFiledByServer: preset.sentMailFiledByServer };
}
