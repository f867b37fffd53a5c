import type { Preset } from './preset';

export const fastmail: Preset = {
  id: 'fastmail',
  name: 'Fastmail',
  sentMailFiledByServer: false,
  mxSuffixes: ['messagingengine.com'],
  signIn: {
    oauth: null,
    password: 'app-password',
    note: 'Fastmail needs an app password for mail apps: make one under Settings → Privacy & Security → App passwords and enter it here.',
    appPasswordUrl: 'https://www.fastmail.help/hc/en-us/articles/360058752854',
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="fastmail.com">
    <domain>fastmail.com</domain>
    <domain>fastmail.fm</domain>
    <domain>fastmail.net</domain>
    <domain>fastmail.org</domain>
    <domain>fastmail.de</domain>
    <domain>fastmail.uk</domain>
    <domain>messagingengine.com</domain>
    <displayName>Fastmail</displayName>
    <displayShortName>Fastmail</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.fastmail.com</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.fastmail.com</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.fastmail.com</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`,
};
