// Encoders for building MIME by hand: real legacy charsets (iconv-lite, plus
// ISO-2022-JP which iconv-lite lacks), RFC 2047 encoded words, RFC 2231
// parameters, quoted-printable and base64 bodies.
import iconv from 'iconv-lite';

/** Text to bytes in `charset`. The samples are chosen to be representable (test/unit/mime checks it). */
export function encodeText(text: string, charset: string): Buffer {
  const cs = charset.toLowerCase();
  if (cs === 'utf-8' || cs === 'us-ascii') return Buffer.from(text, 'utf8');
  if (cs === 'iso-2022-jp') return encodeIso2022jp(text);
  return iconv.encode(text, cs);
}

const jisCache = new Map<string, Buffer>();

/**
 * ISO-2022-JP (RFC 1468): ASCII, and JIS X 0208 between ESC $ B and ESC ( B,
 * back in ASCII before every line end and at the end. JIS X 0208 bytes are
 * the EUC-JP bytes without their high bit.
 */
function encodeIso2022jp(text: string): Buffer {
  const bytes: number[] = [];
  let jis = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      if (jis) bytes.push(0x1b, 0x28, 0x42);
      jis = false;
      bytes.push(cp);
      continue;
    }
    let euc = jisCache.get(ch);
    if (!euc) {
      euc = iconv.encode(ch, 'euc-jp');
      jisCache.set(ch, euc);
    }
    if (euc.length !== 2 || (euc[0] as number) < 0xa1) throw new Error(`"${ch}" is not in JIS X 0208`);
    if (!jis) bytes.push(0x1b, 0x24, 0x42);
    jis = true;
    bytes.push((euc[0] as number) & 0x7f, (euc[1] as number) & 0x7f);
  }
  if (jis) bytes.push(0x1b, 0x28, 0x42);
  return Buffer.from(bytes);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * RFC 2047 encoded words for a header, each at most 75 characters (2), cut
 * between characters and encoded on its own, so that a stateful charset
 * (ISO-2022-JP) ends every word back in ASCII. Words are folded one per line.
 */
export function encodeWords(text: string, charset: string, encoding: 'B' | 'Q' = 'B'): string {
  const word = (chunk: string) => {
    const bytes = encodeText(chunk, charset);
    const payload = encoding === 'B' ? bytes.toString('base64') : qEncode(bytes);
    return `=?${charset}?${encoding}?${payload}?=`;
  };
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (chunk && word(chunk + ch).length > 75) {
      words.push(word(chunk));
      chunk = ch;
    } else chunk += ch;
  }
  if (chunk) words.push(word(chunk));
  return words.join('\r\n ');
}

/** Q encoding as allowed in a phrase (RFC 2047 5(3)): letters and digits as is, "_" for space, =XX for the rest. */
function qEncode(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x20) out += '_';
    else if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) out += String.fromCharCode(b);
    else out += `=${HEX[b]}`;
  }
  return out;
}

/** A header value that is text: as is when printable ASCII, else encoded words. */
export function headerText(text: string, charset: string, encoding: 'B' | 'Q' = 'B'): string {
  return PRINTABLE_ASCII.test(text) ? text : encodeWords(text, charset, encoding);
}

