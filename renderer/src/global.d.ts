import type { TidingsApi } from '../../shared/contract';

declare global {
  interface Window {
    /** Set by Electron's preload (contextBridge); absent in a normal browser. */
    tidings?: TidingsApi;
  }
}
