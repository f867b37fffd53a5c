import { type RefObject, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { filterLabels, type LabelState } from '../common/labels';
import { Icon } from '../components/icons';
import { pickerKey } from './label-picker-keys';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The labels to offer, sorted (common/labels.ts: labelChoices). */
  choices: string[];
  /** Each label's checkbox for the selected messages. */
  stateOf: (label: string) => LabelState;
  /** The checkbox was toggled from `state`. */
  onToggle: (label: string, state: LabelState) => void;
  /** "Create label": give the selected messages a label that does not exist yet (Gmail creates it). */
  onCreate: (name: string) => void;
}

/**
 * The toolbar's Labels button (Gmail) and its popover: a filter field and a
 * checkbox per label, checked when every selected message has it, mixed when
 * some do; the field offers "Create label" for a new name. Arrows move,
 * Enter or Space toggles, Escape closes and gives focus back.
 */
export function LabelPicker({ open, onOpenChange, choices, stateOf, onToggle, onCreate }: Props) {
  const trigger = useRef<HTMLButtonElement>(null);
  const popoverId = useId();
  return (
    <div className="menu-anchor">
      <button
        ref={trigger}
        type="button"
        className="button quiet"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        title="Labels (L)"
        aria-keyshortcuts="L"
        onClick={() => onOpenChange(!open)}
      >
        <Icon name="label" />
        Labels
      </button>
      {open && (
        <LabelsPopover
          id={popoverId}
          trigger={trigger}
          choices={choices}
          stateOf={stateOf}
          onToggle={onToggle}
          onCreate={onCreate}
          onClose={() => onOpenChange(false)}
        />
      )}
    </div>
  );
}

interface PopoverProps extends Pick<Props, 'choices' | 'stateOf' | 'onToggle' | 'onCreate'> {
  id: string;
  trigger: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
}

const ITEM = '[data-picker-item]';

function LabelsPopover({ id, trigger, choices, stateOf, onToggle, onCreate, onClose }: PopoverProps) {
  const [typed, setTyped] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const field = useRef<HTMLInputElement>(null);
  // Where focus goes back to on Escape: the button, or the list when `l` opened it.
  const returnTo = useRef<HTMLElement | null>(null);
  const close = useRef(onClose);
  close.current = onClose;
  const { shown, create } = filterLabels(choices, typed);
  // Hangs from the button's left edge, or from its right one when that would leave the window (measured before paint).
  const [alignEnd, setAlignEnd] = useState(false);
  useLayoutEffect(() => {
    const right = box.current?.getBoundingClientRect().right ?? 0;
    if (right > document.documentElement.clientWidth - 8) setAlignEnd(true);
  }, []);

  useEffect(() => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    field.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target;
      if (!(target instanceof Node && (box.current?.contains(target) || trigger.current?.contains(target)))) close.current();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [trigger]);

  function closeAndReturn() {
    const back = returnTo.current?.isConnected ? returnTo.current : trigger.current;
    onClose();
    back?.focus();
  }

  function createLabel(name: string) {
    onCreate(name);
    setTyped('');
    field.current?.focus();
  }

  function onKeyDown(event: React.KeyboardEvent) {
    const items = [...(box.current?.querySelectorAll<HTMLElement>(ITEM) ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const action = pickerKey(event.key, Math.max(0, at), items.length);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action.do === 'close') closeAndReturn();
    else if (action.do === 'focus') items[action.at]?.focus();
    else if (action.do === 'press') items[at]?.click();
    else if (action.do === 'submit') {
      const named = choices.find((name) => name.toLowerCase() === typed.trim().toLowerCase());
      if (named) onToggle(named, stateOf(named));
      else if (create) createLabel(create);
    }
  }

  return (
    // A non-modal dialog: it holds a field and checkboxes, which a menu may not.
    <div
      ref={box}
      id={id}
      role="dialog"
      aria-label="Labels"
      className={alignEnd ? 'labels-popover labels-popover-end' : 'labels-popover'}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tab out of it closes it; a checkbox that a new filter removed drops focus to nowhere, which does not.
        const next = event.relatedTarget;
        if (next instanceof Node && !box.current?.contains(next) && !trigger.current?.contains(next)) onClose();
      }}
    >
      <input
        ref={field}
        data-picker-item=""
        type="text"
        className="labels-filter"
        aria-label="Filter labels"
        placeholder="Filter or create a label"
        autoComplete="off"
        spellCheck={false}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
      />
      {shown.length > 0 && (
        <ul className="labels-options" aria-label="Labels to apply">
          {shown.map((label) => {
            const state = stateOf(label);
            return (
              <li key={label}>
                <label className="labels-option">
                  <input
                    data-picker-item=""
                    type="checkbox"
                    checked={state === 'checked'}
                    ref={(input) => {
                      // "Some of the selected messages": the checkbox's third state, which HTML has no attribute for.
                      if (input) input.indeterminate = state === 'mixed';
                    }}
                    onChange={() => onToggle(label, state)}
                  />
                  <span className="labels-option-name">{label}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {shown.length === 0 && !create && <p className="labels-none muted">{choices.length === 0 ? 'No labels yet' : 'No label matches'}</p>}
      {create && (
        <button data-picker-item="" type="button" className="labels-create" onClick={() => createLabel(create)}>
          <Icon name="plus" />
          Create label “{create}”
        </button>
      )}
    </div>
  );
}
