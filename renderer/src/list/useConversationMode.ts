import { useCallback, useState } from 'react';

// Which folders list conversations (a row per thread) rather than single
// messages. The default for every folder is the global setting
// "Conversations on by default" (off unless turned on: forced threading is
// what Mailspring's users asked for years to switch off); a folder the user
// switched keeps its own choice, in this window's localStorage like the
// folders folded in the sidebar: a way of looking at one folder on this
// computer. Folder ids are the store's, stable while the folder exists. The
// browser transport (npm run web) keeps it per origin.
const STORAGE_KEY = 'tidings.conversationFolders';

/** Folder id → its switch. An older version kept an array of the folders switched on. */
function load(): Map<number, boolean> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (Array.isArray(parsed)) return new Map(parsed.filter((n): n is number => typeof n === 'number').map((n) => [n, true]));
    if (typeof parsed !== 'object' || parsed === null) return new Map();
    return new Map(
      Object.entries(parsed)
        .filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean' && /^\d+$/.test(entry[0]))
        .map(([id, on]) => [Number(id), on]),
    );
  } catch {
    // Storage may be disabled or hold garbage: every folder as the setting says.
    return new Map();
  }
}

/**
 * Whether `folderId` lists conversations (its own switch, else `byDefault`),
 * and the switch (null: no folder, as in a unified view: never).
 */
export function useConversationMode(folderId: number | null, byDefault: boolean): [boolean, (on: boolean) => void] {
  const [folders, setFolders] = useState(load);
  const set = useCallback(
    (on: boolean) => {
      if (folderId === null) return;
      setFolders((current) => {
        const next = new Map(current).set(folderId, on);
        try {
          localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(next)));
        } catch {
          // Not remembered; switched for now.
        }
        return next;
      });
    },
    [folderId],
  );
  return [folderId !== null && (folders.get(folderId) ?? byDefault), set];
}
