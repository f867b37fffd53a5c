import { type CSSProperties, useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { endMessageDrag, startMessageDrag } from '../common/message-drag';
import type { ListRow, MessageListStore } from './list-store';
import { type AccountMark, type Density, MessageRow, ROW_HEIGHTS, rowId } from './MessageRow';
import { clampTop, contentTop, listGeometry, scrollbarTop, wheelPixels } from './scroll-scale';
import { type Selection, selectAt, selectOne, selectRange, toggleOne } from './selection';

export type ListCommand = 'open' | 'delete' | 'archive' | 'junk' | 'labels' | 'star' | 'read' | 'unread';

/**
 * The list's single-key commands (the toolbar names them too, in title and
 * aria-keyshortcuts); j/k and the arrows move. Junk is Gmail's "!" (Thunderbird's
 * J would be Shift+j, next to j for "down"); Labels is Gmail's "l".
 */
export const LIST_SHORTCUTS: ReadonlyMap<string, ListCommand> = new Map<string, ListCommand>([
  ['e', 'archive'],
  ['E', 'archive'],
  ['!', 'junk'],
  ['l', 'labels'],
  ['s', 'star'],
  ['S', 'star'],
]);

interface Props {
  store: MessageListStore;
  /** The listbox's name, e.g. "Messages in Inbox". */
  label: string;
  selection: Selection;
  onSelection: (selection: Selection) => void;
  onCommand: (command: ListCommand) => void;
  emptyText: string;
  /** Search results span folders: each row then says which. */
  folderName?: (folderId: number) => string | undefined;
  /** A unified view spans accounts: each row then says whose (a name and a colour). */
  accountMark?: (accountId: string) => AccountMark | undefined;
  /** The label of the folder shown (Gmail): rows leave that chip out. */
  folderLabel?: string | undefined;
  /** The account's address: conversations name it "me". */
  ownAddress?: string | undefined;
  /** False when the failure to read is shown elsewhere (a search the core could not read: under the search box). */
  showError?: boolean;
  /** Row height (the list density setting); comfortable unless given. */
  density?: Density;
}

/** Rows rendered above and below the visible ones, so a short scroll never shows a gap. */
const OVERSCAN = 8;

/**
 * The message list, virtualized by hand: a tall spacer (rows × the row height)
 * inside a scroller, and only the visible rows (plus OVERSCAN) rendered,
 * absolutely placed. The scroller is the listbox: it takes focus, and the
 * keyboard's row is announced through aria-activedescendant. A list taller
 * than a browser can lay out (a million rows) gets a spacer of its own height
 * and a scaled scrollbar: see scroll-scale.ts.
 */
export function MessageList({
  store,
  label,
  selection,
  onSelection,
  onCommand,
  emptyText,
  folderName,
  folderLabel,
  accountMark,
  ownAddress,
  showError = true,
  density = 'comfortable',
}: Props) {
  const rowHeight = ROW_HEIGHTS[density];
  const version = useSyncExternalStore(store.subscribe, store.getVersion);
  const scroller = useRef<HTMLDivElement>(null);
  // Where the scrollbar is, and where the rows are (px into the rows): the same unless the list is scaled.
  const [scroll, setScroll] = useState({ bar: 0, top: 0 });
  const [viewport, setViewport] = useState(0);
  const total = store.total ?? 0;
  const geometry = listGeometry(total, rowHeight, viewport);
  const scrollTop = geometry.scale === 1 ? scroll.bar : clampTop(geometry, scroll.top, viewport);
  /** Rows are placed at index × rowHeight − origin in the spacer: 0 unless scaled. */
  const origin = geometry.scale === 1 ? 0 : scrollTop - scroll.bar;

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);

  // The scrollbar position the list set itself last (a scaled list's wheel and keys): its scroll event moves no rows.
  const ownScroll = useRef<number | null>(null);
  const lastBar = useRef(0);
  // Whether the scrollbar's thumb is held: what it does is a jump to a fraction of the list, however small the move.
  const holdingBar = useRef(false);
  const latestGeometry = useRef({ geometry, viewport, scrollTop, rowHeight });
  latestGeometry.current = { geometry, viewport, scrollTop, rowHeight };

  /** Puts the rows at `top` px; a scaled list moves its scrollbar to match. */
  const scrollRowsTo = useCallback((top: number) => {
    const element = scroller.current;
    if (!element) return;
    const { geometry, viewport } = latestGeometry.current;
    if (geometry.scale === 1) {
      element.scrollTop = top;
      return;
    }
    const clamped = clampTop(geometry, top, viewport);
    const before = element.scrollTop;
    element.scrollTop = scrollbarTop(geometry, clamped);
    if (element.scrollTop !== before) ownScroll.current = element.scrollTop;
    lastBar.current = element.scrollTop;
    setScroll({ bar: element.scrollTop, top: clamped });
  }, []);

  // A density switch keeps the same row at the top: the old offset in px would point at another one.
  const placedHeight = useRef(rowHeight);
  useLayoutEffect(() => {
    const before = placedHeight.current;
    if (before === rowHeight) return;
    placedHeight.current = rowHeight;
    scrollRowsTo((latestGeometry.current.scrollTop / before) * rowHeight);
  }, [rowHeight, scrollRowsTo]);

  const onScroll = useCallback(
    (event: React.UIEvent<HTMLDivElement>) => {
      const bar = event.currentTarget.scrollTop;
      const moved = bar - lastBar.current;
      lastBar.current = bar;
      const { geometry, viewport, scrollTop } = latestGeometry.current;
      if (geometry.scale === 1) return setScroll({ bar, top: bar });
      const own = ownScroll.current;
      ownScroll.current = null;
      if (own !== null && Math.abs(bar - own) < 1) return setScroll((s) => ({ ...s, bar }));
      // A short move the list did not make (Space, a row scrolled into view): the rows move by as much.
      if (!holdingBar.current && Math.abs(moved) <= 3 * viewport) return scrollRowsTo(scrollTop + moved);
      // The scrollbar dragged, or set from outside: the rows at the same fraction of the list.
      setScroll({ bar, top: contentTop(geometry, bar, viewport) });
    },
    [scrollRowsTo],
  );
  const onPointerDown = useCallback((event: React.PointerEvent<HTMLDivElement>) => {
    if (event.nativeEvent.offsetX < event.currentTarget.clientWidth) return;
    holdingBar.current = true;
    const release = () => {
      holdingBar.current = false;
      window.removeEventListener('pointerup', release);
      window.removeEventListener('pointercancel', release);
    };
    window.addEventListener('pointerup', release);
    window.addEventListener('pointercancel', release);
  }, []);

  // A scaled list takes the wheel: the rows move by the wheel's pixels, not by the scrollbar's.
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const { geometry, viewport, scrollTop } = latestGeometry.current;
      if (geometry.scale === 1 || event.ctrlKey || event.deltaY === 0) return;
      event.preventDefault();
      scrollRowsTo(scrollTop + wheelPixels(event, viewport));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [scrollRowsTo]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version: pages that arrive may reveal the total, and so more pages to read
  useEffect(() => store.ensure(first, Math.max(last, first + 1)), [store, first, last, version]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  // Where the selected messages are now (rows move when mail arrives); the remembered index otherwise.
  const cursorAt = selection.cursorId === null ? -1 : store.indexOf(selection.cursorId);
  const cursorIndex = cursorAt >= 0 ? cursorAt : Math.min(selection.cursorIndex, Math.max(0, total - 1));

  // A pending selection (after a delete, or End on a long list) completes once its row is read.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version: re-check when rows arrive
  useEffect(() => {
    if (!selection.pending) return;
    if (store.total === 0) return onSelection({ ...selection, pending: false });
    const row = store.row(Math.min(selection.cursorIndex, total - 1));
    if (row) onSelection(selectOne(row.id, Math.min(selection.cursorIndex, total - 1)));
  }, [selection, store, version, total, onSelection]);

  const scrollToRow = useCallback(
    (index: number) => {
      const element = scroller.current;
      if (!element) return;
      const { scrollTop, rowHeight } = latestGeometry.current;
      const top = index * rowHeight;
      if (top < scrollTop) scrollRowsTo(top);
      else if (top + rowHeight > scrollTop + element.clientHeight) scrollRowsTo(top + rowHeight - element.clientHeight);
    },
    [scrollRowsTo],
  );

  // Handlers read the latest props through a ref, so the memoized rows keep stable callbacks.
  const latest = useRef({ selection, onSelection, store, cursorIndex });
  latest.current = { selection, onSelection, store, cursorIndex };

  const onRowClick = useCallback((event: React.MouseEvent, index: number, message: ListRow) => {
    const { selection, onSelection, store } = latest.current;
    if (event.shiftKey && selection.anchorId !== null) {
      const anchor = store.indexOf(selection.anchorId);
      void store
        .idsInRange(anchor >= 0 ? anchor : selection.anchorIndex, index)
        .then((ids) => latest.current.onSelection(selectRange(latest.current.selection, ids, message.id, index)));
    } else if (event.metaKey || event.ctrlKey) {
      onSelection(toggleOne(selection, message.id, index));
    } else {
      onSelection(selectOne(message.id, index));
    }
  }, []);

  const onDragStart = useCallback((event: React.DragEvent, message: ListRow) => {
    const { selection, store } = latest.current;
    // Dragging a selected row drags the whole selection; any other row goes alone (a conversation: its messages here).
    const ids = store.messageIds(selection.ids.has(message.id) ? [...selection.ids] : [message.id]);
    const folderId = store.source.kind === 'folder' || store.source.kind === 'conversations' ? store.source.folderId : null;
    startMessageDrag(event, { accountId: message.accountId, folderId, ids });
  }, []);

  function moveTo(index: number, extend: boolean) {
    if (total === 0) return;
    const target = Math.max(0, Math.min(total - 1, index));
    scrollToRow(target);
    const row = store.row(target);
    if (!row) return onSelection(selectAt(target));
    if (!extend || selection.anchorId === null) return onSelection(selectOne(row.id, target));
    const anchor = store.indexOf(selection.anchorId);
    void store
      .idsInRange(anchor >= 0 ? anchor : selection.anchorIndex, target)
      .then((ids) => latest.current.onSelection(selectRange(latest.current.selection, ids, row.id, target)));
  }

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.altKey) return;
    const command = event.ctrlKey || event.metaKey;
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    // With nothing selected yet, the first arrow press selects the first row.
    const from = selection.cursorId === null && !selection.pending ? -1 : cursorIndex;
    const key = event.key;
    if (key === 'ArrowDown' || (key === 'j' && !command)) moveTo(from + 1, event.shiftKey);
    else if (key === 'ArrowUp' || (key === 'k' && !command)) moveTo(Math.max(0, from - 1), event.shiftKey);
    else if (key === 'PageDown') moveTo(from + page, event.shiftKey);
    else if (key === 'PageUp') moveTo(from - page, event.shiftKey);
    else if (key === 'Home') moveTo(0, event.shiftKey);
    else if (key === 'End') moveTo(total - 1, event.shiftKey);
    else if (command)
      return; // leave Ctrl/Cmd shortcuts to the browser and the app
    else if (key === 'Enter') onCommand('open');
    else if (key === 'Delete' || key === 'Backspace') onCommand('delete');
    else if (key === 'u' || key === 'U') onCommand(event.shiftKey ? 'unread' : 'read');
    else {
      const shortcut = LIST_SHORTCUTS.get(key);
      if (!shortcut) return;
      onCommand(shortcut);
    }
    event.preventDefault();
  }

  const rows = [];
  for (let index = first; index < last; index++) {
    const message = store.row(index);
    rows.push(
      <MessageRow
        key={message ? message.id : `placeholder-${index}`}
        message={message}
        index={index}
        total={total}
        selected={message ? selection.ids.has(message.id) : false}
        cursor={index === cursorIndex && selection.cursorId !== null}
        onClick={onRowClick}
        onDragStart={onDragStart}
        onDragEnd={endMessageDrag}
        folderName={message && folderName ? folderName(message.folderId) : undefined}
        accountMark={message && accountMark ? accountMark(message.accountId) : undefined}
        folderLabel={folderLabel}
        ownAddress={ownAddress}
        origin={origin}
        rowHeight={rowHeight}
      />,
    );
  }

  const cursorRendered = selection.cursorId !== null && cursorIndex >= first && cursorIndex < last && store.row(cursorIndex);
  const empty = store.total === 0;

  return (
    <div className="message-list-wrap">
      <div
        ref={scroller}
        className={`message-list ${density}`}
        style={{ '--row-height': `${rowHeight}px` } as CSSProperties}
        role="listbox"
        aria-label={label}
        aria-multiselectable="true"
        aria-busy={store.total === null || undefined}
        aria-activedescendant={cursorRendered && selection.cursorId !== null ? rowId(selection.cursorId) : undefined}
        data-scale={geometry.scale === 1 ? undefined : geometry.scale}
        data-focus="message-list"
        tabIndex={0}
        onScroll={onScroll}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      >
        <div className="message-list-spacer" style={{ height: `${geometry.spacer}px` }}>
          {rows}
        </div>
      </div>
      {empty && <p className="list-empty muted">{emptyText}</p>}
      {store.total === null && !store.error && <p className="list-empty muted">Loading…</p>}
      {store.error && showError && (
        <div className="list-error" role="alert">
          <p>Could not read the messages: {store.error.message}</p>
          <button type="button" className="button" onClick={() => store.invalidate()}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}
