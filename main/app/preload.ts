import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { isAppCommand } from '../../shared/app-commands';
import type { ElectronBridge, EventMessage } from '../../shared/contract';

// The only bridge between the sandboxed renderer and main: one object,
// window.tidingsBridge (see ElectronBridge in shared/contract.ts). No
// ipcRenderer, no Node, nothing else reaches the page.

const bridge: ElectronBridge = {
  invoke: (method, args) => ipcRenderer.invoke('tidings:call', method, args),
  subscribe(listener) {
    const relay = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on('tidings:event', relay);
    return () => {
      ipcRenderer.off('tidings:event', relay);
    };
  },
  takeMailto: () => ipcRenderer.invoke('tidings:take-mailto'),
  choosePath: (purpose, defaultName) => ipcRenderer.invoke('tidings:choose-path', purpose, defaultName),
  setBadgeCount: (count) => ipcRenderer.send('tidings:badge', count),
  openMessageWindow: (messageId) => ipcRenderer.send('tidings:open-message', messageId),
  notify: (notice) => ipcRenderer.send('tidings:notify', notice),
  openLogFolder: () => ipcRenderer.send('tidings:open-log-folder'),
  onNotificationClick(listener) {
    const relay = (_event: IpcRendererEvent, tag: unknown) => {
      if (typeof tag === 'string') listener(tag);
    };
    ipcRenderer.on('tidings:notification-click', relay);
    return () => {
      ipcRenderer.off('tidings:notification-click', relay);
    };
  },
  onCommand(listener) {
    const relay = (_event: IpcRendererEvent, command: unknown) => {
      if (isAppCommand(command)) listener(command);
    };
    ipcRenderer.on('tidings:command', relay);
    return () => {
      ipcRenderer.off('tidings:command', relay);
    };
  },
  onMailto(listener) {
    const relay = () => listener();
    ipcRenderer.on('tidings:mailto', relay);
    return () => {
      ipcRenderer.off('tidings:mailto', relay);
    };
  },
};

contextBridge.exposeInMainWorld('tidingsBridge', bridge);
