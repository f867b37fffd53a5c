// Dragging rows of the message list onto a folder in the sidebar moves them.
// The drag never leaves this window, so what is dragged is kept here rather
// than parsed back out of dataTransfer (which dragover may not even read).

export interface MessageDrag {
  accountId: string;
  folderId: number | null;
  ids: number[];
}

let current: MessageDrag | null = null;

export const MESSAGE_DRAG_TYPE = 'application/x-tidings-messages';

export function startMessageDrag(event: React.DragEvent, drag: MessageDrag): void {
  current = drag;
  event.dataTransfer.effectAllowed = 'move';
  // Some type must be set or the drag does not start; the count helps drop targets elsewhere.
  event.dataTransfer.setData(MESSAGE_DRAG_TYPE, String(drag.ids.length));
  event.dataTransfer.setData('text/plain', `${drag.ids.length} message${drag.ids.length === 1 ? '' : 's'}`);
}

export function endMessageDrag(): void {
  current = null;
}

/** The messages being dragged, when they may be dropped into this folder. */
export function droppableOn(accountId: string, folderId: number): MessageDrag | null {
  if (!current || current.accountId !== accountId || current.folderId === folderId) return null;
  return current;
}
