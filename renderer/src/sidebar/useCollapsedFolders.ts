import { useCallback, useState } from 'react';

// Which folders the user closed, remembered across restarts on this computer.
// Folder ids are the store's, stable for as long as the folder exists.
const STORAGE_KEY = 'tidings.collapsedFolders';

function load(): Set<number> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((n): n is number => typeof n === 'number') : []);
  } catch {
    // Storage may be disabled or hold garbage: start with everything open.
    return new Set();
  }
}

export interface CollapsedFolders {
  has(id: number): boolean;
  toggle(id: number): void;
}

/** One per sidebar: every account's tree shares it (and the one stored list). */
export function useCollapsedFolders(): CollapsedFolders {
  const [collapsed, setCollapsed] = useState(load);
  const toggle = useCallback((id: number) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
      } catch {
        // Not remembered; still toggled for now.
      }
      return next;
    });
  }, []);
  return { has: (id: number) => collapsed.has(id), toggle };
}
