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
}

/** How many matches a search has, in words: "1 match", "250 matches", "More than 1,000 matches". */
export function matchCount(total: number, exact: boolean): string {
  if (!exact) return `More than ${formatCount(total)} matches`;
  return `${formatCount(total)} ${total === 1 ? 'match' : 'matches'}`;
}

/** The list's title (the folder, or the search) and how many messages it has. */
export function ListHeader({ folder, query, total, totalExact = true, indexing = false }: Props) {
  let count = '';
  if (query) {
    if (total !== null) count = matchCount(total, totalExact);
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
    </div>
  );
}
