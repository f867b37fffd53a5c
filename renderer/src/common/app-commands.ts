import type { AppCommand } from '../../../shared/app-commands';

// The page's side of the app's commands (shared/app-commands.ts): the part
// of the page that can do a command registers for it while it can (the mail
// view for Reply, compose for New Message); a menu click runs it. The newest
// registration wins, so a view shown over another takes the command first.

type Handler = () => void;

const handlers = new Map<AppCommand, Handler[]>();

/** Handles `command` until the returned function is called. */
export function registerCommand(command: AppCommand, handler: Handler): () => void {
  const list = handlers.get(command) ?? [];
  list.push(handler);
  handlers.set(command, list);
  return () => {
    const at = list.lastIndexOf(handler);
    if (at >= 0) list.splice(at, 1);
  };
}

/** Runs the newest handler of `command`; false when nothing on screen can do it now. */
export function runCommand(command: AppCommand): boolean {
  const handler = handlers.get(command)?.at(-1);
  if (!handler) return false;
  handler();
  return true;
}
