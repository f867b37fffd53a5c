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
  // (1) into `out`
  const out = Buffer.allocUnsafe(end - start);
  let n = 0;
  let i = start;
  while (i < end) {
    const c = raw[i] as number;
    if (c === SP || c === HTAB) {
      let j = i + 1;
      while (j < end && (raw[j] === SP || raw[j] === HTAB)) j++;
      if (j < end && raw[j] !== CR && raw[j] !== LF) {
        // byte by byte: Buffer#copy costs a call into C++, too much for a blank or two
        for (let k = i; k < j; k++) out[n++] = raw[k] as number;
      }
      i = j;
    } else {
      out[n++] = c;
      i++;
    }
  }
  // (2) and (3) in one pass over `out`, in place (the output never outruns the input)
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
  let w = 0;
  let r = softBreakEnd(0);
  while (r < n) {
    const c = out[r] as number;
    if (c === EQUALS) {
      const first = softBreakEnd(r + 1);
      const second = first < n ? softBreakEnd(first + 1) : n;
      if (second < n) {
        const hi = HEX[out[first] as number] as number;
        const lo = HEX[out[second] as number] as number;
        if (hi >= 0 && lo >= 0) {
          out[w++] = hi * 16 + lo;
          r = softBreakEnd(second + 1);
          continue;
        }
      }
    }
    out[w++] = c;
    r = softBreakEnd(r + 1);
  }
  return out.subarray(0, w);
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
