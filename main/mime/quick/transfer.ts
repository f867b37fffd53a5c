// Content-Transfer-Encoding (RFC 2045 6) of text parts for the fast path,
// byte for byte what mailsplit's decoders (libqp, libbase64) give mailparser.

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const EQUALS = 0x3d;

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}

/**
 * Quoted-printable (RFC 2045 6.7) as libqp decodes it. libqp runs three
 * rewrites over the whole body, each on the result of the one before, and so
 * does this: (1) blanks before a CR, a LF or the end go (rule 3: they are
 * padding, not text), (2) so do soft line breaks, "=" before CRLF, LF or the
 * end (rule 5), and (3) every "=XX" becomes its byte, any other "=" stays.
 * The order matters: "= \r\n" and "=\r \n" are soft breaks once the blank is
 * gone, and a soft break may sit between the two halves of an "=XX".
 */
export function decodeQuotedPrintable(raw: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  const n = dropTrailingBlanks(raw, start, end, out);
  // (2) and (3) in one pass over `out`, in place (the output never outruns the
  // input). Text between two "=" is moved in one copy: most of a body is.
  const softBreakEnd = (at: number): number => {
    let r = at;
    for (;;) {
      if (r >= n || out[r] !== EQUALS) return r;
      if (r + 1 === n) return n;
      if (out[r + 1] === LF) r += 2;
      else if (r + 2 < n && out[r + 1] === CR && out[r + 2] === LF) r += 3;
      else return r;
    }
  };
  const text = out.subarray(0, n);
  let w = 0;
  let r = 0;
  while (r < n) {
    const next = text.indexOf(EQUALS, r);
    const plainEnd = next === -1 ? n : next;
    if (plainEnd > r) {
      if (w !== r) out.copyWithin(w, r, plainEnd);
      w += plainEnd - r;
      r = plainEnd;
      if (r === n) break;
    }
    // out[r] is "=": a soft break, the first half of "=XX", or itself
    const afterBreak = softBreakEnd(r);
    if (afterBreak !== r) {
      r = afterBreak;
      continue;
    }
    const first = softBreakEnd(r + 1);
    const second = first < n ? softBreakEnd(first + 1) : n;
    if (second < n) {
      const hi = HEX[out[first] as number] as number;
      const lo = HEX[out[second] as number] as number;
      if (hi >= 0 && lo >= 0) {
        out[w++] = hi * 16 + lo;
        r = second + 1;
        continue;
      }
    }
    out[w++] = EQUALS;
    r++;
  }
  return out.subarray(0, w);
}

/**
 * Rewrite (1): copies raw[start, end) into `out` without the blanks (space,
 * tab) that come right before a CR, a LF or the end; returns the length.
 * Line by line, each line moved in one copy; a line with a CR inside it (not
 * just before its LF) goes byte by byte.
 */
function dropTrailingBlanks(raw: Buffer, start: number, end: number, out: Buffer): number {
  let n = 0;
  let i = start;
  let cr = -1; // the next CR at or after i, found again only once passed (LF-only mail has none: no rescans)
  while (i < end) {
    const lf = raw.indexOf(LF, i);
    const lineEnd = lf === -1 || lf >= end ? end : lf; // the LF (or the end) that closes this line
    if (cr !== Number.POSITIVE_INFINITY && cr < i) {
      const found = raw.indexOf(CR, i);
      cr = found === -1 ? Number.POSITIVE_INFINITY : found;
    }
    const hasCr = cr < lineEnd;
    if (hasCr && cr !== lineEnd - 1) {
      n = dropBlanksBytewise(raw, i, lineEnd, out, n);
    } else {
      const terminator = hasCr ? lineEnd - 1 : lineEnd; // where the blanks before it end
      let textEnd = terminator;
      while (textEnd > i && (raw[textEnd - 1] === SP || raw[textEnd - 1] === HTAB)) textEnd--;
      n += raw.copy(out, n, i, textEnd);
      if (hasCr) out[n++] = CR;
    }
    if (lineEnd === end) break;
    out[n++] = LF;
    i = lineEnd + 1;
  }
  return n;
}

/** Rewrite (1) byte by byte, for raw[from, to): blanks before a CR, or before `to` (a LF or the end), go. */
function dropBlanksBytewise(raw: Buffer, from: number, to: number, out: Buffer, at: number): number {
  let n = at;
  let i = from;
  while (i < to) {
    const c = raw[i] as number;
    if (c === SP || c === HTAB) {
      let j = i + 1;
      while (j < to && (raw[j] === SP || raw[j] === HTAB)) j++;
      if (j < to && raw[j] !== CR) {
        for (let k = i; k < j; k++) out[n++] = raw[k] as number;
      }
      i = j;
    } else {
      out[n++] = c;
      i++;
    }
  }
  return n;
}

// 1 for the base64 alphabet (RFC 2045 6.8)
const BASE64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64[c.charCodeAt(0)] = 1;

/**
 * Base64 that is well-formed: the alphabet in lines ended by CRLF or LF, and
 * "=" padding only at the end, making whole quads. On such input every
 * decoder gives the same bytes; anything else (stray characters, padding in
 * the middle, a dangling character) is left to the full parser, whose
 * decoder has its own ways of skipping it (undefined).
 */
export function decodeBase64Strictly(raw: Buffer, start: number, end: number): Buffer | undefined {
  let letters = 0;
  let padding = 0;
  for (let i = start; i < end; i++) {
    const c = raw[i] as number;
    if (BASE64[c] === 1) {
      if (padding) return undefined;
      letters++;
    } else if (c === EQUALS) padding++;
    else if (c !== CR && c !== LF) return undefined;
  }
  // whole quads: 4n letters, or 4n+3 and "=", or 4n+2 and "=="
  if (padding > 2 || (letters + padding) % 4 !== 0) return undefined;
  return Buffer.from(raw.toString('latin1', start, end), 'base64');
}
