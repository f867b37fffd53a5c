// Links in mail open outside the app, never inside it. In a browser (`npm run
// web`) this is a new tab without an opener; in Electron, main's window-open
// handler turns the same call into the system browser (or mail app for
// mailto:) and refuses the window. Anything but http, https and mailto is
// ignored: no file:, no javascript:, no custom schemes that start programs.

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Opens `href` outside the app; false when it is not a link we open. */
export function openExternal(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (!EXTERNAL_PROTOCOLS.has(url.protocol)) return false;
  window.open(url.href, '_blank', 'noopener,noreferrer');
  return true;
}
