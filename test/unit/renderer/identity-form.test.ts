import { describe, expect, it } from 'vitest';
import { blankIdentity, identityInputsOf, valuesOf } from '../../../renderer/src/settings/identity-form';
import type { Identity } from '../../../shared/compose';

// The identities editor's values and the identities.set list they make.

const saved: Identity = {
  id: 'i_abcdefgh1234',
  accountId: 'acc',
  name: 'Ada Lovelace',
  address: 'ada@example.com',
  replyTo: null,
  signature: 'Ada\nEngines Ltd',
  isDefault: true,
};

describe('identity form', () => {
  it('gives back a saved identity unchanged, keeping its id, with no Reply-To as null', () => {
    const { inputs, errors } = identityInputsOf([valuesOf(saved)]);
    expect(errors).toEqual({});
    expect(inputs).toEqual([
      { id: saved.id, name: 'Ada Lovelace', address: 'ada@example.com', replyTo: null, signature: 'Ada\nEngines Ltd', isDefault: true },
    ]);
  });

  it('trims what was typed around names and addresses; a new row has no id', () => {
    const fresh = { ...blankIdentity({ name: 'Ada', email: 'ada@example.com' }), address: '  desk@example.com ', replyTo: ' ' };
    const { inputs } = identityInputsOf([valuesOf(saved), fresh]);
    expect(inputs?.[1]).toEqual({ name: 'Ada', address: 'desk@example.com', replyTo: null, signature: '', isDefault: false });
  });

  it('names each wrong field by its input, and gives no list while one is wrong', () => {
    const bad = { ...valuesOf(saved), address: 'not an address', replyTo: 'nor this', name: 'two\nlines' };
    const { inputs, errors } = identityInputsOf([valuesOf(saved), bad]);
    expect(inputs).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['identity-1-address', 'identity-1-name', 'identity-1-replyTo']);
    expect(errors['identity-1-address']).toMatch(/email address/);
  });

  it('starts a new row with the account’s name only when it has one besides the address', () => {
    expect(blankIdentity({ name: 'Ada', email: 'ada@example.com' }).name).toBe('Ada');
    expect(blankIdentity({ name: 'ada@example.com', email: 'ada@example.com' }).name).toBe('');
    const [a, b] = [blankIdentity({ name: '', email: 'x@y.z' }), blankIdentity({ name: '', email: 'x@y.z' })];
    expect(a.key).not.toBe(b.key);
  });
});
