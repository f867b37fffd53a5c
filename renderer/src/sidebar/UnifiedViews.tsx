import type { UnifiedView, ViewCounts } from '../../../shared/mail';
import { formatCount } from '../common/format';
import { VIEW_NAMES } from '../common/views';
import { Icon, type IconName } from '../components/icons';

interface Props {
  counts: ReadonlyMap<UnifiedView, ViewCounts>;
  selectedView: UnifiedView | null;
  onSelect: (view: UnifiedView) => void;
}

const ICONS: Record<UnifiedView, IconName> = { inbox: 'inbox', unread: 'unread', starred: 'flagged', drafts: 'drafts', sent: 'sent' };
const ORDER: readonly UnifiedView[] = ['inbox', 'unread', 'starred', 'drafts', 'sent'];

/**
 * What the badge says: unread mail where it is news (All Inboxes, Unread),
 * how many there are elsewhere (Starred, Drafts, Sent), quieter.
 */
function badgeOf(view: UnifiedView, counts: ViewCounts | undefined): { text: string; words: string; quiet: boolean } | null {
  if (!counts) return null;
  if (view === 'inbox' || view === 'unread') {
    return counts.unread > 0 ? { text: formatCount(counts.unread), words: ' unread', quiet: false } : null;
  }
  if (counts.total === 0) return null;
  return { text: formatCount(counts.total), words: counts.total === 1 ? ' message' : ' messages', quiet: true };
}

/** The views across every account, at the top of the sidebar: All Inboxes, Unread, Starred, Drafts, Sent. */
export function UnifiedViews({ counts, selectedView, onSelect }: Props) {
  return (
    <section className="unified-views" aria-label="All accounts">
      <ul className="folder-list" aria-label="All accounts">
        {ORDER.map((view) => {
          const badge = badgeOf(view, counts.get(view));
          const selected = view === selectedView;
          return (
            <li key={view}>
              <div className={`folder-row${selected ? ' selected' : ''}`}>
                <span className="folder-toggle-space" />
                <button
                  type="button"
                  className="folder-button"
                  aria-current={selected ? 'page' : undefined}
                  data-focus={`view-${view}`}
                  onClick={() => onSelect(view)}
                >
                  <Icon name={ICONS[view]} className="folder-icon" />
                  <span className="folder-name">{VIEW_NAMES[view]}</span>
                  {badge && (
                    <span className={`badge${badge.quiet ? ' quiet' : ''}`}>
                      <span className="visually-hidden">, </span>
                      {badge.text}
                      <span className="visually-hidden">{badge.words}</span>
                    </span>
                  )}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
