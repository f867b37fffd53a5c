import { describe, expect, it } from 'vitest';
import { MAX_SELECTION, MessageListStore, PAGE_SIZE } from '../../../renderer/src/list/list-store';
import type { MessageSummary } from '../../../shared/mail';
import { FakeApi, type PendingCall, settle, summary } from './fake-api';

// The message list's page cache (renderer/src/list/list-store.ts): which pages
// it reads and keeps, how a re-read replaces stale rows, who waits for fresh
// ones, and the ids a range selection gets.

const FOLDER = { kind: 'folder', accountId: 'a_1', folderId: 7 } as const;

/** A folder of `count` messages, ids 1000, 1001, … in list order. */
function folder(count: number, patch: Partial<MessageSummary> = {}): MessageSummary[] {
  return Array.from({ length: count }, (_, i) => summary(1000 + i, patch));
}

function answerPage(call: PendingCall, rows: MessageSummary[]): void {
  const { offset, limit } = call.args as { offset: number; limit: number };
  call.resolve({ folderId: 7, total: rows.length, offset, items: rows.slice(offset, offset + limit) });
}

/** Answers every page read waiting, from `rows`; returns the pages that were read. */
async function answerPages(api: FakeApi, rows: MessageSummary[]): Promise<number[]> {
  const pages: number[] = [];
  while (api.waiting('messages.page').length > 0) {
    const call = api.take('messages.page');
    pages.push((call.args.offset as number) / PAGE_SIZE);
    answerPage(call, rows);
    await settle();
  }
  return pages;
}

function pagesAsked(api: FakeApi): number[] {
  return api.waiting('messages.page').map((c) => (c.args.offset as number) / PAGE_SIZE);
}

/** A store with the first screen read from `rows`. */
async function opened(rows: MessageSummary[], from = 0, to = 30) {
  const api = new FakeApi();
  const store = new MessageListStore(api, FOLDER);
  store.ensure(from, to);
  await answerPages(api, rows);
  return { api, store };
}

describe('list store: pages', () => {
  it('reads the first page alone while the total is unknown, then the pages on screen', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, FOLDER);
    expect(store.total).toBeNull();
    store.ensure(0, 250);
    expect(pagesAsked(api)).toEqual([0]);
    expect(api.waiting()[0]?.args).toEqual({ folderId: 7, offset: 0, limit: PAGE_SIZE });
    await answerPages(api, folder(1000));
    expect(store.total).toBe(1000);
    expect(store.row(0)?.id).toBe(1000);
    expect(store.row(99)?.id).toBe(1099);
    expect(store.row(100)).toBeUndefined();

    // The list asks again once the total is known (MessageList re-runs ensure on each version).
    store.ensure(0, 250);
    expect(pagesAsked(api)).toEqual([1, 2]);
    await answerPages(api, folder(1000));
    expect(store.row(249)?.id).toBe(1249);
  });

  it('asks for a page once while it is on the way, and not again once read', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, FOLDER);
    store.ensure(0, 30);
    store.ensure(0, 30);
    store.ensure(5, 40);
    expect(pagesAsked(api)).toEqual([0]);
    await answerPages(api, folder(50));
    store.ensure(0, 30);
    expect(api.calls).toHaveLength(0);
  });

  it('never asks for pages past the end', async () => {
    const { api, store } = await opened(folder(150));
    store.ensure(0, 1000);
    expect(pagesAsked(api)).toEqual([1]);
    await answerPages(api, folder(150));
    expect(store.row(149)?.id).toBe(1149);
    expect(store.row(150)).toBeUndefined();
  });

  it('tells its subscribers about every change, with a new version', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, FOLDER);
    let told = 0;
    const off = store.subscribe(() => told++);
    const before = store.getVersion();
    store.ensure(0, 30);
    await answerPages(api, folder(30));
    expect(told).toBe(1);
    expect(store.getVersion()).not.toBe(before);
    off();
    store.patch([1000], { seen: true });
    expect(told).toBe(1);
  });

  it('shows a failure, and forgets it with the next page that arrives', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, FOLDER);
    store.ensure(0, 30);
    api.take('messages.page').reject({ code: 'internal', message: 'The store is busy' });
    await settle();
    expect(store.error?.message).toBe('The store is busy');
    expect(store.error?.code).toBe('internal');
    expect(store.total).toBeNull();
    // "Try again" in the list invalidates.
    store.invalidate();
    await answerPages(api, folder(30));
    expect(store.error).toBeNull();
    expect(store.total).toBe(30);
  });
});

