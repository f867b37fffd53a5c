import { QueryClient } from '@tanstack/react-query';
import type { ApiError } from '../../../shared/errors';
import { toApiError } from '../api/errors';

declare module '@tanstack/react-query' {
  interface Register {
    // Every query function goes through read() below, so a query's error is always an ApiError.
    defaultError: ApiError;
  }
}

/**
 * The window's one QueryClient. The core pushes an event whenever its data
 * changes (events.ts turns them into invalidations) and everything is re-read
 * after the WebSocket comes back, so data never goes stale by age: no polling,
 * no re-read on focus. Nothing is retried behind the user's back: a failure is
 * shown, as before, and the next event or reconnect reads again. The loopback
 * connection is not "the network": queries run whatever navigator.onLine says.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Number.POSITIVE_INFINITY,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        networkMode: 'always',
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}

/** One call of the contract as a query function: its failure always as an ApiError. */
export async function read<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (failure) {
    throw toApiError(failure);
  }
}
