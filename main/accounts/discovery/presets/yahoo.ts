import type { Preset } from './preset';

// Yahoo Mail, and AT&T's addresses, which Yahoo hosts (own host names).

export const yahoo: Preset = {
  id: 'yahoo',
  name: 'Yahoo Mail',
  sentMailFiledByServer: false,
  mxSuffixes: ['yahoodns.net'],
  signIn: {
    oauth: null,
    password: 'app-password',
    note: 'Yahoo does not accept your normal password in mail apps: make an app password in your Yahoo account security settings and enter it here.',
    appPasswordUrl: 'https://login.yahoo.com/account/security/app-passwords',
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="yahoo.com">
    <domain>yahoo.com</domain>
    <domain>yahoo.co.uk</domain>
    <domain>yahoo.de</domain>
    <domain>yahoo.fr</domain>
    <domain>yahoo.it</domain>
    <domain>yahoo.es</domain>
    <domain>yahoo.ca</domain>
    <domain>yahoo.com.au</domain>
    <domain>yahoo.co.jp</domain>
    <domain>ymail.com</domain>
    <domain>rocketmail.com</domain>
    <displayName>Yahoo! Mail</displayName>
    <displayShortName>Yahoo</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.mail.yahoo.com</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.mail.yahoo.com</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.mail.yahoo.com</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <documentation url="https://help.yahoo.com/kb/SLN4075.html"/>
  </emailProvider>
</clientConfig>
`,
};

export const att: Preset = {
  id: 'att',
  name: 'AT&T Mail',
  sentMailFiledByServer: false,
  signIn: {
    oauth: null,
    password: 'app-password',
    note: 'AT&T mail needs a secure mail key (an app password) instead of your normal password: make one in your AT&T profile.',
    appPasswordUrl: 'https://www.att.com/support/article/email-support/KM1240308/',
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="att.net">
    <domain>att.net</domain>
    <domain>sbcglobal.net</domain>
    <domain>bellsouth.net</domain>
    <domain>pacbell.net</domain>
    <domain>swbell.net</domain>
    <domain>prodigy.net</domain>
    <domain>ameritech.net</domain>
    <domain>flash.net</domain>
    <domain>nvbell.net</domain>
    <domain>wans.net</domain>
    <displayName>AT&amp;T Mail</displayName>
    <displayShortName>AT&amp;T</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.mail.att.net</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>inbound.att.net</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.mail.att.net</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`,
};
