// Content-Type and Content-Disposition values for the fast path: a value and
// its parameters (RFC 2045 5.1), with RFC 2231 extended and continued
// parameters assembled and decoded. It gives what libmime's parseHeaderValue
// gives mailsplit, for the plain forms only: tokens and quoted strings without
// backslash escapes, no comments, nothing between a value and its ";". Any
// other form is refused (undefined) and the full parser reads the message.
import { decodeWordsExactly } from './encoded-words.ts';
import { decodeWordBytes } from './exact-charsets.ts';

export interface StructuredValue {
  /** As written (case kept): "text/plain", "attachment". */
  value: string;
  /** By lowercase name; the first of a repeated parameter wins, as in libmime. */
  params: Map<string, string>;
  /** Parameters assembled from RFC 2231 sections: decoded already. */
  assembled: Set<string>;
}

// a parameter name: an RFC 2045 token, "*" included for RFC 2231 sections
const NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const BLANK = /[ \t]/;
// what ends a token: the ";" that ends the parameter, or a blank
const TOKEN_END = /[;\s]/;
// a quote inside a token: libmime has rules of its own there
const TOKEN_TROUBLE = /"/;
// name*, name*0, name*0*, name*1 ... (RFC 2231 3 and 4)
const SECTION = /\*((\d+)\*?)?$/;

export function parseStructured(header: string): StructuredValue | undefined {
  if (header.includes('\\')) return undefined;
  const n = header.length;
  const semicolon = header.indexOf(';');
  const value = header.slice(0, semicolon < 0 ? n : semicolon).trim();
  if (/[\s"(]/.test(value)) return undefined;
  const params = new Map<string, string>();
  let i = semicolon < 0 ? n : semicolon + 1;
  const skipBlanks = () => {
    while (i < n && BLANK.test(header.charAt(i))) i++;
  };

  while (i < n) {
    skipBlanks();
    if (i >= n) break;
    if (header.charAt(i) === ';') {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && !TOKEN_END.test(header.charAt(i)) && header.charAt(i) !== '=') i++;
    const name = header.slice(nameStart, i).toLowerCase();
    skipBlanks();
    if (!NAME.test(name)) return undefined;
    if (i >= n || header.charAt(i) === ';') {
      // a name without a value ("attachment; inline; filename=...") counts as empty
      if (!params.has(name)) params.set(name, '');
      i++;
      continue;
    }
    if (header.charAt(i) !== '=') return undefined;
    const afterEquals = ++i;
    skipBlanks();
    let text: string;
    if (header.charAt(i) === '"') {
      const close = header.indexOf('"', i + 1);
      if (close < 0) return undefined;
      text = header.slice(i + 1, close);
      i = close + 1;
    } else {
      const start = i;
      while (i < n && !TOKEN_END.test(header.charAt(i))) i++;
      text = header.slice(start, i);
      // "(" continues a token (filename=Invoice(1).pdf), but after a blank it opens a comment
      if (TOKEN_TROUBLE.test(text) || (text.startsWith('(') && start > afterEquals)) return undefined;
    }
    skipBlanks();
    if (i < n && header.charAt(i) !== ';') return undefined;
    i++;
    if (!params.has(name)) params.set(name, text);
  }
  const assembled = assembleSections(params);
  return assembled && { value, params, assembled };
}

interface Sections {
  charset: string | null;
  parts: { nr: number; text: string }[];
}

/**
 * RFC 2231: name*=charset'lang'%XX..., and name*0*=, name*1*=... sections
 * joined in order. As in libmime, the joined value replaces a plain parameter
 * of the same name, every section is percent-decoded once the first one
 * names a charset, and a value without a charset still gets its RFC 2047
 * encoded words decoded.
 */
function assembleSections(params: Map<string, string>): Set<string> | undefined {
  const found = new Map<string, Sections>();
  for (const [key, raw] of params) {
    const m = SECTION.exec(key);
    if (!m) continue;
    params.delete(key);
    const name = key.slice(0, m.index);
    const nr = Number(m[2]) || 0;
    const sections = found.get(name) ?? { charset: null, parts: [] };
    found.set(name, sections);
    if (sections.parts.some((p) => p.nr === nr)) return undefined;
    let text = raw;
    const extended = nr === 0 && m[0].endsWith('*') ? /^([^']*)'[^']*'(.*)$/.exec(raw) : null;
    if (extended) {
      sections.charset = extended[1] || 'utf-8';
      text = extended[2] ?? '';
    }
    sections.parts.push({ nr, text });
  }
  const assembled = new Set<string>();
  for (const [name, { charset, parts }] of found) {
    const joined = parts
      .sort((a, b) => a.nr - b.nr)
      .map((p) => p.text)
      .join('');
    const decoded = charset === null ? decodeWordsExactly(joined) : percentDecoded(joined, charset);
    if (decoded === undefined) return undefined;
    params.set(name, decoded);
    assembled.add(name);
  }
  return assembled;
}

function percentDecoded(text: string, charset: string): string | undefined {
  const bytes = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const hex = text.slice(i + 1, i + 3);
      // libmime reads a "%" without two hex digits after it as "="
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes[n++] = Number.parseInt(hex, 16);
      i += 2;
    } else bytes[n++] = c;
  }
  // libmime drops an RFC 2231 language tag glued to the charset with "*"
  return decodeWordBytes(bytes.subarray(0, n), charset.split('*')[0] ?? '');
}
