// Which attachments are shown inside the HTML body rather than listed: the
// rule behind `hasAttachments`, shared by parseMessage and the fast path
// (quick-extract.ts) so that both decide it the same way.

export interface InlineCandidate {
  /** Content-ID without angle brackets; null when the part has none. */
  contentId: string | null;
  /** Has an ancestor multipart/related (RFC 2387). */
  related: boolean;
  /** Content-Disposition as written (lowercased), null when absent. */
  disposition: string | null;
}

/**
 * Shown in the body: referenced from the HTML, or an image of a
 * multipart/related that does not ask to be an attachment.
 */
export function isShownInline(part: InlineCandidate, referencedCids: ReadonlySet<string>): boolean {
  const cid = part.contentId;
  return (cid !== null && referencedCids.has(cid)) || (cid !== null && part.related && part.disposition !== 'attachment');
}

/** The Content-IDs an HTML body refers to as cid: URLs (RFC 2392: percent-encoded). */
export function referencedCids(html: string): Set<string> {
  const cids = new Set<string>();
  for (const m of html.matchAll(/\bcid:([^"'\s)>]+)/gi)) {
    const value = m[1] ?? '';
    try {
      cids.add(decodeURIComponent(value));
    } catch {
      cids.add(value); // not valid percent-encoding: taken as written
    }
  }
  return cids;
}
