// Which messages are selected in the list. Ids, not row numbers: rows move
// when mail arrives or leaves, the selected messages should not. The indexes
// are remembered too, for when the message itself is gone (after a delete the
// cursor stays at the same place in the list).

export interface Selection {
  ids: ReadonlySet<number>;
  /** Where Shift+click and Shift+arrow ranges start. */
  anchorId: number | null;
  anchorIndex: number;
  /** The row the keyboard is on (aria-activedescendant). */
  cursorId: number | null;
  cursorIndex: number;
  /** Select the row at cursorIndex as soon as it is read (after a delete, or End on a long list). */
  pending?: boolean;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchorId: null, anchorIndex: 0, cursorId: null, cursorIndex: 0 };

export function selectOne(id: number, index: number): Selection {
  return { ids: new Set([id]), anchorId: id, anchorIndex: index, cursorId: id, cursorIndex: index };
}

/** Ctrl/Cmd+click: add or remove one message, keeping the others. */
export function toggleOne(selection: Selection, id: number, index: number): Selection {
  const ids = new Set(selection.ids);
  if (!ids.delete(id)) ids.add(id);
  return { ids, anchorId: id, anchorIndex: index, cursorId: id, cursorIndex: index };
}

/** Shift+click or Shift+arrow: everything from the anchor to here. */
export function selectRange(selection: Selection, rangeIds: readonly number[], cursorId: number, cursorIndex: number): Selection {
  return { ...selection, ids: new Set(rangeIds), cursorId, cursorIndex };
}

/** The one message the reader shows: only when exactly one is selected. */
export function openedId(selection: Selection): number | null {
  if (selection.ids.size !== 1) return null;
  const [only] = selection.ids;
  return only ?? null;
}

/** Selects whatever row ends up at `index` once it has been read. */
export function selectAt(index: number): Selection {
  return { ...EMPTY_SELECTION, cursorIndex: Math.max(0, index), anchorIndex: Math.max(0, index), pending: true };
}
