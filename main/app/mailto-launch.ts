import { isMailtoUrl } from '../../shared/mailto';

// mailto: links the OS hands to the app, waiting for the window to take them.
//
// They come as a command-line argument (Linux and Windows run `tidings
// mailto:...`, also for a second launch, which the running instance gets in
// 'second-instance') or as macOS's 'open-url' event, which may fire before
// the window exists. So they wait here, and the page takes them when it is
// ready to compose (window.tidingsBridge.takeMailto) and again whenever it is
// told that one arrived. No Electron here: index.ts wires it.

/** A link arriving while hundreds wait is dropped: a program flooding the app with links gets nothing but the first ones. */
const MAX_WAITING = 20;

/** The mailto: links among command-line arguments (Chromium's own switches and the app's path are not). */
export function mailtoArgs(argv: readonly string[]): string[] {
  return argv.filter(isMailtoUrl);
}

export class WaitingMailto {
  private readonly links: string[] = [];

  /** Keeps a link for the page; false when it was not one or too many wait. */
  add(link: string): boolean {
    if (!isMailtoUrl(link) || this.links.length >= MAX_WAITING) return false;
    this.links.push(link);
    return true;
  }

  /** Every waiting link, oldest first; they are the caller's now. */
  take(): string[] {
    return this.links.splice(0);
  }
}
