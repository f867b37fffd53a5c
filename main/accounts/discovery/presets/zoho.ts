import type { Preset } from './preset';

// Zoho Mail runs one data centre per region, each with its own host names
// (imap.zoho.eu, ...). IMAP access must be enabled in Zoho's settings; with
// two-factor authentication an app-specific password is needed.

interface Region {
  tld: string;
  domains: string[];
}

const REGIONS: Region[] = [
  { tld: 'com', domains: ['zoho.com', 'zohomail.com'] },
  { tld: 'eu', domains: ['zoho.eu', 'zohomail.eu'] },
  { tld: 'in', domains: ['zoho.in', 'zohomail.in'] },
  { tld: 'com.au', domains: ['zoho.com.au', 'zohomail.com.au'] },
  { tld: 'jp', domains: ['zoho.jp', 'zohomail.jp'] },
];

function zohoPreset({ tld, domains }: Region): Preset {
  return {
    id: `zoho-${tld.replace('.', '-')}`,
    name: 'Zoho Mail',
    sentMailFiledByServer: false,
    mxSuffixes: [`zoho.${tld}`],
    signIn: {
      oauth: null,
      password: 'password',
      note: 'Use your Zoho password, or an app-specific password if you use two-factor authentication. IMAP access must be enabled in Zoho Mail’s settings first.',
      appPasswordUrl: `https://accounts.zoho.${tld}/home#security/app_password`,
      enableAccessUrl: 'https://www.zoho.com/mail/help/imap-access.html',
    },
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="zoho.${tld}">
${domains.map((domain) => `    <domain>${domain}</domain>`).join('\n')}
    <displayName>Zoho Mail</displayName>
    <displayShortName>Zoho</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.zoho.${tld}</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.zoho.${tld}</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.zoho.${tld}</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.zoho.${tld}</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <enable visiturl="https://www.zoho.com/mail/help/imap-access.html"/>
  </emailProvider>
</clientConfig>
`,
  };
}

export const zohoRegions: Preset[] = REGIONS.map(zohoPreset);
