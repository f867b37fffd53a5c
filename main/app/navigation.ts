import { shell, type WebContents } from 'electron';
import { APP_SCHEME } from './app-protocol';

// Nothing may navigate the app away from its own page or open windows of its
// own. Links the user clicks open in the system browser, and only for
// http, https and mailto.

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app';
  } catch {
    return false; // not a URL: not ours
  }
}

export function openExternally(url: string): void {
  try {
    if (EXTERNAL_PROTOCOLS.has(new URL(url).protocol)) void shell.openExternal(url);
  } catch {
    // Not a URL: ignore.
  }
}

export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}
