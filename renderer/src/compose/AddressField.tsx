import { type ClipboardEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { RefusedRecipient } from '../../../shared/compose';
import type { Address } from '../../../shared/mail';
import { Icon } from '../components/icons';
import { addAddresses, chipLabel, isValidAddress, parseAddressList, sameAddress, splitFinished } from './addresses';

interface Props {
  /** The visible label ("To", "Cc", "Bcc"); also the field's accessible name. */
  label: string;
  value: Address[];
  onChange: (addresses: Address[]) => void;
  /** People to offer for what has been typed (already ranked). */
  suggest: (query: string) => Promise<Address[]>;
  /** Focus the input when the field appears (Cc/Bcc opened on demand). */
  autoFocus?: boolean;
  /** Placed after the input, on the same line (the Cc/Bcc toggle). */
  trailing?: React.ReactNode;
  /** data-focus for App-level focus moves. */
  focusKey?: string;
  /** Recipients the server refused last time: their chips say so, with the server's words. */
  refused?: RefusedRecipient[];
}

const SUGGEST_DELAY_MS = 120;
const MAX_SUGGESTIONS = 8;

/**
 * An address field: finished addresses are chips (with a remove button each),
 * the rest is a combobox input with suggestions from everyone the user has
 * written to or heard from. Comma, semicolon, Enter and Tab finish an address;
 * Backspace in an empty input takes the last chip back into the input for editing.
 */
export function AddressField({ label, value, onChange, suggest, autoFocus, trailing, focusKey, refused = [] }: Props) {
  const inputId = useId();
  const listId = useId();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Address[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const latestQuery = useRef('');

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  // Suggestions follow the text, a moment after the last key; stale answers are dropped.
  useEffect(() => {
    const query = text.trim();
    latestQuery.current = query;
    if (query.length === 0) {
      setOptions([]);
      return;
    }
    const timer = setTimeout(() => {
      suggest(query)
        .then((found) => {
          if (latestQuery.current !== query) return;
          const fresh = found.filter((f) => !value.some((v) => sameAddress(v.address, f.address))).slice(0, MAX_SUGGESTIONS);
          setOptions(fresh);
          setActive(fresh.length > 0 ? 0 : -1);
        })
        .catch(() => setOptions([]));
    }, SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, suggest, value]);

  const expanded = open && options.length > 0 && text.trim().length > 0;

  function commit(more: Address[]) {
    if (more.length > 0) onChange(addAddresses(value, more));
  }

  function commitText(): boolean {
    const typed = parseAddressList(text);
    if (typed.length === 0) return false;
    commit(typed);
    setText('');
    return true;
  }

  function choose(option: Address) {
    commit([option]);
    setText('');
    setOptions([]);
    input.current?.focus();
  }

  function remove(index: number) {
    onChange(value.filter((_, i) => i !== index));
    input.current?.focus();
  }

  function onInput(next: string) {
    const { done, rest } = splitFinished(next);
    if (done.length > 0) commit(done);
    setText(rest);
    setOpen(true);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (expanded && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
      return;
    }
    if (event.key === 'Enter' || (event.key === 'Tab' && !event.shiftKey && text.trim())) {
      // Ctrl/Cmd+Enter is "Send": finish the address and let the key go on.
      const option = expanded && active >= 0 ? options[active] : undefined;
      if (option) choose(option);
      else commitText();
      if (event.key === 'Enter' && !(event.ctrlKey || event.metaKey)) event.preventDefault();
      // Tab with text: stay in the field, so the user sees the chip it became.
      if (event.key === 'Tab') event.preventDefault();
      return;
    }
    if (event.key === 'Escape' && expanded) {
      // Closes the list only; a second Escape closes the compose pane.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      return;
    }
    if (event.key === 'Backspace' && text === '' && value.length > 0) {
      event.preventDefault();
      const last = value[value.length - 1];
      if (!last) return;
      onChange(value.slice(0, -1));
      setText(last.name ? `${last.name} <${last.address}>` : last.address);
    }
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const pasted = event.clipboardData.getData('text');
    if (!/[,;\n]/.test(pasted)) return;
    event.preventDefault();
    const { done, rest } = splitFinished(`${text}${pasted}`);
    commit(done);
    setText(rest);
  }

  const activeId = expanded && active >= 0 ? `${listId}-${active}` : undefined;
  return (
    // A click anywhere on the row puts the caret in the input, as in any mail app.
    // biome-ignore lint/a11y/useKeyWithClickEvents: the input itself is keyboard-reachable; this is a mouse convenience
    // biome-ignore lint/a11y/noStaticElementInteractions: see above
    <div className="compose-row address-field" onClick={(e) => e.target === e.currentTarget && input.current?.focus()}>
      <label htmlFor={inputId} className="compose-label">
        {label}:
      </label>
      <ul className="chips" aria-label={`${label} recipients`}>
        {value.map((address, index) => {
          const valid = isValidAddress(address.address);
          const refusal = refused.find((r) => sameAddress(r.address, address.address));
          const full = address.name ? `${address.name} <${address.address}>` : address.address;
          return (
            <li
              key={address.address.toLowerCase()}
              className={valid && !refusal ? 'chip' : 'chip invalid'}
              title={refusal ? `${full}: refused by the server: ${refusal.response}` : full}
            >
              <span className="chip-label">{chipLabel(address)}</span>
              {!valid && <span className="visually-hidden"> (not a valid address)</span>}
              {refusal && <span className="visually-hidden"> (refused by the server: {refusal.response})</span>}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${address.address || chipLabel(address)}`}
                onClick={() => remove(index)}
              >
                <Icon name="close" />
              </button>
            </li>
          );
        })}
        <li className="chip-input-wrap">
          <input
            ref={input}
            id={inputId}
            data-focus={focusKey}
            className="chip-input"
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={activeId}
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(e) => onInput(e.target.value)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onFocus={() => setOpen(true)}
            onBlur={() => {
              // Leaving the field finishes what was typed; a click on a suggestion lands first (mousedown below).
              commitText();
              setOpen(false);
            }}
          />
        </li>
      </ul>
      {trailing}
      <div id={listId} role="listbox" aria-label={`Suggestions for ${label}`} className="suggestions" hidden={!expanded}>
        {options.map((option, index) => (
          // Reached through the combobox (aria-activedescendant), never focused themselves.
          // biome-ignore lint/a11y/useKeyWithClickEvents: see above
          // biome-ignore lint/a11y/useFocusableInteractive: see above
          <div
            key={option.address}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'suggestion active' : 'suggestion'}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(option)}
          >
            <span className="suggestion-name">{option.name || option.address}</span>
            {option.name && <span className="suggestion-address muted">{option.address}</span>}
          </div>
        ))}
      </div>
    </div>
  );
}
