import DOMPurify from 'dompurify';
import type { HighlightTerm } from '../../../shared/search-query';
import { markText } from './highlight';

// Turns a message's HTML (untrusted, as the sender wrote it) into the srcdoc of
// the reader's sandboxed frame. Three layers, each enough on its own against
// scripts:
//   1. DOMPurify removes scripts, event handlers, javascript: URLs, forms,
//      frames, <meta>, <base>, <link> (and keeps layout: tables, <style>, style="").
//   2. The frame is sandboxed without allow-scripts (see MessageFrame.tsx).
//   3. The document starts with its own CSP: nothing may load but data: images
//      and fonts and inline styles; remote images only once the user allows them.
// Remote images are also taken out of the markup while blocked, so a tracking
// pixel is not even attempted (and the console stays quiet).

/** The frame's own policy. It applies on top of the app's (which the frame inherits). */
export function frameCsp(allowRemote: boolean): string {
  const remote = allowRemote ? ' https: http:' : '';
  return `default-src 'none'; img-src data:${remote}; style-src 'unsafe-inline'; font-src data:${remote}; form-action 'none'; base-uri 'none'`;
}

export interface FrameDocument {
  /** The complete document for srcdoc. */
  html: string;
  /** Whether the message refers to remote images, fonts or backgrounds at all. */
  hasRemoteContent: boolean;
}

const FORBID_TAGS = [
  'script',
  'noscript',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'output',
  'meta',
  'base',
  'link',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'template',
  'dialog',
  'audio',
  'video',
  'source',
  'track',
];

const FORBID_ATTR = ['action', 'formaction', 'ping', 'autofocus', 'srcdoc', 'http-equiv', 'target'];

// Absolute http(s) or protocol-relative: content from some server. Relative
// URLs would resolve against the app's own origin, which the frame's CSP refuses too.
const REMOTE_URL = /^\s*(?:https?:)?\/\//i;
const REMOTE_CSS_URL = /url\(\s*['"]?\s*(?:https?:)?\/\/|@import\s/i;
const URL_ATTRIBUTES = ['src', 'srcset', 'background', 'poster', 'href', 'xlink:href'];
const LOADS = new Set(['src', 'srcset', 'background', 'poster']);
// What an image may come from besides a remote server: inline parts (cid: already replaced by data:).
const INLINE_URL = /^\s*data:/i;

/** Per-call state for the hooks (sanitize() is synchronous, so one at a time). */
let current = { allowRemote: false, remoteFound: false };

let purifier: ReturnType<typeof DOMPurify> | null = null;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  // Our own instance, so these hooks never affect another DOMPurify user.
  const instance = DOMPurify(window);
  instance.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && REMOTE_CSS_URL.test(node.textContent ?? '')) current.remoteFound = true;
  });
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    for (const name of URL_ATTRIBUTES) {
      const value = node.getAttribute(name);
      // A link to a web page is not remote *content*: it loads nothing by itself.
      if (value === null || (name === 'href' && node.localName === 'a')) continue;
      const remote = name === 'srcset' ? value.split(',').some((part) => REMOTE_URL.test(part)) : REMOTE_URL.test(value);
      if (!remote) {
        // Relative URLs would load from the app's own origin (there is no <base>): never wanted.
        if (LOADS.has(name) && !INLINE_URL.test(value)) node.removeAttribute(name);
        continue;
      }
      current.remoteFound = true;
      if (!current.allowRemote) node.removeAttribute(name);
    }
    if (REMOTE_CSS_URL.test(node.getAttribute('style') ?? '')) current.remoteFound = true;
    if (node.localName === 'a') node.setAttribute('rel', 'noopener noreferrer');
  });
  purifier = instance;
  return instance;
}

/** cid: references (inline parts) become the data: URLs the core sent, keyed by Content-ID. */
export function replaceCidUrls(html: string, inlineImages: Record<string, string>): string {
  return html.replace(/cid:([^"'\s)>]+)/gi, (match, id: string) => {
    const direct = inlineImages[id];
    if (direct) return direct;
    try {
      return inlineImages[decodeURIComponent(id)] ?? match;
    } catch {
      return match;
    }
  });
}

// Mail is designed for a white page: keep it white in dark mode too (as Apple
// Mail and Thunderbird do by default). Images never wider than the pane. The
// frame is as tall as its content (MessageFrame measures <html>), so it never
// scrolls vertically itself; flow-root keeps body margins inside <html>.
const BASE_STYLE = `
html { color-scheme: light; background: #fff; color: #1d1d1f; display: flow-root; overflow-y: hidden; }
body { margin: 16px 20px; font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", system-ui, Roboto, Ubuntu, "Noto Sans", Arial, sans-serif; overflow-wrap: break-word; }
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; }
a { color: #0b63ce; }
mark { background: #ffe27a; color: inherit; border-radius: 2px; }
blockquote[type="cite"] { margin: 0 0 0 0.5em; padding-left: 0.8em; border-left: 2px solid #b9b9c1; color: #555; }
`;

/**
 * `highlight`: the words of the search the message was opened from, marked
 * in the sanitized document's text nodes (reader/highlight.ts), never by
 * rewriting its HTML.
 */
export function buildFrameDocument(
  rawHtml: string,
  inlineImages: Record<string, string>,
  allowRemote: boolean,
  highlight: readonly HighlightTerm[] = [],
): FrameDocument {
  const withImages = replaceCidUrls(rawHtml, inlineImages);
  current = { allowRemote, remoteFound: false };
  const sanitized = getPurifier().sanitize(withImages, {
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    // Mail does not need custom elements, shadow roots or MathML; fewer surprises.
    USE_PROFILES: { html: true, svg: true },
  });
  const hasRemoteContent = current.remoteFound;
  // With WHOLE_DOCUMENT and RETURN_DOM, DOMPurify hands back the <html> element of its inert document.
  const root = sanitized as unknown as HTMLElement;
  const doc = root.ownerDocument;
  const head = root.querySelector('head') ?? root.insertBefore(doc.createElement('head'), root.firstChild);
  // Ours go first, before anything of the message: the CSP must be in force
  // before the first element that could load something.
  const csp = doc.createElement('meta');
  csp.setAttribute('http-equiv', 'Content-Security-Policy');
  csp.setAttribute('content', frameCsp(allowRemote));
  const referrer = doc.createElement('meta');
  referrer.setAttribute('name', 'referrer');
  referrer.setAttribute('content', 'no-referrer');
  const style = doc.createElement('style');
  style.textContent = BASE_STYLE;
  head.prepend(csp, referrer, style);
  markText(root, highlight);

  return { html: `<!doctype html>${root.outerHTML}`, hasRemoteContent };
}
