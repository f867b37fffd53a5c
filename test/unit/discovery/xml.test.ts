import { describe, expect, it } from 'vitest';
import { childElements, childText, parseXml, XML_LIMITS, XmlError } from '../../../main/accounts/discovery/xml';

describe('the XML reader', () => {
  it('reads elements, attributes, text, CDATA, comments and the predefined entities', () => {
    const root = parseXml(
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<a x="1 &amp; 2" y='&quot;q&quot;'>\n  <b>T&lt;&gt;&apos;&#65;&#x42;</b><c/><b><![CDATA[<raw & stuff>]]></b>\n</a>\n`,
    );
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1 & 2', y: '"q"' });
    expect(childElements(root, 'b')).toHaveLength(2);
    expect(childText(root, 'b')).toBe("T<>'AB");
    expect(childText(childElements(root, 'b')[1] as never, 'nothing')).toBeUndefined();
    expect((childElements(root, 'b')[1]?.children[0] as string) ?? '').toBe('<raw & stuff>');
    expect(childElements(root, 'c')[0]?.children).toEqual([]);
  });

  const refused: Array<[string, string]> = [
    ['a DOCTYPE with internal entities (billion laughs)', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>'],
    ['an external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>'],
    ['a bare DOCTYPE', '<!DOCTYPE clientConfig SYSTEM "http://example.com/x.dtd"><clientConfig/>'],
    ['an undefined entity', '<a>&nbsp;</a>'],
    ['an entity declaration inside the element', '<a><!ENTITY x "y"></a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a/>hello'],
    ['no root', '   '],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['"<" in an attribute', '<a x="<"/>'],
    ['a NUL character reference', '<a>&#0;</a>'],
    ['a surrogate character reference', '<a>&#xD800;</a>'],
    ['an unterminated comment', '<a><!-- oops</a>'],
    ['an unterminated CDATA section', '<a><![CDATA[ oops</a>'],
    ['"]]>" in text', '<a>]]></a>'],
    ['an unterminated reference', '<a>&amp</a>'],
    ['attributes without a space between them', '<a x="1"y="2"/>'],
  ];
  it.each(refused)('refuses %s with an XmlError', (_, text) => {
    expect(() => parseXml(text)).toThrow(XmlError);
  });

  it('refuses nesting deeper than its limit, and accepts it just below', () => {
    const nest = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    expect(() => parseXml(nest(XML_LIMITS.maxDepth))).not.toThrow();
    expect(() => parseXml(nest(XML_LIMITS.maxDepth + 1))).toThrow(/nested too deeply/);
  });

  it('refuses too many elements and documents that are too large', () => {
    expect(() => parseXml(`<a>${'<b/>'.repeat(XML_LIMITS.maxElements)}</a>`)).toThrow(/Too many elements/);
    expect(() => parseXml(`<a>${'x'.repeat(XML_LIMITS.maxChars)}</a>`)).toThrow(/larger than/);
  });

  it('does not let attribute names reach the object prototype', () => {
    const root = parseXml('<a __proto__="x" constructor="y"/>');
    expect(Object.getOwnPropertyDescriptor(root.attributes, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
