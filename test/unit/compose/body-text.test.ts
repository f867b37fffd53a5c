import { describe, expect, it } from 'vitest';
import { docToText, textToHtml } from '../../../renderer/src/compose/body-text';

const p = (...content: object[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: object[]) => ({ type: 'text', text, ...(marks ? { marks } : {}) });
const link = (href: string) => [{ type: 'link', attrs: { href } }];

describe('the plain-text version of the rich body', () => {
  it('writes paragraphs, quotes, lists and links as mail readers expect them', () => {
    const doc = {
      type: 'doc',
      content: [
        p(t('Hello '), t('Bob', [{ type: 'bold' }]), t(',')),
        p(),
        p(
          t('the notes: '),
          t('here', link('https://example.com/notes')),
          t(' and '),
          t('https://example.com/x', link('https://example.com/x')),
        ),
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [p(t('the mill'))] },
            { type: 'listItem', content: [p(t('the store'))] },
          ],
        },
        {
          type: 'orderedList',
          attrs: { start: 3 },
          content: [
            { type: 'listItem', content: [p(t('three'))] },
            { type: 'listItem', content: [p(t('four'))] },
          ],
        },
        { type: 'blockquote', content: [p(t('quoted')), p(), { type: 'blockquote', content: [p(t('deeper'))] }] },
        p(t('line'), { type: 'hardBreak' }, t('break')),
      ],
    };
    expect(docToText(doc)).toBe(
      [
        'Hello Bob,',
        '',
        'the notes: here <https://example.com/notes> and https://example.com/x',
        '- the mill',
        '- the store',
        '3. three',
        '4. four',
        '> quoted',
        '>',
        '> > deeper',
        'line',
        'break',
      ].join('\n'),
    );
  });

  it('gives a link split by formatting its address once, after its last part', () => {
    const doc = {
      type: 'doc',
      content: [p(t('the ', link('https://a.example')), t('plans', [...link('https://a.example'), { type: 'bold' }]), t('.'))],
    };
    expect(docToText(doc)).toBe('the plans <https://a.example>.');
  });

  it('does not repeat a mail address that is its own link text', () => {
    expect(docToText({ type: 'doc', content: [p(t('ada@example.com', link('mailto:ada@example.com')))] })).toBe('ada@example.com');
  });

  it('turns plain text into escaped paragraphs', () => {
    expect(textToHtml('a <b>\n& "c"')).toBe('<p>a &#60;b&#62;</p><p>&#38; &#34;c&#34;</p>');
  });
});
