import type { ReactNode } from 'react';
import { Icon } from '../components/icons';
import { MenuButton, type MenuItem } from '../components/MenuButton';

export interface ToolbarState {
  /** Every selected message is read / starred (as far as the list knows). */
  allRead: boolean;
  allStarred: boolean;
  canArchive: boolean;
  canJunk: boolean;
  /** The messages are in Junk: the Junk button becomes "Not junk". */
  canNotJunk: boolean;
  moveTargets: MenuItem[];
  /** Why "Move to…" is off (messages of several accounts in a unified view); absent: it is on. */
  moveNote?: string;
}

interface Props extends ToolbarState {
  onArchive: () => void;
  onJunk: () => void;
  onNotJunk: () => void;
  onDelete: () => void;
  onToggleRead: () => void;
  onToggleStar: () => void;
  /** Reply, Reply all, Forward: first in the bar, when one message is open. */
  replies?: ReactNode;
  /** Gmail: the Labels button and its popover (LabelPicker), after Move to…. */
  labels?: ReactNode;
}

/** The actions on the selected message(s). The list's keyboard shortcuts are named in title and aria-keyshortcuts. */
export function MessageToolbar({
  allRead,
  allStarred,
  canArchive,
  canJunk,
  canNotJunk,
  moveTargets,
  moveNote,
  onArchive,
  onJunk,
  onNotJunk,
  onDelete,
  onToggleRead,
  onToggleStar,
  replies,
  labels,
}: Props) {
  return (
    // A named group of buttons; a <fieldset> would be read as part of a form.
    // biome-ignore lint/a11y/useSemanticElements: see above
    <div className="toolbar" role="group" aria-label="Message actions">
      {replies}
      <button type="button" className="button quiet" onClick={onArchive} disabled={!canArchive} title="Archive (E)" aria-keyshortcuts="E">
        <Icon name="archive" />
        Archive
      </button>
      {canNotJunk ? (
        <button type="button" className="button quiet" onClick={onNotJunk} title="Not junk: back to the Inbox (!)" aria-keyshortcuts="!">
          <Icon name="inbox" />
          Not junk
        </button>
      ) : (
        <button type="button" className="button quiet" onClick={onJunk} disabled={!canJunk} title="Junk (!)" aria-keyshortcuts="!">
          <Icon name="junk" />
          Junk
        </button>
      )}
      <button type="button" className="button quiet" onClick={onDelete} title="Delete (Delete)" aria-keyshortcuts="Delete">
        <Icon name="trash" />
        Delete
      </button>
      <MenuButton
        className="button quiet"
        menuLabel="Move to folder"
        items={moveTargets}
        title={moveNote ?? 'Move to another folder'}
        disabled={moveNote !== undefined}
      >
        <Icon name="move" />
        Move to…
      </MenuButton>
      {labels}
      <button
        type="button"
        className="button quiet"
        onClick={onToggleRead}
        title={allRead ? 'Mark unread (Shift+U)' : 'Mark read (U)'}
        aria-keyshortcuts={allRead ? 'Shift+U' : 'U'}
      >
        <Icon name="unread" />
        {allRead ? 'Mark unread' : 'Mark read'}
      </button>
      <button
        type="button"
        className="button quiet"
        onClick={onToggleStar}
        title={allStarred ? 'Unstar (S)' : 'Star (S)'}
        aria-keyshortcuts="S"
      >
        <Icon name="flagged" className={allStarred ? 'starred' : undefined} />
        {allStarred ? 'Unstar' : 'Star'}
      </button>
    </div>
  );
}
