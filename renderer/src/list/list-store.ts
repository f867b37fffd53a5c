import type { TidingsApi } from '../../../shared/contract';
import type { ApiError } from '../../../shared/errors';
import type { Address, ConversationSummary, MessageSummary } from '../../../shared/mail';
import { toApiError } from '../api/errors';

// The rows behind the message list, read from the store a page at a time, as
// the list scrolls. A folder may hold 100,000 messages: only the pages near
// what is on screen are kept (MAX_PAGES), the others are read again when
// scrolled back to. When the store changes, the pages on screen are re-read
// and the others marked stale; stale rows stay visible until fresh ones
// arrive, so a sync does not make the list flicker.

export type ListSource =
  | { kind: 'folder'; accountId: string; folderId: number }
  | { kind: 'search'; accountId: string; query: string }
  /** The folder's conversations: a row per thread (its id is the thread's), acting on the thread's messages here. */
  | { kind: 'conversations'; accountId: string; folderId: number };

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
/** messages.search answers in one go; this many at most. */
export const SEARCH_LIMIT = 500;
/** The most ids one action may carry (the contract's limit). */
export const MAX_SELECTION = 10_000;

interface Page {
  items: ListRow[];
  generation: number;
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
    if (this.source.kind === 'search') {
      if (this.#isStale(0)) this.#fetchSearch();
      return;
    }
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
    if (this.source.kind !== 'search') {
      const missing = this.#pagesOf(low, high + 1).filter((page) => !this.#pages.has(page));
      await Promise.all(missing.map(async (page) => read.set(page, (await this.#fetchPage(page)) ?? [])));
    }
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

  /** Resolves with the page's rows (undefined when reading failed). */
  #fetchPage(page: number): Promise<ListRow[] | undefined> {
    if (this.source.kind === 'search') return Promise.resolve(undefined);
    const generation = this.#generation;
    this.#inflight.set(page, generation);
    return this.#readPage(this.source, page).then(
      (result) => {
        this.#store(page, generation, result.items, result.total);
        return result.items;
      },
      (failure: unknown) => {
        this.#fail(page, generation, failure);
        return undefined;
      },
    );
  }

  /** One page of a folder: its messages, or its conversations as rows. */
  #readPage(source: ListSource & { folderId: number }, page: number): Promise<{ items: ListRow[]; total: number }> {
    const args = { folderId: source.folderId, offset: page * PAGE_SIZE, limit: PAGE_SIZE };
    if (source.kind !== 'conversations') return this.#api.call('messages.page', args);
    return this.#api.call('messages.conversations', args).then(({ items, total }) => {
      for (const c of items) this.#members.set(c.threadId, c.messageIds);
      return { items: items.map(conversationRow), total };
    });
  }

  #fetchSearch(): void {
    if (this.source.kind !== 'search') return;
    const generation = this.#generation;
    this.#inflight.set(0, generation);
    const { query, accountId } = this.source;
    this.#api.call('messages.search', { query, accountId, limit: SEARCH_LIMIT }).then(
      (items) => {
        // One answer fills every page; page 0 carries the generation for #isStale.
        for (const page of this.#pages.keys()) if (page * PAGE_SIZE >= items.length) this.#pages.delete(page);
        for (let page = 1; page * PAGE_SIZE < items.length; page++) {
          this.#pages.set(page, { items: items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), generation });
        }
        this.#store(0, generation, items.slice(0, PAGE_SIZE), items.length);
      },
      (failure: unknown) => this.#fail(0, generation, failure),
    );
  }

  #store(page: number, generation: number, items: ListRow[], total: number): void {
    if (this.#inflight.get(page) === generation) this.#inflight.delete(page);
    const existing = this.#pages.get(page);
    if (existing && existing.generation > generation) return;
    this.#pages.set(page, { items, generation });
    if (generation >= this.#totalGeneration) {
      this.#total = total;
      this.#totalGeneration = generation;
    }
    this.#error = null;
    this.#evict();
    this.#settleWaiters(false);
    this.#bump();
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
