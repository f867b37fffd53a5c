import type { ImapFlow, ListResponse } from 'imapflow';
import type { FolderRole } from '../../shared/mail';
import type { FolderRecord } from '../store/folders-repo';

// The account's folder tree as the server lists it. imapflow already decides
// special use: from the SPECIAL-USE extension (RFC 6154) when the server has
// it, else from well-known names ("Sent Items", "Papierkorb", ...).

const ROLE_BY_SPECIAL_USE: Record<string, FolderRole> = {
  '\\Inbox': 'inbox',
  '\\Drafts': 'drafts',
  '\\Sent': 'sent',
  '\\Trash': 'trash',
  '\\Junk': 'junk',
  '\\Archive': 'archive',
  '\\All': 'all',
  '\\Flagged': 'flagged',
};

export async function listFolders(client: ImapFlow): Promise<FolderRecord[]> {
  const entries = await client.list();
  const roles = new Set<FolderRole>();
  const records = entries.map((entry) => toRecord(entry));
  // One folder per role: the first the server lists wins (a second "Sent" stays a plain folder).
  for (const record of records) {
    if (!record.role) continue;
    if (roles.has(record.role)) record.role = null;
    else roles.add(record.role);
  }
  return records;
}

function toRecord(entry: ListResponse): FolderRecord {
  const noSelect = entry.flags.has('\\Noselect') || entry.flags.has('\\NonExistent');
  return {
    path: entry.path,
    name: entry.path.toUpperCase() === 'INBOX' ? 'Inbox' : entry.name,
    delimiter: entry.delimiter || null,
    parentPath: entry.parentPath || null,
    role: entry.path.toUpperCase() === 'INBOX' ? 'inbox' : (ROLE_BY_SPECIAL_USE[entry.specialUse ?? ''] ?? null),
    subscribed: entry.subscribed,
    selectable: !noSelect,
  };
}
