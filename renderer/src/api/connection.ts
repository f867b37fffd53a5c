/**
 * - connecting: first attempt, nothing has failed yet
 * - open: calls go through
 * - lost: was open, dropped, reconnecting
 * - unreachable: never managed to open (wrong or stale token, core not running)
 */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'unreachable';

/** Immutable; a new object on every change, so React can compare by identity. */
export interface ConnectionSnapshot {
  state: ConnectionState;
  /** Failed attempts since the last successful open. */
  failedAttempts: number;
  /** How many times the connection came back after being lost (the UI re-reads then). */
  reconnects: number;
}

/** The WebSocket transport has a connection that can drop; Electron IPC does not. */
export interface ConnectionMonitor {
  getSnapshot(): ConnectionSnapshot;
  subscribe(watcher: () => void): () => void;
}

export const ALWAYS_OPEN: ConnectionMonitor = {
  getSnapshot: () => ALWAYS_OPEN_SNAPSHOT,
  subscribe: () => () => {},
};

const ALWAYS_OPEN_SNAPSHOT: ConnectionSnapshot = { state: 'open', failedAttempts: 0, reconnects: 0 };
