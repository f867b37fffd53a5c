import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { RequestMessage, ResponseMessage, ServerMessage } from '../../shared/contract';
import { toErrorShape } from '../api/dispatcher';
import type { Core } from '../core/core';
import { type AccessPolicy, checkHost, checkWebSocket, newToken } from './access';
import { serveStatic } from './static-files';

// `npm run web`: the renderer and the API over HTTP and a WebSocket on
// 127.0.0.1, for a browser instead of Electron. The same dispatcher answers.

export interface WebServer {
  /** What a browser opens: the page, with the token in the fragment (never sent over HTTP). */
  url: string;
  port: number;
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

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const policy: AccessPolicy = { token, hostPort: '' };

  const http: Server = createServer((request, response) => {
    if (!checkHost(request, policy) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(403).end();
      return;
    }
    void serveStatic(options.staticDir, request.url ?? '/', response);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Answer with the plain 'tidings' protocol: the token is never echoed back.
    handleProtocols: (protocols) => (protocols.has('tidings') ? 'tidings' : false),
  });

  http.on('upgrade', (request, socket, head) => {
    const decision =
      new URL(request.url ?? '/', 'http://x').pathname === '/api'
        ? checkWebSocket(request, policy)
        : ({ ok: false, status: 403, reason: 'wrong path' } as const);
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
    url: `http://127.0.0.1:${port}/#token=${token}`,
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
