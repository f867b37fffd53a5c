import { describe, expect, it } from 'vitest';
import { imapOptions } from '../../main/imap/connection-options';
import { assertLoginValues } from '../../main/net/login-values';
import { passwordSchema } from '../../shared/accounts';

// The protocol clients' last check before a username or password goes into a line.

describe('sign-in values', () => {
  it('pass as they are unless they hold CR, LF or NUL', () => {
    expect(() => assertLoginValues('POP3', 'ann@example.test', 'pässwörd with spaces "and quotes"')).not.toThrow();
    for (const [user, password] of [
      ['ann\r', 'x'],
      ['ann', 'x\ny'],
      ['ann', '\0x'],
    ] as const) {
      expect(() => assertLoginValues('SMTP', user, password)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    }
  });

  it('stop an IMAP connection before it is made', () => {
    const server = { host: 'imap.example.test', port: 993, security: 'tls' as const, username: 'ann' };
    expect(() => imapOptions(server, { kind: 'password', password: 'x\r\na2 DELETE INBOX' }, [])).toThrow(/password for the IMAP server/);
    expect(imapOptions(server, { kind: 'password', password: 'fine' }, []).auth).toEqual({ user: 'ann', pass: 'fine' });
  });

  it('are refused by the API schema when typed', () => {
    expect(passwordSchema.safeParse('secret\r\nDELE 1').success).toBe(false);
    expect(passwordSchema.safeParse('secret\0').success).toBe(false);
    expect(passwordSchema.safeParse('sécret\twith tab').success).toBe(true);
  });
});
