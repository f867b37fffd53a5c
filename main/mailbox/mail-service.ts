import { isViewableAttachment, saveOnlyReason } from '../../shared/attachment-open';
import { ApiError } from '../../shared/errors';
import {
  type ConversationPage,
  type Folder,
  MAX_DOWNLOAD_BYTES,
  type MessageDetail,
  type MessagePage,
  type MessageSummary,
  type SearchResults,
  type ThreadView,
  type UnifiedView,
  type UnsubscribeOffer,
  type ViewCounts,
  type ViewPage,
} from '../../shared/mail';
import { parseSearchQuery, type SearchQuery } from '../../shared/search-query';
import { safeFilename } from '../base/file-names';
import { groupBy } from '../base/group-by';
import type { UiEvents } from '../base/ui-events';
import { getAttachment, getInlineParts } from '../mime/attachments';
import type { UnsubscribeMethods } from '../mime/list-unsubscribe';
import type { ParsedMessage } from '../mime/types';
import { FLAG } from '../store/flags';
import type { FoldersRepo } from '../store/folders-repo';
import type { PageRequest } from '../store/message-pages';
import { addressList, BODY_STATE, type MessageRow, toSummary } from '../store/message-row';
import type { MessagesRepo } from '../store/messages-repo';
import { writeForOpening } from '../store/opened-attachments';
import type { ServerOp } from '../store/ops-repo';
import type { RemoteContentRepo } from '../store/remote-content-repo';
import { inWordNamesFolder, SearchQueryError } from '../store/search-plan';
import { type LabelChange, moveAsLabelChange, planLabelChange } from './gmail-labels';
import { type AccountServers, senderVerified } from './sender-verification';

// What the UI asks of mail: folders, pages, one message, and the user's
// actions. Reads come from the store only. Actions change the store at once
// and queue the same change for the server, in one transaction; the account's
// sync is then poked to send it (now, or when the server can be reached).
// Mail of a POP3 account lives only here: its actions change the store and
// queue nothing (flags and moves have no server to go to).

export interface MailServiceDeps {
  folders: FoldersRepo;
  messages: MessagesRepo;
  remote: RemoteContentRepo;
  /** The global "Load remote content in all messages" (store/settings-repo.ts); absent: off. */
  remoteForAll?: () => boolean;
  /** An account's address and incoming server, to know its provider's Authentication-Results (sender-verification.ts); absent: no sender is verified. */
  accountServers?: (accountId: string) => AccountServers | undefined;
  events: UiEvents;
  parse(raw: Buffer): Promise<ParsedMessage>;
  /** Asks the account's sync for a body now; false when it cannot (offline, not IMAP). */
  fetchBodyNow(accountId: string, messageId: number): Promise<boolean>;
  poke(accountId: string, folderIds: number[]): void;
  /** Where opened attachments are written (store/opened-attachments.ts). */
  dataDir: string;
  /** Whether an account's mail lives only in the store (a POP3 account): nothing to queue, nobody to poke. */
  isLocal(accountId: string): boolean;
  /** Whether an account's folders are Gmail's labels (its server said X-GM-EXT-1): see gmail-labels.ts. */
  usesLabels(accountId: string): boolean;
  /** Asks the account's server (imap/server-search.ts); rejects when it cannot be reached now. */
  searchServer(accountId: string, folder: Folder, query: string, limit: number): Promise<MessageSummary[]>;
}

const INLINE_IMAGE_LIMIT = 5 * 1024 * 1024;
/** Folders one "Search on server" asks at most (one SELECT and SEARCH each). */
const MAX_SERVER_SEARCH_FOLDERS = 40;
/** Pages of 500 local matches read for one day when leaving out what is found here; past them a match is kept (a repeat at worst, never a loss). */
const MAX_DAY_PAGES = 20;

