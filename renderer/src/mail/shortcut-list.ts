import { GO_TO_KEYS, VIEW_NAMES } from '../common/views';
import type { ShortcutGroup } from '../components/ShortcutsDialog';
import { LIST_SHORTCUTS, type ListCommand } from '../list/MessageList';

// What "?" lists. The list's single keys and the "g" views come from the
// tables the key handlers use (LIST_SHORTCUTS, GO_TO_KEYS), so they cannot
// drift apart; the rest is written here beside the handler named.

const LIST_ACTIONS: Record<Exclude<ListCommand, 'open' | 'delete' | 'read' | 'unread'>, string> = {
  archive: 'Archive',
  junk: 'Junk (in Junk: not junk)',
  labels: 'Labels (Gmail)',
  star: 'Star or unstar',
};

function listKeys(): ShortcutGroup['shortcuts'] {
  const byCommand = new Map<string, string[]>();
  for (const [key, command] of LIST_SHORTCUTS) {
    if (key !== key.toLowerCase() && LIST_SHORTCUTS.get(key.toLowerCase()) === command) continue; // "E" is "e" with Caps Lock
    byCommand.set(command, [...(byCommand.get(command) ?? []), key]);
  }
  return [...byCommand].map(([command, keys]) => ({ keys, action: LIST_ACTIONS[command as keyof typeof LIST_ACTIONS] ?? command }));
}

/** Ctrl, or ⌘ on a Mac (the page's handlers take either). */
const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

export function shortcutGroups(): ShortcutGroup[] {
  return [
    {
      title: 'Anywhere',
      shortcuts: [
        { keys: ['c'], action: 'New message' }, // compose/ComposeContext.tsx
        { keys: ['/', `${MOD}+F`], action: 'Search' }, // mail/MailView.tsx
        { keys: ['?'], action: 'These shortcuts' }, // App.tsx
        { keys: [`${MOD}+,`], action: 'Settings' }, // App.tsx
        ...Object.entries(GO_TO_KEYS).map(([key, view]) => ({ keys: [`g ${key}`], action: `Go to ${VIEW_NAMES[view]}` })),
      ],
    },
    {
      title: 'Moving in the list', // list/MessageList.tsx
      shortcuts: [
        { keys: ['j', '↓'], action: 'Next message' },
        { keys: ['k', '↑'], action: 'Previous message' },
        { keys: ['Shift+↓', 'Shift+↑'], action: 'Select more' },
        { keys: ['Home', 'End'], action: 'First, last' },
        { keys: ['Enter'], action: 'Read the message' },
        { keys: ['Escape'], action: 'Back to the list' },
      ],
    },
    {
      title: 'The selected messages', // list/MessageList.tsx
      shortcuts: [
        ...listKeys(),
        { keys: ['Delete', 'Backspace'], action: 'Delete' },
        { keys: ['u'], action: 'Mark as read' },
        { keys: ['Shift+U'], action: 'Mark as unread' },
      ],
    },
    {
      title: 'The open message', // mail/MailView.tsx
      shortcuts: [
        { keys: ['r'], action: 'Reply' },
        { keys: ['a'], action: 'Reply all' },
        { keys: ['f'], action: 'Forward' },
      ],
    },
    {
      title: 'Writing', // compose/
      shortcuts: [
        { keys: [`${MOD}+Enter`], action: 'Send' },
        { keys: ['Escape'], action: 'Close (the draft is kept)' },
        { keys: [`${MOD}+B`, `${MOD}+I`, `${MOD}+U`], action: 'Bold, italic, underline' },
        { keys: [`${MOD}+K`], action: 'Link' },
        { keys: [`${MOD}+Z`], action: 'Undo Send, while it shows' },
      ],
    },
  ];
}
