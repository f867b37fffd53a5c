import { describe, expect, it } from 'vitest';
import { blankIdentity, identityInputsOf, signatureTextToHtml, valuesOf } from '../../../renderer/src/settings/identity-form';
import type { Identity } from '../../../shared/compose';

// The identities editor's values and the identities.set list they make.

const saved: Identity = {
  id: 'i_abcdefgh1234',
  accountId: 'acc',
  name: 'Ada Lovelace',
  address: 'ada@example.com',
  replyTo: null,
  signature: 'Ada\nEngines Ltd',
  signatureHtml: null,
  isDefault: true,
};

describe('identity form', () => {
  it('gives back a saved identity unchanged, keeping its id, with no Reply-To as null', () => {
    const { inputs, errors } = identityInputsOf([valuesOf(saved)]);
    expect(errors).toEqual({});
    expect(inputs).toEqual([
      {
        id: saved.id,
        name: 'Ada Lovelace',
        address: 'ada@example.com',
        replyTo: null,
        signature: 'Ada\nEngines Ltd',
        signatureHtml: null,
        isDefault: true,
      },
    ]);
  });

  it('trims what was typed around names and addresses; a new row has no id', () => {
    const fresh = { ...blankIdentity({ name: 'Ada', email: 'ada@example.com' }), address: '  desk@example.com ', replyTo: ' ' };
    const { inputs } = identityInputsOf([valuesOf(saved), fresh]);
    expect(inputs?.[1]).toEqual({
      name: 'Ada',
      address: 'desk@example.com',
      replyTo: null,
      signature: '',
      signatureHtml: null,
      isDefault: false,
    });
  });

  it('sends the formatted signature only while "Formatted" is on, always with its text', () => {
    const rich = { ...valuesOf(saved), formatted: true, signatureHtml: '<p><strong>Ada</strong></p>', signature: 'Ada' };
    expect(identityInputsOf([rich]).inputs?.[0]).toMatchObject({ signature: 'Ada', signatureHtml: '<p><strong>Ada</strong></p>' });
    expect(identityInputsOf([{ ...rich, formatted: false }]).inputs?.[0]).toMatchObject({ signature: 'Ada', signatureHtml: null });
    expect(valuesOf({ ...saved, signatureHtml: '<p>x</p>' })).toMatchObject({ formatted: true, signatureHtml: '<p>x</p>' });
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

  it('turns a plain signature into the formatted one line for line, a blank line a paragraph, text escaped', () => {
    expect(signatureTextToHtml('Ada <A.L.>\r\nEngines & Co\n\n  \nLondon\n')).toBe(
      '<p>Ada &lt;A.L.&gt;<br>Engines &amp; Co</p><p>London</p>',
    );
    expect(signatureTextToHtml('   ')).toBe('');
  });
});
