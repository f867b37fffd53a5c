import { z } from 'zod';
import { accountIdSchema } from './accounts';

// Folders and messages as the UI sees them, and the schemas of the calls that
// read and change them. Everything here is served from the local store: the
// UI never waits on the network to show what has been seen once.

export const FOLDER_ROLES = ['inbox', 'drafts', 'sent', 'trash', 'junk', 'archive', 'all', 'flagged'] as const;
export type FolderRole = (typeof FOLDER_ROLES)[number];

export interface Folder {
  id: number;
  accountId: string;
  /** The server's full path, e.g. "Lists/Rust". */
  path: string;
  /** The last segment, for display. */
  name: string;
  /** The hierarchy delimiter ("/" or "."), null for a flat server. */
  delimiter: string | null;
  /** Path of the parent folder, null at the top. */
  parentPath: string | null;
  role: FolderRole | null;
  subscribed: boolean;
  /** False for \Noselect containers: they hold folders, not mail. */
  selectable: boolean;
  total: number;
  unread: number;
}

export interface Address {
  name: string;
  address: string;
}

/** One row of the message list. */
export interface MessageSummary {
  id: number;
  accountId: string;
  folderId: number;
  subject: string;
  from: Address | null;
  date: string;
  snippet: string;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  size: number;
  /**
   * Gmail only: the labels the user gave the message ("Work", "Receipts/2024"),
   * not Gmail's own (Inbox, Important, Sent: those are folders). Absent on
   * accounts without labels.
   */
  labels?: string[];
}

/**
 * The largest message Tidings downloads (a server's announced size, RFC822.SIZE):
 * one larger is listed, searchable by its headers, and its reader says to open
 * it on the server (webmail), instead of holding gigabytes in memory. Also the
 * IMAP connections' largest literal (imap/connection-options.ts).
 */
export const MAX_DOWNLOAD_BYTES = 256 * 1024 * 1024;

export interface AttachmentInfo {
  index: number;
  filename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
}

/** A message opened in the reader. */
export interface MessageDetail extends MessageSummary {
  messageId: string | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /**
   * 'ready': text/html below are the message's; 'missing': the body has not
   * been downloaded and the server cannot be reached now; 'unparsable': only
   * the raw source can be shown (see messages.source); 'too_large': the
   * message is over MAX_DOWNLOAD_BYTES (its `size`) and is not downloaded.
   */
  body: 'ready' | 'missing' | 'unparsable' | 'too_large';
  text: string;
  /** The sender's HTML, unsanitized: the renderer sanitizes it and shows it in a sandboxed frame. */
  html: string | null;
  attachments: AttachmentInfo[];
  /** Inline cid: images as data: URLs, keyed by Content-ID (without <>). */
  inlineImages: Record<string, string>;
  /** Things the parser survived (bad base64, unknown charset, ...). */
  problems: string[];
  /** Whether remote content (images, ...) may be loaded for this message: the user allowed this message or this (verified) sender. */
  remoteContentAllowed: boolean;
  /**
   * The user's own provider authenticated the From domain (Authentication-Results
   * with DKIM or DMARC pass): only then may "always for this sender" be offered.
   */
  senderVerified: boolean;
  /** The message is from a mailing list that can be left (List-Unsubscribe): how, and to whom; null when it cannot. */
  unsubscribe: UnsubscribeOffer | null;
}

/**
 * How messages.unsubscribe would leave a list, for the confirmation: a
 * one-click request to a web host (RFC 8058), a message to an address (sent
 * through the Outbox), or a page to open in the browser.
 */
export interface UnsubscribeOffer {
  method: 'one-click' | 'mailto' | 'web';
  /** The host or the address, to name in the question. */
  target: string;
}

export type UnsubscribeResult =
  | { method: 'one-click'; done: true }
  | { method: 'mailto'; outboxId: string }
  | { method: 'web'; url: string };

