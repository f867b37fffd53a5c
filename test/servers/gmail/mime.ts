// Just enough MIME for the Gmail stand-in's FETCH and SEARCH: a message's
// header fields, its part tree (multipart and message/rfc822), ENVELOPE and
// BODYSTRUCTURE, body sections by part number, the text a search looks in,
// and whether it has an attachment. Offsets point into the raw bytes, which
// are never copied; header values are kept as latin1 strings (one char a
// byte), so the bytes sent back are the bytes received. Malformed input gives
// a best-effort answer, never an exception; nesting and part counts are bounded.

import { type Piece, quote, stringOf } from './wire';

export interface HeaderField {
  /** Lower-cased name. */
  name: string;
  /** Unfolded value, trimmed (latin1: one char a byte). */
  value: string;
  /** Where the field's lines start and end (CRLF included) in the raw message. */
  start: number;
  end: number;
}

export interface MimePart {
  /** The part's header starts here (for the top: 0). */
  start: number;
  bodyStart: number;
  end: number;
  fields: HeaderField[];
  type: string;
  subtype: string;
  params: [string, string][];
  children: MimePart[];
  /** For message/rfc822: the message inside. */
  message?: MimePart;
}

const MAX_DEPTH = 16;
const MAX_PARTS = 500;

export function parseMessage(raw: Buffer): MimePart {
  const budget = { parts: 0 };
  return parsePart(raw, 0, raw.length, 0, 'text/plain', budget);
}

function parsePart(raw: Buffer, start: number, end: number, depth: number, defaultType: string, budget: { parts: number }): MimePart {
  budget.parts++;
  const { fields, bodyStart } = parseHeader(raw, start, end);
  const contentType = headerValue(fields, 'content-type');
  const parsed = parseContentType(contentType ?? defaultType);
  const part: MimePart = { start, bodyStart, end, fields, ...parsed, children: [] };
  if (depth >= MAX_DEPTH || budget.parts > MAX_PARTS) return part;
  if (part.type === 'multipart') {
    const boundary = part.params.find(([name]) => name === 'boundary')?.[1];
    if (boundary) {
      const childDefault = part.subtype === 'digest' ? 'message/rfc822' : 'text/plain';
      for (const [childStart, childEnd] of splitMultipart(raw, bodyStart, end, boundary)) {
        if (budget.parts > MAX_PARTS) break;
        part.children.push(parsePart(raw, childStart, childEnd, depth + 1, childDefault, budget));
      }
    }
  } else if (part.type === 'message' && part.subtype === 'rfc822') {
    part.message = parsePart(raw, bodyStart, end, depth + 1, 'text/plain', budget);
  }
  return part;
}

/** The header fields of [start, end) and where the body starts (after the empty line). */
function parseHeader(raw: Buffer, start: number, end: number): { fields: HeaderField[]; bodyStart: number } {
  const fields: HeaderField[] = [];
  let at = start;
  let current: { start: number; end: number } | undefined;
  const finish = () => {
    if (!current) return;
    const text = raw.toString('latin1', current.start, current.end);
    const colon = text.indexOf(':');
    if (colon > 0) {
      const name = text.slice(0, colon).trim().toLowerCase();
      const value = text
        .slice(colon + 1)
        .replace(/\r?\n/g, '')
        .trim();
      if (/^[\x21-\x39\x3b-\x7e]+$/.test(name)) fields.push({ name, value, start: current.start, end: current.end });
    }
    current = undefined;
  };
  while (at < end) {
    const lf = raw.indexOf(0x0a, at);
    const lineEnd = lf === -1 || lf >= end ? end : lf + 1;
    const contentEnd =
      lineEnd > at && raw[lineEnd - 1] === 0x0a ? (lineEnd - 2 >= at && raw[lineEnd - 2] === 0x0d ? lineEnd - 2 : lineEnd - 1) : lineEnd;
    if (contentEnd === at) {
      // the empty line: the body follows
      finish();
      return { fields, bodyStart: lineEnd };
    }
    const first = raw[at];
    if ((first === 0x20 || first === 0x09) && current) current.end = lineEnd;
    else {
      finish();
      current = { start: at, end: lineEnd };
    }
    at = lineEnd;
  }
  finish();
  return { fields, bodyStart: end };
}

