import { MICROSOFT_MAIL_HOSTS as HOSTS } from '../../../auth/oauth/provider-hosts';
import type { Preset } from './preset';

// Outlook.com (personal Microsoft accounts) and Microsoft 365 (work and school
// accounts, recognised by their MX *.mail.protection.outlook.com). Basic
// authentication is gone at both (September 2024): OAuth2 only. The host
// names come from auth/oauth/provider-hosts.ts, the one list of where
// Microsoft's sign-in may go.

const signIn = {
  oauth: 'microsoft',
  password: 'none',
  note: 'Microsoft accounts do not accept passwords in mail apps any more: sign in with Microsoft.',
} as const;

export const outlook: Preset = {
  id: 'outlook',
  name: 'Outlook.com',
  sentMailFiledByServer: true,
  signIn,
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="outlook.com">
    <domain>outlook.com</domain>
    <domain>outlook.de</domain>
    <domain>outlook.fr</domain>
    <domain>outlook.es</domain>
    <domain>outlook.it</domain>
    <domain>outlook.jp</domain>
    <domain>hotmail.com</domain>
    <domain>hotmail.co.uk</domain>
    <domain>hotmail.de</domain>
    <domain>hotmail.fr</domain>
    <domain>hotmail.it</domain>
    <domain>hotmail.es</domain>
    <domain>live.com</domain>
    <domain>live.co.uk</domain>
    <domain>live.de</domain>
    <domain>live.fr</domain>
    <domain>live.nl</domain>
    <domain>msn.com</domain>
    <domain>passport.com</domain>
    <displayName>Outlook.com</displayName>
    <displayShortName>Outlook</displayShortName>
    <incomingServer type="imap">
      <hostname>${HOSTS.mailbox}</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>${HOSTS.mailbox}</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>${HOSTS.outlookSmtp}</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </outgoingServer>
    <documentation url="https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040"/>
  </emailProvider>
</clientConfig>
`,
};

export const microsoft365: Preset = {
  id: 'microsoft365',
  name: 'Microsoft 365',
  sentMailFiledByServer: true,
  signIn,
  mxSuffixes: ['mail.protection.outlook.com'],
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="office365.com">
    <displayName>Microsoft 365</displayName>
    <displayShortName>Microsoft 365</displayShortName>
    <incomingServer type="imap">
      <hostname>${HOSTS.mailbox}</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>${HOSTS.mailbox}</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>${HOSTS.smtp}</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`,
};
