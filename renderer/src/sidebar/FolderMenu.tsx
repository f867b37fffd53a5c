import { useId, useRef, useState } from 'react';
import type { Folder } from '../../../shared/mail';
import { Icon } from '../components/icons';
import { Menu, type MenuItem, type Point } from '../components/Menu';

export interface FolderMenuState {
  button: React.RefObject<HTMLButtonElement | null>;
  /** Where the menu is open, or null. */
  at: Point | null;
  /** Opens at a point (right-click), or below the "More actions" button. */
  open: (at?: Point) => void;
  close: (refocus: boolean) => void;
}

/** One folder's menu, opened by its "More actions" button or by a right-click on its row. */
export function useFolderMenu(): FolderMenuState {
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<Point | null>(null);
  return {
    button,
    at,
    open: (point) => {
      const rect = button.current?.getBoundingClientRect();
      setAt(point ?? (rect ? { x: rect.left, y: rect.bottom + 4 } : { x: 0, y: 0 }));
    },
    close: (refocus) => {
      setAt(null);
      // Back to the button even after a right-click: it stays where the folder is,
      // and a dialog opened from the menu returns focus there when it closes.
      if (refocus) button.current?.focus();
    },
  };
}

interface Props {
  folder: Folder;
  items: MenuItem[];
  menu: FolderMenuState;
}

/**
 * The "More actions for <folder>" button (shown on hover and focus; always in
 * the tab order and the accessibility tree) and the menu it opens.
 */
export function FolderMenu({ folder, items, menu }: Props) {
  const menuId = useId();
  const open = menu.at !== null;
  return (
    <>
      <button
        ref={menu.button}
        type="button"
        className="folder-more"
        data-focus={`folder-more-${folder.id}`}
        aria-label={`More actions for ${folder.name}`}
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? menu.close(false) : menu.open())}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            menu.open();
          }
        }}
      >
        <Icon name="more" />
      </button>
      {menu.at && (
        <Menu id={menuId} label={`Actions for ${folder.name}`} items={items} onClose={menu.close} trigger={menu.button} at={menu.at} />
      )}
    </>
  );
}
