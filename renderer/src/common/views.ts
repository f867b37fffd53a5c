import type { UnifiedView } from '../../../shared/mail';

// The unified views (every account's Inbox, Unread, ...): their names, and
// the two-key shortcuts that go to them ("g" then a letter, as in Gmail).

export const VIEW_NAMES: Readonly<Record<UnifiedView, string>> = {
  inbox: 'All Inboxes',
  unread: 'Unread',
  starred: 'Starred',
  drafts: 'Drafts',
  sent: 'Sent',
};

/** The second key after "g": Gmail's letters (g t is Gmail's Sent), and u for Unread. */
export const GO_TO_KEYS: Readonly<Record<string, UnifiedView>> = { i: 'inbox', s: 'starred', d: 'drafts', t: 'sent', u: 'unread' };

/** How long after "g" its second key may come. */
export const SEQUENCE_MS = 1500;

/**
 * "g" then a letter. `press` says what a key press (without modifiers, not
 * in a text field) means: 'start' for the "g" (nothing else should act on
 * it), a view for the second key of a sequence (nor on that one: in the list
 * "s" alone would star), or null: not part of one, for others to handle.
 */
export class GoToSequence {
  #since: number | null = null;

  press(key: string, now: number): 'start' | UnifiedView | null {
    const since = this.#since;
    this.#since = null;
    if (since !== null && now - since <= SEQUENCE_MS) {
      const view = GO_TO_KEYS[key];
      if (view) return view;
    }
    if (key === 'g') {
      this.#since = now;
      return 'start';
    }
    return null;
  }

  reset(): void {
    this.#since = null;
  }
}
