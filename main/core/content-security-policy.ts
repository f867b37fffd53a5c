/**
 * The renderer's Content-Security-Policy, sent as a header by both transports
 * (app:// in Electron, HTTP for `npm run web`) and repeated in
 * renderer/index.html: scripts and styles only from our own bundle, no
 * inline code, network only to the API's WebSocket.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
