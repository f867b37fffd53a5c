import type { RawHeaderLine } from './headers.ts';

// Authentication-Results (RFC 8601): what a receiving server found when it
// checked a message's DKIM signatures, SPF and DMARC. Anyone can write such a
// field into a message they send, so only the ones the reader's own provider
// added count: its servers add theirs at the top of the header block when the
// message arrives, above everything the sender wrote. Here: reading the
// fields; which authserv-ids are the provider's is the caller's to say.

export interface AuthResult {
  /** Lower case: "dkim", "spf", "dmarc", ... */
  method: string;
  /** Lower case: "pass", "fail", "none", ... */
  result: string;
  /** Properties by lower-case name ("header.d", "header.from", "smtp.mailfrom"), values as written. */
  props: Record<string, string>;
}

export interface AuthResultsField {
  /** Lower case, without a trailing dot. */
  authservId: string;
  results: AuthResult[];
}

/** Replaces comments (nested, with quoted pairs) by a space, keeping quoted strings as they are. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quoted) {
      out += c;
      if (c === '\\') out += value[++i] ?? '';
      else if (c === '"') quoted = false;
    } else if (depth > 0) {
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    } else if (c === '(') {
      depth = 1;
      out += ' ';
    } else {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

/** Splits on `separator` outside quoted strings. */
function splitOutsideQuotes(value: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && quoted) {
      current += value.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && separator.test(c)) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

/** One field's value (unfolded); null when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthResultsField | null {
  const [head = '', ...resinfos] = splitOutsideQuotes(withoutComments(value), /;/);
  const authservId = (head.trim().split(/\s+/)[0] ?? '').toLowerCase().replace(/\.$/, '');
  // An authserv-id is a host-like name; "dkim=pass" here means a field without one (Microsoft writes those).
  if (!authservId || authservId.includes('=')) return null;
  const results: AuthResult[] = [];
  for (const resinfo of resinfos) {
    // "dkim = pass" is allowed (CFWS around "="): close the gaps before splitting into words.
    const words = splitOutsideQuotes(resinfo.trim().replace(/\s*=\s*/g, '='), /\s/).filter(Boolean);
    const [first, ...rest] = words;
    const match = first ? /^([A-Za-z0-9_-]+)(?:\/[0-9]+)?=([A-Za-z]+)$/.exec(first) : null;
    if (!match) continue; // "none", or something unreadable: no result
    const props: Record<string, string> = {};
    for (const word of rest) {
      const eq = word.indexOf('=');
      if (eq > 0) props[word.slice(0, eq).toLowerCase()] = unquote(word.slice(eq + 1));
    }
    results.push({ method: (match[1] as string).toLowerCase(), result: (match[2] as string).toLowerCase(), props });
  }
  return { authservId, results };
}

/**
 * The topmost Authentication-Results fields: the first one in the header
 * block and those directly after it. A receiving server adds its fields
 * together at the top; anything lower was there before it (possibly written
 * by the sender) and is ignored.
 */
export function topAuthenticationResults(lines: readonly RawHeaderLine[]): AuthResultsField[] {
  const first = lines.findIndex((l) => l.key === 'authentication-results');
  if (first < 0) return [];
  const fields: AuthResultsField[] = [];
  for (let i = first; i < lines.length && lines[i]?.key === 'authentication-results'; i++) {
    const line = (lines[i] as RawHeaderLine).line;
    const parsed = parseAuthenticationResults(line.slice(line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, ''));
    if (parsed) fields.push(parsed);
  }
  return fields;
}

/**
 * Whether `fromDomain` is authenticated by these fields: DKIM passed with a
 * signing domain (header.d) that is the From domain itself, or DMARC passed
 * (which checks alignment itself) for that From domain.
 */
export function authenticatesDomain(fields: readonly AuthResultsField[], fromDomain: string): boolean {
  const domain = fromDomain.toLowerCase().replace(/\.$/, '');
  return fields.some((field) =>
    field.results.some((r) => {
      if (r.result !== 'pass') return false;
      if (r.method === 'dkim') return (r.props['header.d'] ?? '').toLowerCase().replace(/\.$/, '') === domain;
      if (r.method === 'dmarc') {
        const from = r.props['header.from'];
        return from === undefined || from.toLowerCase().replace(/\.$/, '') === domain;
      }
      return false;
    }),
  );
}
