import type { Address, MessageSummary } from '../../shared/mail';
import { FLAG } from './flags';

// A row of the messages table as it is read, and what the message list shows
// of it. Shared by the repository of the rows (messages-repo.ts) and the
// full-text index (search-index.ts), which both read rows.

export interface MessageRow {
  id: number;
  account_id: string;
  folder_id: number;
  uid: number | null;
  message_id: string | null;
  in_reply_to: string | null;
  references_json: string | null;
  subject: string;
  from_name: string | null;
  from_address: string | null;
  to_json: string | null;
  cc_json: string | null;
  reply_to_json: string | null;
  date: number;
  flags: number;
  size: number;
  snippet: string;
  has_attachments: number;
  body_state: number;
  remote_allowed: number;
  /** Gmail's X-GM-MSGID and X-GM-THRID (decimal), NULL elsewhere. */
  gm_msgid: string | null;
  gm_thrid: string | null;
  /** Gmail's labels of the message (X-GM-LABELS, system ones as "\\Inbox"), as JSON; NULL elsewhere. */
  labels_json: string | null;
  /** The row its content (source, body, index entry) was stored under; shared by a Gmail message's rows. NULL until the body is stored. */
  content_id: number | null;
  /** The message's key in the search index (store/search-index.ts), shared by a Gmail message's rows; NULL until indexed (a store being upgraded). */
  search_key: number | null;
}

export const BODY_STATE = { missing: 0, parsed: 1, unparsable: 2 } as const;

/** The columns toSummary reads. */
export const SUMMARY_COLUMNS =
  'id, account_id, folder_id, subject, from_name, from_address, date, snippet, flags, has_attachments, size, labels_json';

/** What toSummary reads of a row (the columns of SUMMARY_COLUMNS). */
export type SummaryRow = Pick<
  MessageRow,
  | 'id'
  | 'account_id'
  | 'folder_id'
  | 'subject'
  | 'from_name'
  | 'from_address'
  | 'date'
  | 'snippet'
  | 'flags'
  | 'has_attachments'
  | 'size'
  | 'labels_json'
>;

export function toSummary(row: SummaryRow): MessageSummary {
  const labels = userLabels(row.labels_json);
  return {
    id: row.id,
    accountId: row.account_id,
    folderId: row.folder_id,
    subject: row.subject,
    from: row.from_address || row.from_name ? { name: row.from_name ?? '', address: row.from_address ?? '' } : null,
    date: new Date(row.date).toISOString(),
    snippet: row.snippet,
    seen: (row.flags & FLAG.seen) !== 0,
    flagged: (row.flags & FLAG.flagged) !== 0,
    answered: (row.flags & FLAG.answered) !== 0,
    hasAttachments: row.has_attachments === 1,
    size: row.size,
    ...(labels ? { labels } : {}),
  };
}

/** The labels a person gave a Gmail message (not Gmail's own: \\Inbox, \\Important, ...), sorted; undefined for other mail. */
export function userLabels(json: string | null): string[] | undefined {
  if (json === null) return undefined;
  return stringList(json)
    .filter((label) => !label.startsWith('\\'))
    .sort((a, b) => a.localeCompare(b));
}

/** A row's labels_json as a list; a damaged one reads as none. */
export function stringList(json: string | null): string[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** A row's to_json, cc_json or reply_to_json; a damaged one reads as no one. */
export function addressList(json: string | null): Address[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as Address[]) : [];
  } catch {
    return [];
  }
}
