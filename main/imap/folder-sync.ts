import type { FetchQueryObject, ImapFlow } from 'imapflow';
import type { FolderRole } from '../../shared/mail';
import { logger } from '../base/log';
import { FLAG, flagsToBits } from '../store/flags';
import type { FoldersRepo, SyncState } from '../store/folders-repo';
import type { HeaderRecord, MessagesRepo } from '../store/messages-repo';
import { labelsIn } from './gmail-labels';
import { type HeaderFetch, toHeaderRecord } from './header-record';

// Brings one folder of the store to the server's state: new messages
// (headers only: bodies come later, see body-fetch.ts), changed flags, and
// expunged messages. RFC 3501 UIDs, RFC 7162 CONDSTORE/QRESYNC when the server
// has them. Rules of imapflow honoured here: the mailbox lock is released in
// `finally`, and no command is issued inside a `fetch` iteration (results are
// collected first, then written).

export interface FolderSyncDeps {
  folders: FoldersRepo;
  messages: MessagesRepo;
  /** Called after each batch is committed: the UI re-reads the folder. */
  onBatch(folderId: number, done: number, total: number): void;
  /**
   * Asked between batches of a first sync: true when urgent work (a body the
   * user opened, a folder to create) waits. The sync then stops after the
   * batch, releasing the mailbox lock, and says `paused`; the caller serves the
   * work and calls again, and the sync resumes where it stopped. (Serving the
   * work while the lock is held would deadlock: imapflow queues every
   * getMailboxLock behind the one held, whatever the mailbox.)
   */
  shouldPause(): boolean;
  /** Extensions the sync may use (tests turn them off to exercise the fallbacks). */
  extensions: { condstore: boolean; qresync: boolean };
  /**
   * The server is Gmail (X-GM-EXT-1): every fetch also asks for the
   * message's X-GM-MSGID, X-GM-THRID and labels, so that the store keeps one
   * message however many label folders list it (store/messages-repo.ts).
   */
  gmail?: boolean;
  /**
   * A lean connection for the bulk of a first sync's headers (bulk-connection.ts):
   * its header fetch, with the folder open there under the same UIDVALIDITY;
   * undefined when there is none (the sync then reads everything through imapflow).
   */
  bulkHeaders?(path: string, uidvalidity: number): Promise<HeaderFetcher | undefined>;
  /**
   * Unread messages that arrived since the folder was last synced (never
   * those of a first sync): their UIDs, stored, for new-mail notifications.
   */
  onNewMail?(folderId: number, uids: number[]): void;
}

/** Header items of these UIDs ("1:5,9"), as imapflow gives them. */
export type HeaderFetcher = (sequenceSet: string) => Promise<HeaderFetch[]>;

const FIRST_BATCH = 50; // the top of the list, as fast as possible
const BATCH = 500;
/** From this many headers on, a first sync reads them on a lean connection of their own (worth its login). */
const BULK_FROM = 2_000;
/** A NOOP on imapflow's idle connection this often while the lean one works (its socket timeout is 2 minutes). */
const KEEPALIVE_MS = 30_000;

const log = logger('imap');

/** What a header sync asks imapflow for (the lean connection asks for the same: fetched-headers.ts). */
export const HEADER_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  internalDate: true,
  size: true,
  headers: ['references'],
};

/** On Gmail, what every fetch of headers or flags asks for besides (imapflow asks for X-GM-MSGID by itself). */
const GMAIL_QUERY: FetchQueryObject = { emailId: true, threadId: true, labels: true };

export interface FolderSyncResult {
  added: number;
  changed: number;
  removed: number;
  /** The first sync stopped early for urgent work: call again to go on. */
  paused?: boolean;
}

