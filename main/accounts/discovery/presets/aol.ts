import type { Preset } from './preset';

export const aol: Preset = {
  id: 'aol',
  name: 'AOL Mail',
  sentMailFiledByServer: false,
  signIn: {
    oauth: null,
    password: 'app-password',
    note: 'AOL does not accept your normal password in mail apps: make an app password in your AOL account security settings and enter it here.',
    appPasswordUrl: 'https://login.aol.com/account/security',
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="aol.com">
    <domain>aol.com</domain>
    <domain>aim.com</domain>
    <domain>aol.de</domain>
    <domain>aol.fr</domain>
    <domain>aol.co.uk</domain>
    <displayName>AOL Mail</displayName>
    <displayShortName>AOL</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.aol.com</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.aol.com</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.aol.com</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`,
};
