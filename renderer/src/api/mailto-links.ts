// mailto: links the window was opened with, for compose to start from.
//
// In the desktop app, main keeps the links the OS handed over (a click on a
// mailto: link in the browser, `tidings mailto:...`) until the page takes
// them, and says when another arrives. Under `npm run web` there is no OS
// registration; `npm run web -- --mailto LINK` puts the link in the address's
// fragment (`#token=...&mailto=...`, never sent to any server), taken once
// and then removed from the address so a reload does not start it again.

const FRAGMENT_KEY = 'mailto';

/** Every link waiting now; each is given once. */
export async function takeMailtoLinks(): Promise<string[]> {
  if (window.tidingsBridge) return window.tidingsBridge.takeMailto();
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const links = params.getAll(FRAGMENT_KEY).filter((link) => /^mailto:/i.test(link));
  if (params.has(FRAGMENT_KEY)) {
    params.delete(FRAGMENT_KEY);
    const rest = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  }
  return links;
}

/** Calls `listener` when a link arrives while the window is open (desktop app only). */
export function onMailtoLink(listener: () => void): () => void {
  return window.tidingsBridge ? window.tidingsBridge.onMailto(listener) : () => {};
}
