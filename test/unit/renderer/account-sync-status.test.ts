import { describe, expect, it } from 'vitest';
import { syncStatusWords } from '../../../renderer/src/sidebar/AccountSyncStatus';
import type { Account, AccountStatus } from '../../../shared/accounts';

function account(status: AccountStatus, oauth = false): Account {
  return {
    id: 'a_1',
    name: 'Ada',
    email: 'ada@example.test',
    incoming: { protocol: 'imap', host: 'imap.example.test', port: 993, security: 'tls', username: 'ada' },
    outgoing: { host: 'smtp.example.test', port: 465, security: 'tls', username: 'ada' },
    secretStorage: 'keychain',
    status,
    options: { bodyDays: null },
    createdAt: '2026-12-01T00:00:00.000Z',
    ...(oauth ? { oauth: { provider: 'google' as const } } : {}),
  };
}

const progress = (phase: 'folders' | 'headers' | 'bodies' | 'download', done: number, total: number) => ({
  accountId: 'a_1',
  folderId: null,
  phase,
  done,
  total,
});

describe('the sidebar’s words for an account', () => {
  it('leads a refused or missing password to the password field, not to "Sign-in failed" alone', () => {
    expect(syncStatusWords(account({ state: 'error', code: 'password_missing' }), undefined)).toMatchObject({
      words: 'No password saved — enter it',
      enterPassword: true,
      retry: false,
    });
    expect(syncStatusWords(account({ state: 'error', code: 'auth_failed', message: 'Refused.' }), undefined)).toMatchObject({
      words: 'Sign-in failed — enter the new password',
      enterPassword: true,
      detail: 'Refused.',
    });
    // An OAuth2 account has no password to enter.
    expect(syncStatusWords(account({ state: 'error', code: 'auth_failed' }, true), undefined).enterPassword).toBeUndefined();
  });

  it('shows one overall figure while syncing, and "Up to date" once the sync said when it was done', () => {
    const connected = account({ state: 'connected' });
    expect(syncStatusWords(connected, progress('headers', 4200, 20000)).words).toBe('Reading message list: 4,200 of 20,000');
    expect(syncStatusWords(connected, progress('bodies', 4200, 20000)).words).toBe('Downloading 4,200 of 20,000 messages');
    expect(syncStatusWords(connected, progress('folders', 0, 0)).words).toBe('Checking for mail…');
    expect(syncStatusWords(connected, undefined).words).toBe('Connected');
    const done = syncStatusWords(account({ state: 'connected', checkedAt: '2026-12-07T10:42:00.000Z' }), undefined);
    expect(done.words).toBe('Up to date');
    expect(done.title).toMatch(/^Last checked at \d\d:\d\d$/);
  });
});
