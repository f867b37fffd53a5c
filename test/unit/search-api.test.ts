import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedResult, seedDataDir } from '../../scripts/seed/seed-data-dir';
import { ApiError } from '../../shared/errors';
import type { MessagePage, MessageSummary, SearchResults } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';

// messages.search through the dispatcher, as the UI calls it, on a data dir
// seeded from the test corpus (two accounts): every account by default, one
// when asked, fields answered from their own headers (checked against the
// folders' own listing), pages that follow each other, and a query that
// cannot be read refused with the parser's words.

let core: TempCore;
let seed: SeedResult;
beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tidings-search-api-'));
  seed = await seedDataDir(dataDir, { messages: 400 });
  core = await tempCore(undefined, { dataDir });
}, 120_000);
afterAll(async () => core?.dispose());

const search = async (args: Record<string, unknown>) => (await core.dispatch('messages.search', args)) as SearchResults;

async function failure(args: Record<string, unknown>): Promise<ApiError> {
  const error = await core.dispatch('messages.search', args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/** Every stored message, read folder by folder through messages.page. */
async function everyMessage(): Promise<MessageSummary[]> {
  const all: MessageSummary[] = [];
  for (const folder of seed.folders) {
    const id = (await core.dispatch('folders.list', { accountId: folder.accountId })) as { id: number; path: string }[];
    const folderId = id.find((f) => f.path === folder.path)?.id as number;
    for (let offset = 0; ; offset += 500) {
      const page = (await core.dispatch('messages.page', { folderId, offset, limit: 500 })) as MessagePage;
      all.push(...page.items);
      if (page.items.length < 500) break;
    }
  }
  return all;
}

describe('messages.search', () => {
  it('searches every account unless told one, and says where each match is', async () => {
    const everywhere = await search({ query: 'meeting' });
    const accounts = new Set(everywhere.items.map((m) => m.accountId));
    expect(accounts).toEqual(new Set(['seed-work', 'seed-home']));
    const work = await search({ query: 'meeting', accountId: 'seed-work' });
    expect(work.items.length).toBeGreaterThan(0);
    expect(work.items.every((m) => m.accountId === 'seed-work')).toBe(true);
    for (const m of everywhere.items) expect(m.folderId).toBeGreaterThan(0);
    expect(everywhere.indexing).toBe(false);
  });

  it('from: finds exactly the messages whose sender is that address', async () => {
    const all = await everyMessage();
    const address = all.find((m) => m.from?.address && all.filter((o) => o.from?.address === m.from?.address).length > 1)?.from
      ?.address as string;
    const expected = all.filter((m) => m.from?.address.toLowerCase() === address.toLowerCase()).map((m) => m.id);
    const found = await search({ query: `from:${address}`, limit: 500 });
    expect(found.items.map((m) => m.id).sort()).toEqual(expected.sort());
    expect(found.total).toBe(expected.length);
  });

  it('subject: finds the messages with the word in their subject, not those with it in the body only', async () => {
    const all = await everyMessage();
    const word = 'budget';
    const expected = all.filter((m) => /\bbudget\b/i.test(m.subject)).map((m) => m.id);
    expect(expected.length).toBeGreaterThan(0);
    const found = await search({ query: `subject:${word}`, limit: 500 });
    expect(found.items.map((m) => m.id).sort()).toEqual(expected.sort());
    expect((await search({ query: word, limit: 500 })).items.length).toBeGreaterThan(expected.length);
  });

  it('pages by offset or cursor, newest first, each match once', async () => {
    const first = await search({ query: 'the', limit: 50 });
    expect(first.items).toHaveLength(50);
    expect(first.next).not.toBeNull();
    const second = await search({ query: 'the', limit: 50, offset: 50, cursor: first.next });
    const byOffset = await search({ query: 'the', limit: 50, offset: 50 });
    expect(second.items.map((m) => m.id)).toEqual(byOffset.items.map((m) => m.id));
    expect(second.offset).toBe(50);
    const ids = [...first.items, ...second.items].map((m) => m.id);
    expect(new Set(ids).size).toBe(100);
    const dates = [...first.items, ...second.items].map((m) => Date.parse(m.date));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it('refuses a query it cannot read, or a folder that does not exist, with the reason', async () => {
    const unknown = await failure({ query: 'budget foo:bar' });
    expect(unknown.code).toBe('invalid_argument');
    expect(unknown.message).toMatch(/^"foo:" is not something search knows/);
    expect((await failure({ query: 'budget "open' })).message).toMatch(/quote is not closed/);
    expect((await failure({ query: 'older_than:xyz' })).message).toMatch(/older_than/);
    const folder = await failure({ query: 'budget in:nowhere' });
    expect([folder.code, folder.message]).toEqual(['invalid_argument', 'No folder is called "nowhere".']);
    expect((await failure({ query: 'budget', cursor: 'abc' })).code).toBe('invalid_argument');
  });
});
