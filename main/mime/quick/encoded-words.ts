// RFC 2047 encoded words for the fast path: what libmime's decodeWords (which
// mailparser applies to the Subject and mailsplit to file names) gives, for
// well-formed input only. libmime joins adjacent words of the same encoding
// and charset before decoding them (the whitespace between encoded words is
// not text, RFC 2047 6.2), and decodes the rest one word at a time; this does
// the same. Anything it cannot be sure to read the same way is refused
// (undefined): an "=?" that does not start a well-formed word, a B word whose
// base64 is not whole quads, a Q word with a "=" not followed by two hex
// digits, adjacent words whose charset labels differ (libmime compares them
// after resolving aliases), a charset outside exact-charsets.ts.
import { decodeWordBytes } from './exact-charsets.ts';

// =?charset?B|Q?payload?= (RFC 2047 2), the charset without an RFC 2231 language
const WORD = /=\?([A-Za-z0-9_-]+)\?([BbQq])\?([^?\s]*)\?=/g;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// printable ASCII but "=", "?" and space, or =XX
const Q_TEXT = /^(?:[!-<>@-~]|=[0-9A-Fa-f]{2})*$/;

interface Run {
  charset: string;
  encoding: 'B' | 'Q';
  bytes: Buffer[];
}

/** `text` with its encoded words decoded; unchanged when it has none; undefined when unsure. */
export function decodeWordsExactly(text: string): string | undefined {
  if (!text.includes('=?')) return text;
  let out = '';
  let last = 0;
  let run: Run | null = null;
  const flush = (): boolean => {
    if (!run) return true;
    const decoded = decodeWordBytes(run.bytes.length === 1 ? (run.bytes[0] as Buffer) : Buffer.concat(run.bytes), run.charset);
    run = null;
    if (decoded === undefined) return false;
    out += decoded;
    return true;
  };

  for (const m of text.matchAll(WORD)) {
    const between = text.slice(last, m.index);
    if (between.includes('=?')) return undefined;
    const charset = (m[1] ?? '').toLowerCase();
    const encoding = (m[2] ?? '').toUpperCase() === 'B' ? 'B' : 'Q';
    const bytes = wordBytes(encoding, m[3] ?? '');
    if (!bytes) return undefined;
    const adjacent: boolean = run !== null && /^\s*$/.test(between);
    if (adjacent && run && run.charset !== charset) return undefined;
    if (adjacent && run && run.encoding === encoding) {
      run.bytes.push(bytes);
    } else {
      if (!flush()) return undefined;
      // the blanks between two encoded words are dropped, other text is kept
      if (!adjacent) out += between;
      run = { charset, encoding, bytes: [bytes] };
    }
    last = (m.index ?? 0) + m[0].length;
  }
  const rest = text.slice(last);
  if (rest.includes('=?') || !flush()) return undefined;
  return out + rest;
}

function wordBytes(encoding: 'B' | 'Q', payload: string): Buffer | undefined {
  if (encoding === 'B') return BASE64.test(payload) ? Buffer.from(payload, 'base64') : undefined;
  if (!Q_TEXT.test(payload)) return undefined;
  // Q (RFC 2047 4.2): "_" is a space, =XX a byte, the rest as written
  const bytes = Buffer.allocUnsafe(payload.length);
  let n = 0;
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c === 0x3d) {
      bytes[n++] = Number.parseInt(payload.slice(i + 1, i + 3), 16);
      i += 2;
    } else bytes[n++] = c === 0x5f ? 0x20 : c;
  }
  return bytes.subarray(0, n);
}
