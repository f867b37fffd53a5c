import type { Preset } from './preset';

export const mailRu: Preset = {
  id: 'mail-ru',
  name: 'Mail.ru',
  sentMailFiledByServer: false,
  signIn: {
    oauth: null,
    password: 'app-password',
    note: 'Mail.ru needs a password for external applications instead of your normal password: make one in your Mail.ru security settings and enter it here.',
    appPasswordUrl: 'https://help.mail.ru/mail/security/protection/external',
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="mail.ru">
    <domain>mail.ru</domain>
    <domain>inbox.ru</domain>
    <domain>list.ru</domain>
    <domain>bk.ru</domain>
    <domain>internet.ru</domain>
    <domain>mail.ua</domain>
    <displayName>Mail.Ru</displayName>
    <displayShortName>Mail.Ru</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.mail.ru</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.mail.ru</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.mail.ru</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`,
};
