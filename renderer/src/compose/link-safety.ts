// Links a person puts into a message must open something harmless for the
// people who receive it: a web page or a new mail. javascript:, data:, file:
// and friends are refused, whether typed into the link box or pasted.

const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/**
 * The href to store for what the user typed, or null when it is not a safe
 * link. "example.com/x" becomes https://example.com/x and "ada@example.com"
 * a mailto: link, as people type them.
 */
export function safeLinkHref(input: string): string | null {
  const text = input.trim();
  if (!text || /[\s<>"]/.test(text)) return null;
  let candidate = text;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    candidate = /^[^@/]+@[^@/]+\.[^@/]+$/.test(text) ? `mailto:${text}` : `https://${text}`;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!ALLOWED.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  if (url.protocol === 'mailto:' && url.pathname.length === 0) return null;
  return url.href;
}

/** For the editor's own checks (pasted HTML, autolinks): the href as given must already be safe. */
export function isSafeHref(href: string): boolean {
  try {
    return ALLOWED.has(new URL(href).protocol);
  } catch {
    return false;
  }
}
