import type { TidingsApi } from '../../../shared/contract';
import type { ApiError } from '../../../shared/errors';
import type { Address, ConversationSummary, MessagePage, MessageSummary, PageKey, UnifiedView, ViewPage } from '../../../shared/mail';
import { toApiError } from '../api/errors';

// The rows behind the message list, read from the store a page at a time, as
// the list scrolls. A folder may hold 1,000,000 messages: only the pages near
// what is on screen are kept (MAX_PAGES), the others are read again when
// scrolled back to. When the store changes, the pages on screen are re-read
// and the others marked stale; stale rows stay visible until fresh ones
// arrive, so a sync does not make the list flicker.
//
// A page next to a fresh one is read by key (keyset paging): after the last
// row of the page above, or before the first row of the page below, so
// scrolling costs the core one page whatever the depth. Any other page (the
// first, a jump, the pages on screen after a change) is read at its
// position; the core finds it from its per-span counts without skipping
// rows (main/store/message-pages.ts). A keyed page that comes back short of
// what the total says means rows above it went meanwhile: it is read again
// at its position.

// A search is paged like a folder, with two differences: its count may be a
// lower bound ("more than N": the core counts a window beyond the page asked
// for, and a page further down counts further, so the list grows as it is
// scrolled), and a page right after a page read in this generation is asked
// for with that page's cursor, which spares the core walking the matches
// before it again.

/** What the list shows: a folder, a unified view, or the matches of a search (every account's, or one account's, or one folder's). */
export type ListSource =
  | { kind: 'folder'; accountId: string; folderId: number }
  | { kind: 'view'; view: UnifiedView }
  | { kind: 'search'; query: string; accountId?: string | undefined; folderId?: number | undefined }
  /** A folder's conversations: a row per thread (its id is the thread's), acting on the thread's messages here. */
  | { kind: 'conversations'; accountId: string; folderId: number }
  /** Rows given whole (a "Search on server"'s matches): listed as they are; `key` names them. */
  | { kind: 'rows'; key: string; rows: readonly MessageSummary[] };

/** What a conversation's row adds to the message it shows (its newest here). */
export interface ConversationInfo {
  /** Messages in this folder, and in the whole conversation. */
  count: number;
  total: number;
  unread: number;
  participants: Address[];
  /** Its messages in this folder, newest first: what an action on the row acts on. */
  messageIds: number[];
}

/** A row of the list: a message, or a conversation (id: the thread's) shown like one. */
export type ListRow = MessageSummary & { conversation?: ConversationInfo };

/** A conversation as a row: its newest message here, unread when any is, with its counts and participants. */
export function conversationRow(c: ConversationSummary): ListRow {
  return {
    id: c.threadId,
    accountId: c.accountId,
    folderId: c.folderId,
    subject: c.subject,
    from: c.participants[0] ?? null,
    date: c.date,
    snippet: c.snippet,
    seen: c.unread === 0,
    flagged: c.flagged,
    answered: false,
    hasAttachments: c.hasAttachments,
    size: 0,
    ...(c.labels ? { labels: c.labels } : {}),
    conversation: { count: c.count, total: c.total, unread: c.unread, participants: c.participants, messageIds: c.messageIds },
  };
}

export const PAGE_SIZE = 100;
const MAX_PAGES = 40;
/** The most ids one action may carry (the contract's limit). */
export const MAX_SELECTION = 10_000;

interface Page {
  items: ListRow[];
  generation: number;
  /** A search page's cursor to the page after it (null: none after it). */
  next?: string | null;
}

/** How many rows a page's answer says there are: exactly, or at least. */
interface Count {
  rows: number;
  exact: boolean;
}

interface Waiter {
  generation: number;
  resolve: () => void;
}

export class MessageListStore {
  readonly source: ListSource;
  readonly #api: TidingsApi;
  readonly #pages = new Map<number, Page>();
  /** page -> the generation it was requested for */
  readonly #inflight = new Map<number, number>();
  readonly #listeners = new Set<() => void>();
  #waiters: Waiter[] = [];
  #generation = 0;
  #total: number | null = null;
  #totalExact = true;
  #indexing = false;
  #totalGeneration = -1;
  #error: ApiError | null = null;
  #range = { from: 0, to: 0 };
  #version = 0;
  /** id -> row index over the pages read; rebuilt on demand after any change. */
  #index: Map<number, number> | null = null;
  /** Conversations: each thread's messages in the folder, as last read (kept when its page is evicted, for a selection). */
  readonly #members = new Map<number, number[]>();

  constructor(api: TidingsApi, source: ListSource) {
    this.#api = api;
    this.source = source;
  }

  // ---- for useSyncExternalStore ----
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  getVersion = (): number => this.#version;

  /** null until the first page has arrived. */
  get total(): number | null {
    return this.#total;
  }

  /** False when `total` is a lower bound (a search with more matches than counted so far). */
  get totalExact(): boolean {
    return this.#totalExact;
  }

  /** A search's answer said some mail is still being indexed: matches may be missing. */
  get indexing(): boolean {
    return this.#indexing;
  }

