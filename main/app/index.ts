import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  app,
  BrowserWindow,
  dialog,
  type IpcMainInvokeEvent,
  ipcMain,
  Menu,
  Notification,
  session,
  shell,
  type WebContents,
} from 'electron';
import type { AppCommand } from '../../shared/app-commands';
import { isViewableAttachment } from '../../shared/attachment-open';
import type { EventMessage, ResponseMessage } from '../../shared/contract';
import { logger, logProcessFailures, openLog } from '../base/log';
import { resolveDataDir } from '../core/data-dir';
import { isOpenedAttachment } from '../store/opened-attachments';
import { APP_SCHEME, registerAppProtocol, registerAppScheme } from './app-protocol';
import { CorePeer } from './core-peer';
import { checkedNotice, type DesktopNotice } from './desktop-notices';
import { mailtoArgs, WaitingMailto } from './mailto-launch';
import { menuTemplate, withClicks } from './menu';
import { guardWebContents, isAppUrl } from './navigation';
import { chosenPath, dialogFor, newGrantToken } from './transfer-dialogs';

// Electron's main process: the window, the menu and the relay between the
// sandboxed renderer and the core. The core (all mail work) runs in a
// utilityProcess so that a big sync never freezes the window.
// Follows Electron's security checklist: context isolation, sandbox, no Node
// in the renderer, a custom app:// scheme instead of file://, a strict CSP,
// navigation and new windows guarded, permissions denied.

app.setName('Tidings');
registerAppScheme();
const log = logger('app');

const { values: flags } = parseArgs({ args: process.argv.slice(1), options: { 'data-dir': { type: 'string' } }, strict: false });
const dataDir = resolveDataDir(flags['data-dir'] as string | undefined, {
  ...process.env,
  TIDINGS_DATA_DIR: process.env.TIDINGS_DATA_DIR ?? app.getPath('userData'),
});

// mailto: links (electron-builder.yml registers the scheme): from the command
// line, a second launch, or macOS's open-url, which can fire before 'ready'.
/** The window of the mail (not one of a single message): mailto: links and a second launch go to it. */
let mainWindow: BrowserWindow | undefined;
const waitingMailto = new WaitingMailto();
function receiveMailto(links: readonly string[]): void {
  const added = links.filter((link) => waitingMailto.add(link));
  if (added.length === 0) return;
  // The main window writes them (a message window has a compose pane of its own, but not the links).
  mainWindow?.webContents.send('tidings:mailto');
}
receiveMailto(mailtoArgs(process.argv));
app.on('open-url', (event, url) => {
  event.preventDefault();
  receiveMailto([url]);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Only the one instance writes the log: logs/main.log beside the core's logs/tidings.log.
  openLog({ dir: join(dataDir, 'logs'), name: 'main' });
  logProcessFailures(log);
  log.info({ version: app.getVersion(), electron: process.versions.electron, platform: process.platform }, 'Tidings starting');
  app.on('second-instance', (_event, argv) => {
    receiveMailto(mailtoArgs(argv));
    const window = mainWindow ?? BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error('Tidings could not start:', error);
    log.fatal({ err: error }, 'Tidings could not start');
    app.quit();
  });
}

let core: CorePeer | undefined;

async function start(): Promise<void> {
  denyAllPermissions();
  askWhereToSaveDownloads();
  registerAppProtocol(join(import.meta.dirname, '../renderer'));
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

  core = new CorePeer(join(import.meta.dirname, 'core-process.js'), dataDir);
  core.onEvent((message: EventMessage) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send('tidings:event', message);
  });

  ipcMain.handle('tidings:call', async (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    // Only our own page may call; a frame that navigated elsewhere may not.
    if (!isAppUrl(event.senderFrame?.url ?? '')) return denied();
    if (typeof method !== 'string') return denied();
    const answer: ResponseMessage = await (core as CorePeer).call(method, args);
    if (!answer.ok) return { ok: false, error: answer.error };
    if (method === 'messages.openAttachment') return openAttachmentFile(answer.result as { path: string });
    return { ok: true, result: answer.result };
  });

  // The page's unread count on the dock or taskbar icon (Linux: Unity launchers only).
  ipcMain.on('tidings:badge', (event, count: unknown) => {
    if (!isAppUrl(event.senderFrame?.url ?? '')) return;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0 && count < 10_000_000) app.setBadgeCount(count);
  });

  // Desktop notifications the page asks for (new mail): Electron's own, a click brings the window and tells the page.
  ipcMain.on('tidings:notify', (event, value: unknown) => {
    const notice = isAppUrl(event.senderFrame?.url ?? '') ? checkedNotice(value) : null;
    if (notice && Notification.isSupported()) showNotice(notice, event.sender);
  });

  // A message in its own window (the reader's "Open in new window"): the same page and settings, told which message.
  ipcMain.on('tidings:open-message', (event, messageId: unknown) => {
    if (!isAppUrl(event.senderFrame?.url ?? '')) return;
    if (typeof messageId === 'number' && Number.isSafeInteger(messageId) && messageId > 0) createWindow({ messageId });
  });

  // Settings' "Open log folder": always the logs of this data dir, whatever the page asks.
  ipcMain.on('tidings:open-log-folder', (event) => {
    if (!isAppUrl(event.senderFrame?.url ?? '')) return;
    void shell.openPath(join(dataDir, 'logs'));
  });

  // Only our own page takes the waiting links (they are the user's words to someone).
  ipcMain.handle('tidings:take-mailto', (event: IpcMainInvokeEvent) =>
    isAppUrl(event.senderFrame?.url ?? '') && event.sender === mainWindow?.webContents ? waitingMailto.take() : [],
  );

  // Import and export: a native dialog; the path goes to the core, the page gets a token for it (transfer-dialogs.ts).
  ipcMain.handle('tidings:choose-path', async (event: IpcMainInvokeEvent, purpose: unknown, defaultName: unknown) => {
    const request = isAppUrl(event.senderFrame?.url ?? '') ? dialogFor(purpose, defaultName) : null;
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!request || !window) return null;
    const answer =
      request.kind === 'open' ? await dialog.showOpenDialog(window, request.options) : await dialog.showSaveDialog(window, request.options);
    const path = chosenPath(answer);
    if (!path) return null;
    const token = newGrantToken();
    return core?.grant(token, path) ? token : null;
  });

  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on('activate', () => {
    if (!mainWindow) createWindow();
  });
}