export interface MessagePage {
  folderId: number;
  total: number;
  /** The position of the first item: the request's offset (with `after` or `before`, what the caller said it is). */
  offset: number;
  items: MessageSummary[];
}

/**
 * One row of a folder's conversations (a thread with messages in the
 * folder). Threads follow Message-ID, References and In-Reply-To (Gmail's
 * own threads on Gmail) across folders: a reply in Sent is part of it.
 */
export interface ConversationSummary {
  /** The thread's id (stable until a late message links it to another thread; messages.thread follows it then). */
  threadId: number;
  accountId: string;
  folderId: number;
  /** The subject of its first message. */
  subject: string;
  /** Who wrote its messages, in the order they first wrote, each once. */
  participants: Address[];
  /** Of its newest message in this folder. */
  date: string;
  snippet: string;
  /** Its messages in this folder. */
  count: number;
  /** Its messages in all folders (each message once; Trash and Junk not counted elsewhere). */
  total: number;
  /** How many of its messages in this folder are unread. */
  unread: number;
  /** Whether any of its messages in this folder is starred. */
  flagged: boolean;
  hasAttachments: boolean;
  /** Its messages in this folder, newest first: what an action on the conversation acts on. */
  messageIds: number[];
  /** Gmail: the user's labels of its messages in this folder. */
  labels?: string[];
}

export interface ConversationPage {
  folderId: number;
  total: number;
  offset: number;
  items: ConversationSummary[];
}

/** A whole conversation for the reader. */
export interface ThreadView {
  /** The thread's id now (another than the one asked for, when it was merged since). */
  threadId: number;
  subject: string;
  /** Oldest first, each message once, from every folder (Trash and Junk only when asked from there). */
  messages: MessageSummary[];
}

/**
 * A page of a search's matches, newest first, one per message (a Gmail
 * message in several labels' folders comes once). Either `total` (counted to
 * the end) or `moreThan` (counting stopped a window beyond this page: asking
 * for a later page counts further).
 */
export type SearchResults = {
  items: MessageSummary[];
  /** Position of items[0] among all matches. */
  offset: number;
  /** Give as `cursor`, with `offset` + items.length as the offset, to read on from here; null after the last match. */
  next: string | null;
  /** Some mail is still being indexed (a store being upgraded): matches may be missing for now. */
  indexing: boolean;
} & ({ total: number; moreThan?: undefined } | { moreThan: number; total?: undefined });

/**
 * Where a row is in a list ordered newest first: its date (ms since the
 * epoch, MessageSummary.date) and id. Pages are read after or before one
 * (keyset paging), so scrolling never counts or skips rows.
 */
export interface PageKey {
  date: number;
  id: number;
}

/**
 * The views across every account at the top of the sidebar: every Inbox;
 * every unread and every starred message (not in Trash or Junk; a Gmail
 * message once, from All Mail); every Drafts and every Sent folder.
 */
export const UNIFIED_VIEWS = ['inbox', 'unread', 'starred', 'drafts', 'sent'] as const;
export type UnifiedView = (typeof UNIFIED_VIEWS)[number];

/** A unified view and how many messages it lists, and how many of those are unread. */
export interface ViewCounts {
  view: UnifiedView;
  total: number;
  unread: number;
}

export interface ViewPage {
  view: UnifiedView;
  total: number;
  unread: number;
  offset: number;
  items: MessageSummary[];
}

const pageKey = z.object({ date: z.number().int().min(-8.64e15).max(8.64e15), id: z.number().int().positive() }).strict();
/**
 * A page: `limit` rows after `after` (the last row of the page before), or
 * before `before` (the first row of the page after), or else at `offset`
 * (a jump). `offset` is where the caller places the page in any case.
 */
const pageArgs = {
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(500),
  after: pageKey.optional(),
  before: pageKey.optional(),
};
const oneKeyAtMost = (page: { after?: unknown; before?: unknown }) => page.after === undefined || page.before === undefined;
const oneKeyMessage = { message: 'Give after or before, not both' };

