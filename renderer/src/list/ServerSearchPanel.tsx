import { type ReactNode, useId } from 'react';
import { formatCount } from '../common/format';
import { Icon } from '../components/icons';
import type { ServerSearch, ServerSearchState } from './useServerSearch';

interface Props {
  search: ServerSearch;
  /** Why no server can be asked (every account in scope keeps its mail here only); null when one can. */
  unavailable: string | null;
  /** The server's matches (a MessageList), shown under the divider once there are some. */
  results: ReactNode;
  /** How many of them are listed (after those the list above already shows). */
  count: number;
}

/** One account's line: searching, how many more it found, or why it could not be asked. */
function statusText(status: ServerSearchState): string {
  if (status.state === 'searching') return 'Searching…';
  if (status.state === 'failed') return status.message;
  return status.found === 0 ? 'Nothing more found' : `${formatCount(status.found)} more found`;
}

/**
 * Under the local search results: "Search on server", then, once asked,
 * the divider "On the server", a line per account (its progress, or what
 * went wrong, inline), and the matches the local search did not find.
 */
export function ServerSearchPanel({ search, unavailable, results, count }: Props) {
  const titleId = useId();
  if (!search.started) {
    return (
      <div className="server-search">
        <button
          type="button"
          className="button"
          onClick={unavailable ? undefined : search.run}
          aria-disabled={unavailable !== null || undefined}
          title={unavailable ?? 'Ask the mail server for what is not stored on this computer'}
        >
          <Icon name="search" />
          Search on server
        </button>
        {unavailable && <span className="server-search-note muted">{unavailable}</span>}
      </div>
    );
  }
  return (
    <section className="server-search open" aria-labelledby={titleId}>
      <h2 id={titleId} className="server-divider">
        <span>On the server</span>
      </h2>
      <ul className="server-status" aria-live="polite">
        {search.accounts.map(({ target, status }) => (
          <li key={target.accountId} className={`server-status-line ${status.state}`}>
            <span className="server-status-account">{target.name}</span>
            {status.state === 'failed' ? (
              <span className="error-text" role="alert">
                {statusText(status)}
              </span>
            ) : (
              <span className="muted" role={status.state === 'searching' ? 'status' : undefined}>
                {statusText(status)}
              </span>
            )}
          </li>
        ))}
      </ul>
      {count > 0 && <div className="server-results">{results}</div>}
      {!search.running && (
        <button type="button" className="button quiet server-search-again" onClick={search.run}>
          Search again
        </button>
      )}
    </section>
  );
}
