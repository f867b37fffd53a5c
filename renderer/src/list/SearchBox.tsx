import { forwardRef, useEffect, useState } from 'react';
import { Icon } from '../components/icons';

interface Props {
  /** Called with the trimmed query ('' = back to the folder). */
  onSearch: (query: string) => void;
  placeholder: string;
}

// Searching as one types, once typing pauses.
const TYPING_PAUSE_MS = 300;

/** Full-text search of the account's stored mail. Enter searches at once; Escape clears. */
export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox({ onSearch, placeholder }, ref) {
  const [text, setText] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => onSearch(text.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, onSearch]);

  return (
    <search className="search-box">
      <Icon name="search" className="search-icon" />
      <input
        ref={ref}
        type="search"
        aria-label="Search mail"
        placeholder={placeholder}
        value={text}
        maxLength={500}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onSearch(text.trim());
          else if (event.key === 'Escape') {
            event.preventDefault();
            setText('');
            onSearch('');
          }
        }}
      />
    </search>
  );
});
