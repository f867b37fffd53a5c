// The Gmail stand-in's account: messages with labels, and the folders IMAP
// shows for them. One message object per X-GM-MSGID holds the bytes, the
// flags and the labels; a folder is a view of the messages carrying its
// label, each with a UID of that folder (a message entering a folder gets the
// folder's next UID, also when it was there before). Flags are the message's,
// so a change shows in every folder; \Deleted alone is per folder, since it
// only asks the next EXPUNGE of that folder to remove the label.
//
// Which folders a message is in (folderPathsOf):
//   \Trash -> [Gmail]/Trash only; \Spam -> [Gmail]/Spam only; otherwise
//   [Gmail]/All Mail, and INBOX (\Inbox), [Gmail]/Sent Mail (\Sent),
//   [Gmail]/Drafts (\Draft), [Gmail]/Important (\Important),
//   [Gmail]/Starred (the \Flagged flag), and a folder per user label.
//
// Every change is one step (applyChange): the message's MODSEQ is bumped
// once, the folders it leaves and enters are updated, and the sessions
// watching them are told (the session that made the change is not told of
// flag changes, which its own command answers).

import { headerValue, type MimePart, parseMessage } from './mime';
import { lowerBound } from './wire';

export const INBOX = 'INBOX';
export const ALL_MAIL = '[Gmail]/All Mail';
export const SENT = '[Gmail]/Sent Mail';
export const DRAFTS = '[Gmail]/Drafts';
export const STARRED = '[Gmail]/Starred';
export const IMPORTANT = '[Gmail]/Important';
export const TRASH = '[Gmail]/Trash';
export const SPAM = '[Gmail]/Spam';

export type FolderKind = 'inbox' | 'all' | 'sent' | 'drafts' | 'starred' | 'important' | 'trash' | 'spam' | 'label';

/** The label each system folder stands for (\Starred is the \Flagged flag). */
const SYSTEM_FOLDERS: { path: string; kind: FolderKind; label: string | null; specialUse: string | null; xlist: string }[] = [
  { path: INBOX, kind: 'inbox', label: '\\Inbox', specialUse: null, xlist: '\\Inbox' },
  { path: ALL_MAIL, kind: 'all', label: null, specialUse: '\\All', xlist: '\\AllMail' },
  { path: DRAFTS, kind: 'drafts', label: '\\Draft', specialUse: '\\Drafts', xlist: '\\Drafts' },
  { path: IMPORTANT, kind: 'important', label: '\\Important', specialUse: '\\Important', xlist: '\\Important' },
  { path: SENT, kind: 'sent', label: '\\Sent', specialUse: '\\Sent', xlist: '\\Sent' },
  { path: SPAM, kind: 'spam', label: '\\Spam', specialUse: '\\Junk', xlist: '\\Spam' },
  { path: STARRED, kind: 'starred', label: '\\Starred', specialUse: '\\Flagged', xlist: '\\Starred' },
  { path: TRASH, kind: 'trash', label: '\\Trash', specialUse: '\\Trash', xlist: '\\Trash' },
];

/** System labels as X-GM-LABELS spells them. */
export const SYSTEM_LABELS = ['\\Inbox', '\\Sent', '\\Draft', '\\Important', '\\Starred', '\\Trash', '\\Spam'];

export class GmailError extends Error {
  constructor(
    readonly status: 'NO' | 'BAD',
    message: string,
  ) {
    super(message);
  }
}

export interface Message {
  /** X-GM-MSGID, decimal. */
  msgid: string;
  thrid: string;
  raw: Buffer;
  internalDate: Date;
  /** \Seen \Flagged \Answered \Draft and keywords (never \Deleted, which is per folder). */
  flags: Set<string>;
  /** System labels (\Inbox, \Sent, \Draft, \Important, \Trash, \Spam) and user labels; \Starred is the \Flagged flag. */
  labels: Set<string>;
  modseq: number;
  /** Parsed when first needed. */
  mime?: MimePart;
  /** Cached pieces of FETCH responses (ENVELOPE, BODYSTRUCTURE, search text). */
  cache: Map<string, unknown>;
}

export interface Entry {
  uid: number;
  message: Message;
  deleted: boolean;
}

