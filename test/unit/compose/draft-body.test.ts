import { describe, expect, it } from 'vitest';
import { convertBody, identityOf, sendProblem, swapSignature, withSignature } from '../../../renderer/src/compose/draft-body';
import type { DraftBody } from '../../../shared/compose';

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

const htmlOf = (body: DraftBody) => (body.format === 'html' ? body.html : null);
const textOf = (body: DraftBody) => (body.format === 'plain' ? body.text : null);

describe('changing From while writing', () => {
  it('swaps the signature block for the new identity’s, as the editor gives the HTML back', () => {
    const written = withSignature({ format: 'html', html: '' }, 'Ada\nCountess & writer');
    // The editor escapes differently (&lt; not &#60;) and the user has written above.
    const edited = {
      format: 'html' as const,
      html: `<p>Hello</p>${(htmlOf(written) ?? '').slice('<p></p>'.length).replace('&#38;', '&amp;')}`,
    };
    expect(swapSignature(edited, 'Ada\nCountess & writer', 'A. Lovelace <Work>')).toEqual({
      format: 'html',
      html: '<p>Hello</p><p></p><p>-- <br>A. Lovelace &#60;Work&#62;</p>',
    });
    // To an identity without a signature: the block and its blank line go.
    expect(swapSignature(edited, 'Ada', '')).toEqual({ format: 'html', html: '<p>Hello</p>' });
  });

  it('puts a signature where there was none above the quote of a reply, else at the end', () => {
    const reply = { format: 'html' as const, html: '<p>Yes!</p><p></p><p>On Monday, Bob wrote:</p><blockquote><p>hi</p></blockquote>' };
    expect(htmlOf(swapSignature(reply, '', 'Ada'))).toBe(
      '<p>Yes!</p><p></p><p></p><p>-- <br>Ada</p><p>On Monday, Bob wrote:</p><blockquote><p>hi</p></blockquote>',
    );
    expect(htmlOf(swapSignature({ format: 'html', html: '<p>Hi</p>' }, '', 'Ada'))).toBe('<p>Hi</p><p></p><p>-- <br>Ada</p>');
  });

  it('swaps plain-text signatures by their exact text, and adds one above a quote', () => {
    const text = 'Hello\n\n-- \nAda\nLondon\n\nOn Monday, Bob wrote:\n> hi';
    expect(textOf(swapSignature({ format: 'plain', text }, 'Ada\nLondon', 'Work Ada'))).toBe(
      'Hello\n\n-- \nWork Ada\n\nOn Monday, Bob wrote:\n> hi',
    );
    expect(textOf(swapSignature({ format: 'plain', text }, 'Ada\nLondon', ''))).toBe('Hello\n\nOn Monday, Bob wrote:\n> hi');
    expect(textOf(swapSignature({ format: 'plain', text: 'Yes!\n\nOn Monday, Bob wrote:\n> hi' }, '', 'Ada'))).toBe(
      'Yes!\n\n-- \nAda\n\nOn Monday, Bob wrote:\n> hi',
    );
    expect(textOf(swapSignature({ format: 'plain', text: 'Hi\n' }, '', 'Ada'))).toBe('Hi\n\n-- \nAda');
  });
});

describe('formatted signatures', () => {
  const rich = { text: 'Ada Lovelace\nEngines Ltd', html: '<p>Ada <strong>Lovelace</strong></p><p>Engines Ltd</p>' };

  it('puts the formatted signature in a formatted body, the separator on its first line; its text in a plain one', () => {
    expect(htmlOf(withSignature({ format: 'html', html: '' }, rich))).toBe(
      '<p></p><p></p><p>-- <br>Ada <strong>Lovelace</strong></p><p>Engines Ltd</p>',
    );
    expect(textOf(withSignature({ format: 'plain', text: '' }, rich))).toBe('\n\n-- \nAda Lovelace\nEngines Ltd');
    // A signature that starts with a list: the separator gets a line of its own.
    const list = { text: '- a', html: '<ul><li><p>a</p></li></ul>' };
    expect(htmlOf(withSignature({ format: 'html', html: '<p>Hi</p>' }, list, 'written'))).toBe(
      '<p>Hi</p><p></p><p>-- </p><ul><li><p>a</p></li></ul>',
    );
  });

  it('swaps a formatted signature as the editor gives it back (&nbsp; in the separator), for a plain one or none', () => {
    const written = htmlOf(withSignature({ format: 'html', html: '' }, rich)) ?? '';
    const edited = {
      format: 'html' as const,
      html: `<p>Dear Bob</p>${written.slice('<p></p>'.length).replace('-- <br>', '--&nbsp;<br>')}`,
    };
    expect(htmlOf(swapSignature(edited, rich, 'Work Ada'))).toBe('<p>Dear Bob</p><p></p><p>-- <br>Work Ada</p>');
    expect(htmlOf(swapSignature(edited, rich, ''))).toBe('<p>Dear Bob</p>');
    // From a plain signature to a formatted one.
    const plain = withSignature({ format: 'html', html: '' }, 'Ada');
    expect(htmlOf(swapSignature(plain, 'Ada', rich))).toBe('<p></p><p></p><p>-- <br>Ada <strong>Lovelace</strong></p><p>Engines Ltd</p>');
  });

  it('treats an empty formatted signature as none', () => {
    expect(withSignature({ format: 'html', html: '' }, { text: '', html: '<p></p>' })).toEqual({ format: 'html', html: '<p></p>' });
  });
});