/**
 * The core has written an attachment to open (store/opened-attachments.ts):
 * hand it to the user's default program. Only a file inside the core's own
 * folder for this, whatever the answer says.
 */
async function openAttachmentFile(result: { path: string }): Promise<unknown> {
  if (typeof result?.path !== 'string' || !isOpenedAttachment(dataDir, result.path)) return denied();
  // The core decided already; main checks again what it hands to the OS (a runnable file is Save only).
  if (!isViewableAttachment(basename(result.path))) return denied();
  const failure = await shell.openPath(result.path);
  if (failure) return { ok: false, error: { code: 'internal', message: `The file could not be opened: ${failure}` } };
  return { ok: true, result };
}

/** The main window, or (`messageId`) a smaller one showing one message; the same page and the same security settings. */
function createWindow(options: { messageId?: number } = {}): BrowserWindow {
  const one = options.messageId !== undefined;
  const window = new BrowserWindow({
    width: one ? 900 : 1200,
    height: one ? 760 : 800,
    minWidth: one ? 480 : 720,
    minHeight: 480,
    title: 'Tidings',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  if (!one) {
    mainWindow = window;
    window.once('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
  }
  void window.loadURL(`${APP_SCHEME}://app/index.html${one ? `#message=${options.messageId}` : ''}`);
  return window;
}

/**
 * "Save" on an attachment is a download of a blob: the user picks where it
 * goes, starting in their Downloads folder with the (already sanitized) name.
 */
function askWhereToSaveDownloads(): void {
  session.defaultSession.on('will-download', (_event, item) => {
    item.setSaveDialogOptions({ defaultPath: join(app.getPath('downloads'), basename(item.getFilename())) });
  });
}

function denyAllPermissions(): void {
  // Mail needs no camera, microphone, geolocation, notifications-by-web-API, ...
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function denied() {
  return { ok: false, error: { code: 'invalid_argument', message: 'Call refused.' } } as const;
}

// Shown notifications by tag: a newer one with the same tag replaces it, and the reference keeps it from being collected.
const notices = new Map<string, Notification>();

function showNotice(notice: DesktopNotice, page: WebContents): void {
  notices.get(notice.tag)?.close();
  const shown = new Notification({ title: notice.title, body: notice.body, silent: notice.silent });
  notices.set(notice.tag, shown);
  shown.on('click', () => {
    const window = BrowserWindow.fromWebContents(page);
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    if (!page.isDestroyed()) page.send('tidings:notification-click', notice.tag);
  });
  shown.on('close', () => {
    if (notices.get(notice.tag) === shown) notices.delete(notice.tag);
  });
  shown.show();
}

/** The menu's commands go to the window in front (the page runs them: renderer/src/common/app-commands.ts). */
function buildMenu(): Menu {
  const send = (command: AppCommand) => {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    window?.webContents.send('tidings:command', command);
  };
  return Menu.buildFromTemplate(withClicks(menuTemplate({ platform: process.platform, packaged: app.isPackaged }), send));
}

app.on('render-process-gone', (_event, _contents, details) => log.error({ ...details }, "a window's renderer process ended"));
app.on('child-process-gone', (_event, details) => log.error({ ...details }, 'a child process ended'));

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  log.info('Tidings quitting');
  core?.stop();
});
