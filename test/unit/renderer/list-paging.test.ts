import { describe, expect, it } from 'vitest';
import { GoToSequence, SEQUENCE_MS } from '../../../renderer/src/common/views';
import { MessageListStore, PAGE_SIZE } from '../../../renderer/src/list/list-store';
import { clampTop, contentTop, listGeometry, MAX_SPACER_PX, scrollbarTop, wheelPixels } from '../../../renderer/src/list/scroll-scale';
import { shortAccountNames } from '../../../renderer/src/mail/MailView';
import type { MessageSummary, PageKey } from '../../../shared/mail';
import { FakeApi, type PendingCall, settle, summary } from './fake-api';

// How the list reads a folder of a million: pages next to a fresh page by
// key (after its last row, before its first), everything else at its
// position; a keyed page that comes back short is read again at its
// position. A unified view is read the same way through messages.view. And
// the scaled scrollbar of a list taller than the browser can lay out.

const FOLDER = { kind: 'folder', accountId: 'a_1', folderId: 7 } as const;
const DAY = 86_400_000;

/** `count` rows newest first, ids 1000, 1001, …, one day apart. */
function rows(count: number): MessageSummary[] {
  return Array.from({ length: count }, (_, i) => summary(1000 + i, { date: new Date(Date.UTC(2026, 0, 1) - i * DAY).toISOString() }));
}

const keyOf = (m: MessageSummary): PageKey => ({ date: Date.parse(m.date), id: m.id });
const older = (m: MessageSummary, key: PageKey) => Date.parse(m.date) < key.date || (Date.parse(m.date) === key.date && m.id < key.id);

/** Answers a read as the core would from `all`: by key when it has one, else at its offset. */
function answer(call: PendingCall, all: MessageSummary[]): void {
  const { offset, limit, after, before } = call.args as { offset: number; limit: number; after?: PageKey; before?: PageKey };
  let items: MessageSummary[];
  if (after) items = all.filter((m) => older(m, after)).slice(0, limit);
  else if (before) items = all.filter((m) => !older(m, before) && m.id !== before.id).slice(-limit);
  else items = all.slice(offset, offset + limit);
  call.resolve({ folderId: 7, view: 'inbox', total: all.length, unread: 0, offset, items });
}

async function answerAll(api: FakeApi, all: MessageSummary[]): Promise<Record<string, unknown>[]> {
  const asked: Record<string, unknown>[] = [];
  while (api.calls.length > 0) {
    const call = api.take();
    asked.push({ method: call.method, ...call.args });
    answer(call, all);
    await settle();
  }
  return asked;
}

const how = (asked: Record<string, unknown>) => (asked.after ? 'after' : asked.before ? 'before' : 'at');

describe('list store: keyed pages', () => {
  it('reads the page below a fresh page after its last row, and the page above one before its first', async () => {
    const all = rows(1000);
    const api = new FakeApi();
    const store = new MessageListStore(api, FOLDER);
    store.ensure(0, 30);
    expect((await answerAll(api, all)).map(how)).toEqual(['at']);
    // Scrolling down: the next page by key.
    store.ensure(90, 120);
    const [down] = await answerAll(api, all);
    expect(down).toMatchObject({ offset: 100, after: keyOf(all[99] as MessageSummary) });
    expect(store.row(150)?.id).toBe(all[150]?.id);
    // A jump far away is read at its position, then scrolling up reads the page above by key.
    store.ensure(705, 730);
    expect((await answerAll(api, all)).map((a) => [how(a), a.offset])).toEqual([['at', 700]]);
    store.ensure(690, 720);
    const [up] = await answerAll(api, all);
    expect(up).toMatchObject({ offset: 600, before: keyOf(all[700] as MessageSummary) });
    for (const at of [0, 99, 100, 199, 600, 699, 700, 799]) expect(store.row(at)?.id).toBe(all[at]?.id);
  });

  it('reads every page on screen at its position after a change (none of them is fresh), and the first page always so', async () => {
    const all = rows(1000);
    const api = new FakeApi();
    const store = new MessageListStore(api, FOLDER);
    store.ensure(0, 30);
    await answerAll(api, all);
    store.ensure(150, 260);
    await answerAll(api, all);
    store.invalidate();
    expect(api.waiting().map((c) => [how(c.args), c.args.offset])).toEqual([
      ['at', 100],
      ['at', 200],
    ]);
    await answerAll(api, all);
    // Back at the top: page 0 is read at 0 even though page 1 is fresh (new mail lands on top).
    store.invalidate();
    await answerAll(api, all);
    store.ensure(0, 30);
    expect(api.waiting().map((c) => [how(c.args), c.args.offset])).toEqual([['at', 0]]);
  });

  it('reads a page again at its position when its keyed read comes back short of what the total says', async () => {
    const before = rows(250);
    const api = new FakeApi();
    const store = new MessageListStore(api, FOLDER);
    store.ensure(0, 30);
    await answerAll(api, before);
    store.ensure(90, 130);
    await answerAll(api, before);
    // 30 new messages land on top before the last page is read (the store.changed has not come yet).
    const fresh = Array.from({ length: 30 }, (_, i) => summary(5000 + i, { date: new Date(Date.UTC(2026, 1, 1) - i * DAY).toISOString() }));
    const now = [...fresh, ...before];
    store.ensure(190, 230);
    const keyed = api.take();
    expect(keyed.args).toMatchObject({ offset: 200, after: keyOf(before[199] as MessageSummary) });
    answer(keyed, now); // 50 rows after that one, where the total (280) says 80 are from row 200 on
    await settle();
    const again = api.take();
    expect([how(again.args), again.args.offset]).toEqual(['at', 200]);
    answer(again, now);
    await settle();
    expect(store.total).toBe(280);
    expect(store.row(279)?.id).toBe(now[279]?.id);
    expect(api.calls).toHaveLength(0);
  });

  it('reads a unified view through messages.view, by key as a folder', async () => {
    const all = rows(300).map((m, i) => ({ ...m, accountId: i % 2 ? 'a_1' : 'b_2' }));
    const api = new FakeApi();
    const store = new MessageListStore(api, { kind: 'view', view: 'inbox' });
    store.ensure(0, 30);
    const [first] = await answerAll(api, all);
    expect(first).toEqual({ method: 'messages.view', view: 'inbox', offset: 0, limit: PAGE_SIZE });
    store.ensure(95, 120);
    const [next] = await answerAll(api, all);
    expect(next).toMatchObject({ method: 'messages.view', view: 'inbox', offset: 100, after: keyOf(all[99] as MessageSummary) });
    expect(store.total).toBe(300);
    expect(store.row(120)?.accountId).toBe(all[120]?.accountId);
  });
});

