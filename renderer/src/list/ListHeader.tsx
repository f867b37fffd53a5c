import type { Folder } from '../../../shared/mail';
import { formatCount } from '../common/format';
import { SEARCH_LIMIT } from './list-store';

interface Props {
  /** The folder shown, or a unified view's name and counts. */
  folder: Pick<Folder, 'name' | 'total' | 'unread'>;
  query: string;
  /** Rows in the list; null while the first page is read. */
  total: number | null;
}

/** The list's title (the folder, or the search) and how many messages it has. */
export function ListHeader({ folder, query, total }: Props) {
  let count = '';
  if (query) {
    if (total !== null) count = total >= SEARCH_LIMIT ? `First ${formatCount(SEARCH_LIMIT)} matches` : `${formatCount(total)} found`;
  } else {
    const messages = total ?? folder.total;
    count = `${formatCount(messages)} ${messages === 1 ? 'message' : 'messages'}`;
    if (folder.unread > 0) count += `, ${formatCount(folder.unread)} unread`;
  }
  return (
    <div className="list-header">
      <h1 className="list-title">{query ? 'Search results' : folder.name}</h1>
      <p className="list-count muted">{count}</p>
    </div>
  );
}
