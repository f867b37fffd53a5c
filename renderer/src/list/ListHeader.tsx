import type { Folder } from '../../../shared/mail';
import { formatCount } from '../common/format';

interface Props {
  /** The folder shown, or a unified view's name and counts. */
  folder: Pick<Folder, 'name' | 'total' | 'unread'>;
  query: string;
  /** Rows in the list; null while the first page is read. */
  total: number | null;
  /** False when `total` is a lower bound (a search with more matches than counted so far). */
  totalExact?: boolean;
  /** A search's answer says some mail is still being indexed. */
  indexing?: boolean;
  /** The folder's switch between conversations and single messages (not while searching). */
  conversations?: { on: boolean; onChange: (on: boolean) => void } | undefined;
}

/** How many matches a search has, in words: "1 match", "250 matches", "More than 1,000 matches". */
export function matchCount(total: number, exact: boolean): string {
  if (!exact) return `More than ${formatCount(total)} matches`;
  return `${formatCount(total)} ${total === 1 ? 'match' : 'matches'}`;
}

/** The list's title (the folder, or the search), how many messages (or conversations) it has, and the conversations switch. */
export function ListHeader({ folder, query, total, totalExact = true, indexing = false, conversations }: Props) {
  let count = '';
  if (query) {
    if (total !== null) count = matchCount(total, totalExact);
  } else if (conversations?.on) {
    if (total !== null) count = `${formatCount(total)} ${total === 1 ? 'conversation' : 'conversations'}`;
    if (folder.unread > 0) count += `${count ? ', ' : ''}${formatCount(folder.unread)} unread`;
  } else {
    const messages = total ?? folder.total;
    count = `${formatCount(messages)} ${messages === 1 ? 'message' : 'messages'}`;
    if (folder.unread > 0) count += `, ${formatCount(folder.unread)} unread`;
  }
  return (
    <div className="list-header">
      <h1 className="list-title">{query ? 'Search results' : folder.name}</h1>
      <p
        className="list-count muted"
        title={indexing ? 'Some mail is still being indexed: matches may be missing for a moment.' : undefined}
      >
        {count}
        {query && indexing ? ' (indexing…)' : ''}
      </p>
      {conversations && !query && (
        <button
          type="button"
          role="switch"
          aria-checked={conversations.on}
          className="conversation-switch"
          title={conversations.on ? 'Show every message on its own row' : 'Show a row per conversation'}
          onClick={() => conversations.onChange(!conversations.on)}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          Conversations
        </button>
      )}
    </div>
  );
}