/** A session selected on a folder hears of its changes through this. */
export interface FolderWatcher {
  added(folder: Folder): void;
  removed(folder: Folder, uid: number): void;
  changed(folder: Folder, uid: number, origin: unknown): void;
  /** The folder was deleted (its messages are gone from it already). */
  deleted(folder: Folder, origin: unknown): void;
}

export class Folder {
  readonly uidValidity: number;
  uidNext = 1;
  highestModseq: number;
  subscribed = true;
  /** Ascending; may still hold UIDs of entries gone (byUid is the truth), compacted now and then. */
  private uidList: number[] = [];
  readonly byUid = new Map<number, Entry>();
  readonly byMsgid = new Map<string, Entry>();
  readonly watchers = new Set<FolderWatcher>();

  constructor(
    public path: string,
    readonly kind: FolderKind,
    uidValidity: number,
    modseq: number,
  ) {
    this.uidValidity = uidValidity;
    this.highestModseq = modseq;
  }

  /** The label this folder stands for (null for All Mail). */
  get label(): string | null {
    return this.kind === 'label' ? this.path : (SYSTEM_FOLDERS.find((f) => f.kind === this.kind)?.label ?? null);
  }

  get size(): number {
    return this.byUid.size;
  }

  /** The UIDs, ascending. */
  uids(): number[] {
    this.compact(true);
    return this.uidList.slice();
  }

  /** UIDs above `uid`, ascending. */
  uidsAbove(uid: number): number[] {
    const from = lowerBound(this.uidList, uid + 1);
    const out: number[] = [];
    for (let i = from; i < this.uidList.length; i++) {
      const u = this.uidList[i] as number;
      if (this.byUid.has(u)) out.push(u);
    }
    return out;
  }

  add(message: Message): Entry {
    const entry: Entry = { uid: this.uidNext++, message, deleted: false };
    this.byUid.set(entry.uid, entry);
    this.byMsgid.set(message.msgid, entry);
    this.uidList.push(entry.uid);
    return entry;
  }

  remove(entry: Entry): void {
    this.byUid.delete(entry.uid);
    this.byMsgid.delete(entry.message.msgid);
    this.compact(false);
  }

  private compact(now: boolean): void {
    if (this.uidList.length === this.byUid.size) return;
    if (now || this.uidList.length > 2 * this.byUid.size + 64) this.uidList = this.uidList.filter((uid) => this.byUid.has(uid));
  }
}

export interface AddMessageInput {
  raw: Buffer;
  labels: Iterable<string>;
  flags?: Iterable<string>;
  internalDate?: Date;
  threadId?: string;
}

export class Mailbox {
  readonly messages = new Map<string, Message>();
  private readonly folders = new Map<string, Folder>();
  private modseq = 1000;
  private nextUidValidity = 1;
  private msgidCounter = 0n;
  private readonly msgidBase = BigInt(Date.now()) << 20n;
  private readonly threadByMessageId = new Map<string, string>();
  /** Keywords seen, for the FLAGS of SELECT. */
  readonly keywords = new Set<string>(['$NotPhishing', '$Phishing']);

  constructor() {
    for (const system of SYSTEM_FOLDERS) this.folders.set(system.path, this.newFolder(system.path, system.kind));
  }

  private newFolder(path: string, kind: FolderKind): Folder {
    return new Folder(path, kind, this.nextUidValidity++, this.modseq);
  }

  get highestModseq(): number {
    return this.modseq;
  }

  // ---- folders ----

  /** The folder of this path (INBOX in any case), or undefined. */
  folder(path: string): Folder | undefined {
    return this.folders.get(normalizePath(path));
  }

  allFolders(): Folder[] {
    return [...this.folders.values()];
  }

  static systemInfo(kind: FolderKind): { specialUse: string | null; xlist: string } | undefined {
    return SYSTEM_FOLDERS.find((f) => f.kind === kind);
  }

