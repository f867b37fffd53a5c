import type { Preset } from './preset';

// iCloud Mail has no POP3. IMAP takes the address's local part, and where
// that is refused, the full address (Apple's own advice, support.apple.com/102525:
// "usually the name part … if your email client can't connect … try using the
// full email address"); SMTP wants the full address, never the name alone.

export const icloud: Preset = {
  id: 'icloud',
  name: 'iCloud Mail',
  sentMailFiledByServer: true,
  incomingUsernames: ['%EMAILLOCALPART%', '%EMAILADDRESS%'],
  signIn: {
    oauth: null,
    password: 'app-password',
    note: 'iCloud Mail needs an app-specific password (it needs two-factor authentication for your Apple Account): make one under Sign-In and Security and enter it here.',
    appPasswordUrl: 'https://account.apple.com/account/manage',
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="icloud.com">
    <domain>icloud.com</domain>
    <domain>me.com</domain>
    <domain>mac.com</domain>
    <displayName>iCloud Mail</displayName>
    <displayShortName>iCloud</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.mail.me.com</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.mail.me.com</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <documentation url="https://support.apple.com/102525"/>
  </emailProvider>
</clientConfig>
`,
};
