import type { Preset } from './preset';

// GMX has two sites: gmx.net (.de, .at, .ch) and gmx.com (international).
// IMAP/POP3 access starts switched off at gmx.net and must be enabled in the
// web mailer's settings; with two-factor authentication an app password is needed.

interface Site {
  id: string;
  domains: string[];
  host: string;
  enableUrl: string;
  appPasswordUrl: string;
}

function gmxPreset(site: Site): Preset {
  return {
    id: site.id,
    name: 'GMX',
    sentMailFiledByServer: false,
    signIn: {
      oauth: null,
      password: 'password',
      note: 'Use your GMX password. If you use two-factor authentication, make an app password instead. IMAP access must be switched on in the GMX settings first.',
      appPasswordUrl: site.appPasswordUrl,
      enableAccessUrl: site.enableUrl,
    },
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${site.domains[0]}">
${site.domains.map((domain) => `    <domain>${domain}</domain>`).join('\n')}
    <displayName>GMX Freemail</displayName>
    <displayShortName>GMX</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.${site.host}</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.${site.host}</hostname>
      <port>143</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.${site.host}</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>mail.${site.host}</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>mail.${site.host}</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <enable visiturl="${site.enableUrl}"/>
  </emailProvider>
</clientConfig>
`,
  };
}

export const gmxNet = gmxPreset({
  id: 'gmx-net',
  domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
  host: 'gmx.net',
  enableUrl: 'https://hilfe.gmx.net/pop-imap/einschalten.html',
  appPasswordUrl: 'https://hilfe.gmx.net/sicherheit/2fa/anwendungsspezifisches-passwort.html',
});

export const gmxCom = gmxPreset({
  id: 'gmx-com',
  domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es'],
  host: 'gmx.com',
  enableUrl: 'https://support.gmx.com/pop-imap/toggle.html',
  appPasswordUrl: 'https://support.gmx.com/security/2fa/application-specific-passwords.html',
});
