import type { ComposeMode } from '../../../shared/compose';
import { MenuButton } from '../components/MenuButton';
import { FormatIcon } from './compose-icons';

/** Reply, Reply all, Forward for the open message; forwarding as an attachment is in the menu next to them. */
export function ReplyButtons({ onRespond }: { onRespond: (mode: Exclude<ComposeMode, 'new'>) => void }) {
  return (
    <>
      <button type="button" className="button quiet" onClick={() => onRespond('reply')} title="Reply (R)" aria-keyshortcuts="R">
        <FormatIcon name="reply" />
        Reply
      </button>
      <button type="button" className="button quiet" onClick={() => onRespond('replyAll')} title="Reply all (A)" aria-keyshortcuts="A">
        <FormatIcon name="replyAll" />
        Reply all
      </button>
      <button type="button" className="button quiet" onClick={() => onRespond('forward')} title="Forward (F)" aria-keyshortcuts="F">
        <FormatIcon name="forward" />
        Forward
      </button>
      <MenuButton
        className="button quiet icon-only"
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
