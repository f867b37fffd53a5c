import type { Method, MethodArgs, MethodResult, TidingsApi } from '../../../shared/contract';
import { ALWAYS_OPEN, type ConnectionMonitor } from './connection';
import { toApiError } from './errors';
import { readAccessToken } from './token';
import { WebSocketApi } from './ws-client';

/** Thrown by getApi() in a browser opened without the access token. */
export class MissingTokenError extends Error {
  constructor() {
    super('No access token in the address');
    this.name = 'MissingTokenError';
  }
}

let api: TidingsApi | null = null;
let monitor: ConnectionMonitor = ALWAYS_OPEN;

/** Rejections from the preload bridge arrive without their class; give them back their ApiError shape. */
function fromBridge(bridge: TidingsApi): TidingsApi {
  return {
    call<M extends Method>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
      return bridge.call(method, args).catch((error: unknown) => {
        throw toApiError(error);
      });
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/**
 * The one TidingsApi of this window: Electron's preload bridge when present,
 * else a WebSocket to the `npm run web` server that served this page.
 */
export function getApi(): TidingsApi {
  if (api) return api;
  if (window.tidings) {
    api = fromBridge(window.tidings);
    return api;
  }
  const token = readAccessToken();
  if (!token) throw new MissingTokenError();
  const socketApi = new WebSocketApi(`ws://${location.host}/api`, ['tidings', `token.${token}`]);
  api = socketApi;
  monitor = socketApi;
  return api;
}

/** The state of the connection behind getApi() (always open under Electron). */
export function getConnectionMonitor(): ConnectionMonitor {
  return monitor;
}