describe('list store: re-reading after a change', () => {
  it('re-reads the pages on screen at once and keeps showing the old rows until the new ones arrive', async () => {
    const { api, store } = await opened(folder(1000), 0, 250);
    store.ensure(0, 250);
    await answerPages(api, folder(1000));
    store.ensure(150, 250); // scrolled down: pages 1 and 2 on screen
    const changed = folder(1000, { seen: true });
    store.invalidate();
    expect(pagesAsked(api)).toEqual([1, 2]);
    expect(store.row(150)?.seen).toBe(false); // stale, but still there: no flicker
    await answerPages(api, changed);
    expect(store.row(150)?.seen).toBe(true);
    expect(store.row(0)?.seen).toBe(false); // off screen: stale until scrolled back to

    store.ensure(0, 30);
    expect(pagesAsked(api)).toEqual([0]);
    await answerPages(api, changed);
    expect(store.row(0)?.seen).toBe(true);
  });

  it('lets no answer of an older read overwrite a newer one', async () => {
    const { api, store } = await opened(folder(100));
    store.invalidate();
    const older = api.take('messages.page');
    store.invalidate();
    const newer = api.take('messages.page');
    answerPage(newer, folder(60, { flagged: true }));
    await settle();
    answerPage(older, folder(80));
    await settle();
    expect(store.total).toBe(60);
    expect(store.row(0)?.flagged).toBe(true);
  });

  it('shows a flag change at once (patch), before the store confirms it', async () => {
    const { store } = await opened(folder(30));
    store.patch([1003, 1005], { flagged: true });
    expect(store.summary(1003)?.flagged).toBe(true);
    expect(store.summary(1005)?.flagged).toBe(true);
    expect(store.summary(1004)?.flagged).toBe(false);
  });

  it('finds a message that moved between a stale page and a fresh one where the fresh page has it', async () => {
    const rows = folder(200);
    const { api, store } = await opened(rows, 0, 200);
    store.ensure(0, 200);
    await answerPages(api, rows);
    expect(store.indexOf(1100)).toBe(100);
    // A new message at the top pushes every row down by one; only page 1 is re-read (on screen).
    const shifted = [summary(999), ...rows];
    store.ensure(100, 150);
    store.invalidate();
    await answerPages(api, shifted);
    expect(store.indexOf(1100)).toBe(101);
    expect(store.indexOf(1099)).toBe(100);
    expect(store.indexOf(42)).toBe(-1);
  });
});

describe('list store: eviction', () => {
  it('keeps at most 40 pages, dropping those farthest from the screen, and reads them again when scrolled back', async () => {
    const rows = folder(10_000);
    const { api, store } = await opened(rows);
    // Scroll down one page at a time to page 59.
    for (let page = 1; page < 60; page++) {
      store.ensure(page * PAGE_SIZE, page * PAGE_SIZE + 30);
      await answerPages(api, rows);
    }
    const kept = Array.from({ length: 100 }, (_, page) => page).filter((page) => store.row(page * PAGE_SIZE) !== undefined);
    expect(kept).toHaveLength(40);
    // The nearest to page 59: pages 20-59 (a page past the screen was never read).
    expect(kept).toEqual(Array.from({ length: 40 }, (_, i) => 20 + i));
    expect(store.indexOf(1000)).toBe(-1);

    store.ensure(0, 30);
    expect(pagesAsked(api)).toEqual([0]);
    await answerPages(api, rows);
    expect(store.row(0)?.id).toBe(1000);
  });
});

