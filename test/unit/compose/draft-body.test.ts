import { describe, expect, it } from 'vitest';
import { convertBody, identityOf, sendProblem, withSignature } from '../../../renderer/src/compose/draft-body';

describe('a draft before the editor and before Send', () => {
  it('puts the signature under the writing line and above a quote, escaped, with blank lines between', () => {
    expect(withSignature({ format: 'html', html: '' }, 'Ada <Countess>\nLondon')).toEqual({
      format: 'html',
      html: '<p></p><p></p><p>-- <br>Ada &#60;Countess&#62;<br>London</p>',
    });
    expect(withSignature({ format: 'html', html: '<p></p><p>On Monday, Bob wrote:</p><blockquote><p>hi</p></blockquote>' }, 'Ada')).toEqual(
      {
        format: 'html',
        html: '<p></p><p></p><p>-- <br>Ada</p><p></p><p>On Monday, Bob wrote:</p><blockquote><p>hi</p></blockquote>',
      },
    );
    expect(withSignature({ format: 'plain', text: '\n\nOn Monday, Bob wrote:\n> hi' }, 'Ada\r\n')).toEqual({
      format: 'plain',
      text: '\n\n-- \nAda\n\nOn Monday, Bob wrote:\n> hi',
    });
    expect(withSignature({ format: 'plain', text: '' }, '  ')).toEqual({ format: 'plain', text: '' });
    // No signature: still a blank line between what is written and the quote.
    expect(withSignature({ format: 'html', html: '<p></p><p>On Monday, Bob wrote:</p>' }, '')).toEqual({
      format: 'html',
      html: '<p></p><p></p><p>On Monday, Bob wrote:</p>',
    });
    expect(withSignature({ format: 'html', html: '' }, '')).toEqual({ format: 'html', html: '<p></p>' });
  });

  it('puts the signature below a body that is the message itself (a mailto: link’s text)', () => {
    expect(withSignature({ format: 'html', html: '<p>Hello Bob,</p><p>see you</p>' }, 'Ada', 'written')).toEqual({
      format: 'html',
      html: '<p>Hello Bob,</p><p>see you</p><p></p><p>-- <br>Ada</p>',
    });
    expect(withSignature({ format: 'plain', text: 'Hello Bob,\nsee you' }, 'Ada', 'written')).toEqual({
      format: 'plain',
      text: 'Hello Bob,\nsee you\n\n-- \nAda',
    });
    // A link without a body: the line to write on, then the signature.
    expect(withSignature({ format: 'html', html: '' }, 'Ada', 'written')).toEqual({
      format: 'html',
      html: '<p></p><p></p><p>-- <br>Ada</p>',
    });
  });

  it('converts between rich and plain text', () => {
    expect(convertBody({ format: 'plain', text: 'a\n<b>' }, 'html', () => '')).toEqual({
      format: 'html',
      html: '<p>a</p><p>&#60;b&#62;</p>',
    });
    expect(convertBody({ format: 'html', html: '<p>x</p>' }, 'plain', (html) => `text of ${html}`)).toEqual({
      format: 'plain',
      text: 'text of <p>x</p>',
    });
    const same = { format: 'html' as const, html: '<p>x</p>' };
    expect(convertBody(same, 'html', () => '')).toBe(same);
  });

  it('says what stops Send', () => {
    expect(sendProblem({ to: [], cc: [], bcc: [] })).toBe('Add at least one recipient.');
    expect(sendProblem({ to: [{ name: '', address: 'ada@example.com' }], cc: [], bcc: [{ name: 'Bob', address: 'bob@' }] })).toMatch(
      /“bob@” is not a complete email address/,
    );
    expect(sendProblem({ to: [], cc: [], bcc: [{ name: '', address: 'bob@example.com' }] })).toBeNull();
  });

  it('sends as the chosen identity, else the default', () => {
    const ids = [
      { id: 'i_1', isDefault: false },
      { id: 'i_2', isDefault: true },
    ] as Parameters<typeof identityOf>[1];
    expect(identityOf({ identityId: 'i_1' }, ids)?.id).toBe('i_1');
    expect(identityOf({ identityId: null }, ids)?.id).toBe('i_2');
    expect(identityOf({ identityId: 'i_gone' }, ids)?.id).toBe('i_2');
  });
});
