import type { ImapResponse } from './response-reader';

// Reads the items of an untagged FETCH response as the lean connection
// (bulk-connection.ts) receives it: "* 12 FETCH (UID 5 FLAGS (\Seen) ...)",
// its text split around literals by response-reader.ts. Values are what RFC
// 9051 section 4 allows there: atoms and numbers (strings), quoted strings
// (strings, escapes removed), literals (Buffers, bytes as sent), NIL (null)
// and parenthesized lists of these. Text reaches us as latin1 (one char a
// byte); a quoted string with 8-bit bytes in it is read as UTF-8, as
// imapflow reads every line.

export type ImapValue = string | Buffer | null | ImapValue[];

/** Names (upper-cased, e.g. "BODY[HEADER.FIELDS (REFERENCES)]") and their values; undefined when this is no FETCH response. */
export function fetchAttributes(response: ImapResponse): Map<string, ImapValue> | undefined {
  const head = /^\* \d+ FETCH \(/i.exec(response.parts[0] ?? '');
  if (!head) return undefined;
  const cursor = new Cursor(response, head[0].length);
  const items = cursor.listBody();
  const attributes = new Map<string, ImapValue>();
  for (let i = 0; i + 1 < items.length; i += 2) {
    const name = items[i];
    if (typeof name === 'string') attributes.set(name.toUpperCase(), items[i + 1] as ImapValue);
  }
  return attributes;
}

/** A string value as imapflow gives it: a literal decoded as UTF-8; undefined for NIL or a list. */
export function stringOf(value: ImapValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

const SPACE = 0x20;
const OPEN = 0x28;
const CLOSE = 0x29;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;

class Cursor {
  private part = 0;
  private text: string;

  constructor(
    private readonly response: ImapResponse,
    private at: number,
  ) {
    this.text = response.parts[0] ?? '';
  }

  /** The values up to the ")" that closes the list being read (or to the end). */
  listBody(): ImapValue[] {
    const values: ImapValue[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.at >= this.text.length) {
        // the end of this text part: a literal follows it, or the response ends
        const literal = this.response.literals[this.part];
        if (literal === undefined) return values;
        values.push(literal);
        this.part++;
        this.text = this.response.parts[this.part] ?? '';
        this.at = 0;
        continue;
      }
      const c = this.text.charCodeAt(this.at);
      if (c === CLOSE) {
        this.at++;
        return values;
      }
      if (c === OPEN) {
        this.at++;
        values.push(this.listBody());
      } else if (c === QUOTE) values.push(this.quoted());
      else values.push(this.atom());
    }
  }

  private skipSpaces(): void {
    while (this.text.charCodeAt(this.at) === SPACE) this.at++;
  }

  private quoted(): string {
    let value = '';
    let from = ++this.at;
    for (; this.at < this.text.length; this.at++) {
      const c = this.text.charCodeAt(this.at);
      if (c === BACKSLASH) {
        value += this.text.slice(from, this.at);
        from = ++this.at; // the escaped char is kept as it is
      } else if (c === QUOTE) break;
    }
    value += this.text.slice(from, this.at);
    this.at++; // the closing quote
    // eslint-disable-next-line no-control-regex
    return /[\x80-\xff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  }

  /** An atom, a number or NIL; a section ("BODY[HEADER.FIELDS (A B)]<0>") is one atom, spaces and all. */
  private atom(): string | null {
    const from = this.at;
    let depth = 0;
    for (; this.at < this.text.length; this.at++) {
      const c = this.text.charCodeAt(this.at);
      if (c === BRACKET_OPEN) depth++;
      else if (c === BRACKET_CLOSE) depth--;
      else if (depth === 0 && (c === SPACE || c === OPEN || c === CLOSE)) break;
    }
    const atom = this.text.slice(from, this.at);
    if (atom.length === 0) {
      this.at++; // a stray character: skip it rather than loop on it
      return '';
    }
    return atom.length === 3 && atom.toUpperCase() === 'NIL' ? null : atom;
  }
}
