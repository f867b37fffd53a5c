import { describe, expect, it } from 'vitest';
import { reordered } from '../../../renderer/src/sidebar/account-order';

// Dragging an account's name onto another in the sidebar.

describe('account order by drag and drop', () => {
  const ids = ['a', 'b', 'c', 'd'];

  it('puts the dragged account before or after the one it is dropped on', () => {
    expect(reordered(ids, 'd', 'a', 'before')).toEqual(['d', 'a', 'b', 'c']);
    expect(reordered(ids, 'a', 'c', 'after')).toEqual(['b', 'c', 'a', 'd']);
    expect(reordered(ids, 'a', 'c', 'before')).toEqual(['b', 'a', 'c', 'd']);
    expect(reordered(ids, 'b', 'd', 'after')).toEqual(['a', 'c', 'd', 'b']);
  });

  it('changes nothing when dropped on itself, where it already is, or with an unknown id', () => {
    expect(reordered(ids, 'b', 'b', 'after')).toBeNull();
    expect(reordered(ids, 'b', 'c', 'before')).toBeNull();
    expect(reordered(ids, 'b', 'a', 'after')).toBeNull();
    expect(reordered(ids, 'x', 'a', 'before')).toBeNull();
  });
});
