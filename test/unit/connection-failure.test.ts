import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../main/net/connection-failure';

const imap = { host: 'imap.gmail.com', port: 993, label: 'IMAP' };

// What imapflow throws for a tagged NO: "Command failed", the server's words in responseText.
const refused = (responseText: string, authenticationFailed = false) =>
  Object.assign(new Error('Command failed'), { responseText, ...(authenticationFailed ? { authenticationFailed } : {}) });

describe('describeFailure and a server’s limits', () => {
  it('takes Gmail’s connection and download limits, and RFC 5530’s, for "not now", even on a failed login', () => {
    for (const words of [
      '[ALERT] Too many simultaneous connections. (Failure)',
      '[OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)',
      '[LIMIT] Too many commands',
      '[UNAVAILABLE] Temporary authentication failure. (Failure)',
      '[INUSE] Mailbox in use',
    ]) {
      const failure = describeFailure(refused(words, true), imap);
      expect(failure.code, words).toBe('server_busy');
      expect(failure.message, words).toContain(words);
      expect(failure.message, words).not.toMatch(/rejected the username or password/);
    }
  });

  it('still calls a refused password one', () => {
    const failure = describeFailure(refused('[AUTHENTICATIONFAILED] Invalid credentials (Failure)', true), imap);
    expect(failure.code).toBe('auth_failed');
  });
});