export async function syncFolder(client: ImapFlow, folderId: number, deps: FolderSyncDeps): Promise<FolderSyncResult> {
  const folder = deps.folders.get(folderId);
  if (!folder?.selectable) return { added: 0, changed: 0, removed: 0 };
  // Select afresh even when this folder is selected already: SELECT is what
  // reports the current UIDNEXT and HIGHESTMODSEQ (RFC 3501 section 6.3.1).
  // A second SELECT, not CLOSE first: CLOSE expunges every message marked
  // \Deleted, also those another client marked and meant to keep for now.
  if (client.mailbox && client.mailbox.path === folder.path) await client.mailboxOpen(folder.path, { readOnly: false });
  const lock = await client.getMailboxLock(folder.path, { readOnly: false });
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error(`Could not open ${folder.path}`);
    const uidvalidity = Number(mailbox.uidValidity);
    const uidnext = Number(mailbox.uidNext);
    const modseqSupported = deps.extensions.condstore && client.enabled.has('CONDSTORE') && !mailbox.noModseq;
    const highestmodseq = modseqSupported && mailbox.highestModseq ? Number(mailbox.highestModseq) : null;
    const result: FolderSyncResult = { added: 0, changed: 0, removed: 0 };

    let known: SyncState = folder;
    /** A first sync records the HIGHESTMODSEQ it started from (below); undefined for a folder synced before. */
    let firstSyncFrom: number | null | undefined;
    if (known.uidvalidity !== null && known.uidvalidity !== uidvalidity) {
      // RFC 3501 section 2.3.1.1: the old UIDs mean nothing now. Drop them and start over.
      deps.messages.clearFolder(folderId);
      known = { uidvalidity: null, uidnext: null, highestmodseq: null };
    }

    if (known.uidvalidity === null || known.uidnext === null) {
      // First sync of this folder (or the rest of one that was paused or cut
      // off): every message not stored yet, newest first. UIDVALIDITY is noted
      // at once, so that headers stored by a first sync that did not finish
      // are kept only while the UIDs they were stored under still mean the same.
      // HIGHESTMODSEQ too, and the finished first sync records that one, not
      // the one of its last SELECT: a first sync cut off (or paused) and resumed
      // fetches only the headers it lacks, so a flag changed on the server in
      // between on a message it had was never read, and with the later modseq
      // never would be. From the first one, the next pass asks for every change
      // made since the first sync began. (null, from a first sync begun before
      // this was kept: the next pass reads every flag.)
      firstSyncFrom = known.uidvalidity === null ? highestmodseq : known.highestmodseq;
      if (known.uidvalidity === null) deps.folders.setSyncState(folderId, { uidvalidity, uidnext: null, highestmodseq });
      const serverUids = mailbox.exists > 0 ? (await client.search({ all: true }, { uid: true })) || [] : [];
      const stored = new Set(deps.messages.uids(folderId));
      if (stored.size > 0) {
        const onServer = new Set(serverUids);
        const gone = [...stored].filter((uid) => !onServer.has(uid));
        if (gone.length) result.removed += deps.messages.deleteUids(folderId, gone);
      }
      const missing = serverUids.filter((uid) => !stored.has(uid));
      // The lean connection opens while imapflow, connected already, fetches
      // the first batch; failing to open it is no error (imapflow reads the rest).
      const bulk =
        missing.length >= BULK_FROM && deps.bulkHeaders
          ? deps.bulkHeaders(folder.path, uidvalidity).catch((error: unknown) => {
              log.debug({ accountId: folder.accountId, folder: folder.path, err: error }, 'the lean header connection did not open');
              return undefined;
            })
          : undefined;
      const fetched = await fetchHeadersNewestFirst(client, folderId, folder.accountId, missing, deps, bulk);
      result.added = fetched.added;
      if (fetched.paused) return { ...result, paused: true };
    } else {
      if (known.uidnext !== null && uidnext > known.uidnext && mailbox.exists > 0) {
        result.added = await fetchNewHeaders(client, folderId, folder.accountId, known.uidnext, deps);
      }
      const qresync = deps.extensions.qresync && client.enabled.has('QRESYNC');
      if (modseqSupported && known.highestmodseq !== null && highestmodseq !== null) {
        if (highestmodseq !== known.highestmodseq) {
          const changes = await fetchChangedFlags(client, known.highestmodseq, qresync, deps.gmail === true);
          result.changed = applyFlags(deps, folderId, changes.flags);
          if (changes.vanished.length) result.removed += deps.messages.deleteUids(folderId, changes.vanished);
        }
      } else {
        const all = await fetchAllFlags(client, deps.gmail === true);
        result.changed = applyFlags(deps, folderId, all);
      }
      // Anything expunged that VANISHED did not tell us (or no QRESYNC): the
      // counts differ exactly when messages went away, since new ones were just added.
      const localUids = deps.messages.uids(folderId);
      if (localUids.length !== mailbox.exists) {
        const serverUids = new Set(mailbox.exists > 0 ? (await client.search({ all: true }, { uid: true })) || [] : []);
        const gone = localUids.filter((uid) => !serverUids.has(uid));
        if (gone.length) result.removed += deps.messages.deleteUids(folderId, gone);
      }
    }

    deps.folders.setSyncState(folderId, {
      uidvalidity,
      uidnext,
      highestmodseq: firstSyncFrom === undefined ? highestmodseq : firstSyncFrom,
    });
    if (result.changed || result.removed) deps.onBatch(folderId, mailbox.exists, mailbox.exists);
    return result;
  } finally {
    lock.release();
  }
}

