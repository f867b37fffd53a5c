import type { ElectronBridge, EventName, Events, Method, MethodArgs, MethodResult, TidingsApi } from '../../../shared/contract';
import { ALWAYS_OPEN, type ConnectionMonitor } from './connection';
import { toApiError } from './errors';
import { obtainAccessToken } from './token';
import { WebSocketApi } from './ws-client';

/** Thrown by getApi() in a browser opened without the access token, or with an address already used. */
export class MissingTokenError extends Error {
  constructor(readonly reason: 'missing' | 'spent') {
    super(reason === 'spent' ? 'The address was used already or is too old' : 'No access token in the address');
    this.name = 'MissingTokenError';
  }
}

let api: TidingsApi | null = null;
let monitor: ConnectionMonitor = ALWAYS_OPEN;

/**
 * TidingsApi over Electron's preload bridge. Errors lose their properties when
 * they cross contextBridge, so the bridge resolves with the wire envelope and
 * we turn a failed one into an ApiError here.
 */
function fromBridge(bridge: ElectronBridge): TidingsApi {
  return {
    async call<M extends Method>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
      let envelope: Awaited<ReturnType<ElectronBridge['invoke']>>;
      try {
        envelope = await bridge.invoke(method, args);
      } catch (error) {
        throw toApiError(error);
      }
      if (envelope.ok) return envelope.result as MethodResult<M>;
      throw toApiError(envelope.error);
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      // The bridge delivers every event; each subscriber keeps the ones it asked for.
      return bridge.subscribe((message) => {
        if (message.event === event) listener(message.payload as Events[E]);
      });
    },
  };
}

/**
 * The one TidingsApi of this window: Electron's preload bridge when present,
 * else a WebSocket to the `npm run web` server that served this page.
 */
export async function getApi(): Promise<TidingsApi> {
  if (api) return api;
  if (window.tidingsBridge) {
    api = fromBridge(window.tidingsBridge);
    return api;
  }
  const outcome = await obtainAccessToken();
  if (outcome.token === null) throw new MissingTokenError(outcome.reason);
  const socketApi = new WebSocketApi(`ws://${location.host}/api`, ['tidings', `token.${outcome.token}`]);
  api = socketApi;
  monitor = socketApi;
  return api;
}

/** The state of the connection behind getApi() (always open under Electron). */
export function getConnectionMonitor(): ConnectionMonitor {
  return monitor;
}
