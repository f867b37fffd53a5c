// A list taller than a browser can make an element. Chromium lays out at most
// 2^25 px (33,554,431) and Firefox about 17.9 million; 1,000,000 rows of 76 px
// are 76 million. Up to MAX_SPACER_PX the scroller is as tall as its rows and
// scrolls natively (scale 1). Beyond, the spacer stays MAX_SPACER_PX tall and
// the scrollbar stands for the whole list, scaled: dragging it (or any scroll
// the list did not make itself) places the list at the same fraction of the
// rows, while the wheel and the keyboard move the rows by their own pixels
// (MessageList turns the wheel into such moves and keeps the scrollbar where
// the rows are).

/** Below both browsers' limits, and where a float32 transform is still within a pixel. */
export const MAX_SPACER_PX = 15_000_000;

export interface ListGeometry {
  /** The rows' height, px. */
  content: number;
  /** The scroller's spacer, px. */
  spacer: number;
  /** Content px per scrollbar px: 1 when the spacer is the rows' height. */
  scale: number;
}

export function listGeometry(rows: number, rowHeight: number, viewport: number, maxSpacer = MAX_SPACER_PX): ListGeometry {
  const content = rows * rowHeight;
  if (content <= maxSpacer) return { content, spacer: content, scale: 1 };
  const scrollable = Math.max(1, maxSpacer - viewport);
  return { content, spacer: maxSpacer, scale: Math.max(1, (content - viewport) / scrollable) };
}

/** The rows' scroll position (px into the content) for a scrollbar position. */
export function contentTop(geometry: ListGeometry, scrollTop: number, viewport: number): number {
  return clampTop(geometry, scrollTop * geometry.scale, viewport);
}

/** The scrollbar position that stands for a content position. */
export function scrollbarTop(geometry: ListGeometry, top: number): number {
  return top / geometry.scale;
}

export function clampTop(geometry: ListGeometry, top: number, viewport: number): number {
  return Math.max(0, Math.min(top, geometry.content - viewport));
}

/** A wheel event's vertical move in px (lines and pages as browsers count them). */
export function wheelPixels(event: Pick<WheelEvent, 'deltaY' | 'deltaMode'>, viewport: number): number {
  if (event.deltaMode === 1) return event.deltaY * 40;
  if (event.deltaMode === 2) return event.deltaY * viewport;
  return event.deltaY;
}