  get error(): ApiError | null {
    return this.#error;
  }

  row(index: number): ListRow | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.items[index % PAGE_SIZE];
  }

  /** Where a message is in the rows read so far; -1 when it is not among them. */
  indexOf(id: number): number {
    if (!this.#index) {
      // Stale pages first, so a fresh page wins when a message appears in both during a re-read.
      const ordered = [...this.#pages].sort(([, a], [, b]) => a.generation - b.generation);
      const index = new Map<number, number>();
      for (const [page, { items }] of ordered) {
        for (let at = 0; at < items.length; at++) index.set((items[at] as ListRow).id, page * PAGE_SIZE + at);
      }
      this.#index = index;
    }
    return this.#index.get(id) ?? -1;
  }

  summary(id: number): ListRow | undefined {
    const index = this.indexOf(id);
    return index >= 0 ? this.row(index) : undefined;
  }

  /** The messages rows stand for: themselves, or (conversations) each thread's messages in the folder. */
  messageIds(ids: readonly number[]): number[] {
    if (this.source.kind !== 'conversations') return [...ids];
    return [...new Set(ids.flatMap((id) => this.#members.get(id) ?? []))];
  }

  /** Rows [from, to) are (about to be) on screen: read the pages they need. */
  ensure(from: number, to: number): void {
    this.#range = { from: Math.max(0, from), to: Math.max(from + 1, to) };
    for (const page of this.#pagesOf(this.#range.from, this.#range.to)) {
      if (this.#isStale(page)) this.#fetchPage(page);
    }
  }

  /** The store changed: re-read what is on screen, let the rest be re-read when needed. */
  invalidate(): void {
    this.#generation++;
    this.ensure(this.#range.from, this.#range.to);
  }

  /** invalidate(), resolving once the rows on screen are fresh (or reading failed). */
  reload(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push({ generation: this.#generation + 1, resolve });
      this.invalidate();
    });
  }

  /**
   * The ids of rows from `anchor` to `to` (either direction), reading pages that are not
   * loaded (for Shift+click far away); at most MAX_SELECTION of them, counted from the anchor.
   */
  async idsInRange(anchor: number, to: number): Promise<number[]> {
    const capped = anchor <= to ? Math.min(to, anchor + MAX_SELECTION - 1) : Math.max(to, anchor - MAX_SELECTION + 1);
    const [low, high] = anchor <= capped ? [anchor, capped] : [capped, anchor];
    // Pages read for the range, kept here: a range of more than MAX_PAGES pages is evicted as it arrives.
    const read = new Map<number, ListRow[]>();
    const missing = this.#pagesOf(low, high + 1).filter((page) => !this.#pages.has(page));
    await Promise.all(missing.map(async (page) => read.set(page, (await this.#fetchPage(page)) ?? [])));
    const ids: number[] = [];
    for (let i = low; i <= high; i++) {
      const row = this.row(i) ?? read.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
      if (row) ids.push(row.id);
    }
    return ids;
  }

  /** Shows a flag change at once; the store.changed that follows confirms it. */
  patch(ids: readonly number[], change: { seen?: boolean; flagged?: boolean }): void {
    this.update(ids, (m) => ({ ...m, ...change }));
  }

  /** Shows any change of these rows at once (a label change, say); the store.changed that follows confirms it. */
  update(ids: readonly number[], change: (message: ListRow) => ListRow): void {
    const wanted = new Set(ids);
    for (const page of this.#pages.values()) {
      page.items = page.items.map((m) => (wanted.has(m.id) ? change(m) : m));
    }
    this.#bump();
  }

  #pagesOf(from: number, to: number): number[] {
    const last = this.#total === null ? Math.floor(from / PAGE_SIZE) : Math.max(0, Math.ceil(this.#total / PAGE_SIZE) - 1);
    const pages: number[] = [];
    for (let page = Math.floor(from / PAGE_SIZE); page <= Math.min(Math.floor((to - 1) / PAGE_SIZE), last); page++) pages.push(page);
    return pages;
  }

  #isStale(page: number): boolean {
    const stored = this.#pages.get(page);
    if (stored && stored.generation >= this.#generation) return false;
    return this.#inflight.get(page) !== this.#generation;
  }

  /** The key to read `page` by: after the fresh page above it, or before the fresh page below; none for a read at its position. */
  #keyFor(page: number): { after: PageKey } | { before: PageKey } | undefined {
    if (page === 0) return undefined; // the top is cheap, and new mail lands there
    const fresh = (at: number) => {
      const stored = this.#pages.get(at);
      return stored && stored.generation >= this.#generation ? stored.items : undefined;
    };
    const above = fresh(page - 1);
    if (above?.length === PAGE_SIZE) return { after: keyOf(above.at(-1) as MessageSummary) };
    const below = fresh(page + 1);
    if (below?.length) return { before: keyOf(below[0] as MessageSummary) };
    return undefined;
  }

  /** Resolves with the page's rows (undefined when reading failed). */
  #fetchPage(page: number, atPosition = false): Promise<ListRow[] | undefined> {
    const source = this.source;
    const generation = this.#generation;
    this.#inflight.set(page, generation);
    const offset = page * PAGE_SIZE;
    const failed = (failure: unknown) => {
      this.#fail(page, generation, failure);
      return undefined;
    };
    if (source.kind === 'rows') {
      // Nothing to ask: the rows are here. (Flag changes show through patch() and update().)
      const known = source.rows.slice(offset, offset + PAGE_SIZE);
      const items = this.#pages.get(page)?.items ?? known;
      this.#store(page, generation, items, { rows: source.rows.length, exact: true });
      return Promise.resolve(items);
    }
    if (source.kind === 'search') {
      const { query, accountId, folderId } = source;
      // The page before, read in this generation, says where this one starts.
      const before = this.#pages.get(page - 1);
      const cursor = before && before.generation === generation && before.next ? before.next : undefined;
      const args = {
        query,
        offset,
        limit: PAGE_SIZE,
        ...(accountId ? { accountId } : {}),
        ...(folderId ? { folderId } : {}),
        ...(cursor ? { cursor } : {}),
      };
      return this.#api.call('messages.search', args).then((result) => {
        this.#indexing = result.indexing;
        const count = result.total !== undefined ? { rows: result.total, exact: true } : { rows: result.moreThan, exact: false };
        this.#store(page, generation, result.items, count, result.next);
        return result.items;
      }, failed);
    }
    if (source.kind === 'conversations') {
      // At its position: the core pages a folder's conversations on an index of their own (store/threads-repo.ts).
      return this.#api.call('messages.conversations', { folderId: source.folderId, offset, limit: PAGE_SIZE }).then((result) => {
        for (const c of result.items) this.#members.set(c.threadId, c.messageIds);
        const items = result.items.map(conversationRow);
        this.#store(page, generation, items, { rows: result.total, exact: true });
        return items;
      }, failed);
    }
    const key = atPosition ? undefined : this.#keyFor(page);
    const args = { offset, limit: PAGE_SIZE, ...key };
    const call: Promise<MessagePage | ViewPage> =
      source.kind === 'folder'
        ? this.#api.call('messages.page', { folderId: source.folderId, ...args })
        : this.#api.call('messages.view', { view: source.view, ...args });
    return call.then((result) => {
      const expected = Math.max(0, Math.min(PAGE_SIZE, result.total - offset));
      if (key && result.items.length < expected) return this.#fetchPage(page, true);
      this.#store(page, generation, result.items, { rows: result.total, exact: true });
      return result.items;
    }, failed);
  }

  #store(page: number, generation: number, items: ListRow[], count: Count, next?: string | null): void {
    if (this.#inflight.get(page) === generation) this.#inflight.delete(page);
    const existing = this.#pages.get(page);
    if (existing && existing.generation > generation) return;
    this.#pages.set(page, next === undefined ? { items, generation } : { items, generation, next });
    if (generation > this.#totalGeneration) {
      this.#total = count.rows;
      this.#totalExact = count.exact;
      this.#totalGeneration = generation;
    } else if (generation === this.#totalGeneration) {
      // Answers of one generation: an exact count wins; a lower bound only grows (a page further down counted further).
      if (count.exact) this.#total = count.rows;
      else if (!this.#totalExact) this.#total = Math.max(this.#total ?? 0, count.rows);
      this.#totalExact ||= count.exact;
    }
    if (count.exact && generation === this.#totalGeneration) this.#dropPast(count.rows);
    this.#error = null;
    this.#evict();
    this.#settleWaiters(false);
    this.#bump();
  }

  /** A re-read found fewer rows: the pages past the end go. */
  #dropPast(total: number): void {
    for (const page of this.#pages.keys()) if (page * PAGE_SIZE >= total) this.#pages.delete(page);
  }

  #fail(page: number, generation: number, failure: unknown): void {
    if (this.#inflight.get(page) === generation) this.#inflight.delete(page);
    this.#error = toApiError(failure);
    this.#settleWaiters(true);
    this.#bump();
  }

  #settleWaiters(failed: boolean): void {
    const pages = this.#pagesOf(this.#range.from, this.#range.to);
    this.#waiters = this.#waiters.filter((waiter) => {
      const fresh = pages.every((page) => (this.#pages.get(page)?.generation ?? -1) >= waiter.generation);
      if (fresh || failed) waiter.resolve();
      return !(fresh || failed);
    });
  }

  /** Keeps the pages nearest to the screen; a long scroll must not keep 100,000 rows. */
  #evict(): void {
    if (this.#pages.size <= MAX_PAGES) return;
    const centre = (this.#range.from + this.#range.to) / 2 / PAGE_SIZE;
    const far = [...this.#pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of far.slice(0, this.#pages.size - MAX_PAGES)) this.#pages.delete(page);
  }

  #bump(): void {
    this.#index = null;
    this.#version++;
    for (const listener of this.#listeners) listener();
  }
}

/** A row's place in the list's order (newest first): what keyed pages are read from. */
function keyOf(message: MessageSummary): PageKey {
  return { date: Date.parse(message.date), id: message.id };
}
