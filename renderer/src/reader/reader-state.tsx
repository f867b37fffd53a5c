import { type RefObject, useEffect } from 'react';
import type { ApiError } from '../../../shared/errors';

// What the single-message reader and the conversation reader share: focus
// given to the article when the list asks for it (Enter on a row), and the
// words shown while it loads or when it cannot be read.

/** Focuses `article` once it is ready, when the list asked for it, and says so. */
export function useFocusWhenWanted(
  article: RefObject<HTMLElement | null>,
  focusWanted: boolean | undefined,
  ready: boolean,
  onFocused: () => void,
): void {
  useEffect(() => {
    if (!focusWanted || !ready) return;
    article.current?.focus();
    onFocused();
  }, [article, focusWanted, ready, onFocused]);
}

/** "Loading …" or "Could not open this …" for a reader whose content is not ready; null once it is. */
export function ReaderStatus({
  state,
  what,
}: {
  state: { state: 'loading' } | { state: 'failed'; error: ApiError } | { state: 'ready' };
  what: string;
}) {
  if (state.state === 'loading') {
    return (
      <p className="reader-empty muted" role="status">
        Loading {what}…
      </p>
    );
  }
  if (state.state === 'failed') {
    return (
      <p className="reader-empty error-text" role="alert">
        Could not open this {what}: {state.error.message}
      </p>
    );
  }
  return null;
}
