import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../../base/log';

// The loopback redirect of a native app (RFC 8252 §7.3): an HTTP server on
// 127.0.0.1 at a port the OS picks, waiting for the one request the browser
// makes when the provider sends it back. It answers that request with a short
// page (after the caller has finished with the answer, so the page can say
// whether signing in worked) and then closes.

export interface PageText {
  title: string;
  message: string;
}

export interface LoopbackListener {
  /** The redirect URI to register in the authorization request. */
  readonly redirectUri: string;
  /** Stops listening; a request in progress still gets its page. */
  close(): void;
}

/**
 * Starts listening. `onAnswer` is called once, with the query of the first
 * request to "/" whose `state` is `expectedState`; the page it resolves to is
 * what the browser shows. Any web page can reach this port while the user
 * signs in: every other request gets a 404 and leaves the sign-in waiting for
 * the provider's answer (a wrong state must not use it up).
 */
export async function openLoopbackListener(
  redirectHost: '127.0.0.1' | 'localhost',
  expectedState: string,
  onAnswer: (params: URLSearchParams) => Promise<PageText>,
): Promise<LoopbackListener> {
  let answered = false;
  const server: Server = createServer((request, response) => {
    const params = request.method === 'GET' ? answerParams(request.url) : null;
    if (params === null || params.get('state') !== expectedState) {
      sendPage(response, 404, { title: 'Not here', message: 'This address only receives the answer of a sign-in.' });
      return;
    }
    if (answered) {
      sendPage(response, 409, { title: 'Already signed in', message: 'This sign-in has already been answered. You can close this tab.' });
      return;
    }
    answered = true;
    void onAnswer(params).then(
      (page) => finish(request, response, 200, page),
      (error: unknown) => {
        logger('oauth').error({ err: error }, 'answering a sign-in failed');
        finish(request, response, 500, { title: 'Sign-in failed', message: 'Go back to Tidings to see why. You can close this tab.' });
      },
    );
  });
  // An unhandled 'error' would end the process; a client's broken request is answered by Node itself ('clientError').
  server.on('error', (error) => logger('oauth').warn({ err: error }, 'the sign-in listener failed'));
  // A listener is one flow's: no keep-alive, nothing lingering after the answer.
  server.keepAliveTimeout = 1_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = () => {
    server.close();
    server.closeIdleConnections();
  };

  function finish(_request: IncomingMessage, response: ServerResponse, status: number, page: PageText): void {
    response.on('finish', close);
    sendPage(response, status, page);
  }

  return { redirectUri: `http://${redirectHost}:${port}`, close };
}

/** The query of a request for "/", or null for anything else; a target that is no URL (`//`) is just not the answer. */
function answerParams(target: string | undefined): URLSearchParams | null {
  const raw = target ?? '';
  const mark = raw.indexOf('?');
  const path = mark === -1 ? raw : raw.slice(0, mark);
  return path === '/' ? new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1)) : null;
}

function sendPage(response: ServerResponse, status: number, page: PageText): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} — Tidings</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
</head><body><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p></body></html>`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    // The page runs nothing and loads nothing; the code in the URL is never sent anywhere else.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
    Connection: 'close',
  });
  response.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
