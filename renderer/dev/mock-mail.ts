// DEV ONLY: folders and messages for MockApi, in memory. Ada's Inbox holds
// 100,000 generated messages (paged like the real store) plus the fixtures of
// mock-messages.ts; the other accounts have smaller folders, including a
// Gmail-like tree with a \Noselect "[Gmail]" container.

import type { Account } from '../../shared/accounts';
import { ApiError } from '../../shared/errors';
import type { Folder, FolderRole, MessageDetail, MessagePage, MessageSummary } from '../../shared/mail';
import { type Fixture, fixtures, type Generated, generated, generatedBody, sourceOf } from './mock-messages';

interface FolderSpec {
  path: string;
  role?: FolderRole;
  noselect?: boolean;
  count?: number;
  /** The newest this many are unread (plus a few random ones). */
  unread?: number;
  withFixtures?: boolean;
  /** Every third body "not downloaded" (an offline account). */
  bodiesMissing?: boolean;
}

const SPECS: Record<string, FolderSpec[]> = {
  a1: [
    { path: 'INBOX', role: 'inbox', count: 100_000, unread: 14, withFixtures: true },
    { path: 'Drafts', role: 'drafts', count: 3 },
    { path: 'Sent', role: 'sent', count: 40 },
    { path: 'Archive', role: 'archive', count: 200 },
    { path: 'Junk', role: 'junk', count: 5, unread: 3 },
    { path: 'Trash', role: 'trash', count: 12 },
    { path: 'Lists', noselect: true },
    { path: 'Lists/Rust', count: 300, unread: 25 },
    { path: 'Lists/TypeScript', count: 150 },
    { path: 'Lists/TypeScript/Announcements', count: 20, unread: 2 },
    { path: 'Receipts', count: 60 },
    { path: 'Projects', count: 10 },
    { path: 'Projects/Engine', count: 8, unread: 1 },
  ],
  a2: [
    { path: 'INBOX', role: 'inbox', count: 1000, unread: 8 },
    { path: '[Gmail]', noselect: true },
    { path: '[Gmail]/Drafts', role: 'drafts', count: 0 },
    { path: '[Gmail]/Sent Mail', role: 'sent', count: 100 },
    { path: '[Gmail]/All Mail', role: 'all', count: 1500 },
    { path: '[Gmail]/Starred', role: 'flagged', count: 10 },
    { path: '[Gmail]/Spam', role: 'junk', count: 4 },
    { path: '[Gmail]/Trash', role: 'trash', count: 7 },
    { path: 'Clients', count: 40, unread: 2 },
  ],
  a3: [
    { path: 'INBOX', role: 'inbox', count: 50, unread: 2 },
    { path: 'Sent', role: 'sent', count: 10 },
    { path: 'Trash', role: 'trash', count: 0 },
  ],
  a4: [
    { path: 'INBOX', role: 'inbox', count: 30, unread: 3, bodiesMissing: true },
    { path: 'Archive', role: 'archive', count: 20 },
  ],
  a6: [{ path: 'INBOX', role: 'inbox', count: 5 }],
};

interface Stored extends MessageSummary {
  to: MessageDetail['to'];
  cc: MessageDetail['cc'];
  fixture?: Fixture;
  generated?: Generated;
  missing: boolean;
  remoteAllowed: boolean;
}

const NEW_ACCOUNT: FolderSpec[] = [
  { path: 'INBOX', role: 'inbox', count: 25, unread: 4 },
  { path: 'Sent', role: 'sent', count: 3 },
  { path: 'Archive', role: 'archive', count: 0 },
  { path: 'Trash', role: 'trash', count: 0 },
];

const MINUTE = 60_000;

export class MockMail {
  readonly #folders = new Map<number, Folder>();
  readonly #ids = new Map<number, number[]>();
  readonly #messages = new Map<number, Stored>();
  readonly #allowedSenders = new Set<string>();
  #nextFolderId = 1;
  #nextMessageId = 1;

  readonly #origin: string;

  constructor(accounts: Account[], origin: string) {
    this.#origin = origin;
    for (const account of accounts) this.addAccount(account, SPECS[account.id] ?? []);
  }

  /** An account's folders as its first sync would find them (a small default for accounts added in the form). */
  addAccount(account: Account, specs: FolderSpec[] = NEW_ACCOUNT): void {
    const now = Date.now();
    for (const spec of specs) this.#addFolder(account, spec, this.#origin, now);
  }

