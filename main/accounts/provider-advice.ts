import type { ServerCheck } from '../../shared/accounts';
import type { Failure } from '../net/connection-failure';
import { type Preset, presetForServerHost } from './discovery/presets';

// A failed login at a big provider usually has one cause the provider's own
// rules explain, and the server's words rarely say it: Google refuses normal
// passwords, Microsoft refuses passwords altogether, Yahoo and friends want
// an app password, GMX, WEB.DE and Zoho start with IMAP switched off. The
// provider is recognised by the server's host name (so a company domain on
// Google Workspace gets Google's advice too).

export type AdvisedFailure = Failure & { help?: Extract<ServerCheck, { ok: false }>['help'] };

/** Words that say access is switched off, rather than the password being wrong. */
const ACCESS_OFF =
  /\b(enable|enabled|disabled|not activated|activate|aktivier|freischalt|turned off|switched off)\b|IMAP access|POP access|web ?login required/i;

/** Microsoft 365 with SMTP AUTH switched off for the tenant or the mailbox. */
const MS_SMTP_AUTH_OFF = /5\.7\.139|5\.7\.30|SmtpClientAuthentication is disabled/i;

export function adviseFailure(
  failure: Failure,
  context: { host: string; protocol: 'imap' | 'pop3' | 'smtp'; serverWords: string },
): AdvisedFailure {
  if (failure.code !== 'auth_failed') return failure;
  const preset = presetForServerHost(context.host);
  if (!preset) return failure;
  const said = context.serverWords ? ` The server said: ${context.serverWords}` : '';
  const advice = adviceFor(preset, context.protocol, context.serverWords);
  return { ...failure, message: `${advice.message}${said}`, ...(advice.help ? { help: advice.help } : {}) };
}

function adviceFor(preset: Preset, protocol: 'imap' | 'pop3' | 'smtp', words: string): Omit<AdvisedFailure, 'code'> {
  const { name, signIn } = preset;
  const access = protocol === 'pop3' ? 'POP3' : 'IMAP';
  if (signIn.enableAccessUrl && protocol !== 'smtp' && ACCESS_OFF.test(words)) {
    return {
      message: `${access} access is switched off for this ${name} account. Switch it on in ${name}'s settings, then try again.`,
      help: { label: `How to switch on ${access} at ${name}`, url: signIn.enableAccessUrl },
    };
  }
  if (signIn.oauth === 'google') {
    return {
      message:
        'Google requires Sign in with Google or an app password: it does not accept your normal Google password in mail apps. An app password needs 2-Step Verification.',
      ...(signIn.appPasswordUrl ? { help: { label: 'Make a Google app password', url: signIn.appPasswordUrl } } : {}),
    };
  }
  if (signIn.oauth === 'microsoft') {
    if (protocol === 'smtp' && MS_SMTP_AUTH_OFF.test(words)) {
      return {
        message:
          'Sending is switched off for this mailbox (SMTP AUTH is disabled in Microsoft 365). Your administrator can enable "Authenticated SMTP" for it.',
      };
    }
    return {
      message: 'Microsoft accounts need Sign in with Microsoft: Outlook.com and Microsoft 365 no longer accept passwords in mail apps.',
    };
  }
  if (signIn.password === 'app-password') {
    return {
      message: `${name} did not accept the password. ${name} needs an app password here, not the password you use on its website.`,
      ...(signIn.appPasswordUrl ? { help: { label: `Make an app password at ${name}`, url: signIn.appPasswordUrl } } : {}),
    };
  }
  const enable =
    signIn.enableAccessUrl && protocol !== 'smtp' ? ` Also check that ${access} access is switched on in ${name}'s settings.` : '';
  return {
    message: `${name} rejected the username or password. If you use two-factor authentication, you need an app password.${enable}`,
    ...(signIn.enableAccessUrl && protocol !== 'smtp'
      ? { help: { label: `How to switch on ${access} at ${name}`, url: signIn.enableAccessUrl } }
      : signIn.appPasswordUrl
        ? { help: { label: `Make an app password at ${name}`, url: signIn.appPasswordUrl } }
        : {}),
  };
}
