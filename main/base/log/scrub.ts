// What keeps secrets and mail out of the log, whatever a caller hands it.
// Three passes, each on its own enough for what it covers:
//  - sanitize(): every object logged, at any depth, before it is written:
//    values under secret-looking keys (password, ...token, authorization, body,
//    ...) become '[redacted]', bytes become their length, errors become plain
//    objects with scrubbed message and stack, other class instances their name;
//  - scrubText(): every string in there loses what looks like a credential:
//    the payload of AUTH/AUTHENTICATE <mechanism>, an IMAP LOGIN's arguments,
//    `Bearer …`/`Basic …`, XOAUTH2/OAUTHBEARER strings, `password=…`-style pairs;
//  - scrubLine(): the same patterns once more over each finished JSON line
//    (the message text included), in their JSON-escaped form.

export const REDACTED = '[redacted]';

/** Keys whose values are never logged (compared lower-case, without '-' and '_'). */
const SECRET_KEYS = new Set([
  'pass',
  'pwd',
  'codeverifier',
  'secwebsocketprotocol',
  'xoauth2',
  // Mail content: never in a log.
  'body',
  'html',
  'text',
  'source',
  'raw',
  'content',
  'attachment',
  'attachments',
]);
const SECRET_KEY_ENDINGS = /(password|passwd|passphrase|secret|token|tokens|authorization|cookie|credential|credentials)$/;

export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEYS.has(normalized) || SECRET_KEY_ENDINGS.test(normalized);
}

const MECHANISMS = 'PLAIN|LOGIN|XOAUTH2|OAUTHBEARER|CRAM-MD5|DIGEST-MD5|SCRAM-SHA-1|SCRAM-SHA-256|NTLM|GSSAPI|EXTERNAL';
const PAIR_KEYS = 'password|passwd|pass|pwd|access_token|refresh_token|id_token|client_secret|code_verifier|code|token';
const JSON_KEYS = 'password|access_token|refresh_token|id_token|client_secret|accessToken|refreshToken';

// A credential token runs to the next white space. In a JSON line, text is
// escaped: a token there may hold \" \\ \/ or \uXXXX, and ends at an escaped
// line break or tab, or at the closing quote of its string.
const RAW = { token: String.raw`\S+`, restOfLine: String.raw`[^\r\n]*`, quote: '"' };
const JSON_ESCAPED = {
  token: String.raw`(?:\\["\\/]|\\u[0-9a-fA-F]{4}|[^\s"\\])+`,
  restOfLine: String.raw`(?:\\["\\/]|\\u[0-9a-fA-F]{4}|[^"\\])*`,
  quote: String.raw`\\"`,
};

function patterns(form: typeof RAW): [RegExp, string][] {
  const { token, restOfLine, quote } = form;
  return [
    // AUTHENTICATE XOAUTH2 <base64>, AUTH PLAIN <base64>, AUTH LOGIN <base64 user>, ...
    [new RegExp(String.raw`\b(AUTHENTICATE|AUTH)([ \t]+)(${MECHANISMS})[ \t]+${token}`, 'gi'), `$1$2$3 ${REDACTED}`],
    // An IMAP LOGIN command: user name and password, up to the end of its line.
    [new RegExp(String.raw`(?<![=\w-])LOGIN[ \t]+(?=\S)${restOfLine}`, 'g'), `LOGIN ${REDACTED}`],
    // HTTP authorization schemes.
    [new RegExp(String.raw`\b(Bearer|Basic)[ \t]+${token}`, 'gi'), `$1 ${REDACTED}`],
    // XOAUTH2 ("user=…\x01auth=Bearer …") and OAUTHBEARER ("n,a=…") strings, also base64-encoded.
    [new RegExp(String.raw`\bauth=${token}`, 'g'), `auth=${REDACTED}`],
    [/\b(dXNlcj1|bixhP)[A-Za-z0-9+/=]*/g, REDACTED],
    // password=…, access_token=…, code=… in URLs, forms and messages; the web host's token (token=…, token.…).
    [new RegExp(String.raw`\b(${PAIR_KEYS})([=:])(?![ \t])(?:\\["\\/]|[^\s&"\\#,;])+`, 'gi'), `$1$2${REDACTED}`],
    [/\btoken\.[0-9a-fA-F]{8,}/g, `token.${REDACTED}`],
    // "access_token": "…" inside a text (a token endpoint's answer quoted in an error).
    [
      new RegExp(String.raw`(${quote})(${JSON_KEYS})${quote}([ \t]*:[ \t]*)${quote}(?:(?!${quote}).)*${quote}`, 'g'),
      `$1$2$1$3$1${REDACTED}$1`,
    ],
  ];
}

const RAW_PATTERNS = patterns(RAW);
const JSON_PATTERNS = patterns(JSON_ESCAPED);

function apply(text: string, list: [RegExp, string][]): string {
  let out = text;
  for (const [pattern, replacement] of list) out = out.replace(pattern, replacement);
  return out;
}

/** A string with anything that looks like a credential replaced by '[redacted]'. */
export function scrubText(text: string): string {
  return apply(text, RAW_PATTERNS);
}

/** The same over a finished JSON log line, whose strings are escaped. */
export function scrubLine(line: string): string {
  return apply(line, JSON_PATTERNS);
}

const MAX_DEPTH = 8;
const MAX_STRING = 8192;

/**
 * A copy of `value` that is safe to write: see the top of this file. Plain
 * objects and arrays are copied; what they reference is never changed.
 */
export function sanitize(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return errorObject(value, depth, seen);
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1, seen));
    const prototype = Object.getPrototypeOf(value);
    // A class instance (a connection, a socket, a repository, ...) may hold
    // anything, credentials included: only its name is written.
    if (prototype !== Object.prototype && prototype !== null) return `[${value.constructor?.name || 'object'}]`;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = isSecretKey(key) ? REDACTED : sanitize(item, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

function scrubString(text: string): string {
  const scrubbed = scrubText(text);
  return scrubbed.length > MAX_STRING ? `${scrubbed.slice(0, MAX_STRING)}… (${scrubbed.length} characters)` : scrubbed;
}

function errorObject(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  seen.add(error);
  try {
    const out: Record<string, unknown> = {
      type: error.constructor?.name && error.constructor.name !== 'Object' ? error.constructor.name : error.name,
      message: scrubString(String(error.message)),
    };
    if (typeof error.stack === 'string') out.stack = scrubString(error.stack);
    // What libraries add to their errors: code, errno, syscall, responseText, ...
    for (const [key, item] of Object.entries(error)) {
      if (key === 'message' || key === 'stack') continue;
      out[key] = isSecretKey(key) ? REDACTED : sanitize(item, depth + 1, seen);
    }
    if (error.cause !== undefined && !('cause' in out)) out.cause = sanitize(error.cause, depth + 1, seen);
    if (error instanceof AggregateError && !('errors' in out)) out.errors = sanitize(error.errors, depth + 1, seen);
    return out;
  } finally {
    seen.delete(error);
  }
}

/** pino's serializer for `err`/`error`: an Error (or anything thrown) as a safe plain object. */
export function serializeError(value: unknown): unknown {
  return sanitize(value);
}
