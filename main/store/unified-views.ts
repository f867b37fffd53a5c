import type { UnifiedView, ViewCounts } from '../../shared/mail';
import { UNIFIED_VIEWS } from '../../shared/mail';
import { type Database, sql } from './database';
import type { MessagePages, PageRequest, Scope } from './message-pages';

// The unified views (issue 14): lists across every account, paged like a
// folder (message-pages.ts) over a set of folders.
//
// - All Inboxes, Drafts, Sent: each account's folder of that role (the first,
//   as FoldersRepo.byRole picks it).
// - Unread, Starred: the unread (starred) messages of every account, not in
//   Trash or Junk. A Gmail message is a row in the folder of each of its
//   labels and in All Mail, so an account with an All Mail folder is read
//   from that folder alone (Gmail's All Mail holds everything but Spam and
//   Trash): every message once. Elsewhere every folder but Trash, Junk and
//   the virtual ones (a Flagged or All folder would list a message twice).
//   Until a Gmail account's All Mail is synced (its sync reads it last), its
//   messages are not in these two views.

const ROLE_OF: Partial<Record<UnifiedView, string>> = { inbox: 'inbox', drafts: 'drafts', sent: 'sent' };

export class UnifiedViews {
  constructor(
    private readonly db: Database,
    private readonly pages: MessagePages,
  ) {}

  /** The folders a view lists, and which of their rows. */
  scope(view: UnifiedView): Scope {
    const role = ROLE_OF[view];
    if (role) {
      const rows = sql(
        this.db,
        'SELECT MIN(id) AS id FROM folders WHERE role = ? AND selectable = 1 GROUP BY account_id ORDER BY account_id',
      ).all(role) as { id: number }[];
      return { folderIds: rows.map((r) => r.id), rows: 'all' };
    }
    // The accounts with an All Mail folder, found once: asked per folder (a correlated
    // EXISTS, folders has no index on role) it read every folder of the account for
    // each of them, 11 s for an account of 10,000 folders.
    const rows = sql(
      this.db,
      `SELECT f.id FROM folders f WHERE f.selectable = 1 AND CASE
         WHEN f.account_id IN (SELECT account_id FROM folders WHERE role = 'all' AND selectable = 1)
           THEN f.role IS 'all'
         ELSE f.role IS NULL OR f.role NOT IN ('trash', 'junk', 'flagged', 'all') END
       ORDER BY f.id`,
    ).all() as { id: number }[];
    return { folderIds: rows.map((r) => r.id), rows: view === 'unread' ? 'unread' : 'flagged' };
  }

  counts(): ViewCounts[] {
    return UNIFIED_VIEWS.map((view) => ({ view, ...this.pages.counts(this.scope(view)) }));
  }

  /** A page of the view, newest first, with its counts. */
  page(view: UnifiedView, request: PageRequest) {
    return this.pages.page(this.scope(view), request);
  }
}
