import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useApi, useConnectionMonitor } from '../api/context';
import { AccountStatuses } from './account-statuses';
import { createQueryClient } from './client';
import { followCoreEvents } from './events';

const StatusesContext = createContext<AccountStatuses | null>(null);

/** The window's server state: one QueryClient, kept current by the core's events. Goes right inside <ApiProvider>. */
export function ServerStateProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const connection = useConnectionMonitor();
  const [client] = useState(createQueryClient);
  const [statuses] = useState(() => new AccountStatuses());

  useEffect(() => followCoreEvents(api, connection, client, statuses), [api, connection, client, statuses]);

  return (
    <QueryClientProvider client={client}>
      <StatusesContext.Provider value={statuses}>{children}</StatusesContext.Provider>
    </QueryClientProvider>
  );
}

export function useAccountStatuses(): AccountStatuses {
  const statuses = useContext(StatusesContext);
  if (!statuses) throw new Error('useAccountStatuses() outside <ServerStateProvider>');
  return statuses;
}
