import { describe, expect, it } from 'vitest';
import { participantNames } from '../../../renderer/src/common/format';
import { conversationRow, MessageListStore, PAGE_SIZE } from '../../../renderer/src/list/list-store';
import { rowLabel } from '../../../renderer/src/list/MessageRow';
import type { ConversationSummary } from '../../../shared/mail';
import { FakeApi, settle } from './fake-api';

// A folder's conversations in the message list's page cache (list/list-store.ts):
// a row per thread, read with messages.conversations, whose actions act on
// the thread's messages in the folder.

const CONVERSATIONS = { kind: 'conversations', accountId: 'a_1', folderId: 7 } as const;

/** Thread 500 + i, with messages 10·i and 10·i + 1 here (newest first). */
function conversation(i: number, patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    threadId: 500 + i,
    accountId: 'a_1',
    folderId: 7,
    subject: `Thread ${i}`,
    participants: [
      { name: 'Charles Babbage', address: 'charles@example.test' },
      { name: 'Ada Lovelace', address: 'ada@example.test' },
    ],
    date: '2026-01-01T00:00:00.000Z',
    snippet: `newest of ${i}`,
    count: 2,
    total: 3,
    unread: i % 2,
    flagged: false,
    hasAttachments: false,
    messageIds: [10 * i + 1, 10 * i],
    ...patch,
  };
}

async function answer(api: FakeApi, all: ConversationSummary[]): Promise<number[]> {
  const pages: number[] = [];
  while (api.waiting('messages.conversations').length > 0) {
    const call = api.take('messages.conversations');
    const { offset, limit } = call.args as { offset: number; limit: number };
    pages.push(offset / PAGE_SIZE);
    call.resolve({ folderId: 7, total: all.length, offset, items: all.slice(offset, offset + limit) });
    await settle();
  }
  return pages;
}

describe('list store: conversations', () => {
  it('reads pages of conversations and shows each as a row with its thread id', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, CONVERSATIONS);
    store.ensure(0, 30);
    expect(api.waiting().map((c) => [c.method, c.args])).toEqual([
      ['messages.conversations', { folderId: 7, offset: 0, limit: PAGE_SIZE }],
    ]);
    const all = Array.from({ length: 250 }, (_, i) => conversation(i));
    await answer(api, all);
    expect(store.total).toBe(250);
    expect(store.row(1)).toMatchObject({
      id: 501,
      subject: 'Thread 1',
      seen: false,
      snippet: 'newest of 1',
      from: { name: 'Charles Babbage', address: 'charles@example.test' },
      conversation: { count: 2, total: 3, unread: 1, messageIds: [11, 10] },
    });
    expect(store.row(2)?.seen).toBe(true);
    expect(store.indexOf(502)).toBe(2);
  });

  it("acts on a conversation's messages in the folder; a message list acts on its rows", async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, CONVERSATIONS);
    store.ensure(0, 30);
    await answer(
      api,
      Array.from({ length: 250 }, (_, i) => conversation(i)),
    );
    expect(store.messageIds([500, 503])).toEqual([1, 0, 31, 30]);
    // A thread never read gives nothing to act on (not some other row's messages).
    expect(store.messageIds([999])).toEqual([]);
    const messages = new MessageListStore(new FakeApi(), { kind: 'folder', accountId: 'a_1', folderId: 7 });
    expect(messages.messageIds([500, 503])).toEqual([500, 503]);
  });

  it('keeps the messages of threads selected far away, whose pages were read for the range and not kept', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, CONVERSATIONS);
    const all = Array.from({ length: 5000 }, (_, i) => conversation(i));
    store.ensure(0, 30);
    await answer(api, all);
    const range = store.idsInRange(0, 4500);
    await settle();
    await answer(api, all);
    const ids = await range;
    expect(ids).toHaveLength(4501);
    expect(store.row(4400)).toBeUndefined(); // not kept: only the pages near the screen are
    expect(store.messageIds([ids[4500] as number])).toEqual([45001, 45000]);
  });

  it('re-reads a conversation when the store changes, and a flag change shows on its row at once', async () => {
    const api = new FakeApi();
    const store = new MessageListStore(api, CONVERSATIONS);
    store.ensure(0, 30);
    await answer(api, [conversation(1)]);
    store.patch([501], { seen: true });
    expect(store.row(0)?.seen).toBe(true);
    const reload = store.reload();
    await answer(api, [conversation(1, { unread: 0, count: 3, total: 4, messageIds: [12, 11, 10] })]);
    await reload;
    expect(store.row(0)?.conversation).toMatchObject({ count: 3, total: 4 });
    expect(store.messageIds([501])).toEqual([12, 11, 10]);
  });
});

describe('a conversation row', () => {
  it('names who wrote, "me" for the account, first names only past two', () => {
    const ada = { name: 'Ada Lovelace', address: 'ada@example.test' };
    const charles = { name: 'Charles Babbage', address: 'charles@example.test' };
    const mary = { name: 'Mary Somerville', address: 'mary@example.test' };
    expect(participantNames([charles, ada], 'ADA@example.test')).toBe('Charles Babbage, me');
    expect(participantNames([charles, mary, ada], 'ada@example.test')).toBe('Charles, Mary, me');
    expect(participantNames([{ name: '', address: 'x@example.test' }])).toBe('x@example.test');
    expect(participantNames([])).toBe('(no sender)');
  });

  it('is announced with its participants, its size and its subject', () => {
    const row = conversationRow(conversation(1, { date: new Date().toISOString() }));
    expect(rowLabel(row, 'ada@example.test')).toMatch(/^Unread, Charles Babbage, me, 3 messages, Thread 1, /);
    const lone = conversationRow(conversation(2, { total: 1, participants: [{ name: 'Mary Somerville', address: 'm@x' }] }));
    expect(rowLabel(lone)).toMatch(/^Mary Somerville, 1 message, Thread 2, /);
  });
});
