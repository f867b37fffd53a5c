// The unread count outside the page: the dock or taskbar badge of the desktop
// app (app.setBadgeCount through the bridge), or the browser's own app badge
// where it has one (the Badging API of an installed web app; a no-op elsewhere).

export function showUnreadBadge(count: number): void {
  if (window.tidingsBridge) {
    window.tidingsBridge.setBadgeCount(count);
    return;
  }
  const badging = navigator as Navigator & { setAppBadge?: (n: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
  const done = count > 0 ? badging.setAppBadge?.(count) : badging.clearAppBadge?.();
  done?.catch(() => {}); // not an installed app: nothing to badge
}
