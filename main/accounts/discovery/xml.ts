// A small, strict XML reader for config-v1.1.xml files, which come from the
// network (a domain's autoconfig server, the ISPDB) and are therefore hostile
// until proven otherwise. It reads elements, attributes, text, CDATA and
// comments, and the five predefined entities plus character references. It
// refuses, with an XmlError, everything a config file never needs and an
// attacker would: any DOCTYPE (so no entity definitions, no external entities,
// no "billion laughs"), undefined entities, and anything malformed. Size,
// depth and element count are bounded.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} (at character ${offset})`);
    this.name = 'XmlError';
  }
}

export const XML_LIMITS = { maxChars: 512 * 1024, maxDepth: 32, maxElements: 5000 } as const;

const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a whole document and returns its root element. */
export function parseXml(text: string): XmlElement {
  if (text.length > XML_LIMITS.maxChars) throw new XmlError(`The document is larger than ${XML_LIMITS.maxChars} characters`, 0);
  return new Reader(text.replace(/^\uFEFF/, '')).document();
}

class Reader {
  private at = 0;
  private elements = 0;

  constructor(private readonly text: string) {}

  document(): XmlElement {
    if (this.text.startsWith('<?xml')) this.processingInstruction();
    this.misc();
    if (!this.text.startsWith('<', this.at)) this.fail('Expected the root element');
    const root = this.element(0);
    this.misc();
    if (this.at < this.text.length) this.fail('Unexpected content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions outside the root; a DOCTYPE is refused here. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('<!--', this.at)) this.comment();
      else if (this.text.startsWith('<?', this.at)) this.processingInstruction();
      else if (this.text.startsWith('<!', this.at)) this.fail('DOCTYPE and other declarations are not allowed');
      else return;
    }
  }

  private element(depth: number): XmlElement {
    if (depth >= XML_LIMITS.maxDepth) this.fail('Elements are nested too deeply');
    if (++this.elements > XML_LIMITS.maxElements) this.fail('Too many elements');
    this.expect('<');
    const name = this.name();
    const attributes: Record<string, string> = Object.create(null);
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.text.startsWith('/>', this.at)) {
        this.at += 2;
        return { name, attributes, children: [] };
      }
      if (this.text.startsWith('>', this.at)) {
        this.at += 1;
        break;
      }
      if (!hadSpace) this.fail('Expected a space before the attribute');
      const attribute = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      if (Object.hasOwn(attributes, attribute)) this.fail(`Attribute ${attribute} appears twice`);
      attributes[attribute] = this.attributeValue();
    }
    const children = this.content(depth);
    this.expect('</');
    const closing = this.name();
    if (closing !== name) this.fail(`Expected </${name}>, found </${closing}>`);
    this.skipSpace();
    this.expect('>');
    return { name, attributes, children };
  }

  private content(depth: number): XmlNode[] {
    const children: XmlNode[] = [];
    let text = '';
    for (;;) {
      if (this.at >= this.text.length) this.fail('The document ends inside an element');
      if (this.text.startsWith('</', this.at)) break;
      if (this.text.startsWith('<!--', this.at)) this.comment();
      else if (this.text.startsWith('<![CDATA[', this.at)) text += this.cdata();
      else if (this.text.startsWith('<?', this.at)) this.processingInstruction();
      else if (this.text.startsWith('<!', this.at)) this.fail('Declarations are not allowed inside elements');
      else if (this.text.startsWith('<', this.at)) {
        if (text) children.push(text);
        text = '';
        children.push(this.element(depth + 1));
      } else text += this.characterData();
    }
    if (text) children.push(text);
    return children;
  }

  private characterData(): string {
    let out = '';
    while (this.at < this.text.length) {
      const c = this.text[this.at] as string;
      if (c === '<') break;
      if (c === '&') out += this.reference();
      else {
        if (c === ']' && this.text.startsWith(']]>', this.at)) this.fail('"]]>" is not allowed in text');
        out += c;
        this.at += 1;
      }
    }
    return out;
  }

  private attributeValue(): string {
    const quote = this.text[this.at];
    if (quote !== '"' && quote !== "'") this.fail('Expected a quoted attribute value');
    this.at += 1;
    let out = '';
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) this.fail('The document ends inside an attribute value');
      if (c === quote) break;
      if (c === '<') this.fail('"<" is not allowed in an attribute value');
      if (c === '&') out += this.reference();
      else {
        // Attribute-value normalisation (XML 1.0 section 3.3.3): whitespace becomes a space.
        out += c === '\t' || c === '\n' || c === '\r' ? ' ' : c;
        this.at += 1;
      }
    }
    this.at += 1;
    return out;
  }

  /** &lt; &gt; &amp; &quot; &apos; &#NN; &#xHH; — nothing else exists without a DTD. */
  private reference(): string {
    const end = this.text.indexOf(';', this.at);
    if (end < 0 || end - this.at > 12) this.fail('Unterminated "&" reference');
    const body = this.text.slice(this.at + 1, end);
    let value: string | undefined;
    if (/^#[0-9]{1,7}$/.test(body)) value = codePoint(Number.parseInt(body.slice(1), 10));
    else if (/^#x[0-9A-Fa-f]{1,6}$/.test(body)) value = codePoint(Number.parseInt(body.slice(2), 16));
    else value = Object.hasOwn(PREDEFINED, body) ? PREDEFINED[body] : undefined;
    if (value === undefined) this.fail(`Unknown or invalid reference &${body.slice(0, 12)};`);
    this.at = end + 1;
    return value;
  }

  private cdata(): string {
    const start = this.at + '<![CDATA['.length;
    const end = this.text.indexOf(']]>', start);
    if (end < 0) this.fail('Unterminated CDATA section');
    this.at = end + 3;
    return this.text.slice(start, end);
  }

  private comment(): void {
    const end = this.text.indexOf('-->', this.at + 4);
    if (end < 0) this.fail('Unterminated comment');
    if (this.text.slice(this.at + 4, end).includes('--')) this.fail('"--" is not allowed inside a comment');
    this.at = end + 3;
  }

  private processingInstruction(): void {
    const end = this.text.indexOf('?>', this.at + 2);
    if (end < 0) this.fail('Unterminated processing instruction');
    this.at = end + 2;
  }

  private name(): string {
    NAME.lastIndex = this.at;
    const match = NAME.exec(this.text);
    if (!match) this.fail('Expected a name');
    this.at += match[0].length;
    return match[0];
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.at)) this.fail(`Expected "${token}"`);
    this.at += token.length;
  }

  private skipSpace(): boolean {
    const start = this.at;
    while (/[ \t\r\n]/.test(this.text[this.at] ?? '')) this.at += 1;
    return this.at > start;
  }

  private fail(message: string): never {
    throw new XmlError(message, this.at);
  }
}

function codePoint(value: number): string | undefined {
  // Only characters XML allows (section 2.2): no NUL, no other C0 controls, no surrogates.
  const allowed =
    value === 0x9 ||
    value === 0xa ||
    value === 0xd ||
    (value >= 0x20 && value <= 0xd7ff) ||
    (value >= 0xe000 && value <= 0xfffd) ||
    (value >= 0x10000 && value <= 0x10ffff);
  return allowed ? String.fromCodePoint(value) : undefined;
}

/** The child elements called `name`. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string' && child.name === name);
}

/** The trimmed text of the first child element called `name`, or undefined. */
export function childText(element: XmlElement, name: string): string | undefined {
  const child = childElements(element, name)[0];
  if (!child) return undefined;
  return child.children
    .filter((node): node is string => typeof node === 'string')
    .join('')
    .trim();
}
