import { useCallback, useState } from 'react';

// Which folders list conversations (a row per thread) rather than single
// messages: a switch per folder, off unless the user turned it on (forced
// threading is what Mailspring's users asked for years to switch off). Kept
// in this window's localStorage, like the folders folded in the sidebar: a
// way of looking at the mail on this computer, which the core never needs
// (no setting of the store exists for the window's views, and adding one
// would mean a schema, an API method and its events for a checkbox). Folder
// ids are the store's, stable while the folder exists. The browser transport
// (npm run web) keeps it per origin, so a new port starts with it off.
const STORAGE_KEY = 'tidings.conversationFolders';

function load(): Set<number> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((n): n is number => typeof n === 'number') : []);
  } catch {
    // Storage may be disabled or hold garbage: single messages everywhere.
    return new Set();
  }
}

/** Whether `folderId` lists conversations, and the switch (null: no folder, as in a unified view: never). */
export function useConversationMode(folderId: number | null): [boolean, (on: boolean) => void] {
  const [folders, setFolders] = useState(load);
  const set = useCallback(
    (on: boolean) => {
      if (folderId === null) return;
      setFolders((current) => {
        const next = new Set(current);
        if (on) next.add(folderId);
        else next.delete(folderId);
        try {
          localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
        } catch {
          // Not remembered; switched for now.
        }
        return next;
      });
    },
    [folderId],
  );
  return [folderId !== null && folders.has(folderId), set];
}