  createFolder(path: string): Folder {
    const name = validLabel(path);
    if (this.folder(name)) throw new GmailError('NO', '[ALREADYEXISTS] Folder name conflicts with existing folder name. (Failure)');
    // Gmail makes the labels above a nested one too.
    const segments = name.split('/');
    let created: Folder | undefined;
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (!this.folders.has(prefix)) {
        created = this.newFolder(prefix, 'label');
        this.folders.set(prefix, created);
      }
    }
    return created as Folder;
  }

  deleteFolder(path: string, origin: unknown): void {
    const folder = this.folder(path);
    if (!folder) throw new GmailError('NO', '[NONEXISTENT] Unknown Mailbox: folder does not exist. (Failure)');
    if (folder.kind !== 'label') throw new GmailError('NO', '[CANNOT] Cannot delete a system folder. (Failure)');
    for (const entry of [...folder.byUid.values()]) {
      const labels = new Set(entry.message.labels);
      labels.delete(folder.path);
      this.applyChange(entry.message, labels, entry.message.flags, origin);
    }
    this.folders.delete(folder.path);
    for (const watcher of [...folder.watchers]) watcher.deleted(folder, origin);
  }

  renameFolder(from: string, to: string, origin: unknown): void {
    const folder = this.folder(from);
    if (!folder) throw new GmailError('NO', '[NONEXISTENT] Unknown Mailbox: folder does not exist. (Failure)');
    if (folder.kind !== 'label') throw new GmailError('NO', '[CANNOT] Cannot rename a system folder. (Failure)');
    const target = validLabel(to);
    if (this.folder(target)) throw new GmailError('NO', '[ALREADYEXISTS] Folder name conflicts with existing folder name. (Failure)');
    const renamed = [...this.folders.values()].filter(
      (f) => f.kind === 'label' && (f.path === folder.path || f.path.startsWith(`${folder.path}/`)),
    );
    for (const f of renamed) {
      const old = f.path;
      const now = target + old.slice(folder.path.length);
      this.folders.delete(old);
      f.path = now;
      this.folders.set(now, f);
      for (const entry of [...f.byUid.values()]) {
        const message = entry.message;
        if (!message.labels.has(old)) continue;
        message.labels.delete(old);
        message.labels.add(now);
        this.bump(message, origin);
      }
    }
    // parents of the new name
    const segments = target.split('/');
    for (let i = 1; i < segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (!this.folders.has(prefix)) this.folders.set(prefix, this.newFolder(prefix, 'label'));
    }
  }

  // ---- messages ----

  addMessage(input: AddMessageInput): Message {
    const msgid = (this.msgidBase + ++this.msgidCounter).toString();
    const raw = input.raw;
    const message: Message = {
      msgid,
      thrid: msgid,
      raw,
      internalDate: input.internalDate ?? dateHeader(raw) ?? new Date(),
      flags: new Set(),
      labels: new Set(),
      modseq: 0,
      cache: new Map(),
    };
    for (const flag of input.flags ?? []) this.addFlag(message.flags, flag);
    const labels = new Set<string>();
    for (const label of input.labels) this.addLabel(labels, message.flags, label);
    message.thrid = input.threadId ?? this.threadOf(message) ?? msgid;
    const messageId = headerValue(this.mime(message).fields, 'message-id')?.trim();
    if (messageId && !this.threadByMessageId.has(messageId)) this.threadByMessageId.set(messageId, message.thrid);
    this.messages.set(msgid, message);
    this.applyChange(message, labels, message.flags, undefined, true);
    return message;
  }

  mime(message: Message): MimePart {
    message.mime ??= parseMessage(message.raw);
    return message.mime;
  }

  private threadOf(message: Message): string | undefined {
    const fields = this.mime(message).fields;
    const refs = `${headerValue(fields, 'references') ?? ''} ${headerValue(fields, 'in-reply-to') ?? ''}`;
    for (const id of refs.match(/<[^>]*>/g) ?? []) {
      const thread = this.threadByMessageId.get(id);
      if (thread) return thread;
    }
    return undefined;
  }

  /** Deletes a message for good (expunged from Trash or Spam). */
  destroy(message: Message, origin: unknown): void {
    this.applyChange(message, new Set(), message.flags, origin, false, true);
    this.messages.delete(message.msgid);
  }

  /** Normalizes a flag into the set (\Deleted is refused: it is per folder). */
  addFlag(flags: Set<string>, flag: string): void {
    const system = ['\\Seen', '\\Flagged', '\\Answered', '\\Draft', '\\Deleted', '\\Recent'].find(
      (known) => known.toLowerCase() === flag.toLowerCase(),
    );
    if (system === '\\Deleted' || system === '\\Recent') return;
    if (system) flags.add(system);
    else if (flag.startsWith('\\')) throw new GmailError('BAD', `Unknown system flag ${flag}. (Failure)`);
    else if (/^[\x21-\x7e]+$/.test(flag) && !/[(){%*"\\\]]/.test(flag)) {
      flags.add(flag);
      this.keywords.add(flag);
    } else throw new GmailError('BAD', 'Invalid flag. (Failure)');
  }

  /** Normalizes a label into the set; \Starred goes to the flags. */
  addLabel(labels: Set<string>, flags: Set<string>, label: string): void {
    const normal = normalizeLabel(label);
    if (normal === '\\Starred') flags.add('\\Flagged');
    else labels.add(normal);
  }

  /** Takes a label out of the set; \Starred takes \Flagged from the flags. */
  removeLabel(labels: Set<string>, flags: Set<string>, label: string): void {
    const normal = normalizeLabel(label);
    if (normal === '\\Starred') flags.delete('\\Flagged');
    else labels.delete(normal);
  }

  /** The folders a message with these labels and flags is shown in. */
  folderPathsOf(labels: ReadonlySet<string>, flags: ReadonlySet<string>): string[] {
    if (labels.has('\\Trash')) return [TRASH];
    if (labels.has('\\Spam')) return [SPAM];
    const paths = [ALL_MAIL];
    if (labels.has('\\Inbox')) paths.push(INBOX);
    if (labels.has('\\Sent')) paths.push(SENT);
    if (labels.has('\\Draft')) paths.push(DRAFTS);
    if (labels.has('\\Important')) paths.push(IMPORTANT);
    if (flags.has('\\Flagged')) paths.push(STARRED);
    for (const label of labels) if (!label.startsWith('\\')) paths.push(label);
    return paths;
  }

  /**
   * Gives a message new labels and flags in one step: MODSEQ bumped once,
   * folders left and entered updated, watchers told. Labels of folders that
   * do not exist yet make them (as Gmail makes a label stored on a message).
   */
  applyChange(
    message: Message,
    labels: ReadonlySet<string>,
    flags: ReadonlySet<string>,
    origin: unknown,
    isNew = false,
    destroy = false,
  ): boolean {
    const before = isNew ? [] : this.folderPathsOf(message.labels, message.flags);
    const after = destroy ? [] : this.folderPathsOf(labels, flags);
    const labelsChanged = !sameSet(message.labels, labels);
    const flagsChanged = !sameSet(message.flags, flags);
    if (!isNew && !destroy && !labelsChanged && !flagsChanged) return false;
    for (const label of labels) if (!label.startsWith('\\') && !this.folders.has(label)) this.createFolder(label);
    message.labels = new Set(labels);
    message.flags = new Set(flags);
    message.modseq = ++this.modseq;
    const afterSet = new Set(after);
    for (const path of before) {
      const folder = this.folders.get(path);
      const entry = folder?.byMsgid.get(message.msgid);
      if (!folder || !entry) continue;
      folder.highestModseq = this.modseq;
      if (afterSet.has(path)) {
        for (const watcher of folder.watchers) watcher.changed(folder, entry.uid, origin);
      } else {
        folder.remove(entry);
        for (const watcher of folder.watchers) watcher.removed(folder, entry.uid);
      }
    }
    for (const path of after) {
      const folder = this.folders.get(path);
      if (!folder || folder.byMsgid.has(message.msgid)) continue;
      folder.add(message);
      folder.highestModseq = this.modseq;
      for (const watcher of folder.watchers) watcher.added(folder);
    }
    return true;
  }

  /** A change of neither labels nor flags that still counts as one (a label renamed). */
  private bump(message: Message, origin: unknown): void {
    message.modseq = ++this.modseq;
    for (const path of this.folderPathsOf(message.labels, message.flags)) {
      const folder = this.folders.get(path);
      const entry = folder?.byMsgid.get(message.msgid);
      if (!folder || !entry) continue;
      folder.highestModseq = this.modseq;
      for (const watcher of folder.watchers) watcher.changed(folder, entry.uid, origin);
    }
  }

  /** Marks or clears \Deleted on one folder's entry (a change of its MODSEQ). */
  setDeleted(entry: Entry, deleted: boolean, origin: unknown): boolean {
    if (entry.deleted === deleted) return false;
    entry.deleted = deleted;
    this.bump(entry.message, origin);
    return true;
  }

  // ---- what IMAP commands do to labels ----

  /** COPY into `folder`: the message gets the folder's label (Trash and Spam take every other label away). */
  labelsForCopy(message: Message, folder: Folder): { labels: Set<string>; flags: Set<string> } {
    const labels = new Set(message.labels);
    const flags = new Set(message.flags);
    switch (folder.kind) {
      case 'trash':
        return { labels: new Set(['\\Trash']), flags };
      case 'spam':
        return { labels: new Set(['\\Spam']), flags };
      case 'all':
        labels.delete('\\Trash');
        labels.delete('\\Spam');
        return { labels, flags };
      case 'starred':
        labels.delete('\\Trash');
        labels.delete('\\Spam');
        flags.add('\\Flagged');
        return { labels, flags };
      default:
        labels.delete('\\Trash');
        labels.delete('\\Spam');
        labels.add(folder.label as string);
        return { labels, flags };
    }
  }

  /**
   * The message leaves `folder` (EXPUNGE there, or the source of a MOVE):
   * the folder's label goes. Leaving All Mail means Trash (what Gmail does
   * with "move to Trash" chosen for expunged messages); leaving Trash or Spam
   * means deleted for good (null).
   */
  labelsForRemoval(message: Message, folder: Folder): { labels: Set<string>; flags: Set<string> } | null {
    const labels = new Set(message.labels);
    const flags = new Set(message.flags);
    switch (folder.kind) {
      case 'trash':
      case 'spam':
        return null;
      case 'all':
        return { labels: new Set(['\\Trash']), flags };
      case 'starred':
        flags.delete('\\Flagged');
        return { labels, flags };
      default:
        labels.delete(folder.label as string);
        return { labels, flags };
    }
  }

  /** MOVE from `from` to `to`: a label change (see the cases in the code). */
  labelsForMove(message: Message, from: Folder, to: Folder): { labels: Set<string>; flags: Set<string> } {
    if (to.kind === 'trash' || to.kind === 'spam' || from.kind === 'trash' || from.kind === 'spam' || from.kind === 'all') {
      // Into Trash/Spam: every label goes. Out of Trash/Spam: back, with the target's label.
      // Out of All Mail: the message stays there (it is in All Mail as long as it is not in Trash or Spam).
      return this.labelsForCopy(message, to);
    }
    const removed = this.labelsForRemoval(message, from) ?? { labels: new Set(message.labels), flags: new Set(message.flags) };
    return this.labelsForCopy({ ...message, labels: removed.labels, flags: removed.flags }, to);
  }
}

export function normalizePath(path: string): string {
  return path.toUpperCase() === 'INBOX' ? INBOX : path;
}

/** A label as stored: system labels spelt as Gmail does, "INBOX" as \Inbox, user labels as given. */
export function normalizeLabel(label: string): string {
  if (label.startsWith('\\')) {
    const lower = label.toLowerCase();
    const known = SYSTEM_LABELS.find((system) => system.toLowerCase() === lower) ?? (lower === '\\drafts' ? '\\Draft' : undefined);
    if (!known) throw new GmailError('NO', `Invalid label ${label}. (Failure)`);
    return known;
  }
  if (label.toUpperCase() === 'INBOX') return '\\Inbox';
  return validLabel(label);
}

function validLabel(name: string): string {
  const label = name.replace(/\/+$/, '');
  if (!label || label.startsWith('/') || label.includes('//') || /[\r\n\0]/.test(label) || label.length > 225) {
    throw new GmailError('NO', '[CANNOT] Invalid folder name. (Failure)');
  }
  if (label.toUpperCase() === 'INBOX' || label === '[Gmail]' || label.startsWith('[Gmail]/')) {
    throw new GmailError('NO', '[CANNOT] This folder name is reserved. (Failure)');
  }
  return label;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
}

function dateHeader(raw: Buffer): Date | undefined {
  const head = raw.toString('latin1', 0, Math.min(raw.length, 64 * 1024));
  const match = /(?:^|\n)Date:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/i.exec(head);
  if (!match) return undefined;
  const date = new Date(
    (match[1] as string)
      .replace(/\r?\n/g, '')
      .replace(/\([^)]*\)/g, '')
      .trim(),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}
