import type { ComposeMode } from '../../../shared/compose';
import { MenuButton } from '../components/MenuButton';
import { type ComposeIconName, FormatIcon } from './compose-icons';

type Mode = Exclude<ComposeMode, 'new'>;

const BUTTONS: { mode: Mode; label: string; key: string; icon: ComposeIconName }[] = [
  { mode: 'reply', label: 'Reply', key: 'R', icon: 'reply' },
  { mode: 'replyAll', label: 'Reply all', key: 'A', icon: 'replyAll' },
  { mode: 'forward', label: 'Forward', key: 'F', icon: 'forward' },
];

/**
 * Reply, Reply all, Forward for the open message, as icons (named for
 * assistive technology and in the tooltip) so the toolbar keeps to one line;
 * forwarding as an attachment is in the menu next to them.
 */
export function ReplyButtons({ onRespond }: { onRespond: (mode: Mode) => void }) {
  return (
    <>
      {BUTTONS.map(({ mode, label, key, icon }) => (
        <button
          key={mode}
          type="button"
          className="button quiet icon-only"
          aria-label={label}
          aria-keyshortcuts={key}
          title={`${label} (${key})`}
          onClick={() => onRespond(mode)}
        >
          <FormatIcon name={icon} />
        </button>
      ))}
      <MenuButton
        className="button quiet icon-only more-forward"
        menuLabel="More ways to forward"
        title="More ways to forward"
        items={[{ key: 'attachment', label: 'Forward as attachment', onSelect: () => onRespond('forwardAsAttachment') }]}
      >
        <span className="visually-hidden">More ways to forward</span>
        <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M7 10l5 5 5-5" />
        </svg>
      </MenuButton>
      <span className="toolbar-sep" aria-hidden="true" />
    </>
  );
}
