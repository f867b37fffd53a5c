import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { RequestMessage, ResponseMessage, ServerMessage } from '../../shared/contract';
import { toErrorShape } from '../api/dispatcher';
import { logger } from '../base/log';
import type { Core } from '../core/core';
import { type AccessPolicy, checkHost, checkWebSocket, newToken } from './access';
import { OneTimeCodes } from './one-time-codes';
import { exchangeCode, SESSION_PATH } from './session-exchange';
import { serveStatic } from './static-files';

// `npm run web`: the renderer and the API over HTTP and a WebSocket on
// 127.0.0.1, for a browser instead of Electron. The same dispatcher answers.

export interface WebServer {
  /**
   * A new address for a browser to open: the page, with a one-time code in the
   * fragment (never sent over HTTP) that the page trades for the token.
   * `fragment` adds more (e.g. `mailto=…`).
   */
  newPageUrl(fragment?: string): string;
  port: number;
  /** For programs of our own (tests): the token itself, never put in an address that leaves this process. */
  token: string;
  close(): Promise<void>;
}

export interface WebServerOptions {
  core: Pick<Core, 'dispatch' | 'events'>;
  staticDir: string;
  port?: number;
  token?: string;
}

const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
const log = logger('web');

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const policy: AccessPolicy = { token, hostPort: '' };
  const codes = new OneTimeCodes();

  const http: Server = createServer((request, response) => {
    if (checkHost(request, policy) && request.method === 'POST' && pathOf(request.url) === SESSION_PATH) {
      exchangeCode(request, response, policy, codes);
      return;
    }
    if (!checkHost(request, policy) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(403).end();
      return;
    }
    serveStatic(options.staticDir, request.url ?? '/', response).catch((error: unknown) => {
      log.error({ err: error }, 'serving a file failed');
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  // Any web page can send anything here: nothing it sends may take the process
  // down, so every server and socket has its 'error' handled (an unhandled
  // 'error' event ends a Node process).
  http.on('error', (error) => log.error({ err: error }, 'the web server failed'));

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Answer with the plain 'tidings' protocol: the token is never echoed back.
    handleProtocols: (protocols) => (protocols.has('tidings') ? 'tidings' : false),
  });

  http.on('upgrade', (request, socket, head) => {
    // Once upgraded the socket is ours: http no longer listens for its errors (a reset, say).
    socket.on('error', (error) => log.debug({ err: error }, 'a WebSocket connection failed'));
    // Who asks first, then what for; the path is compared as sent, never parsed (`//` is no URL).
    const checked = checkWebSocket(request, policy);
    const decision = checked.ok && pathOf(request.url) !== '/api' ? ({ ok: false, status: 403, reason: 'wrong path' } as const) : checked;
    if (!decision.ok) {
      socket.end(
        `HTTP/1.1 ${decision.status} ${decision.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveApi(ws, options.core));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  policy.hostPort = `127.0.0.1:${port}`;

  return {
    newPageUrl: (fragment) => `http://127.0.0.1:${port}/#code=${codes.issue()}${fragment ? `&${fragment}` : ''}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function serveApi(ws: WebSocket, core: WebServerOptions['core']): void {
  const send = (message: ServerMessage) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = core.events.subscribe((event, payload) => send({ event, payload }));
  ws.on('close', unsubscribe);
  // A frame over the size limit or with reserved bits set: ws has already
  // closed the connection with 1009 or 1002; the error only needs a listener.
  ws.on('error', (error) => log.debug({ err: error }, 'a WebSocket client sent a malformed frame'));
  ws.on('message', (data, isBinary) => {
    const request = parseRequest(isBinary ? null : data.toString());
    if (!request) {
      ws.close(1003, 'Malformed request');
      return;
    }
    core.dispatch(request.method, request.args).then(
      (result) => send({ id: request.id, ok: true, result } satisfies ResponseMessage),
      (error: unknown) => send({ id: request.id, ok: false, error: toErrorShape(error) } satisfies ResponseMessage),
    );
  });
}

/** The path of a request target, without its query: compared as it came, so a malformed target cannot throw. */
function pathOf(target: string | undefined): string {
  return (target ?? '/').split('?')[0] ?? '/';
}

function parseRequest(text: string | null): RequestMessage | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<RequestMessage>;
    if (typeof value.id !== 'number' || typeof value.method !== 'string') return null;
    return { id: value.id, method: value.method, args: value.args };
  } catch {
    return null; // not JSON: the caller closes the socket as malformed
  }
}
