/**
 * The renderer's Content-Security-Policy, sent as a header by both transports
 * (app:// in Electron, HTTP for `npm run web`) and repeated, identical, in
 * renderer/index.html: scripts only from our own bundle (no inline script, no
 * eval), network only to the API's WebSocket.
 *
 * Why img-src, style-src and font-src are wider than the app itself needs:
 * the reader shows a message's HTML in an <iframe srcdoc sandbox="allow-same-origin">,
 * and an about:srcdoc document INHERITS this policy; the frame's own <meta> CSP
 * is then applied on top, and a load must pass both. So this policy has to
 * allow everything a message may ever show:
 *   - style-src 'unsafe-inline': mail is styled with <style> and style="";
 *   - img-src / font-src data: — inline (cid:) images arrive as data: URLs;
 *   - img-src / font-src https: http: — remote images once the user allows them.
 * The frame's own policy (renderer/src/reader/frame-document.ts) is what keeps
 * remote content blocked until then (`img-src data:`), and scripts, forms,
 * frames and every other fetch blocked always (`default-src 'none'`); the
 * sandbox (no allow-scripts) stops scripts a second time. For the app page
 * these additions add no way to run code: script-src stays 'self'.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; connect-src 'self' ws://127.0.0.1:*; font-src 'self' data: https: http:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
