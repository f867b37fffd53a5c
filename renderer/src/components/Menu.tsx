import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface MenuItem {
  key: string;
  label: string;
  /** Indent level, for folders shown as a tree. */
  depth?: number;
  disabled?: boolean;
  onSelect: () => void;
}

export interface Point {
  x: number;
  y: number;
}

interface Props {
  id?: string;
  /** The menu's name (e.g. "Move to folder"). */
  label: string;
  items: MenuItem[];
  /** refocus: give focus back to the control that opened the menu (Escape, a choice), not on Tab or a click elsewhere. */
  onClose: (refocus: boolean) => void;
  /** The control that opened the menu: pressing it is not "elsewhere" (it toggles the menu itself). */
  trigger: RefObject<HTMLElement | null>;
  /**
   * A viewport point (a context menu). Without it the menu hangs below its
   * anchor. With it the menu is position: fixed, so a scrolling sidebar
   * (overflow: auto) cannot clip it; it closes when a scroll moves its trigger,
   * since a fixed menu would no longer be next to what it is about.
   */
  at?: Point;
}

const ENABLED = '[role="menuitem"]:not([aria-disabled="true"])';
const MARGIN = 8;

/**
 * The WAI-ARIA menu: the first item gets focus, arrows/Home/End move, Enter
 * picks, Escape closes, Tab or a press elsewhere closes.
 */
export function Menu({ id, label, items, onClose, trigger, at }: Props) {
  const menu = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<Point | null>(null);
  // The latest onClose, so the listeners below are added once per opening.
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>(ENABLED)?.focus();
    const outside = (target: EventTarget | null) =>
      !(target instanceof Node && (menu.current?.contains(target) || trigger.current?.contains(target)));
    const onPointerDown = (event: PointerEvent) => {
      if (outside(event.target)) close.current(false);
    };
    // Closes when what it is about has moved away from it. Not on any scroll
    // event: one queued before the menu opened (the scroll that brought the
    // row into view, say) arrives just after, and would close it at once.
    const start = trigger.current?.getBoundingClientRect();
    const onMoved = () => {
      const now = trigger.current?.getBoundingClientRect();
      if (!start || !now || Math.abs(now.top - start.top) > 2 || Math.abs(now.left - start.left) > 2) close.current(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    if (at) {
      window.addEventListener('scroll', onMoved, true);
      window.addEventListener('resize', onMoved);
    }
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('scroll', onMoved, true);
      window.removeEventListener('resize', onMoved);
    };
  }, [trigger, at]);

  // Kept inside the window: measured before paint, so it never shows cut off first.
  useLayoutEffect(() => {
    if (!at || !menu.current) return;
    const { width, height } = menu.current.getBoundingClientRect();
    setPlace({
      x: Math.max(MARGIN, Math.min(at.x, window.innerWidth - width - MARGIN)),
      y: Math.max(MARGIN, Math.min(at.y, window.innerHeight - height - MARGIN)),
    });
  }, [at]);

  function onKeyDown(event: React.KeyboardEvent) {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>(ENABLED) ?? [])];
    const index = entries.indexOf(document.activeElement as HTMLElement);
    const focus = (n: number) => entries[(n + entries.length) % entries.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(index + 1);
        break;
      case 'ArrowUp':
        focus(index - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(entries.length - 1);
        break;
      case 'Escape':
        onClose(true);
        break;
      case 'Tab':
        onClose(false);
        return; // let focus move on
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  const fixed = at ? { position: 'fixed' as const, left: (place ?? at).x, top: (place ?? at).y } : undefined;

  return (
    <div ref={menu} id={id} role="menu" aria-label={label} className={at ? 'menu menu-at' : 'menu'} style={fixed} onKeyDown={onKeyDown}>
      {items.length === 0 && <p className="menu-empty muted">Nothing to choose</p>}
      {items.map((item) => (
        <button
          key={item.key}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="menu-item"
          style={item.depth ? { paddingInlineStart: `${12 + item.depth * 14}px` } : undefined}
          aria-disabled={item.disabled || undefined}
          onClick={() => {
            if (item.disabled) return;
            onClose(true);
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