/** What messages.search asks (shared/mail.ts). */
export interface SearchArgs {
  query: string;
  accountId?: string | undefined;
  folderId?: number | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export class MailService {
  constructor(private readonly deps: MailServiceDeps) {}

  listFolders(accountId?: string) {
    return this.deps.folders.list(accountId);
  }

  /** A page of a folder: after or before a row (scrolling), else at `offset` (a jump). See store/message-pages.ts. */
  page(folderId: number, request: PageRequest): MessagePage {
    if (!this.deps.folders.get(folderId)) throw new ApiError('not_found', 'That folder does not exist (any more).');
    const { total, items } = this.deps.messages.page(folderId, request);
    return { folderId, offset: request.offset, total, items };
  }

  /**
   * A page of a folder's conversations, newest first. An action on one acts
   * on its messageIds (its messages in this folder) through the methods
   * below, which take many ids: nothing else is needed for conversations.
   */
  conversations(folderId: number, offset: number, limit: number): ConversationPage {
    if (!this.deps.folders.get(folderId)) throw new ApiError('not_found', 'That folder does not exist (any more).');
    return { folderId, offset, ...this.deps.messages.threads.conversations(folderId, offset, limit) };
  }

  /** A whole conversation for the reader (its messages in every folder), read from `folderId`. */
  thread(threadId: number, folderId?: number): ThreadView {
    const thread = this.deps.messages.threads.thread(threadId, folderId);
    if (!thread) throw new ApiError('not_found', 'That conversation does not exist (any more).');
    return thread;
  }

  /** A page of a unified view (every account's Inbox, ...), like a folder's. */
  view(view: UnifiedView, request: PageRequest): ViewPage {
    return { view, offset: request.offset, ...this.deps.messages.viewPage(view, request) };
  }

  viewCounts(): ViewCounts[] {
    return this.deps.messages.viewCounts();
  }

  /** A page of a search (see SearchArgs); a query that cannot be read, or names a folder that does not exist, fails with invalid_argument saying why. */
  search({ query, accountId, folderId, offset = 0, limit = 100, cursor }: SearchArgs): SearchResults {
    const parsed = parseSearchQuery(query);
    if (!parsed.ok) throw new ApiError('invalid_argument', parsed.error.message);
    if (folderId !== undefined && !this.deps.folders.get(folderId))
      throw new ApiError('not_found', 'That folder does not exist (any more).');
    try {
      const page = this.deps.messages.search(
        parsed.query,
        { accountId, folderId },
        { offset, limit, after: cursor === undefined ? undefined : Number(cursor) },
      );
      const { items, next, indexing } = page;
      const count = page.total !== undefined ? { total: page.total } : { moreThan: page.moreThan ?? 0 };
      return { items, offset, next: next === null ? null : String(next), indexing, ...count };
    } catch (error) {
      if (error instanceof SearchQueryError) throw new ApiError('invalid_argument', error.message);
      throw error;
    }
  }

  /**
   * "Search on server", for what is not stored here (imap/server-search.ts):
   * in the folder given; else on Gmail in All Mail (Gmail's own search reads
   * in: and label: itself); else in the folder an `in:` names, or in every
   * folder mail is kept in (all but Trash, Junk and Drafts), Inbox first.
   * The newest `limit` matches, newest first. `exceptLocal`: leave out what
   * the same search finds here (serverSearchFolders, matchingHere).
   */
  async searchServer(
    accountId: string,
    query: string,
    folderId: number | undefined,
    limit = 100,
    exceptLocal = false,
  ): Promise<MessageSummary[]> {
    if (this.deps.isLocal(accountId))
      throw new ApiError('invalid_argument', 'The mail of this account lives only on this computer: search it here.');
    const parsed = parseSearchQuery(query);
    if (!parsed.ok) throw new ApiError('invalid_argument', parsed.error.message);
    const folders = this.serverSearchFolders(accountId, parsed.query, folderId);
    const found: MessageSummary[] = [];
    // One after the other: they share the account's one urgent connection anyway.
    for (const folder of folders) found.push(...(await this.deps.searchServer(accountId, folder, query, limit)));
    const newest = found.sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.id - a.id).slice(0, limit);
    if (!exceptLocal) return newest;
    const here = this.matchingHere(parsed.query, folderId !== undefined ? { folderId } : { accountId }, newest);
    return newest.filter((m) => !here.has(m.id));
  }

