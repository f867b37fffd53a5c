import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, openedId, selectAt, selectOne, selectRange, toggleOne } from '../../../renderer/src/list/selection';

// The list's selection: ids (rows move when mail arrives), with the indexes
// kept for when the selected message is gone.

describe('list selection', () => {
  it('selects one message, which the reader opens', () => {
    const one = selectOne(42, 3);
    expect([...one.ids]).toEqual([42]);
    expect(one).toMatchObject({ anchorId: 42, anchorIndex: 3, cursorId: 42, cursorIndex: 3 });
    expect(openedId(one)).toBe(42);
    expect(openedId(EMPTY_SELECTION)).toBeNull();
  });

  it('Ctrl/Cmd+click adds and removes one message and moves the anchor there', () => {
    const two = toggleOne(selectOne(1, 0), 2, 1);
    expect([...two.ids].sort()).toEqual([1, 2]);
    expect(two).toMatchObject({ anchorId: 2, cursorId: 2, cursorIndex: 1 });
    expect(openedId(two)).toBeNull();
    const back = toggleOne(two, 1, 0);
    expect([...back.ids]).toEqual([2]);
    expect(openedId(back)).toBe(2);
  });

  it('Shift+click keeps the anchor and selects the range', () => {
    const range = selectRange(selectOne(10, 4), [10, 11, 12], 12, 6);
    expect([...range.ids]).toEqual([10, 11, 12]);
    expect(range).toMatchObject({ anchorId: 10, anchorIndex: 4, cursorId: 12, cursorIndex: 6 });
  });

  it('selectAt waits for the row at an index (after a delete), never below 0', () => {
    const pending = selectAt(7);
    expect(pending).toMatchObject({ pending: true, cursorIndex: 7, anchorIndex: 7, cursorId: null });
    expect(pending.ids.size).toBe(0);
    expect(selectAt(-3).cursorIndex).toBe(0);
  });
});
