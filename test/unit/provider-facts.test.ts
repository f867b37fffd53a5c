import { describe, expect, it } from 'vitest';
import { serverFilesSent } from '../../main/accounts/provider-facts';

const withSmtp = (host: string) => ({ outgoing: { host, port: 587, security: 'starttls' as const, username: 'u' } });

describe('serverFilesSent (from the provider presets)', () => {
  it('is true for the submission servers of providers that file Sent themselves', () => {
    for (const host of ['smtp.gmail.com', 'smtp-mail.outlook.com', 'smtp.office365.com', 'smtp.mail.me.com', 'SMTP.Gmail.com.']) {
      expect(serverFilesSent(withSmtp(host)), host).toBe(true);
    }
  });

  it('is false for providers that do not, and for servers no preset knows', () => {
    for (const host of ['smtp.mail.yahoo.com', 'smtp.fastmail.com', 'mail.example.com', 'gmail.com.example.net', '127.0.0.1']) {
      expect(serverFilesSent(withSmtp(host)), host).toBe(false);
    }
  });
});
