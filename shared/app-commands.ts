// Commands the desktop app's menus give the page (main/app/menu.ts sends one
// on a click or its accelerator; renderer/src/common/app-commands.ts runs it
// through whatever part of the page registered for it). The page's own keys
// do the same things through the same functions: a menu is another way in.

export const APP_COMMANDS = [
  'compose.new',
  'search.focus',
  'settings.open',
  'help.shortcuts',
  'message.reply',
  'message.replyAll',
  'message.forward',
  'message.archive',
  'message.junk',
  'message.delete',
  'message.read',
  'message.unread',
  'message.star',
  'go.inbox',
  'go.unread',
  'go.starred',
  'go.drafts',
  'go.sent',
] as const;

export type AppCommand = (typeof APP_COMMANDS)[number];

const KNOWN: ReadonlySet<string> = new Set(APP_COMMANDS);

export function isAppCommand(value: unknown): value is AppCommand {
  return typeof value === 'string' && KNOWN.has(value);
}
