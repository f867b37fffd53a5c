import { describe, expect, it } from 'vitest';
import {
  forwardSubject,
  type OriginalMessage,
  quoteForReply,
  replyRecipients,
  replySubject,
  threadHeaders,
} from '../../../main/compose/reply-forward';

const me = new Set(['me@example.test', 'alias@example.test']);

function original(change: Partial<OriginalMessage> = {}): OriginalMessage {
  return {
    messageId: '<m3@example.test>',
    references: ['<m1@example.test>', '<m2@example.test>'],
    from: { name: 'Bob', address: 'bob@example.test' },
    to: [
      { name: 'Me', address: 'Me@Example.test' },
      { name: 'Carol', address: 'carol@example.test' },
    ],
    cc: [
      { name: 'Dave', address: 'dave@example.test' },
      { name: 'Alias', address: 'alias@example.test' },
    ],
    replyTo: [],
    ...change,
  };
}

describe('subjects', () => {
  it('puts exactly one "Re: " in front', () => {
    expect(replySubject('Plans')).toBe('Re: Plans');
    expect(replySubject('Re: Plans')).toBe('Re: Plans');
    expect(replySubject('RE: re: Aw:  Plans')).toBe('Re: Plans');
    expect(replySubject('Re[2]: Plans')).toBe('Re: Plans');
    expect(replySubject('Fwd: Plans')).toBe('Re: Fwd: Plans');
    expect(replySubject('Прочее: Re это')).toBe('Re: Прочее: Re это');
  });

  it('puts exactly one "Fwd: " in front', () => {
    expect(forwardSubject('Plans')).toBe('Fwd: Plans');
    expect(forwardSubject('Fwd: FW: Plans')).toBe('Fwd: Plans');
    expect(forwardSubject('Re: Plans')).toBe('Fwd: Re: Plans');
  });
});

describe('who a reply goes to', () => {
  it('replies to From, or to Reply-To when there is one', () => {
    expect(replyRecipients(original(), 'reply', me)).toEqual({ to: [{ name: 'Bob', address: 'bob@example.test' }], cc: [] });
    const withReplyTo = original({ replyTo: [{ name: 'List', address: 'list@example.test' }] });
    expect(replyRecipients(withReplyTo, 'reply', me).to).toEqual([{ name: 'List', address: 'list@example.test' }]);
  });

  it('replies to all but the user, each once, whatever the case of the address', () => {
    const { to, cc } = replyRecipients(original({ cc: [...original().cc, { name: 'BOB', address: 'BOB@example.test' }] }), 'replyAll', me);
    expect(to).toEqual([{ name: 'Bob', address: 'bob@example.test' }]);
    expect(cc).toEqual([
      { name: 'Carol', address: 'carol@example.test' },
      { name: 'Dave', address: 'dave@example.test' },
    ]);
  });

  it("replies to the recipients of the user's own message", () => {
    const own = original({
      from: { name: 'Me', address: 'me@example.test' },
      to: [{ name: 'Carol', address: 'carol@example.test' }],
      cc: [],
    });
    expect(replyRecipients(own, 'reply', me)).toEqual({ to: [{ name: 'Carol', address: 'carol@example.test' }], cc: [] });
  });
});

describe('threading (RFC 5322 3.6.4)', () => {
  it('sets In-Reply-To to the parent and References to its References plus the parent', () => {
    expect(threadHeaders(original())).toEqual({
      inReplyTo: '<m3@example.test>',
      references: ['<m1@example.test>', '<m2@example.test>', '<m3@example.test>'],
    });
  });

  it('keeps the first and the latest ids of a very long thread', () => {
    const references = Array.from({ length: 40 }, (_, i) => `<m${i}@x>`);
    const { references: kept } = threadHeaders(original({ references, messageId: '<last@x>' }));
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe('<m0@x>');
    expect(kept.at(-1)).toBe('<last@x>');
  });
});

describe('the quote', () => {
  const date = new Date('2026-11-02T10:00:00Z');
  it('quotes plain text with "> " under the attribution line', () => {
    const quoted = quoteForReply('plain', 'Hi\n> old\n', date, { name: 'Bob', address: 'bob@example.test' });
    expect(quoted).toMatch(/^\n\nOn .*2026.*, Bob wrote:\n> Hi\n>> old\n$/);
  });

  it('quotes into a blockquote, escaping the original text', () => {
    const quoted = quoteForReply('html', '<script>x</script> & co', date, { name: '', address: 'bob@example.test' });
    expect(quoted).toContain(
      'bob@example.test wrote:</p><blockquote type="cite"><p>&lt;script&gt;x&lt;/script&gt; &amp; co</p></blockquote>',
    );
  });
});
