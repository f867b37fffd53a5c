// The Labels popover's keyboard, as a pure decision (LabelPicker.tsx does it).
// Its items, top to bottom: the filter field (0), a checkbox per label shown,
// then "Create label" when offered. Focus moves between them for real (so
// Space toggles a checkbox natively and types a space in the field).

export type PickerKeyAction =
  /** Move focus to item `at`. */
  | { do: 'focus'; at: number }
  /** Close, and give focus back to where it was before the popover opened. */
  | { do: 'close' }
  /** Press the item that has focus (toggle its checkbox, or create the label). */
  | { do: 'press' }
  /** Enter in the filter: toggle the label named exactly, or create it. */
  | { do: 'submit' }
  | null;

export function pickerKey(key: string, at: number, count: number): PickerKeyAction {
  const inField = at === 0;
  switch (key) {
    case 'Escape':
      return { do: 'close' };
    case 'ArrowDown':
      return { do: 'focus', at: (at + 1) % count };
    case 'ArrowUp':
      return { do: 'focus', at: (at - 1 + count) % count };
    // In the field Home and End move the caret.
    case 'Home':
      return inField ? null : { do: 'focus', at: Math.min(1, count - 1) };
    case 'End':
      return inField ? null : { do: 'focus', at: count - 1 };
    case 'Enter':
      return inField ? { do: 'submit' } : { do: 'press' };
    default:
      return null;
  }
}
