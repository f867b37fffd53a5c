import type { AppCommand } from '../../../shared/app-commands';

/** The desktop app's menu commands as they are clicked (main/app/menu.ts); none in a browser, which has no app menu. */
export function onMenuCommand(listener: (command: AppCommand) => void): () => void {
  return window.tidingsBridge ? window.tidingsBridge.onCommand(listener) : () => {};
}
