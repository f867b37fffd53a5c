import type { ImapFlow, ListResponse } from 'imapflow';
import type { FolderRole } from '../../shared/mail';
import type { FolderRecord } from '../store/folders-repo';
import { roleForFolderName } from './folder-names';
import { GMAIL_CAPABILITY } from './gmail-labels';
import { personalPrefix, shownParentPath } from './personal-namespace';

// The account's folder tree as the server lists it, with each special
// folder's role. In order of trust:
//
// 1. what the server says: the SPECIAL-USE attributes of RFC 6154 (\Sent,
//    \Trash, ...) on a LIST line, also from a server that does not advertise
//    the extension (Exchange Online marks Sent Items, Deleted Items, Junk
//    Email and Drafts so, without SPECIAL-USE in its CAPABILITY), and Gmail's
//    older XLIST as imapflow reads it;
// 2. the folder's name, in folder-names.ts (our table, in the languages of
//    Microsoft, Yahoo, AOL, iCloud, GMX and WEB.DE): "Deleted Items",
//    "Gelöschte Elemente", "Bulk", ...;
// 3. imapflow's own guess from names, for languages the table lacks.
//
// A name only fills a role no folder has from the server, and only for a
// folder that can hold mail, at the top level or directly under INBOX (some
// servers keep every folder there: "INBOX.Sent", "INBOX/Drafts"). The name is
// the last segment as the server's delimiter splits the path, so "INBOX.Sent"
// is INBOX's child "Sent" where "." is the delimiter, and a folder called
// "INBOX.Sent" where it is "/"; "Work/Sent" takes no role. One folder per
// role: within a tier the first listed wins, a top-level folder before a
// child of INBOX.
//
// Not at Gmail (X-GM-EXT-1): it marks each of its own folders, and every
// other folder is a label the user made: a label called "Archive" is no
// archive folder (and as one it would lose its label, gmail-labels.ts).
//
// A folder's parentPath is where the tree shows it: right under the personal
// namespace's prefix ("INBOX.Receipts" on Cyrus) is the top level, as other
// clients show it (personal-namespace.ts). Role by name reads the server's
// own parent.

const ROLE_BY_SPECIAL_USE: Record<string, FolderRole> = {
  '\\inbox': 'inbox',
  '\\drafts': 'drafts',
  '\\sent': 'sent',
  '\\trash': 'trash',
  '\\junk': 'junk',
  '\\archive': 'archive',
  '\\all': 'all',
  '\\flagged': 'flagged',
};

/** What role assignment reads of one LIST entry (imapflow's ListResponse has it all). */
export type ListedFolder = Pick<ListResponse, 'path' | 'name' | 'delimiter' | 'parentPath' | 'flags' | 'subscribed'> &
  Partial<Pick<ListResponse, 'specialUse' | 'specialUseSource'>>;

export async function listFolders(client: ImapFlow): Promise<FolderRecord[]> {
  return foldersWithRoles(await client.list(), { byName: !client.capabilities.has(GMAIL_CAPABILITY), prefix: personalPrefix(client) });
}

/**
 * The entries of one LIST as folder records, each special role given to at
 * most one folder; `byName: false` takes only the server's word; `prefix` is
 * the personal namespace's ("INBOX." on Cyrus), whose folders are shown at the top.
 */
export function foldersWithRoles(
  entries: readonly ListedFolder[],
  { byName = true, prefix = '' }: { byName?: boolean; prefix?: string } = {},
): FolderRecord[] {
  const records = entries.map((entry) => toRecord(entry, prefix));
  const taken = new Set<FolderRole>();
  const give = (index: number, role: FolderRole | null) => {
    const record = records[index] as FolderRecord;
    if (!role || record.role || taken.has(role)) return;
    record.role = role;
    taken.add(role);
  };
  for (const [i, entry] of entries.entries()) give(i, serverRole(entry));
  if (!byName) return records;
  // Names: the top level first, then the children of INBOX.
  const named = entries
    .map((entry, i) => ({ entry, i, depth: nameDepth(entry) }))
    .filter(({ entry, i, depth }) => depth !== null && (records[i] as FolderRecord).selectable && entry.path.toUpperCase() !== 'INBOX')
    .sort((a, b) => (a.depth as number) - (b.depth as number) || a.i - b.i);
  for (const { entry, i } of named) give(i, roleForFolderName(entry.name));
  for (const { entry, i } of named) give(i, entry.specialUseSource === 'name' ? roleOf(entry.specialUse) : null);
  return records;
}

function toRecord(entry: ListedFolder, prefix: string): FolderRecord {
  const noSelect = hasFlag(entry, '\\Noselect') || hasFlag(entry, '\\NonExistent');
  const inbox = entry.path.toUpperCase() === 'INBOX';
  return {
    path: entry.path,
    name: inbox ? 'Inbox' : entry.name,
    delimiter: entry.delimiter || null,
    parentPath: shownParentPath(entry, prefix),
    role: inbox ? 'inbox' : null,
    subscribed: entry.subscribed,
    selectable: !noSelect,
  };
}

/** The role the server gave the folder: an RFC 6154 attribute on its LIST line, or what imapflow read from SPECIAL-USE/XLIST. */
function serverRole(entry: ListedFolder): FolderRole | null {
  for (const flag of entry.flags) {
    const role = roleOf(flag);
    if (role && role !== 'inbox') return role;
  }
  return entry.specialUseSource === 'extension' || entry.specialUseSource === 'user' ? roleOf(entry.specialUse) : null;
}

function roleOf(specialUse: string | undefined): FolderRole | null {
  return ROLE_BY_SPECIAL_USE[(specialUse ?? '').toLowerCase()] ?? null;
}

/** 0 for a top-level folder, 1 for a child of INBOX, null where a name says nothing. */
function nameDepth(entry: ListedFolder): number | null {
  if (!entry.parentPath) return 0;
  const isInboxChild = entry.parentPath.toUpperCase() === 'INBOX' && entry.path.length === entry.parentPath.length + 1 + entry.name.length;
  return isInboxChild ? 1 : null;
}

function hasFlag(entry: ListedFolder, flag: string): boolean {
  const wanted = flag.toLowerCase();
  for (const f of entry.flags) if (f.toLowerCase() === wanted) return true;
  return false;
}