  #addFolder(account: Account, spec: FolderSpec, origin: string, now: number): void {
    const id = this.#nextFolderId++;
    const slash = spec.path.lastIndexOf('/');
    this.#folders.set(id, {
      id,
      accountId: account.id,
      path: spec.path,
      name: spec.path === 'INBOX' ? 'Inbox' : spec.path.slice(slash + 1),
      delimiter: '/',
      parentPath: slash < 0 ? null : spec.path.slice(0, slash),
      role: spec.role ?? null,
      subscribed: true,
      selectable: !spec.noselect,
      total: 0,
      unread: 0,
    });
    const ids: number[] = [];
    const me = { name: account.name, address: account.email };
    for (const fixture of spec.withFixtures ? fixtures(origin) : []) {
      ids.push(
        this.#store({
          ...this.#base(account, id, now - fixture.ageMinutes * MINUTE),
          ...fixture,
          to: fixture.to,
          cc: fixture.cc ?? [],
          fixture,
        }),
      );
    }
    for (let n = 0; n < (spec.count ?? 0); n++) {
      const g = generated(n, spec.unread ?? 0);
      // Below the fixtures (the newest 100 hours), so screenshots show them together.
      const date = now - (spec.withFixtures ? 6030 + n * 6.3 : 3 + n * 36) * MINUTE;
      ids.push(
        this.#store({
          ...this.#base(account, id, date),
          ...g,
          to: [me],
          cc: [],
          generated: g,
          missing: !!spec.bodiesMissing && n % 3 === 0,
        }),
      );
    }
    ids.sort((a, b) => this.#date(b) - this.#date(a));
    this.#ids.set(id, ids);
  }

  #base(account: Account, folderId: number, date: number) {
    return {
      accountId: account.id,
      folderId,
      date: new Date(date).toISOString(),
      answered: false,
      hasAttachments: false,
      size: 4096,
      flagged: false,
      missing: false,
      remoteAllowed: false,
    };
  }

  #store(message: Omit<Stored, 'id'> & { attachments?: unknown[] }): number {
    const id = this.#nextMessageId++;
    const hasAttachments = message.hasAttachments || (message.fixture?.attachments?.length ?? 0) > 0;
    this.#messages.set(id, {
      id,
      accountId: message.accountId,
      folderId: message.folderId,
      subject: message.subject,
      from: message.from,
      date: message.date,
      snippet: message.snippet,
      seen: message.seen,
      flagged: message.flagged ?? false,
      answered: false,
      hasAttachments,
      size: message.size,
      to: message.to,
      cc: message.cc,
      missing: message.missing || message.fixture?.body === 'missing',
      remoteAllowed: false,
      ...(message.fixture ? { fixture: message.fixture } : {}),
      ...(message.generated ? { generated: message.generated } : {}),
    });
    return id;
  }

  #date(id: number): number {
    return Date.parse(this.#messages.get(id)?.date ?? '0');
  }

  #summary(m: Stored): MessageSummary {
    const { id, accountId, folderId, subject, from, date, snippet, seen, flagged, answered, hasAttachments, size } = m;
    return { id, accountId, folderId, subject, from, date, snippet, seen, flagged, answered, hasAttachments, size };
  }

  #require(id: number): Stored {
    const m = this.#messages.get(id);
    if (!m) throw new ApiError('not_found', 'That message does not exist (any more).');
    return m;
  }

  listFolders(accountId?: string): Folder[] {
    return [...this.#folders.values()]
      .filter((f) => !accountId || f.accountId === accountId)
      .map((f) => {
        const ids = this.#ids.get(f.id) ?? [];
        let unread = 0;
        for (const id of ids) if (!this.#messages.get(id)?.seen) unread++;
        return { ...f, total: ids.length, unread };
      });
  }

  page(folderId: number, offset: number, limit: number): MessagePage {
    const ids = this.#ids.get(folderId);
    if (!ids) throw new ApiError('not_found', 'That folder does not exist (any more).');
    const items = ids.slice(offset, offset + limit).map((id) => this.#summary(this.#require(id)));
    return { folderId, total: ids.length, offset, items };
  }

  get(id: number): MessageDetail {
    const m = this.#require(id);
    const f = m.fixture;
    const body = m.generated ? generatedBody(m.generated) : { text: f?.text ?? '', html: f?.html ?? null };
    const allowed = m.remoteAllowed || (m.from ? this.#allowedSenders.has(`${m.accountId}:${m.from.address}`) : false);
    return {
      ...this.#summary(m),
      messageId: `<mock.${id}@example.com>`,
      to: m.to,
      cc: m.cc,
      replyTo: [],
      body: m.missing ? 'missing' : (f?.body ?? 'ready'),
      text: m.missing ? '' : body.text,
      html: m.missing ? null : body.html,
      attachments: m.missing ? [] : (f?.attachments ?? []),
      inlineImages: f?.inlineImages ?? {},
      problems: f?.problems ?? [],
      remoteContentAllowed: allowed,
    };
  }

  source(id: number): string {
    const m = this.#require(id);
    if (m.missing) throw new ApiError('not_found', 'This message has not been downloaded yet; connect to the server to read it.');
    const detail = this.get(id);
    return sourceOf({ ...detail, text: detail.text, html: detail.html });
  }

  /** Returns the folders whose contents changed, per account. */
  setFlags(ids: number[], change: { seen?: boolean; flagged?: boolean }): Map<string, Set<number>> {
    const touched = new Map<string, Set<number>>();
    for (const id of ids) {
      const m = this.#messages.get(id);
      if (!m) continue;
      if (change.seen !== undefined) m.seen = change.seen;
      if (change.flagged !== undefined) m.flagged = change.flagged;
      touch(touched, m.accountId, m.folderId);
    }
    return touched;
  }

  move(ids: number[], folderId: number): Map<string, Set<number>> {
    const target = this.#folders.get(folderId);
    if (!target?.selectable) throw new ApiError('not_found', 'That folder does not exist (any more).');
    const touched = new Map<string, Set<number>>();
    for (const id of ids) {
      const m = this.#messages.get(id);
      if (!m || m.folderId === folderId) continue;
      if (m.accountId !== target.accountId)
        throw new ApiError('invalid_argument', 'Messages can only be moved between folders of the same account.');
      touch(touched, m.accountId, m.folderId);
      this.#detach(m);
      m.folderId = folderId;
      const list = this.#ids.get(folderId) ?? [];
      // Keep newest first: insert at its place by date.
      const date = Date.parse(m.date);
      let at = 0;
      while (at < list.length && this.#date(list[at] as number) > date) at++;
      list.splice(at, 0, id);
      this.#ids.set(folderId, list);
      touch(touched, m.accountId, folderId);
    }
    return touched;
  }

  #detach(m: Stored): void {
    const list = this.#ids.get(m.folderId);
    const at = list?.indexOf(m.id) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
  }

  /** To Trash; from Trash (or without one), for good. */
  delete(ids: number[]): Map<string, Set<number>> {
    const touched = new Map<string, Set<number>>();
    for (const id of ids) {
      const m = this.#messages.get(id);
      if (!m) continue;
      const trash = this.#byRole(m.accountId, 'trash');
      touch(touched, m.accountId, m.folderId);
      if (trash && trash.id !== m.folderId) merge(touched, this.move([id], trash.id));
      else {
        this.#detach(m);
        this.#messages.delete(id);
      }
    }
    return touched;
  }

  archive(ids: number[]): Map<string, Set<number>> {
    const touched = new Map<string, Set<number>>();
    for (const id of ids) {
      const m = this.#require(id);
      const archive = this.#byRole(m.accountId, 'archive');
      if (!archive) throw new ApiError('not_found', 'This account has no Archive folder.');
      touch(touched, m.accountId, m.folderId);
      merge(touched, this.move([id], archive.id));
    }
    return touched;
  }

  allowRemote(id: number, scope: 'message' | 'sender'): void {
    const m = this.#require(id);
    if (scope === 'sender' && m.from) this.#allowedSenders.add(`${m.accountId}:${m.from.address}`);
    else m.remoteAllowed = true;
  }

  search(query: string, accountId: string | undefined, limit: number): MessageSummary[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const found: Stored[] = [];
    for (const m of this.#messages.values()) {
      if (accountId && m.accountId !== accountId) continue;
      const hay = `${m.subject} ${m.from?.name ?? ''} ${m.from?.address ?? ''} ${m.snippet}`.toLowerCase();
      if (words.every((w) => hay.includes(w))) found.push(m);
    }
    found.sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
    return found.slice(0, limit).map((m) => this.#summary(m));
  }

  /** New mail arriving (for the sync simulation): `count` messages on top of the account's Inbox. */
  deliver(accountId: string, count: number, serial: number): number | null {
    const inbox = this.#byRole(accountId, 'inbox');
    if (!inbox) return null;
    const list = this.#ids.get(inbox.id) ?? [];
    for (let i = 0; i < count; i++) {
      const g = generated(serial * 100 + i, 0);
      const id = this.#store({
        ...this.#base({ id: accountId } as Account, inbox.id, Date.now()),
        ...g,
        subject: `New: ${g.subject}`,
        seen: false,
        to: [],
        cc: [],
        generated: g,
      });
      list.unshift(id);
    }
    return inbox.id;
  }

  /** An attachment's bytes, made up (its declared size, at most 200 KB), as messages.attachment sends them. */
  attachment(id: number, index: number): { filename: string; contentType: string; size: number; base64: string } {
    const m = this.#require(id);
    if (m.missing)
      throw new ApiError('not_found', 'This message has not been downloaded yet; connect to the server to save its attachments.');
    const info = this.get(id).attachments[index];
    if (!info) throw new ApiError('not_found', 'This message has no such attachment.');
    const bytes = new Uint8Array(Math.min(info.size, 200_000));
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + index) & 0xff;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const subtype = info.contentType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? '';
    return {
      // As the core's safeFilename: no directories, a name when the sender gave none.
      filename: info.filename?.replace(/[\\/]/g, '_') || (subtype ? `attachment.${subtype}` : 'attachment'),
      contentType: info.contentType,
      size: bytes.length,
      base64: btoa(binary),
    };
  }

  /** folders.create as the core does it once the server agreed: the new folder, as listed. */
  createFolder(account: Account, name: string, parentId?: number): Folder {
    const parent = parentId === undefined ? undefined : this.#folder(parentId);
    const path = parent ? `${parent.path}/${name}` : name;
    if (this.#byPath(account.id, path)) throw new ApiError('invalid_argument', `There is already a folder "${name}" there.`);
    this.#addFolder(account, { path }, this.#origin, Date.now());
    return this.#listed(account.id, path);
  }

  /** A rename comes back from the server's list as new folders (new ids), as in the core's store. */
  renameFolder(id: number, name: string): Folder {
    const folder = this.#folder(id);
    this.#refuseSpecial(folder, 'renamed');
    const path = folder.parentPath ? `${folder.parentPath}/${name}` : name;
    if (this.#byPath(folder.accountId, path)) throw new ApiError('invalid_argument', `There is already a folder "${name}" there.`);
    const moving = [...this.#folders.values()].filter(
      (f) => f.accountId === folder.accountId && (f.path === folder.path || f.path.startsWith(`${folder.path}/`)),
    );
    for (const old of moving) {
      const newPath = path + old.path.slice(folder.path.length);
      const slash = newPath.lastIndexOf('/');
      const newId = this.#nextFolderId++;
      const ids = this.#ids.get(old.id) ?? [];
      for (const messageId of ids) {
        const m = this.#messages.get(messageId);
        if (m) m.folderId = newId;
      }
      this.#folders.delete(old.id);
      this.#ids.delete(old.id);
      this.#folders.set(newId, {
        ...old,
        id: newId,
        path: newPath,
        name: newPath.slice(slash + 1),
        parentPath: slash < 0 ? null : newPath.slice(0, slash),
      });
      this.#ids.set(newId, ids);
    }
    return this.#listed(folder.accountId, path);
  }

  /** Deletes a folder and its mail; like some servers, refuses while it has subfolders. */
  deleteFolder(id: number): string {
    const folder = this.#folder(id);
    this.#refuseSpecial(folder, 'deleted');
    if ([...this.#folders.values()].some((f) => f.accountId === folder.accountId && f.parentPath === folder.path)) {
      throw new ApiError('protocol_error', `The server would not delete "${folder.name}": Mailbox has children, delete them first`);
    }
    for (const messageId of this.#ids.get(id) ?? []) this.#messages.delete(messageId);
    this.#ids.delete(id);
    this.#folders.delete(id);
    return folder.accountId;
  }

  folderAccount(id: number): string {
    return this.#folder(id).accountId;
  }

  #folder(id: number): Folder {
    const folder = this.#folders.get(id);
    if (!folder) throw new ApiError('not_found', 'That folder does not exist (any more).');
    return folder;
  }

  #refuseSpecial(folder: Folder, what: string): void {
    if (folder.role) throw new ApiError('invalid_argument', `The ${folder.name} folder is a special folder and cannot be ${what}.`);
  }

  #byPath(accountId: string, path: string): Folder | undefined {
    return [...this.#folders.values()].find((f) => f.accountId === accountId && f.path === path);
  }

  #listed(accountId: string, path: string): Folder {
    const listed = this.listFolders(accountId).find((f) => f.path === path);
    if (!listed) throw new ApiError('protocol_error', `The server accepted the change but does not list "${path}".`);
    return listed;
  }

  #byRole(accountId: string, role: FolderRole): Folder | undefined {
    return [...this.#folders.values()].find((f) => f.accountId === accountId && f.role === role);
  }
}

function touch(map: Map<string, Set<number>>, accountId: string, folderId: number): void {
  const set = map.get(accountId) ?? new Set();
  set.add(folderId);
  map.set(accountId, set);
}

function merge(into: Map<string, Set<number>>, from: Map<string, Set<number>>): void {
  for (const [accountId, folderIds] of from) for (const folderId of folderIds) touch(into, accountId, folderId);
}