describe('list store: waiting for fresh rows (reload)', () => {
  it('resolves once every page on screen is fresh, not with the first of them', async () => {
    const rows = folder(1000);
    const { api, store } = await opened(rows, 0, 250);
    store.ensure(0, 250);
    await answerPages(api, rows);
    let done = false;
    const reloaded = store.reload().then(() => {
      done = true;
    });
    expect(pagesAsked(api)).toEqual([0, 1, 2]);
    answerPage(api.take('messages.page'), rows);
    await settle();
    answerPage(api.take('messages.page'), rows);
    await settle();
    expect(done).toBe(false);
    answerPage(api.take('messages.page'), rows);
    await reloaded;
    expect(done).toBe(true);
  });

  it('does not count an answer to an earlier read as fresh', async () => {
    const rows = folder(50);
    const { api, store } = await opened(rows);
    store.invalidate();
    const earlier = api.take('messages.page');
    let done = false;
    void store.reload().then(() => {
      done = true;
    });
    answerPage(earlier, rows);
    await settle();
    expect(done).toBe(false);
    await answerPages(api, rows);
    expect(done).toBe(true);
  });

  it('resolves when reading fails (the caller must not hang), with the failure shown', async () => {
    const { api, store } = await opened(folder(50));
    let done = false;
    void store.reload().then(() => {
      done = true;
    });
    api.take('messages.page').reject(new Error('socket closed'));
    await settle();
    expect(done).toBe(true);
    expect(store.error?.message).toBe('socket closed');
    expect(store.row(0)?.id).toBe(1000); // the rows read before stay
  });

  it('resolves every waiter of the same re-read', async () => {
    const { api, store } = await opened(folder(50));
    const both = Promise.all([store.reload(), store.reload()]);
    await answerPages(api, folder(50));
    await expect(both).resolves.toHaveLength(2);
  });
});

describe('list store: range selection (idsInRange)', () => {
  it('reads the pages between the anchor and the click that are not loaded, in either direction', async () => {
    const rows = folder(1000);
    const { api, store } = await opened(rows);
    const down = store.idsInRange(10, 450);
    expect(pagesAsked(api)).toEqual([1, 2, 3, 4]);
    await answerPages(api, rows);
    const ids = await down;
    expect(ids).toHaveLength(441);
    expect(ids[0]).toBe(1010);
    expect(ids.at(-1)).toBe(1450);

    const up = await store.idsInRange(450, 10);
    expect(up).toEqual(ids);
    expect(api.calls).toHaveLength(0);
  });

  it('takes at most MAX_SELECTION ids, counted from the anchor', async () => {
    const rows = folder(25_000);
    const { api, store } = await opened(rows);
    const down = store.idsInRange(100, 24_999);
    await answerPages(api, rows);
    const ids = await down;
    expect(ids).toHaveLength(MAX_SELECTION);
    expect(ids[0]).toBe(1100);
    expect(ids.at(-1)).toBe(1100 + MAX_SELECTION - 1);

    const up = store.idsInRange(24_000, 0);
    await answerPages(api, rows);
    const upIds = await up;
    expect(upIds).toHaveLength(MAX_SELECTION);
    expect(upIds.at(-1)).toBe(1000 + 24_000);
    expect(upIds[0]).toBe(1000 + 24_000 - MAX_SELECTION + 1);
  });
});

