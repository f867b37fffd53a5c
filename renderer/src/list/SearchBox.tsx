import { forwardRef, useCallback, useEffect, useId, useState } from 'react';
import { parseSearchQuery } from '../../../shared/search-query';
import { Icon } from '../components/icons';

interface Props {
  /** Called with the trimmed query when it can be read ('' = back to the folder). */
  onSearch: (query: string) => void;
  placeholder: string;
  /** What the core said is wrong with the query (a folder that does not exist): shown like a syntax error. */
  error?: string | null | undefined;
}

// Searching as one types, once typing pauses.
const TYPING_PAUSE_MS = 300;

/**
 * The search box. The query is read here as it is typed (the core's own
 * parser, shared/search-query.ts): a malformed one is not searched, and what
 * is wrong with it shows right under the box. Enter searches at once; Escape clears.
 */
export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox({ onSearch, placeholder, error }, ref) {
  const [text, setText] = useState('');
  const [syntaxError, setSyntaxError] = useState<string | null>(null);
  const errorId = useId();

  const submit = useCallback(
    (value: string) => {
      const query = value.trim();
      const parsed = query === '' ? null : parseSearchQuery(query);
      if (parsed && !parsed.ok) {
        setSyntaxError(parsed.error.message);
        return;
      }
      setSyntaxError(null);
      onSearch(query);
    },
    [onSearch],
  );

  useEffect(() => {
    const timer = setTimeout(() => submit(text), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, submit]);

  const shown = syntaxError ?? error ?? null;
  return (
    <search className="search-box">
      <div className="search-field">
        <Icon name="search" className="search-icon" />
        <input
          ref={ref}
          type="search"
          aria-label="Search mail"
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? errorId : undefined}
          placeholder={placeholder}
          value={text}
          maxLength={500}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') submit(text);
            else if (event.key === 'Escape') {
              event.preventDefault();
              setText('');
              setSyntaxError(null);
              onSearch('');
            }
          }}
        />
      </div>
      {shown && (
        <p id={errorId} className="search-error" role="alert">
          {shown}
        </p>
      )}
    </search>
  );
});
