import { describe, expect, it } from 'vitest';
import { addAddresses, isValidAddress, parseAddress, parseAddressList, splitFinished } from '../../../renderer/src/compose/addresses';

describe('address fields: turning typed text into addresses', () => {
  it('reads names, quoted names with commas, bare and angled addresses, mailto:', () => {
    expect(
      parseAddressList('Ada Lovelace <ada@example.com>, bob@example.org; "Lovelace, Ada" <a@b.example>\n<c@d.example>, mailto:e@f.example'),
    ).toEqual([
      { name: 'Ada Lovelace', address: 'ada@example.com' },
      { name: '', address: 'bob@example.org' },
      { name: 'Lovelace, Ada', address: 'a@b.example' },
      { name: '', address: 'c@d.example' },
      { name: '', address: 'e@f.example' },
    ]);
  });

  it('unescapes quoted names', () => {
    expect(parseAddress('"Ada \\"the\\" Countess" <ada@example.com>')).toEqual({ name: 'Ada "the" Countess', address: 'ada@example.com' });
  });

  it('keeps what follows the last separator for further typing', () => {
    expect(splitFinished('ada@example.com, bo')).toEqual({ done: [{ name: '', address: 'ada@example.com' }], rest: 'bo' });
    expect(splitFinished('Ada Love')).toEqual({ done: [], rest: 'Ada Love' });
    expect(splitFinished('"Lovelace, Ada" <a@b.example>; ')).toEqual({
      done: [{ name: 'Lovelace, Ada', address: 'a@b.example' }],
      rest: '',
    });
    // A comma inside quotes does not finish the address.
    expect(splitFinished('"Lovelace, A')).toEqual({ done: [], rest: '"Lovelace, A' });
  });

  it('tells complete addresses from half-typed ones, Unicode included', () => {
    for (const ok of ['ada@example.com', 'a.b+c@sub.example.co.uk', 'пётр@пример.рф', 'bob@localhost'])
      expect(isValidAddress(ok), ok).toBe(true);
    for (const bad of ['ada@', '@example.com', 'ada', 'ada @example.com', 'ada@exa mple.com', 'a@b..c', 'a@b.', '<a@b.c>'])
      expect(isValidAddress(bad), bad).toBe(false);
  });

  it('does not add the same address twice (case-insensitive)', () => {
    const list = addAddresses(
      [{ name: 'Ada', address: 'ada@example.com' }],
      [
        { name: '', address: 'ADA@example.com' },
        { name: 'Bob', address: 'bob@example.com' },
      ],
    );
    expect(list.map((a) => a.address)).toEqual(['ada@example.com', 'bob@example.com']);
  });
});