  /** Where "Search on server" looks (see searchServer). */
  private serverSearchFolders(accountId: string, query: SearchQuery, folderId: number | undefined): Folder[] {
    const gone = () => new ApiError('not_found', 'That folder does not exist (any more).');
    if (folderId !== undefined) {
      const folder = this.deps.folders.get(folderId);
      if (!folder || folder.accountId !== accountId || !folder.selectable) throw gone();
      return [folder];
    }
    if (this.deps.usesLabels(accountId)) {
      const all = this.deps.folders.byRole(accountId, 'all');
      if (!all?.selectable) throw gone();
      return [all];
    }
    const own = this.deps.folders.list(accountId).filter((f) => f.selectable);
    // IMAP SEARCH has no key for a folder: an `in:` (on its own, not negated or OR'ed) is where to search.
    const named = query.groups.find((group) => group.length === 1 && !group[0]?.negated && group[0]?.term.kind === 'in')?.[0]?.term;
    if (named?.kind === 'in') {
      // As the local search reads in: (store/search-plan.ts): a path (Cyrus's without "INBOX."), a name, or a role's word.
      const matching = own.filter((f) => inWordNamesFolder(named.folder, f));
      if (matching.length === 0) throw new ApiError('invalid_argument', `No folder is called "${named.folder}" in this account.`);
      return matching;
    }
    const rank = (f: Folder) => (f.role === 'inbox' ? 0 : f.role === 'archive' ? 1 : f.role === 'sent' ? 2 : 3);
    return own
      .filter((f) => f.role !== 'trash' && f.role !== 'junk' && f.role !== 'drafts')
      .sort((a, b) => rank(a) - rank(b))
      .slice(0, MAX_SERVER_SEARCH_FOLDERS);
  }

