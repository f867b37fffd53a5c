// Desktop notifications, whatever the transport: the desktop app shows
// Electron's own (main/app, through the bridge: the window's web
// notifications are denied there with every other permission); a browser
// shows the Web Notification API's, once the user has allowed them.
// Whether to notify at all, and with a sound, is the caller's (the global
// settings, kept by the core); this only shows one.

export interface DesktopNotice {
  title: string;
  body: string;
  /** A second notification with the same tag replaces the first. */
  tag: string;
  /** No sound: the OS's notification sound is left out. */
  silent: boolean;
}

// Only whether the browser's offer was answered is kept here (it is about
// this browser profile's permission); notifications on or off is a setting.
const CHOICE_KEY = 'tidings.notifications';

/** Whether the user answered the offer (either way) in this profile. */
export function notificationChoiceMade(): boolean {
  try {
    return localStorage.getItem(CHOICE_KEY) !== null;
  } catch {
    return false;
  }
}

/** Remembers that the offer was answered in this profile. */
export function setNotificationChoiceMade(on: boolean): void {
  try {
    localStorage.setItem(CHOICE_KEY, on ? 'on' : 'off');
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

/** Whether a notification can be shown now: always in the desktop app, after the user allowed it in a browser. */
export function canNotify(): boolean {
  if (window.tidingsBridge) return true;
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

/** A browser that has not asked yet: the page offers to (the request needs a click). */
export function mayAskToNotify(): boolean {
  return !window.tidingsBridge && typeof Notification !== 'undefined' && Notification.permission === 'default';
}

export async function askToNotify(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  return (await Notification.requestPermission()) === 'granted';
}

const clickHandlers = new Map<string, () => void>();
let bridgeListening = false;

/** Shows `notice`; `onClick` runs when the user clicks it (the window comes to the front first). */
export function showNotification(notice: DesktopNotice, onClick: () => void): void {
  const bridge = window.tidingsBridge;
  if (bridge) {
    clickHandlers.set(notice.tag, onClick);
    if (!bridgeListening) {
      bridgeListening = true;
      bridge.onNotificationClick((tag) => clickHandlers.get(tag)?.());
    }
    bridge.notify(notice);
    return;
  }
  if (!canNotify()) return;
  const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag, silent: notice.silent });
  shown.onclick = () => {
    window.focus();
    shown.close();
    onClick();
  };
}
