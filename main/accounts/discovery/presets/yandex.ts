import type { Preset } from './preset';

export const yandex: Preset = {
  id: 'yandex',
  name: 'Yandex Mail',
  sentMailFiledByServer: false,
  mxSuffixes: ['yandex.net', 'yandex.ru'],
  signIn: {
    oauth: null,
    password: 'app-password',
    note: 'Yandex needs an app password for mail apps, and mail-client access must be allowed in Yandex Mail’s settings.',
    appPasswordUrl: 'https://yandex.com/support/id/authorization/app-passwords.html',
    enableAccessUrl: 'https://yandex.com/support/yandex-360/customers/mail/en/mail-clients/others',
  },
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="yandex.com">
    <domain>yandex.com</domain>
    <domain>yandex.ru</domain>
    <domain>ya.ru</domain>
    <domain>yandex.by</domain>
    <domain>yandex.kz</domain>
    <domain>yandex.ua</domain>
    <domain>narod.ru</domain>
    <displayName>Yandex Mail</displayName>
    <displayShortName>Yandex</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.yandex.com</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.yandex.com</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.yandex.com</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`,
};
