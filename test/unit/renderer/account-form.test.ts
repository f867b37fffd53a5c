import { describe, expect, it } from 'vitest';
import { formOf, triesSignIn, updateOf } from '../../../renderer/src/settings/account-form';
import type { Account } from '../../../shared/accounts';

const account: Account = {
  id: 'a_1',
  name: 'Ada',
  email: 'ada@example.test',
  incoming: { protocol: 'imap', host: 'imap.example.test', port: 993, security: 'tls', username: 'ada@example.test' },
  outgoing: { host: 'smtp.example.test', port: 465, security: 'tls', username: 'ada@example.test' },
  secretStorage: 'keychain',
  status: { state: 'connected' },
  options: { bodyDays: null },
  createdAt: '2026-12-01T00:00:00.000Z',
};

describe('the account editor’s changes', () => {
  it('sends nothing when nothing changed, and only what changed otherwise', () => {
    expect(updateOf(account, formOf(account))).toEqual({ update: null, errors: {} });
    const values = formOf(account);
    values.name = 'Ada at work';
    values.incoming.port = '143';
    values.incoming.security = 'starttls';
    const { update } = updateOf(account, values);
    expect(update).toEqual({ id: 'a_1', name: 'Ada at work', incoming: { ...account.incoming, port: 143, security: 'starttls' } });
    expect(triesSignIn(update)).toBe(true);
    expect(triesSignIn(updateOf(account, { ...formOf(account), color: '#2b7bd4' }).update)).toBe(false);
  });

  it('a typed password is a change; an empty field leaves the saved one', () => {
    expect(updateOf(account, { ...formOf(account), password: 'new secret' }).update).toEqual({ id: 'a_1', password: 'new secret' });
  });

  it('says per field what is wrong: a port that is not a number, a host with a space, control characters', () => {
    const values = formOf(account);
    values.incoming.port = '99a';
    values.outgoing.host = 'smtp example';
    values.outgoing.username = 'ada\u0000';
    values.name = 'Ada\u001b[31m';
    const { update, errors } = updateOf(account, values);
    expect(update).toBeNull();
    expect(errors).toEqual({
      name: 'The name cannot contain control characters',
      'incoming.port': 'Port must be a whole number',
      'outgoing.host': 'Server name may only contain letters, digits, dots and hyphens',
      'outgoing.username': 'The username cannot contain control characters',
    });
  });
});
