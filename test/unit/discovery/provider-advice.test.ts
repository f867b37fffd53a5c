import { describe, expect, it } from 'vitest';
import { adviseFailure } from '../../../main/accounts/provider-advice';
import { describeFailure, serverWords } from '../../../main/net/connection-failure';

// Failed logins as imapflow and nodemailer report them, at the hosts of the
// big providers: the advice must say what to do there.

const imapAuthError = (text: string) => Object.assign(new Error('Command failed'), { authenticationFailed: true, responseText: text });
const smtpAuthError = (text: string) => Object.assign(new Error(`Invalid login: ${text}`), { code: 'EAUTH', response: text });

function advise(error: Error, host: string, protocol: 'imap' | 'pop3' | 'smtp') {
  const failure = describeFailure(error, { host, port: 993, label: protocol.toUpperCase() });
  return adviseFailure(failure, { host, protocol, serverWords: serverWords(error) });
}

describe('provider advice for failed logins', () => {
  it('Gmail rejecting a normal password', () => {
    const advice = advise(imapAuthError('[AUTHENTICATIONFAILED] Invalid credentials (Failure)'), 'imap.gmail.com', 'imap');
    expect(advice.code).toBe('auth_failed');
    expect(advice.message).toMatch(/^Google requires Sign in with Google or an app password/);
    expect(advice.message).toContain('Invalid credentials');
    expect(advice.help?.url).toBe('https://myaccount.google.com/apppasswords');
    expect(advise(smtpAuthError('535-5.7.8 Username and Password not accepted'), 'smtp.gmail.com', 'smtp').message).toMatch(
      /^Google requires/,
    );
  });

  it('Outlook.com rejecting a password', () => {
    const advice = advise(imapAuthError('AUTHENTICATE failed.'), 'outlook.office365.com', 'imap');
    expect(advice.message).toMatch(/^Microsoft accounts need Sign in with Microsoft/);
    const smtpOff = advise(
      smtpAuthError('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.'),
      'smtp.office365.com',
      'smtp',
    );
    expect(smtpOff.message).toMatch(/SMTP AUTH is disabled/);
  });

  it('IMAP switched off at GMX, WEB.DE and Zoho says where to switch it on', () => {
    const zoho = advise(imapAuthError('[ALERT] You are yet to enable IMAP for your account.'), 'imap.zoho.eu', 'imap');
    expect(zoho.message).toMatch(/^IMAP access is switched off for this Zoho Mail account/);
    expect(zoho.help?.url).toBe('https://www.zoho.com/mail/help/imap-access.html');
    const gmx = advise(imapAuthError('authentication failed'), 'imap.gmx.net', 'imap');
    expect(gmx.message).toMatch(/GMX rejected the username or password.*app password.*IMAP access is switched on/);
    expect(gmx.help?.url).toBe('https://hilfe.gmx.net/pop-imap/einschalten.html');
    const webde = advise(imapAuthError('Login failed: POP/IMAP access not activated'), 'pop3.web.de', 'pop3');
    expect(webde.message).toMatch(/^POP3 access is switched off for this WEB.DE account/);
  });

  it('app-password providers say so, with the page for making one', () => {
    const yahoo = advise(imapAuthError('[AUTHENTICATIONFAILED] LOGIN Invalid credentials'), 'imap.mail.yahoo.com', 'imap');
    expect(yahoo.message).toMatch(/Yahoo Mail needs an app password/);
    expect(yahoo.help?.url).toMatch(/^https:\/\/login\.yahoo\.com\//);
  });

  it('leaves other servers and other failures alone', () => {
    const local = advise(imapAuthError('[AUTHENTICATIONFAILED] Authentication failed.'), '127.0.0.1', 'imap');
    expect(local.message).toMatch(/^The IMAP server rejected the username or password/);
    expect(local.help).toBeUndefined();
    const refused = advise(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'imap.gmail.com', 'imap');
    expect(refused.code).toBe('connect_failed');
    expect(refused.message).not.toMatch(/Google/);
  });
});
