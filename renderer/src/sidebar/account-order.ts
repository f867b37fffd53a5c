import type { DragEvent } from 'react';

// Reordering accounts by dragging an account's name in the sidebar onto
// another account (Settings has Move up / Move down for the keyboard). Its
// own drag type, so a dragged message is never taken for an account, nor an
// account dropped on a folder.

export const ACCOUNT_DRAG_TYPE = 'application/x-tidings-account';

/** Where a dragged account lands: before or after the account it is over, by which half it is over. */
export type DropSide = 'before' | 'after';

/**
 * The order with `moved` put before or after `target`; null when nothing
 * changes (dropped on itself, or where it already is).
 */
export function reordered(ids: readonly string[], moved: string, target: string, side: DropSide): string[] | null {
  if (moved === target || !ids.includes(moved) || !ids.includes(target)) return null;
  const rest = ids.filter((id) => id !== moved);
  const at = rest.indexOf(target) + (side === 'after' ? 1 : 0);
  const next = [...rest.slice(0, at), moved, ...rest.slice(at)];
  return next.every((id, i) => id === ids[i]) ? null : next;
}

/** Whether a drag carries an account (dragover cannot read the data, only its types). */
export function isAccountDrag(event: DragEvent): boolean {
  return event.dataTransfer.types.includes(ACCOUNT_DRAG_TYPE);
}

/** Which half of the element the pointer is over. */
export function dropSide(event: DragEvent<HTMLElement>): DropSide {
  const box = event.currentTarget.getBoundingClientRect();
  return event.clientY < box.top + box.height / 2 ? 'before' : 'after';
}
