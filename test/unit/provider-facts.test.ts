import { describe, expect, it } from 'vitest';
import { imapConnectionBudget, serverFilesSent } from '../../main/accounts/provider-facts';

const imapAt = (host: string) => ({ protocol: 'imap' as const, host, port: 993, security: 'tls' as const, username: 'u' });
const withSmtp = (host: string) => ({
  incoming: imapAt('imap.example.com'),
  outgoing: { host, port: 587, security: 'starttls' as const, username: 'u' },
});

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

  it('is true on a Gmail server known by what it said of itself (X-GM-EXT-1), whatever the host names', () => {
    expect(serverFilesSent({ ...withSmtp('127.0.0.1'), imapFlavor: 'gmail' })).toBe(true);
  });
});

describe('imapConnectionBudget (from the provider presets)', () => {
  const withImap = (host: string) => ({ incoming: imapAt(host) });

  it('caps Gmail, whose 15 connections are shared by all of a user’s clients', () => {
    expect(imapConnectionBudget(withImap('imap.gmail.com'))).toBe(3);
    expect(imapConnectionBudget(withImap('IMAP.GMAIL.COM.'))).toBe(3);
  });

  it('caps a server that said it is Gmail (X-GM-EXT-1) under any name', () => {
    expect(imapConnectionBudget({ ...withImap('127.0.0.1'), imapFlavor: 'gmail' })).toBe(3);
  });

  it('leaves the others to the sync', () => {
    for (const host of ['outlook.office365.com', 'imap.mail.yahoo.com', 'mail.example.com', '127.0.0.1']) {
      expect(imapConnectionBudget(withImap(host)), host).toBeUndefined();
    }
  });
});
