import type { ImapFlow } from 'imapflow';

// Where the server keeps the user's own folders (the personal namespace of
// RFC 2342), and what that means for how a folder is shown. Dovecot's prefix
// is "": "Receipts" is a top-level folder. Cyrus (and Courier) keep every
// personal folder under "INBOX.": "INBOX.Receipts". Thunderbird and Apple
// Mail hide that prefix, so "Receipts" is at the top of the account's tree
// beside the Inbox, not inside it; so do we. Only what is shown changes: the
// server path stays the folder's identity ("INBOX.Receipts" is what the
// store keeps and every command names).

/** The personal namespace's prefix as the server gave it in NAMESPACE ("INBOX." on Cyrus), "" when it gave none. */
export function personalPrefix(client: Pick<ImapFlow, 'namespace'>): string {
  return client.namespace?.prefix ?? '';
}

/**
 * The parent a folder has in the tree the user sees: none for a folder right
 * under the personal prefix ("INBOX.Receipts" where the prefix is "INBOX."),
 * else the server's.
 */
export function shownParentPath(folder: { parentPath?: string | null; delimiter?: string | null | false }, prefix: string): string | null {
  const parent = folder.parentPath || null;
  if (parent && prefix && folder.delimiter && parent + folder.delimiter === prefix) return null;
  return parent;
}

/** Where a new folder the user makes at the top level goes: into the personal namespace ("INBOX.Receipts" on Cyrus). */
export function topLevelPath(name: string, prefix: string): string {
  return prefix + name;
}

/** A path as a user reads it in a sentence: without the personal prefix ("INBOX.Lists.Rust" → "Lists.Rust"); INBOX stays INBOX. */
export function shownPath(path: string, prefix: string): string {
  return prefix && path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : path;
}