const messageIds = z.array(z.number().int().positive()).min(1).max(10_000);
const folderId = z.number().int().positive();
// A folder name is one level of the tree: no hierarchy delimiters, nothing invisible.
const folderName = z
  .string()
  .trim()
  .min(1, 'Enter a folder name')
  .max(200)
  .refine((name) => !/[/\\]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
    message: 'A folder name cannot contain / \\ or control characters',
  });

// A Gmail label: a user's (nested by "/"), or one of Gmail's own that a person may set or clear.
const labelName = z
  .string()
  .trim()
  .min(1, 'Enter a label name')
  .max(225)
  .refine((name) => ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
    message: 'A label name cannot contain control characters',
  })
  .refine((name) => !name.startsWith('\\') || ['\\Inbox', '\\Important'].includes(name), {
    message: 'Not a label a person can set',
  });

export const mailMethodSchemas = {
  /** Every folder of every account (or of one). */
  'folders.list': z.object({ accountId: accountIdSchema.optional() }).strict(),
  /** A page of a folder's messages, newest first (see pageArgs). */
  'messages.page': z
    .object({ folderId, ...pageArgs })
    .strict()
    .refine(oneKeyAtMost, oneKeyMessage),
  /** A page of a unified view (every account's Inbox, ...), newest first (see pageArgs). */
  'messages.view': z
    .object({ view: z.enum(UNIFIED_VIEWS), ...pageArgs })
    .strict()
    .refine(oneKeyAtMost, oneKeyMessage),
  /** The unified views with their counts. */
  'views.list': z.object({}).strict(),
  /** A page of a folder's conversations (threads with messages in it), newest first. */
  'messages.conversations': z
    .object({ folderId, offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(500) })
    .strict(),
  /** All messages of a conversation, for the reader; `folderId`: the folder it is read from. */
  'messages.thread': z.object({ threadId: z.number().int().positive(), folderId: folderId.optional() }).strict(),
  /** One message for the reader; fetches its body first when it is not stored yet and the server can be reached. */
  'messages.get': z.object({ id: z.number().int().positive() }).strict(),
  /** One attachment's bytes (base64), by its index in MessageDetail.attachments. */
  'messages.attachment': z.object({ id: z.number().int().positive(), index: z.number().int().min(0).max(10_000) }).strict(),
  /**
   * "Open": the core writes the attachment to a file of its own and the
   * Electron shell opens that file in the user's default program. Refused for
   * file types the system would run. Only the Electron transport opens it.
   */
  'messages.openAttachment': z.object({ id: z.number().int().positive(), index: z.number().int().min(0).max(10_000) }).strict(),
  /** The raw RFC 5322 source, as received. */
  'messages.source': z.object({ id: z.number().int().positive() }).strict(),
  /** Mark read/unread, star/unstar. Applied locally at once, sent to the server when it can be. */
  'messages.setFlags': z.object({ ids: messageIds, seen: z.boolean().optional(), flagged: z.boolean().optional() }).strict(),
  'messages.move': z.object({ ids: messageIds, folderId }).strict(),
  /** To Trash; from Trash (or where there is no Trash), permanently. */
  'messages.delete': z.object({ ids: messageIds }).strict(),
  /** To the Archive folder; on Gmail, out of the Inbox (the message keeps its labels and stays in All Mail). */
  'messages.archive': z.object({ ids: messageIds }).strict(),
  /** To the account's Junk folder (Gmail's Spam). */
  'messages.junk': z.object({ ids: messageIds }).strict(),
  /** Out of Junk into the Inbox, with $NotJunk set for the server's filter (messages.junk sets $Junk). */
  'messages.notJunk': z.object({ ids: messageIds }).strict(),
  /**
   * Leave the mailing list a message came from (its List-Unsubscribe, read
   * again by the core, never taken from the caller): the one-click request is
   * made, the message queued in the Outbox, or the page's URL returned for the
   * UI to open. Ask the user first: what it does is in MessageDetail.unsubscribe.
   */
  'messages.unsubscribe': z.object({ id: z.number().int().positive() }).strict(),
  /**
   * Gmail only: add and remove labels (a user's, e.g. "Work" or "Receipts/2024";
   * \\Inbox too). Applied locally at once, sent to the server when it can be.
   */
  'messages.setLabels': z
    .object({ ids: messageIds, add: z.array(labelName).max(50), remove: z.array(labelName).max(50) })
    .strict()
    .refine((change) => change.add.length + change.remove.length > 0, { message: 'Name a label to add or remove' }),
  /** Allow remote content for a message, or for every message from its sender. */
  'messages.allowRemoteContent': z.object({ id: z.number().int().positive(), scope: z.enum(['message', 'sender']) }).strict(),
  /**
   * Search the stored mail (syntax: shared/search-query.ts; a malformed query
   * fails with invalid_argument and the parser's message), in every account,
   * or one account, or one folder. Pages by `offset`, or faster by `cursor`
   * (a page's `next`, with the offset of the page after it).
   */
  'messages.search': z
    .object({
      query: z.string().trim().min(1).max(500),
      accountId: accountIdSchema.optional(),
      folderId: folderId.optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      cursor: z
        .string()
        .regex(/^\d{1,16}$/, { message: 'Not a search cursor' })
        .optional(),
    })
    .strict(),
  /**
   * "Search on server", for mail whose body is not stored here: the query
   * (the syntax of messages.search) as IMAP SEARCH keys in the folder given,
   * else in the folder an in: names, else in every folder but Trash, Junk and
   * Drafts; on Gmail in Gmail's own syntax (X-GM-RAW) over All Mail. What
   * IMAP cannot search for (has:attachment, filename:, label:) fails with
   * invalid_argument saying so. The newest `limit` (default 100) matches;
   * `exceptLocal`: without those messages.search finds here. Needs the server.
   */
  'messages.searchServer': z
    .object({
      accountId: accountIdSchema,
      query: z.string().trim().min(1).max(500),
      folderId: folderId.optional(),
      limit: z.number().int().min(1).max(500).optional(),
      exceptLocal: z.boolean().optional(),
    })
    .strict(),
  /** Create a folder on the server (inside `parentId` when given). Needs the server. */
  'folders.create': z.object({ accountId: accountIdSchema, name: folderName, parentId: folderId.optional() }).strict(),
  /** Rename a folder on the server (its place in the tree stays). Needs the server. */
  'folders.rename': z.object({ id: folderId, name: folderName }).strict(),
  /** Delete a folder and the mail in it, on the server. Needs the server. */
  'folders.delete': z.object({ id: folderId }).strict(),
  /** Sync this account now (and reconnect at once if it is waiting to retry). */
  'sync.now': z.object({ accountId: accountIdSchema }).strict(),
} as const;

export interface MailMethodResults {
  'folders.list': Folder[];
  'messages.page': MessagePage;
  'messages.view': ViewPage;
  'views.list': ViewCounts[];
  'messages.conversations': ConversationPage;
  'messages.thread': ThreadView;
  'messages.get': MessageDetail;
  'messages.source': { id: number; source: string };
  'messages.attachment': { filename: string; contentType: string; size: number; base64: string };
  'messages.openAttachment': { filename: string; path: string };
  'messages.setFlags': { changed: number };
  'messages.move': { moved: number };
  'messages.delete': { deleted: number };
  'messages.archive': { archived: number };
  'messages.junk': { moved: number };
  'messages.notJunk': { moved: number };
  'messages.unsubscribe': UnsubscribeResult;
  'messages.setLabels': { changed: number };
  'messages.allowRemoteContent': { allowed: true };
  'messages.search': SearchResults;
  'messages.searchServer': MessageSummary[];
  'folders.create': Folder;
  'folders.rename': Folder;
  'folders.delete': { deleted: true };
  'sync.now': { started: true };
}
