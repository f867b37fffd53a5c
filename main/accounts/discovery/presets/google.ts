import { GOOGLE_MAIL_HOSTS as HOSTS } from '../../../auth/oauth/provider-hosts';
import type { Preset } from './preset';

// The host names come from auth/oauth/provider-hosts.ts, the one list of where
// Google's sign-in may go: what this preset offers is what the token may reach.

export const google: Preset = {
  id: 'google',
  name: 'Google',
  sentMailFiledByServer: true,
  // Google Workspace domains: MX aspmx.l.google.com, alt*.aspmx.l.google.com, smtp.google.com.
  mxSuffixes: ['google.com', 'googlemail.com'],
  // Gmail allows 15 IMAP connections per user across every client and device: take few.
  maxImapConnections: 3,
  signIn: {
    oauth: 'google',
    password: 'app-password',
    note: 'Google no longer accepts your normal password in mail apps. Sign in with Google, or use an app password (it needs 2-Step Verification).',
    appPasswordUrl: 'https://myaccount.google.com/apppasswords',
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="googlemail.com">
    <domain>gmail.com</domain>
    <domain>googlemail.com</domain>
    <displayName>Google Mail</displayName>
    <displayShortName>Gmail</displayShortName>
    <incomingServer type="imap">
      <hostname>${HOSTS.imap}</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>${HOSTS.pop3}</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>${HOSTS.smtp}</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>${HOSTS.smtp}</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <documentation url="https://support.google.com/mail/answer/7126229"/>
  </emailProvider>
</clientConfig>
`,
};
