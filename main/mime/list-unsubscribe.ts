// List-Unsubscribe (RFC 2369) and its one-click POST (RFC 8058): how a
// mailing list says it can be left. The header is a comma-separated list of
// URIs in angle brackets, e.g.
//   List-Unsubscribe: <mailto:leave@lists.example.org?subject=unsubscribe>, <https://lists.example.org/u/abc>
//   List-Unsubscribe-Post: List-Unsubscribe=One-Click
// Only what a mail client may act on is kept: https for the one-click POST
// (RFC 8058 requires it), mailto, and http(s) for a page to open in the browser.

export interface UnsubscribeMethods {
  /** An https URI to POST "List-Unsubscribe=One-Click" to, when the message offers one-click. */
  oneClick: string | null;
  /** A mailto: URI to send the unsubscribe message to. */
  mailto: string | null;
  /** A page to open in the browser. */
  web: string | null;
}

/** Longer values are ignored: no list needs more, and a header is attacker-controlled text. */
const MAX_URI = 2048;

export function listUnsubscribe(header: string | undefined, post: string | undefined): UnsubscribeMethods | null {
  if (!header) return null;
  const uris = uriList(header);
  const https = uris.find((u) => /^https:\/\//i.test(u)) ?? null;
  const methods: UnsubscribeMethods = {
    oneClick: https && post !== undefined && /^\s*List-Unsubscribe\s*=\s*One-Click\s*$/i.test(post) ? https : null,
    mailto: uris.find((u) => /^mailto:/i.test(u)) ?? null,
    web: https ?? uris.find((u) => /^http:\/\//i.test(u)) ?? null,
  };
  return methods.mailto || methods.web ? methods : null;
}

/** "<a>, <b>" as [a, b]; also bare URIs, which some senders write without brackets. Folding whitespace inside a URI is dropped. */
function uriList(header: string): string[] {
  const bracketed = [...header.matchAll(/<([^<>]*)>/g)].map((m) => m[1] ?? '');
  const found = bracketed.length > 0 ? bracketed : header.split(',');
  return found.map((u) => u.replace(/\s+/g, '')).filter((u) => u.length > 0 && u.length <= MAX_URI && isWellFormed(u));
}

function isWellFormed(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'mailto:' ? url.pathname.length > 0 || url.search.length > 0 : url.hostname.length > 0;
  } catch {
    return false;
  }
}