async function fetchHeadersNewestFirst(
  client: ImapFlow,
  folderId: number,
  accountId: string,
  uids: number[],
  deps: FolderSyncDeps,
  bulk?: Promise<HeaderFetcher | undefined>,
): Promise<{ added: number; paused: boolean }> {
  const sorted = [...uids].sort((a, b) => b - a);
  const gmailFolder = gmailFolderOf(deps, folderId);
  let added = 0;
  let done = 0;
  let lean = bulk ?? Promise.resolve(undefined);
  let imapflowUsed = Date.now();
  for (let start = 0; start < sorted.length; ) {
    const size = start === 0 ? FIRST_BATCH : BATCH;
    const batch = sorted.slice(start, start + size);
    const fetcher = start === 0 ? undefined : await lean;
    start += batch.length;
    let records: HeaderRecord[];
    if (fetcher) {
      try {
        records = (await fetcher(toSequenceSet(batch))).map((message) => toHeaderRecord(message, gmailFolder));
        // imapflow's connection waits meanwhile: keep it (and its socket timeout) alive
        if (Date.now() - imapflowUsed > KEEPALIVE_MS) {
          await client.noop();
          imapflowUsed = Date.now();
        }
      } catch (error) {
        // the lean connection failed: imapflow reads this batch and the rest
        log.debug({ accountId, folderId, err: error }, 'the lean header connection failed');
        lean = Promise.resolve(undefined);
        records = await fetchHeaders(client, toSequenceSet(batch), gmailFolder);
      }
    } else records = await fetchHeaders(client, toSequenceSet(batch), gmailFolder);
    added += deps.messages.upsertHeaders(accountId, folderId, records);
    done += batch.length;
    deps.onBatch(folderId, done, sorted.length);
    if (start < sorted.length && deps.shouldPause()) return { added, paused: true };
  }
  return { added, paused: false };
}

async function fetchNewHeaders(
  client: ImapFlow,
  folderId: number,
  accountId: string,
  fromUid: number,
  deps: FolderSyncDeps,
): Promise<number> {
  // "n:*" always includes the last message, even when its UID is below n (RFC 3501 section 6.4.8).
  const records = (await fetchHeaders(client, `${fromUid}:*`, gmailFolderOf(deps, folderId))).filter((record) => record.uid >= fromUid);
  const added = deps.messages.upsertHeaders(accountId, folderId, records);
  if (records.length) deps.onBatch(folderId, records.length, records.length);
  const unread = records.filter((record) => (record.flags & FLAG.seen) === 0).map((record) => record.uid);
  if (added > 0 && unread.length > 0) deps.onNewMail?.(folderId, unread);
  return added;
}