/** [start, end) of each body part between the boundary's delimiter lines. */
function splitMultipart(raw: Buffer, start: number, end: number, boundary: string): [number, number][] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: [number, number][] = [];
  let partStart = -1;
  let from = start;
  while (from < end && parts.length < MAX_PARTS) {
    const at = raw.indexOf(delimiter, from);
    if (at === -1 || at + delimiter.length > end) break;
    if (at !== start && raw[at - 1] !== 0x0a) {
      from = at + 1;
      continue;
    }
    const closing = raw[at + delimiter.length] === 0x2d && raw[at + delimiter.length + 1] === 0x2d;
    if (partStart !== -1) {
      // the CRLF before a delimiter belongs to the delimiter
      let partEnd = at === start ? at : at - 1;
      if (partEnd > partStart && raw[partEnd - 1] === 0x0d) partEnd--;
      parts.push([partStart, Math.max(partStart, partEnd)]);
    }
    if (closing) return parts;
    const lf = raw.indexOf(0x0a, at + delimiter.length);
    if (lf === -1 || lf >= end) return parts;
    partStart = lf + 1;
    from = partStart;
  }
  if (partStart !== -1 && parts.length < MAX_PARTS) parts.push([partStart, end]); // no closing delimiter
  return parts;
}

export function headerValue(fields: readonly HeaderField[], name: string): string | undefined {
  return fields.find((field) => field.name === name)?.value;
}

function parseContentType(value: string): { type: string; subtype: string; params: [string, string][] } {
  const [main = '', ...rest] = splitParams(value);
  const slash = main.indexOf('/');
  let type = (slash === -1 ? main : main.slice(0, slash)).trim().toLowerCase();
  let subtype = (slash === -1 ? '' : main.slice(slash + 1)).trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+$/.test(type) || !/^[a-z0-9!#$&^_.+-]+$/.test(subtype)) {
    type = 'text';
    subtype = 'plain';
  }
  return { type, subtype, params: parseParams(rest) };
}

/** "a; b=c; d="e;f"" split at the semicolons outside quotes. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '"') quoted = !quoted;
    if (c === '\\' && quoted && i + 1 < value.length) {
      current += c + value.charAt(++i);
      continue;
    }
    if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

function parseParams(pieces: string[]): [string, string][] {
  const params: [string, string][] = [];
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    const name = piece.slice(0, eq).trim().toLowerCase();
    let value = piece.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name) params.push([name, value]);
  }
  return params;
}

function disposition(part: MimePart): { type: string; params: [string, string][] } | undefined {
  const value = headerValue(part.fields, 'content-disposition');
  if (!value) return undefined;
  const [main = '', ...rest] = splitParams(value);
  return { type: main.trim().toLowerCase(), params: parseParams(rest) };
}

// ---- ENVELOPE ----

/** RFC 9051 7.5.2: (date subject from sender reply-to to cc bcc in-reply-to message-id). */
export function envelope(part: MimePart): Piece[] {
  const value = (name: string) => {
    const found = headerValue(part.fields, name);
    return found === undefined || found === '' ? ['NIL'] : stringOf(Buffer.from(found, 'latin1'));
  };
  const addresses = (name: string) => {
    const found = headerValue(part.fields, name);
    return found ? addressList(found) : undefined;
  };
  const from = addresses('from');
  const list = (pieces: Piece[] | undefined) => pieces ?? ['NIL'];
  return [
    '(',
    ...value('date'),
    ' ',
    ...value('subject'),
    ' ',
    ...list(from),
    ' ',
    ...list(addresses('sender') ?? from),
    ' ',
    ...list(addresses('reply-to') ?? from),
    ' ',
    ...list(addresses('to')),
    ' ',
    ...list(addresses('cc')),
    ' ',
    ...list(addresses('bcc')),
    ' ',
    ...value('in-reply-to'),
    ' ',
    ...value('message-id'),
    ')',
  ];
}

