import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/app-commands';

// The application menu, as data: a pure function of the platform, tested in
// Node (test/unit/app-menu.test.ts); index.ts turns each `command` into a
// click that hands it to the page.
//
// Accelerators: the ones with Ctrl/Cmd are the menu's own (registered: the
// page never sees those keys). The single keys (R, E, !, ?) are the page's
// shortcuts, only shown here (`registerAccelerator: false`): registered, they
// would be taken from every text field, and typing "e" in a message would
// archive one.

export type MenuSpec = Omit<MenuItemConstructorOptions, 'submenu' | 'click'> & { command?: AppCommand; submenu?: MenuSpec[] };

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** A packaged app has no Reload or developer tools in its menu. */
  packaged: boolean;
}

const pageKey = (accelerator: string): Pick<MenuSpec, 'accelerator' | 'registerAccelerator'> => ({
  accelerator,
  registerAccelerator: false,
});
const separator: MenuSpec = { type: 'separator' };

export function menuTemplate({ platform, packaged }: MenuOptions): MenuSpec[] {
  const mac = platform === 'darwin';
  const settings: MenuSpec = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', command: 'settings.open' };
  const appMenu: MenuSpec[] = mac
    ? [
        {
          role: 'appMenu',
          submenu: [
            { role: 'about' },
            separator,
            settings,
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : [];
  const file: MenuSpec = {
    label: 'File',
    submenu: [
      { label: 'New Message', accelerator: 'CmdOrCtrl+N', command: 'compose.new' },
      separator,
      ...(mac ? [] : [settings, separator]),
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuSpec = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      { label: 'Find', accelerator: 'CmdOrCtrl+F', command: 'search.focus' },
    ],
  };
  const message: MenuSpec = {
    label: 'Message',
    submenu: [
      { label: 'Reply', ...pageKey('R'), command: 'message.reply' },
      { label: 'Reply All', ...pageKey('A'), command: 'message.replyAll' },
      { label: 'Forward', ...pageKey('F'), command: 'message.forward' },
      separator,
      { label: 'Archive', ...pageKey('E'), command: 'message.archive' },
      { label: 'Mark as Junk', ...pageKey('Shift+1'), command: 'message.junk' },
      { label: 'Delete', ...pageKey('Delete'), command: 'message.delete' },
      separator,
      { label: 'Mark as Read', ...pageKey('U'), command: 'message.read' },
      { label: 'Mark as Unread', ...pageKey('Shift+U'), command: 'message.unread' },
      { label: 'Star', ...pageKey('S'), command: 'message.star' },
    ],
  };
  const go: MenuSpec = {
    label: 'Go',
    submenu: [
      { label: 'All Inboxes', command: 'go.inbox' },
      { label: 'Unread', command: 'go.unread' },
      { label: 'Starred', command: 'go.starred' },
      { label: 'Drafts', command: 'go.drafts' },
      { label: 'Sent', command: 'go.sent' },
    ],
  };
  const view: MenuSpec = {
    label: 'View',
    submenu: [
      ...(packaged ? [] : [{ role: 'reload' } as MenuSpec, { role: 'toggleDevTools' } as MenuSpec, separator]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuSpec = {
    role: 'help',
    submenu: [{ label: 'Keyboard Shortcuts', ...pageKey('Shift+/'), command: 'help.shortcuts' }],
  };
  return [...appMenu, file, edit, view, message, go, { role: 'windowMenu' }, help];
}

/** The template with each command as a click that sends it (Electron's own shape). */
export function withClicks(specs: readonly MenuSpec[], send: (command: AppCommand) => void): MenuItemConstructorOptions[] {
  return specs.map(({ command, submenu, ...item }) => ({
    ...item,
    ...(submenu ? { submenu: withClicks(submenu, send) } : {}),
    ...(command ? { click: () => send(command) } : {}),
  }));
}