/** The folder whose label a fetched message carries, on Gmail; undefined elsewhere. */
function gmailFolderOf(deps: FolderSyncDeps, folderId: number): { path: string; role: FolderRole | null } | undefined {
  return deps.gmail ? deps.folders.get(folderId) : undefined;
}

/** The header records of these UIDs ("1:5,9") of the open folder; on Gmail (`gmailFolder`: that folder) with its ids and labels. */
export async function fetchHeaders(
  client: ImapFlow,
  range: string,
  gmailFolder?: Parameters<typeof toHeaderRecord>[1],
): Promise<HeaderRecord[]> {
  const query = gmailFolder ? { ...HEADER_QUERY, ...GMAIL_QUERY } : HEADER_QUERY;
  const records: HeaderRecord[] = [];
  for await (const message of client.fetch(range, query, { uid: true })) {
    // imapflow also yields the FETCH responses the server sends unasked while the
    // command runs: another client's flag change ("* 5 FETCH (UID 12 FLAGS (\Flagged)
    // MODSEQ (9))", with UID under QRESYNC). Taken for headers, it stored a row without
    // subject, sender or Message-ID for a message not fetched yet, which then counted as
    // stored and was never fetched (the fault test, flags changed during a first sync).
    // The change itself is read by the next CHANGEDSINCE (its modseq is above the one
    // this sync records); the lean connection's reader (fetched-headers.ts) already skips them.
    if (!message.envelope) continue;
    records.push(toHeaderRecord(message, gmailFolder));
  }
  return records;
}

interface FlagChange {
  uid: number;
  flags: Set<string>;
  /** On Gmail: the labels as that folder reported them (CONDSTORE reports a label change as a modseq change). */
  labels?: Set<string> | undefined;
}

/** What a fetch of changes asks for: flags, and on Gmail labels. */
function flagQuery(gmail: boolean): FetchQueryObject {
  return gmail ? { uid: true, flags: true, labels: true } : { uid: true, flags: true };
}

async function fetchChangedFlags(
  client: ImapFlow,
  sinceModseq: number,
  qresync: boolean,
  gmail: boolean,
): Promise<{ flags: FlagChange[]; vanished: number[] }> {
  const vanished: number[] = [];
  const onExpunge = (event: { uid?: number; vanished?: boolean }) => {
    if (event.vanished && event.uid) vanished.push(event.uid);
  };
  if (qresync) client.on('expunge', onExpunge);
  try {
    const flags: FlagChange[] = [];
    for await (const message of client.fetch('1:*', flagQuery(gmail), { uid: true, changedSince: BigInt(sinceModseq) })) {
      flags.push({ uid: message.uid, flags: message.flags ?? new Set(), labels: message.labels });
    }
    return { flags, vanished };
  } finally {
    if (qresync) client.off('expunge', onExpunge);
  }
}

async function fetchAllFlags(client: ImapFlow, gmail: boolean): Promise<FlagChange[]> {
  if (!client.mailbox || client.mailbox.exists === 0) return [];
  const flags: FlagChange[] = [];
  for await (const message of client.fetch('1:*', flagQuery(gmail), { uid: true })) {
    flags.push({ uid: message.uid, flags: message.flags ?? new Set(), labels: message.labels });
  }
  return flags;
}

function applyFlags(deps: FolderSyncDeps, folderId: number, changes: FlagChange[]): number {
  const gmailFolder = gmailFolderOf(deps, folderId);
  return deps.messages.setServerFlags(
    folderId,
    changes.map((change) => {
      const { bits, keywords } = flagsToBits(change.flags);
      const labels = gmailFolder && change.labels ? labelsIn(gmailFolder, change.labels) : undefined;
      return { uid: change.uid, flags: bits, keywords, labels };
    }),
  );
}

/** "1:5,9,12:14" from UIDs in any order. */
export function toSequenceSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
