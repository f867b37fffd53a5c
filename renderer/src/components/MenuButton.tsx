import { type ReactNode, useId, useRef, useState } from 'react';
import { Menu, type MenuItem } from './Menu';

export type { MenuItem } from './Menu';

interface Props {
  /** The button's content; its text is its accessible name. */
  children: ReactNode;
  /** The menu's name (e.g. "Move to folder"). */
  menuLabel: string;
  items: MenuItem[];
  className?: string;
  disabled?: boolean;
  title?: string;
}

/**
 * A button that opens a menu (the WAI-ARIA menu button pattern): the first
 * item gets focus, arrows/Home/End move, Enter picks, Escape closes and
 * returns focus to the button, Tab or a click elsewhere closes.
 */
export function MenuButton({ children, menuLabel, items, className, disabled, title }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) button.current?.focus();
  }

  return (
    <div className="menu-anchor">
      <button
        ref={button}
        type="button"
        className={className ?? 'button'}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        title={title}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {children}
      </button>
      {open && <Menu id={menuId} label={menuLabel} items={items} onClose={close} trigger={button} />}
    </div>
  );
}
