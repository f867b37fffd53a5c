// A message in a window of its own (the reader's "Open in new window"): the
// same page, told by its address which message to show (#message=ID). The
// desktop app opens the window itself (sandboxed like the main one); a
// browser opens a tab of this origin, which gets a copy of this tab's
// session storage and so its access token.

const KEY = 'message';

export function openMessageWindow(messageId: number): void {
  if (window.tidingsBridge) {
    window.tidingsBridge.openMessageWindow(messageId);
    return;
  }
  // Not "noopener": the new tab must be this origin's child to get the token. It is our own page.
  window.open(`${location.pathname}#${KEY}=${messageId}`, `tidings-message-${messageId}`);
}

/** The message this window is for; null for the main window. */
export function messageWindowId(): number | null {
  const value = new URLSearchParams(location.hash.replace(/^#/, '')).get(KEY);
  const id = Number(value);
  return value !== null && Number.isSafeInteger(id) && id > 0 ? id : null;
}
