import type { ElectronBridge } from '../../shared/contract';

declare global {
  interface Window {
    /** Set by Electron's preload (main/app/preload.ts); absent in a normal browser. */
    tidingsBridge?: ElectronBridge;
  }
}
