// "Open log folder" (Settings): the desktop app opens it in the OS's file
// manager (main/app); a browser page cannot open a local folder, so there the
// page shows the path to copy.

/** Whether this window can open the log folder itself. */
export function canOpenLogFolder(): boolean {
  return window.tidingsBridge !== undefined;
}

export function openLogFolder(): void {
  window.tidingsBridge?.openLogFolder();
}
