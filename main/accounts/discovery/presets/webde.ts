import type { Preset } from './preset';

// WEB.DE: the username is the local part; IMAP/POP3 access must be switched on
// in the web mailer first (as at GMX, the same company).

const enableUrl = 'https://hilfe.web.de/pop-imap/einschalten.html';

export const webDe: Preset = {
  id: 'web-de',
  name: 'WEB.DE',
  sentMailFiledByServer: false,
  signIn: {
    oauth: null,
    password: 'password',
    note: 'Use your WEB.DE password. If you use two-factor authentication, make an app password instead. IMAP access must be switched on in the WEB.DE settings first.',
    appPasswordUrl: 'https://hilfe.web.de/sicherheit/2fa/anwendungsspezifisches-passwort.html',
    enableAccessUrl: enableUrl,
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="web.de">
    <domain>web.de</domain>
    <displayName>WEB.DE</displayName>
    <displayShortName>WEB.DE</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.web.de</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop3.web.de</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.web.de</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.web.de</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <enable visiturl="${enableUrl}"/>
  </emailProvider>
</clientConfig>
`,
};
