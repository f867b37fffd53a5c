import type { Folder } from '../../../shared/mail';
import { formatCount } from '../common/format';
import { SEARCH_LIMIT } from './list-store';

interface Props {
  folder: Folder;
  query: string;
  /** Rows in the list; null while the first page is read. */
  total: number | null;
  /** The folder's switch between conversations and single messages (not while searching). */
  conversations?: { on: boolean; onChange: (on: boolean) => void } | undefined;
}

/** The list's title (the folder, or the search), how many messages (or conversations) it has, and the conversations switch. */
export function ListHeader({ folder, query, total, conversations }: Props) {
  let count = '';
  if (query) {
    if (total !== null) count = total >= SEARCH_LIMIT ? `First ${formatCount(SEARCH_LIMIT)} matches` : `${formatCount(total)} found`;
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
      <p className="list-count muted">{count}</p>
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
