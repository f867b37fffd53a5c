import { describe, expect, it } from 'vitest';
import { pickerKey } from '../../../renderer/src/reader/label-picker-keys';

// The Labels popover's keyboard (renderer/src/reader/label-picker-keys.ts):
// item 0 is the filter field, then one checkbox per label, then "Create label".

describe('the Labels popover keyboard', () => {
  it('Escape closes, from the field or a checkbox', () => {
    expect(pickerKey('Escape', 0, 4)).toEqual({ do: 'close' });
    expect(pickerKey('Escape', 2, 4)).toEqual({ do: 'close' });
  });

  it('arrows move through the field and the checkboxes, round at the ends', () => {
    expect(pickerKey('ArrowDown', 0, 4)).toEqual({ do: 'focus', at: 1 });
    expect(pickerKey('ArrowDown', 3, 4)).toEqual({ do: 'focus', at: 0 });
    expect(pickerKey('ArrowUp', 1, 4)).toEqual({ do: 'focus', at: 0 });
    expect(pickerKey('ArrowUp', 0, 4)).toEqual({ do: 'focus', at: 3 });
  });

  it('Home and End jump between the checkboxes, but move the caret in the field', () => {
    expect(pickerKey('Home', 3, 4)).toEqual({ do: 'focus', at: 1 });
    expect(pickerKey('End', 1, 4)).toEqual({ do: 'focus', at: 3 });
    expect(pickerKey('Home', 0, 4)).toBeNull();
    expect(pickerKey('End', 0, 4)).toBeNull();
  });

  it('Enter toggles the checkbox with focus, and in the field takes the name typed', () => {
    expect(pickerKey('Enter', 2, 4)).toEqual({ do: 'press' });
    expect(pickerKey('Enter', 0, 4)).toEqual({ do: 'submit' });
  });

  it('leaves Space (a checkbox toggles itself; the field types it), Tab and letters alone', () => {
    for (const key of [' ', 'Tab', 'a', 'l']) {
      expect(pickerKey(key, 0, 4), key).toBeNull();
      expect(pickerKey(key, 2, 4), key).toBeNull();
    }
  });
});