describe('a scrollbar for a list taller than the browser lays out', () => {
  it('is the rows’ own height up to the limit, and scaled beyond', () => {
    expect(listGeometry(100_000, 76, 800)).toEqual({ content: 7_600_000, spacer: 7_600_000, scale: 1 });
    const g = listGeometry(1_000_000, 76, 800);
    expect(g.spacer).toBe(MAX_SPACER_PX);
    expect(g.scale).toBeGreaterThan(5);
    // The scrollbar's ends are the list's ends.
    expect(contentTop(g, 0, 800)).toBe(0);
    expect(contentTop(g, MAX_SPACER_PX - 800, 800)).toBeCloseTo(76_000_000 - 800, 0);
    // Halfway is halfway.
    expect(contentTop(g, (MAX_SPACER_PX - 800) / 2, 800)).toBeCloseTo((76_000_000 - 800) / 2, 0);
    // And back: a content position has the scrollbar position that stands for it.
    expect(contentTop(g, scrollbarTop(g, 12_345_678), 800)).toBeCloseTo(12_345_678, 3);
    expect(clampTop(g, 80_000_000, 800)).toBe(76_000_000 - 800);
    expect(clampTop(g, -5, 800)).toBe(0);
  });

  it('turns the wheel’s lines and pages into pixels', () => {
    expect(wheelPixels({ deltaY: 120, deltaMode: 0 }, 800)).toBe(120);
    expect(wheelPixels({ deltaY: 3, deltaMode: 1 }, 800)).toBe(120);
    expect(wheelPixels({ deltaY: -1, deltaMode: 2 }, 800)).toBe(-800);
  });
});

describe('unified views in the renderer', () => {
  it('names each account in a row by the shortest part of its address that tells them apart', () => {
    const names = (...emails: string[]) => [...shortAccountNames(emails.map((email, i) => ({ id: String(i), email }))).values()];
    expect(names('ada@work.example.test', 'ada@home.example.test')).toEqual(['work', 'home']);
    expect(names('ada@gmail.com', 'bob@gmail.com')).toEqual(['ada', 'bob']);
    expect(names('ada@mail.example', 'ada@mail.example.org')).toEqual(['ada@mail.example', 'ada@mail.example.org']);
    expect(names('only@one.example')).toEqual(['only']);
  });

  it('goes to a view with g and a letter typed soon after, and leaves other keys alone', () => {
    const keys = new GoToSequence();
    expect(keys.press('g', 0)).toBe('start');
    expect(keys.press('i', 100)).toBe('inbox');
    expect(keys.press('s', 200)).toBeNull(); // s alone: the list's star
    expect(keys.press('g', 300)).toBe('start');
    expect(keys.press('s', 400)).toBe('starred');
    expect(keys.press('g', 500)).toBe('start');
    expect(keys.press('d', 600)).toBe('drafts');
    // Too late: the letter is itself again.
    expect(keys.press('g', 1000)).toBe('start');
    expect(keys.press('d', 1000 + SEQUENCE_MS + 1)).toBeNull();
    // Not a view's letter: it is the key it was (j: down), and the sequence is over.
    expect(keys.press('g', 5000)).toBe('start');
    expect(keys.press('j', 5100)).toBeNull();
    expect(keys.press('i', 5200)).toBeNull();
  });
});