  /**
   * Which of `found` the same search finds here, in `scope`: the local
   * search run over each day they are dated (a day's key range is a short
   * walk), its matches compared with each found message's rows (a Gmail
   * message is shown by one of its rows, maybe another folder's than the
   * one searched on the server).
   */
  private matchingHere(query: SearchQuery, scope: { accountId?: string; folderId?: number }, found: MessageSummary[]): Set<number> {
    const days = new Map<string, Date>();
    for (const m of found) {
      const date = new Date(m.date);
      days.set(`${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`, date);
    }
    const matched = new Set<number>();
    for (const date of days.values()) {
      const next = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
      const day = (d: Date) => ({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
      const within: SearchQuery = {
        groups: [
          ...query.groups,
          [{ negated: false, term: { kind: 'after', ...day(date) } }],
          [{ negated: false, term: { kind: 'before', ...day(next) } }],
        ],
      };
      let after: number | undefined;
      for (let page = 0; page < MAX_DAY_PAGES; page++) {
        const result = this.deps.messages.search(within, scope, { offset: 0, limit: 500, after });
        for (const m of result.items) matched.add(m.id);
        if (result.next === null) break;
        after = result.next;
      }
    }
    const rows = this.deps.messages.withSiblings(this.deps.messages.getMany(found.map((m) => m.id)));
    const here = new Set<number>();
    for (const m of found) {
      const row = rows.find((r) => r.id === m.id);
      const siblings = row?.gm_msgid ? rows.filter((r) => r.gm_msgid === row.gm_msgid && r.account_id === row.account_id) : [];
      if (matched.has(m.id) || siblings.some((r) => matched.has(r.id))) here.add(m.id);
    }
    return here;
  }

  async get(id: number): Promise<MessageDetail> {
    let row = this.require(id);
    if (row.body_state === BODY_STATE.missing && row.size > MAX_DOWNLOAD_BYTES) return this.tooLarge(row);
    if (row.body_state === BODY_STATE.missing) {
      await this.deps.fetchBodyNow(row.account_id, id);
      row = this.require(id);
    }
    const raw = this.deps.messages.source(id);
    // A sender the user trusts counts only when the provider vouches that the message is from them.
    const verified = raw ? this.senderVerified(row, Buffer.from(raw)) : false;
    const remoteAllowed =
      this.deps.remoteForAll?.() === true ||
      row.remote_allowed === 1 ||
      (verified && row.from_address !== null && this.deps.remote.isSenderAllowed(row.account_id, row.from_address));
    const base = {
      ...toSummary(row),
      messageId: row.message_id,
      to: addressList(row.to_json),
      cc: addressList(row.cc_json),
      replyTo: addressList(row.reply_to_json),
      remoteContentAllowed: remoteAllowed,
      senderVerified: verified,
    };
    if (!raw) return { ...base, body: 'missing', text: '', html: null, attachments: [], inlineImages: {}, problems: [], unsubscribe: null };
    const parsed = await this.deps.parse(Buffer.from(raw));
    return {
      ...base,
      unsubscribe: unsubscribeOffer(parsed.unsubscribe),
      body: row.body_state === BODY_STATE.unparsable || parsed.parseFailed ? 'unparsable' : 'ready',
      text: parsed.text,
      html: parsed.html,
      attachments: parsed.attachments.map((a, index) => ({
        index,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        contentId: a.contentId,
        inline: a.inline,
      })),
      inlineImages: await inlineImages(parsed, Buffer.from(raw)),
      problems: parsed.problems,
    };
  }

  /** A message too large to download (MAX_DOWNLOAD_BYTES): its headers, and the reader says to open it on the server. */
  private tooLarge(row: MessageRow): MessageDetail {
    return {
      ...toSummary(row),
      messageId: row.message_id,
      to: addressList(row.to_json),
      cc: addressList(row.cc_json),
      replyTo: addressList(row.reply_to_json),
      remoteContentAllowed: false,
      senderVerified: false,
      body: 'too_large',
      text: '',
      html: null,
      attachments: [],
      inlineImages: {},
      problems: [],
      unsubscribe: null,
    };
  }

  /** The account of a stored message and how its List-Unsubscribe says to leave the list (read from the message itself). */
  async unsubscribeMethods(id: number): Promise<{ accountId: string; methods: UnsubscribeMethods | null }> {
    const row = this.require(id);
    if (row.body_state === BODY_STATE.missing) await this.deps.fetchBodyNow(row.account_id, id);
    const raw = this.deps.messages.source(id);
    if (!raw) throw new ApiError('not_found', 'This message has not been downloaded yet; connect to the server to read it.');
    return { accountId: row.account_id, methods: (await this.deps.parse(Buffer.from(raw))).unsubscribe };
  }

  source(id: number): { id: number; source: string } {
    this.require(id);
    const raw = this.deps.messages.source(id);
    if (!raw) throw new ApiError('not_found', 'This message has not been downloaded yet; connect to the server to read it.');
    // latin1 keeps every byte as one character: the raw view shows exactly what arrived.
    return { id, source: Buffer.from(raw).toString('latin1') };
  }

  /** Writes an attachment where the Electron shell may open it: only types that are shown, not run (shared/attachment-open). */
  async openAttachment(id: number, index: number): Promise<{ filename: string; path: string }> {
    const file = await this.attachment(id, index);
    if (!isViewableAttachment(file.filename)) throw new ApiError('invalid_argument', saveOnlyReason(file.filename));
    return { filename: file.filename, path: await writeForOpening(this.deps.dataDir, file.filename, Buffer.from(file.base64, 'base64')) };
  }

  /** An attachment's bytes for "Save": served from the stored raw message, so offline too. */
  async attachment(id: number, index: number): Promise<{ filename: string; contentType: string; size: number; base64: string }> {
    this.require(id);
    const raw = this.deps.messages.source(id);
    if (!raw) throw new ApiError('not_found', 'This message has not been downloaded yet; connect to the server to save its attachments.');
    const parsed = await this.deps.parse(Buffer.from(raw));
    if (index >= parsed.attachments.length) throw new ApiError('not_found', 'This message has no such attachment.');
    const part = await getAttachment(Buffer.from(raw), index);
    return {
      filename: safeFilename(part.filename ?? parsed.attachments[index]?.filename ?? null, part.contentType),
      contentType: part.contentType,
      size: part.content.length,
      base64: part.content.toString('base64'),
    };
  }

  setFlags(ids: readonly number[], change: FlagChange): number {
    const set = bitsOf(change, true);
    const clear = bitsOf(change, false);
    const add = imapFlagsOf(change, true);
    const remove = imapFlagsOf(change, false);
    const rows = this.deps.messages.getMany(ids);
    const queue: ServerOp[] = [];
    for (const group of this.byFolder(rows)) {
      const uids = group.rows.flatMap((r) => (r.uid === null ? [] : [r.uid]));
      if (uids.length === 0 || group.uidvalidity === null) continue;
      queue.push({
        accountId: group.accountId,
        op: { kind: 'flags', folderPath: group.path, uidvalidity: group.uidvalidity, uids, add, remove },
      });
    }
    this.deps.messages.setLocalFlags(
      rows.map((r) => r.id),
      set,
      clear,
      queue,
    );
    this.changed(rows);
    return rows.length;
  }

  move(ids: readonly number[], toFolderId: number): number {
    const target = this.deps.folders.get(toFolderId);
    if (!target?.selectable) throw new ApiError('not_found', 'That folder does not exist (any more).');
    const rows = this.deps.messages.getMany(ids).filter((r) => r.folder_id !== toFolderId);
    for (const row of rows) {
      if (row.account_id !== target.accountId)
        throw new ApiError('invalid_argument', 'Messages can only be moved between folders of the same account.');
      if (row.uid === null && !this.deps.isLocal(row.account_id))
        throw new ApiError('invalid_argument', 'A message is still being moved on the server; try again in a moment.');
    }
    if (this.deps.usesLabels(target.accountId)) return this.moveOnGmail(rows, target);
    this.deps.messages.moveLocal(
      rows.map((r) => r.id),
      toFolderId,
      this.moveOps(rows, target.path),
    );
    this.changed(rows, [toFolderId]);
    return rows.length;
  }

  /** The server ops of a move: one MOVE per source folder. */
  private moveOps(rows: readonly MessageRow[], toPath: string): ServerOp[] {
    return this.byFolder(rows).flatMap((group) =>
      group.uidvalidity === null
        ? []
        : [
            {
              accountId: group.accountId,
              op: {
                kind: 'move' as const,
                folderPath: group.path,
                uidvalidity: group.uidvalidity,
                moves: group.rows.map((r) => ({ uid: r.uid as number, messageId: r.id })),
                toPath,
              },
            },
          ],
    );
  }

  /**
   * A move on Gmail: between labels it is a change of labels; to Trash or
   * Spam the message leaves every other folder; out of them (or to a folder
   * that is no label) it is the server's MOVE.
   */
  private moveOnGmail(rows: readonly MessageRow[], target: NonNullable<ReturnType<FoldersRepo['get']>>): number {
    let moved = 0;
    const real: MessageRow[] = [];
    for (const [folderId, group] of groupBy(rows, (r) => r.folder_id)) {
      const source = this.deps.folders.get(folderId);
      const change = source ? moveAsLabelChange(source, target) : undefined;
      if (change) {
        this.changeLabels(group, change);
        moved += group.length;
      } else real.push(...group);
    }
    if (real.length === 0) return moved;
    const leavesEverywhere = target.role === 'trash' || target.role === 'junk';
    const moving = new Set(real.map((r) => r.id));
    const others = leavesEverywhere ? this.deps.messages.withSiblings(real).filter((r) => !moving.has(r.id)) : [];
    const first = new Map<string, MessageRow>(); // one row per message goes to the target
    for (const row of real) if (!first.has(row.gm_msgid ?? String(row.id))) first.set(row.gm_msgid ?? String(row.id), row);
    const goes = [...first.values()];
    this.deps.messages.relabel(
      {
        labels: leavesEverywhere ? goes.map((r) => ({ rowId: r.id, labels: [] })) : [],
        add: [],
        remove: [...others, ...real.filter((r) => !goes.includes(r))].map((r) => r.id),
        move: goes.map((r) => ({ id: r.id, folderId: target.id })),
      },
      this.moveOps(real, target.path),
    );
    this.changed([...real, ...others], [target.id]);
    return moved + real.length;
  }

  /** Adds and removes Gmail labels (a user's labels, or \\Inbox); returns how many messages changed. */
  setLabels(ids: readonly number[], change: LabelChange): number {
    const rows = this.deps.messages.getMany(ids);
    for (const row of rows) {
      if (!this.deps.usesLabels(row.account_id) || row.gm_msgid === null)
        throw new ApiError('invalid_argument', 'Only Gmail messages have labels; use folders for this account.');
    }
    return this.changeLabels(rows, change);
  }

  private changeLabels(rows: readonly MessageRow[], change: LabelChange): number {
    const all = this.deps.messages.withSiblings(rows);
    const { plan, queue, changed, folderIds } = planLabelChange(rows, all, change, this.deps.folders);
    if (changed === 0) return 0;
    this.deps.messages.relabel(plan, queue);
    this.changed(all, folderIds);
    return changed;
  }

  /** To Trash; permanently when already in Trash or the account has none. */
  delete(ids: readonly number[]): number {
    const rows = this.deps.messages.getMany(ids);
    let deleted = 0;
    for (const [accountId, accountRows] of groupBy(rows, (r) => r.account_id)) {
      const trash = this.deps.folders.byRole(accountId, 'trash');
      const toTrash = accountRows.filter((r) => trash && r.folder_id !== trash.id);
      const permanent = accountRows.filter((r) => !trash || r.folder_id === trash.id);
      if (trash && toTrash.length)
        deleted += this.move(
          toTrash.map((r) => r.id),
          trash.id,
        );
      if (permanent.length) deleted += this.expunge(permanent);
    }
    return deleted;
  }

  /** To the Archive folder; on Gmail, out of the Inbox (the message stays in All Mail and its labels). */
  archive(ids: readonly number[]): number {
    const rows = this.deps.messages.getMany(ids);
    let archived = 0;
    for (const [accountId, accountRows] of groupBy(rows, (r) => r.account_id)) {
      if (this.deps.usesLabels(accountId)) {
        this.changeLabels(accountRows, { add: [], remove: ['\\Inbox'] });
        archived += accountRows.length;
        continue;
      }
      const archive = this.deps.folders.byRole(accountId, 'archive');
      if (!archive) throw new ApiError('not_found', 'This account has no Archive folder.');
      archived += this.move(
        accountRows.map((r) => r.id),
        archive.id,
      );
    }
    return archived;
  }

  /**
   * To the account's Junk folder (Gmail's Spam), with the $Junk keyword
   * (RFC 5788's registry) set first: a server's spam filter learns from it,
   * and from the move.
   */
  junk(ids: readonly number[]): number {
    return this.judge(ids, 'junk');
  }

  /** Out of Junk to the Inbox, with $NotJunk set (and $Junk taken off) first. */
  notJunk(ids: readonly number[]): number {
    return this.judge(ids, 'inbox');
  }

  private judge(ids: readonly number[], to: 'junk' | 'inbox'): number {
    const rows = this.deps.messages.getMany(ids);
    const [add, remove] = to === 'junk' ? ['$Junk', '$NotJunk'] : ['$NotJunk', '$Junk'];
    let moved = 0;
    for (const [accountId, accountRows] of groupBy(rows, (r) => r.account_id)) {
      const target = this.deps.folders.byRole(accountId, to);
      if (!target) throw new ApiError('not_found', to === 'junk' ? 'This account has no Junk folder.' : 'This account has no Inbox.');
      const queue: ServerOp[] = [];
      for (const group of this.byFolder(accountRows)) {
        const uids = group.rows.flatMap((r) => (r.uid === null ? [] : [r.uid]));
        if (uids.length === 0 || group.uidvalidity === null) continue;
        queue.push({
          accountId,
          op: { kind: 'flags', folderPath: group.path, uidvalidity: group.uidvalidity, uids, add: [add], remove: [remove], optional: true },
        });
      }
      // The keywords go first (ops replay in order), on the UIDs the messages have where they are now; with the move, or not at all.
      moved += this.deps.messages.together(() => {
        this.deps.messages.queueOps(queue);
        return this.move(
          accountRows.map((r) => r.id),
          target.id,
        );
      });
    }
    return moved;
  }

  allowRemoteContent(id: number, scope: 'message' | 'sender'): void {
    const row = this.require(id);
    if (scope === 'message' || !row.from_address) {
      this.deps.messages.allowRemote(id);
      return;
    }
    const raw = this.deps.messages.source(id);
    if (!raw || !this.senderVerified(row, Buffer.from(raw))) {
      throw new ApiError(
        'invalid_argument',
        `Your mail provider did not confirm that this message is from ${row.from_address}, so Tidings cannot trust that sender for every message. Load the remote content of this message only.`,
      );
    }
    this.deps.remote.allowSender(row.account_id, row.from_address);
  }

  private senderVerified(row: MessageRow, raw: Buffer): boolean {
    return senderVerified(raw, row.from_address, this.deps.accountServers?.(row.account_id));
  }

  private expunge(rows: readonly MessageRow[]): number {
    const queue: ServerOp[] = [];
    for (const group of this.byFolder(rows)) {
      const uids = group.rows.flatMap((r) => (r.uid === null ? [] : [r.uid]));
      if (uids.length && group.uidvalidity !== null) {
        queue.push({ accountId: group.accountId, op: { kind: 'expunge', folderPath: group.path, uidvalidity: group.uidvalidity, uids } });
      }
    }
    this.deps.messages.deleteLocal(
      rows.map((r) => r.id),
      queue,
    );
    this.changed(rows);
    return rows.length;
  }

  private changed(rows: readonly MessageRow[], extraFolderIds: number[] = []): void {
    for (const [accountId, accountRows] of groupBy(rows, (r) => r.account_id)) {
      const folderIds = [...new Set([...accountRows.map((r) => r.folder_id), ...extraFolderIds])];
      this.deps.events.emit('store.changed', { accountId, folderIds });
      if (!this.deps.isLocal(accountId)) this.deps.poke(accountId, folderIds);
    }
  }

  private require(id: number): MessageRow {
    const row = this.deps.messages.get(id);
    if (!row) throw new ApiError('not_found', 'That message does not exist (any more).');
    return row;
  }

  /** Rows grouped by folder, with what the queue needs to address them on the server; local mail has no server and is left out. */
  private byFolder(rows: readonly MessageRow[]): { accountId: string; path: string; uidvalidity: number | null; rows: MessageRow[] }[] {
    return [...groupBy(rows, (r) => r.folder_id)].flatMap(([folderId, group]) => {
      const folder = this.deps.folders.get(folderId);
      return folder && !this.deps.isLocal(folder.accountId)
        ? [{ accountId: folder.accountId, path: folder.path, uidvalidity: folder.uidvalidity, rows: group }]
        : [];
    });
  }
}

/** A change of flags: true sets, false clears, absent leaves alone. answered/forwarded are set by sending a reply or forward. */
export interface FlagChange {
  seen?: boolean;
  flagged?: boolean;
  answered?: boolean;
  forwarded?: boolean;
}

const FLAG_NAMES = [
  ['seen', FLAG.seen, '\\Seen'],
  ['flagged', FLAG.flagged, '\\Flagged'],
  ['answered', FLAG.answered, '\\Answered'],
  ['forwarded', FLAG.forwarded, '$Forwarded'],
] as const;

function bitsOf(change: FlagChange, value: boolean): number {
  return FLAG_NAMES.reduce((bits, [key, bit]) => (change[key] === value ? bits | bit : bits), 0);
}

function imapFlagsOf(change: FlagChange, value: boolean): string[] {
  return FLAG_NAMES.flatMap(([key, , name]) => (change[key] === value ? [name] : []));
}

/** Inline images (cid:) as data: URLs for the sandboxed frame; only those the HTML can show, within a size bound. */
async function inlineImages(parsed: ParsedMessage, raw: Buffer): Promise<Record<string, string>> {
  if (!parsed.html || !parsed.attachments.some((a) => a.inline && a.contentId && a.contentType.startsWith('image/'))) return {};
  const images: Record<string, string> = {};
  for (const [contentId, part] of await getInlineParts(raw)) {
    if (!part.contentType.startsWith('image/') || part.content.length > INLINE_IMAGE_LIMIT) continue;
    images[contentId] = `data:${part.contentType};base64,${part.content.toString('base64')}`;
  }
  return images;
}

/** What the reader may say of a list's way out, best first (the order messages.unsubscribe takes). */
function unsubscribeOffer(methods: UnsubscribeMethods | null): UnsubscribeOffer | null {
  if (!methods) return null;
  if (methods.oneClick) return { method: 'one-click', target: new URL(methods.oneClick).host };
  if (methods.mailto) return { method: 'mailto', target: decodeURIComponentSafe(new URL(methods.mailto).pathname) };
  if (methods.web) return { method: 'web', target: new URL(methods.web).host };
  return null;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