describe('list store: search results', () => {
  const SEARCH = { kind: 'search', query: 'invoice' } as const;

  /** Answers a search call from `rows` (all the matches there are), counting up to `window` beyond the page as the core does. */
  function answerSearch(call: PendingCall, rows: MessageSummary[], window = 1000): void {
    const { offset, limit } = call.args as { offset: number; limit: number };
    const counted = Math.min(rows.length, offset + Math.max(limit, window) + 1);
    const items = rows.slice(offset, offset + limit);
    const more = rows.length > offset + items.length;
    call.resolve({
      items,
      offset,
      next: more ? String(offset + items.length) : null,
      indexing: false,
      ...(counted < offset + Math.max(limit, window) + 1 ? { total: counted } : { moreThan: counted - 1 }),
    });
  }

  async function answerSearches(api: FakeApi, rows: MessageSummary[], window?: number): Promise<Record<string, unknown>[]> {
    const asked: Record<string, unknown>[] = [];
    while (api.waiting('messages.search').length > 0) {
      const call = api.take('messages.search');
      asked.push(call.args);
      answerSearch(call, rows, window);
      await settle();
    }
    return asked;
  }

  it('reads a search a page at a time, in every account unless scoped', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, SEARCH);
    store.ensure(0, 30);
    store.ensure(0, 30);
    expect(api.calls).toHaveLength(1);
    expect(api.waiting()[0]?.args).toEqual({ query: 'invoice', offset: 0, limit: PAGE_SIZE });
    await answerSearches(api, folder(250));
    expect(store.total).toBe(250);
    expect(store.totalExact).toBe(true);
    expect(store.row(99)?.id).toBe(1099);
    expect(store.row(100)).toBeUndefined();

    const scoped = new MessageListStore(api, { kind: 'search', query: 'invoice', accountId: 'a_1', folderId: 7 });
    scoped.ensure(0, 30);
    expect(api.take('messages.search').args).toEqual({ query: 'invoice', accountId: 'a_1', folderId: 7, offset: 0, limit: PAGE_SIZE });
  });

  it("asks for the page after one it has read with that page's cursor, and by offset otherwise", async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, SEARCH);
    const rows = folder(500);
    store.ensure(0, 30);
    await answerSearches(api, rows);
    store.ensure(150, 180);
    const [next] = await answerSearches(api, rows);
    expect(next).toEqual({ query: 'invoice', offset: 100, limit: PAGE_SIZE, cursor: '100' });
    // A jump: no page before it is read, so an offset.
    store.ensure(420, 450);
    const [jump] = await answerSearches(api, rows);
    expect(jump).toEqual({ query: 'invoice', offset: 400, limit: PAGE_SIZE });
    expect(store.row(420)?.id).toBe(1420);
    // After a re-read (the store changed), an old page's cursor is not used.
    store.invalidate();
    await answerSearches(api, rows);
    store.ensure(300, 330);
    expect(api.take('messages.search').args.cursor).toBeUndefined();
  });

  it('grows a "more than" count as pages further down count further, and settles on the exact one', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, SEARCH);
    const rows = folder(2500);
    store.ensure(0, 30);
    await answerSearches(api, rows);
    expect([store.total, store.totalExact]).toEqual([1000, false]);
    store.ensure(950, 990);
    await answerSearches(api, rows);
    expect([store.total, store.totalExact]).toEqual([1900, false]);
    // A page nearer the top, answered later, does not shrink it.
    store.ensure(100, 130);
    await answerSearches(api, rows);
    expect(store.total).toBe(1900);
    store.ensure(1850, 1890);
    await answerSearches(api, rows);
    expect([store.total, store.totalExact]).toEqual([2500, true]);
  });

  it('drops the pages past the end when a re-run finds fewer', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, SEARCH);
    store.ensure(0, 30);
    await answerSearches(api, folder(250));
    store.ensure(200, 230);
    await answerSearches(api, folder(250));
    expect(store.row(210)?.id).toBe(1210);
    store.invalidate();
    await answerSearches(api, folder(120));
    expect(store.total).toBe(120);
    expect(store.row(119)).toBeUndefined();
    expect(store.row(200)).toBeUndefined();
  });
});
