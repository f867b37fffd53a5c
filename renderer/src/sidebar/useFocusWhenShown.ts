import { type RefObject, useEffect, useState } from 'react';

// After a folder is created or renamed it appears only once the folder list
// has been re-read (and a renamed folder gets a new id), so focus cannot be
// moved at once: the wish waits for the element, for a while. It is given up
// if the user has gone elsewhere meanwhile: focus must not be pulled away.
const WAIT_MS = 5_000;

/** Returns `focusWhenShown(dataFocus)`; call it again with each change of what is shown (`shown`). */
export function useFocusWhenShown(area: RefObject<HTMLElement | null>, shown: unknown): (target: string) => void {
  const [target, setTarget] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `shown` is the signal to look again
  useEffect(() => {
    if (!target) return;
    const active = document.activeElement;
    const userElsewhere = active && active !== document.body && !area.current?.contains(active);
    const element = document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(target)}"]`);
    if (userElsewhere || element) {
      if (!userElsewhere) element?.focus();
      setTarget(null);
      return;
    }
    const timer = setTimeout(() => setTarget(null), WAIT_MS);
    return () => clearTimeout(timer);
  }, [target, shown, area]);

  return setTarget;
}
