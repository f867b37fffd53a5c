import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { TidingsApi } from '../../../shared/contract';
import type { ConnectionMonitor, ConnectionSnapshot } from './connection';

interface ApiContextValue {
  api: TidingsApi;
  connection: ConnectionMonitor;
}

const ApiContext = createContext<ApiContextValue | null>(null);

// Components get the API from context rather than calling getApi(): the
// transport (Electron bridge or WebSocket) is chosen once, at the root.
export function ApiProvider({ api, connection, children }: ApiContextValue & { children: ReactNode }) {
  return <ApiContext.Provider value={{ api, connection }}>{children}</ApiContext.Provider>;
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi() outside <ApiProvider>');
  return value;
}

export function useApi(): TidingsApi {
  return useApiContext().api;
}

/** The connection itself, for code that follows it outside rendering (queries/ re-reads after a reconnect). */
export function useConnectionMonitor(): ConnectionMonitor {
  return useApiContext().connection;
}

export function useConnection(): ConnectionSnapshot {
  const { connection } = useApiContext();
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot);
}