interface AddressToken {
  kind: 'word' | 'quoted' | 'comment' | 'angle' | ',' | ':' | ';';
  text: string;
}

function addressTokens(value: string): AddressToken[] {
  const tokens: AddressToken[] = [];
  let i = 0;
  while (i < value.length && tokens.length < 2000) {
    const c = value.charAt(i);
    if (c === ' ' || c === '\t') i++;
    else if (c === ',' || c === ':' || c === ';') {
      tokens.push({ kind: c, text: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < value.length && value.charAt(i) !== '"') {
        if (value.charAt(i) === '\\' && i + 1 < value.length) i++;
        text += value.charAt(i++);
      }
      i++;
      tokens.push({ kind: 'quoted', text });
    } else if (c === '(') {
      let depth = 0;
      let text = '';
      while (i < value.length) {
        const d = value.charAt(i);
        if (d === '\\' && i + 1 < value.length) {
          text += value.charAt(i + 1);
          i += 2;
          continue;
        }
        if (d === '(') depth++;
        else if (d === ')') depth--;
        if (depth === 0) {
          i++;
          break;
        }
        if (!(d === '(' && depth === 1)) text += d;
        i++;
      }
      tokens.push({ kind: 'comment', text });
    } else if (c === '<') {
      const close = value.indexOf('>', i);
      const stop = close === -1 ? value.length : close;
      tokens.push({ kind: 'angle', text: value.slice(i + 1, stop) });
      i = stop + 1;
    } else {
      let text = '';
      while (i < value.length && !' \t,:;"(<'.includes(value.charAt(i))) text += value.charAt(i++);
      if (text === '')
        i++; // a stray '>' or the like
      else tokens.push({ kind: 'word', text });
    }
  }
  return tokens;
}

/** An address list (with groups) as ENVELOPE gives it: ((name adl mailbox host) ...), or undefined when empty. */
function addressList(value: string): Piece[] | undefined {
  const out: Piece[][] = [];
  let current: AddressToken[] = [];
  let inGroup = false;
  const flush = () => {
    const address = oneAddress(current);
    current = [];
    if (address) out.push(address);
  };
  for (const token of addressTokens(value)) {
    if (token.kind === ':' && !inGroup && current.every((t) => t.kind !== 'angle')) {
      const name = current.map((t) => t.text).join(' ');
      current = [];
      inGroup = true;
      out.push(['(NIL NIL ', ...stringOf(Buffer.from(name, 'latin1')), ' NIL)']);
    } else if (token.kind === ',') flush();
    else if (token.kind === ';' && inGroup) {
      flush();
      out.push(['(NIL NIL NIL NIL)']);
      inGroup = false;
    } else current.push(token);
  }
  flush();
  if (inGroup) out.push(['(NIL NIL NIL NIL)']);
  if (out.length === 0) return undefined;
  return ['(', ...out.flat(), ')'];
}

function oneAddress(tokens: AddressToken[]): Piece[] | undefined {
  if (tokens.length === 0) return undefined;
  const angle = tokens.find((t) => t.kind === 'angle');
  let spec: string;
  let name: string;
  if (angle) {
    spec = angle.text.replace(/^@[^:]*:/, '').trim(); // an obsolete route goes
    name = tokens
      .slice(0, tokens.indexOf(angle))
      .filter((t) => t.kind === 'word' || t.kind === 'quoted')
      .map((t) => t.text)
      .join(' ');
  } else {
    spec = tokens
      .filter((t) => t.kind === 'word' || t.kind === 'quoted')
      .map((t) => t.text)
      .join('');
    name = tokens.find((t) => t.kind === 'comment')?.text ?? '';
  }
  if (!spec && !name) return undefined;
  const at = spec.lastIndexOf('@');
  const mailbox = at === -1 ? spec : spec.slice(0, at);
  const host = at === -1 ? 'missing-domain' : spec.slice(at + 1);
  const str = (text: string) => (text ? stringOf(Buffer.from(text, 'latin1')) : ['NIL']);
  return ['(', ...str(name.trim()), ' NIL ', ...str(mailbox), ' ', ...str(host), ')'];
}

// ---- BODYSTRUCTURE ----

function countLines(raw: Buffer, start: number, end: number): number {
  let lines = 0;
  for (let at = raw.indexOf(0x0a, start); at !== -1 && at < end; at = raw.indexOf(0x0a, at + 1)) lines++;
  return lines;
}

function paramList(params: [string, string][]): Piece[] {
  if (params.length === 0) return ['NIL'];
  const out: Piece[] = ['('];
  params.forEach(([name, value], i) => {
    out.push(i ? ' ' : '', quote(name.toUpperCase()), ' ', ...stringOf(Buffer.from(value, 'latin1')));
  });
  out.push(')');
  return out;
}

/** BODYSTRUCTURE (extensible = true) or BODY of a part. */
export function bodyStructure(raw: Buffer, part: MimePart, extensible: boolean): Piece[] {
  const dispositionPieces = (): Piece[] => {
    const found = disposition(part);
    return found?.type ? ['(', quote(found.type.toUpperCase()), ' ', ...paramList(found.params), ')'] : ['NIL'];
  };
  if (part.children.length > 0) {
    const out: Piece[] = ['('];
    for (const child of part.children) out.push(...bodyStructure(raw, child, extensible));
    out.push(' ', quote(part.subtype.toUpperCase()));
    if (extensible) out.push(' ', ...paramList(part.params), ' ', ...dispositionPieces(), ' NIL NIL');
    out.push(')');
    return out;
  }
  const field = (name: string) => {
    const value = headerValue(part.fields, name);
    return value ? stringOf(Buffer.from(value, 'latin1')) : ['NIL'];
  };
  const type = part.type === 'multipart' ? 'text' : part.type; // a multipart without parts is shown as text
  const subtype = part.type === 'multipart' ? 'plain' : part.subtype;
  const encoding = (headerValue(part.fields, 'content-transfer-encoding') ?? '7bit').toUpperCase();
  const out: Piece[] = [
    '(',
    quote(type.toUpperCase()),
    ' ',
    quote(subtype.toUpperCase()),
    ' ',
    ...paramList(part.params),
    ' ',
    ...field('content-id'),
    ' ',
    ...field('content-description'),
    ' ',
    quote(/^[\x21-\x7e]+$/.test(encoding) ? encoding : '7BIT'),
    ' ',
    String(part.end - part.bodyStart),
  ];
  if (part.message) {
    out.push(' ', ...envelope(part.message), ' ', ...bodyStructure(raw, part.message, extensible), ' ');
    out.push(String(countLines(raw, part.bodyStart, part.end)));
  } else if (type === 'text') out.push(' ', String(countLines(raw, part.bodyStart, part.end)));
  if (extensible) out.push(' NIL ', ...dispositionPieces(), ' NIL NIL');
  out.push(')');
  return out;
}

// ---- sections ----

export interface SectionSpec {
  path: number[];
  /** '' for a part's body (or the whole message), else HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT, MIME. */
  kind: '' | 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';
  fields: string[];
}

function child(node: MimePart, n: number): MimePart | undefined {
  const target = node.message ?? node;
  if (target.children.length > 0) return target.children[n - 1];
  return n === 1 ? target : undefined;
}

/** The bytes of a section (empty when the message has no such part). */
export function sectionBytes(raw: Buffer, top: MimePart, spec: SectionSpec): Buffer {
  let node: MimePart | undefined = top;
  for (const n of spec.path) {
    node = node ? child(node, n) : undefined;
    if (!node) return Buffer.alloc(0);
  }
  const empty = Buffer.alloc(0);
  if (spec.kind === '') return spec.path.length === 0 ? raw : raw.subarray(node.bodyStart, node.end);
  if (spec.kind === 'MIME') return spec.path.length === 0 ? empty : raw.subarray(node.start, node.bodyStart);
  const message = spec.path.length === 0 ? node : node.message;
  if (!message) return empty;
  if (spec.kind === 'TEXT') return raw.subarray(message.bodyStart, message.end);
  if (spec.kind === 'HEADER') return raw.subarray(message.start, message.bodyStart);
  const wanted = new Set(spec.fields.map((name) => name.toLowerCase()));
  const not = spec.kind === 'HEADER.FIELDS.NOT';
  const pieces = message.fields.filter((field) => wanted.has(field.name) !== not).map((field) => raw.subarray(field.start, field.end));
  const joined = pieces.map((piece) => (piece[piece.length - 1] === 0x0a ? piece : Buffer.concat([piece, Buffer.from('\r\n')])));
  return Buffer.concat([...joined, Buffer.from('\r\n')]);
}

// ---- what SEARCH looks at ----

/** An attachment: a part with disposition "attachment", or a named non-text part shown neither inline. */
export function hasAttachment(part: MimePart): boolean {
  const found = disposition(part);
  if (found?.type === 'attachment') return true;
  if (part.children.length === 0 && !part.message && found?.type !== 'inline') {
    const named = found?.params.some(([name]) => name.startsWith('filename')) || part.params.some(([name]) => name.startsWith('name'));
    if (named && part.type !== 'text') return true;
  }
  return part.children.some(hasAttachment) || (part.message ? hasAttachment(part.message) : false);
}

/** The decoded text of every text/* part (lower-cased), for TEXT, BODY and X-GM-RAW words. */
export function bodyText(raw: Buffer, part: MimePart): string {
  const out: string[] = [];
  const visit = (node: MimePart, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (node.children.length) for (const c of node.children) visit(c, depth + 1);
    else if (node.message) {
      out.push(headerText(node.message));
      visit(node.message, depth + 1);
    } else if (node.type === 'text') {
      const encoding = (headerValue(node.fields, 'content-transfer-encoding') ?? '').toLowerCase();
      const bytes = decodeTransfer(raw.subarray(node.bodyStart, node.end), encoding);
      const charset = node.params.find(([name]) => name === 'charset')?.[1] ?? 'utf-8';
      let text = decodeCharset(bytes, charset);
      if (node.subtype === 'html') text = text.replace(/<[^>]*>/g, ' ');
      out.push(text);
    }
  };
  visit(part, 0);
  return out.join('\n').toLowerCase();
}

/** Header values decoded (encoded words, UTF-8), lower-cased, one line each. */
export function headerText(part: MimePart): string {
  return part.fields.map((field) => `${field.name}: ${decodeHeader(field.value)}`).join('\n');
}

function decodeTransfer(bytes: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(bytes.toString('latin1').replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = bytes.toString('latin1').replace(/=\r?\n/g, '');
    return Buffer.from(
      text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    );
  }
  return bytes;
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase() || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** A header value (latin1 chars standing for bytes) as text: raw UTF-8 and RFC 2047 encoded words decoded. */
export function decodeHeader(value: string): string {
  const text = Buffer.from(value, 'latin1').toString('utf8');
  return text.replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=(?:\s+(?==\?))?/g, (whole, charset: string, kind: string, data: string) => {
    try {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
              'latin1',
            );
      return decodeCharset(bytes, charset.replace(/\*.*$/, ''));
    } catch {
      return whole;
    }
  });
}