/** "Name <address>" with the name quoted or encoded as RFC 5322 and RFC 2047 want. */
export function mailbox(name: string, address: string, charset = 'utf-8', encoding: 'B' | 'Q' = 'B'): string {
  if (!name) return address;
  if (!PRINTABLE_ASCII.test(name)) return `${encodeWords(name, charset, encoding)} <${address}>`;
  return /^[A-Za-z0-9 !#$%&'*+/=?^_`{|}~-]*$/.test(name) ? `${name} <${address}>` : `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}

const ATTRIBUTE_CHAR = /[A-Za-z0-9!#$&+.^_`|~-]/;

/**
 * A MIME parameter: quoted when printable ASCII, else RFC 2231 extended
 * (charset''percent-encoded), with continuations (name*0*=, name*1*=...,
 * section 3) once it is long, cut between %XX triplets.
 */
export function parameter(name: string, value: string, charset = 'utf-8'): string {
  if (PRINTABLE_ASCII.test(value) && !/["\\]/.test(value) && value.length < 60) return `${name}="${value}"`;
  const pieces: string[] = [];
  for (const b of encodeText(value, charset)) {
    const ch = String.fromCharCode(b);
    pieces.push(b < 0x80 && ATTRIBUTE_CHAR.test(ch) ? ch : `%${HEX[b]}`);
  }
  const lead = `${charset}''`;
  if (lead.length + pieces.join('').length <= 60) return `${name}*=${lead}${pieces.join('')}`;
  const sections: string[] = [];
  let current = lead;
  for (const piece of pieces) {
    if (current.length + piece.length > 60) {
      sections.push(current);
      current = '';
    }
    current += piece;
  }
  sections.push(current);
  return sections.map((s, i) => `${name}*${i}*=${s}`).join(';\r\n ');
}

/** An RFC 2047 encoded filename in a quoted parameter: not standard, but what Outlook and Gmail send. */
export function encodedWordParameter(name: string, value: string, charset = 'utf-8'): string {
  return `${name}="${encodeWords(value, charset, 'B').replace(/\r\n /g, ' ')}"`;
}

// 1 for bytes quoted-printable writes as they are (RFC 2045 6.7 rules 2, 3)
const QP_LITERAL = new Uint8Array(256);
for (let b = 0x21; b <= 0x7e; b++) QP_LITERAL[b] = b === 0x3d ? 0 : 1;
QP_LITERAL[0x20] = 1;
QP_LITERAL[0x09] = 1;
const HEX_DIGIT = Buffer.from('0123456789ABCDEF');
const QP_WIDTH = 72;

/**
 * Quoted-printable (RFC 2045 6.7): =XX for 8-bit bytes, "=" and line-final
 * blanks; soft line breaks keep lines under 76 characters; CRLF in the input
 * stays a hard line break. Runs of literal bytes are copied in one go.
 */
export function quotedPrintable(bytes: Buffer): Buffer {
  const n = bytes.length;
  // worst case: every byte as =XX, plus a soft break every 72 columns
  const out = Buffer.allocUnsafe(n * 3 + Math.ceil(n / 8) + 16);
  let o = 0;
  let column = 0;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b === 0x0d && bytes[i + 1] === 0x0a) {
      o = protectTrailingBlank(out, o, column);
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      column = 0;
      i += 2;
      continue;
    }
    const literal = QP_LITERAL[b] === 1;
    if (column + (literal ? 1 : 3) > QP_WIDTH) {
      out[o++] = 0x3d;
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      column = 0;
    }
    if (literal) {
      const limit = Math.min(n, i + QP_WIDTH - column);
      let j = i + 1;
      while (j < limit && QP_LITERAL[bytes[j] as number] === 1) j++;
      o += bytes.copy(out, o, i, j);
      column += j - i;
      i = j;
    } else {
      out[o++] = 0x3d;
      out[o++] = HEX_DIGIT[b >> 4] as number;
      out[o++] = HEX_DIGIT[b & 15] as number;
      column += 3;
      i++;
    }
  }
  o = protectTrailingBlank(out, o, column);
  if (column > 0) {
    out[o++] = 0x0d;
    out[o++] = 0x0a;
  }
  return out.subarray(0, o);
}

/** A blank that would end a line is written as =20 or =09 (rule 3). */
function protectTrailingBlank(out: Buffer, o: number, column: number): number {
  const last = out[o - 1] as number;
  if (column === 0 || (last !== 0x20 && last !== 0x09)) return o;
  out[o - 1] = 0x3d;
  out[o] = HEX_DIGIT[last >> 4] as number;
  out[o + 1] = HEX_DIGIT[last & 15] as number;
  return o + 2;
}

/** Base64 in lines of 76 characters (RFC 2045 6.8), each ended by CRLF. */
export function base64Lines(bytes: Buffer): Buffer {
  const b64 = Buffer.from(bytes.toString('base64'), 'latin1');
  const out = Buffer.allocUnsafe(b64.length + Math.ceil(b64.length / 76) * 2);
  let o = 0;
  for (let i = 0; i < b64.length; i += 76) {
    o += b64.copy(out, o, i, Math.min(i + 76, b64.length));
    out[o++] = 0x0d;
    out[o++] = 0x0a;
  }
  return out.subarray(0, o);
}
