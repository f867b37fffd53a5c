import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BodyRecord } from '../../main/store/messages-repo';
import { searchMessages } from '../../main/store/search-plan';
import { SearchPrefixes } from '../../main/store/search-prefixes';
import { parseSearchQuery } from '../../shared/search-query';
import { messageStoreIn } from '../helpers/message-store';

// A prefix searched as the words of the index it begins (search-prefixes.ts):
// the words found are every word the prefix begins, common ones (guessed from
// the newest messages, or learned) and rare ones (read between them), and a
// search finds exactly what FTS5's own prefix query finds, in the same order.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const NOW = new Date(2026, 5, 15, 12).getTime();

function body(text: string): BodyRecord {
  return { raw: Buffer.from(`Subject: x\r\n\r\n${text}\r\n`), parsed: true, snippet: text, hasAttachments: false, searchText: text };
}

/** A store of 60 messages: "meeting" in 40 subjects, "meetings" in 4 bodies, "meetup" and "meet" rare, "theory" in 12 bodies only after the newest 30; half with their body stored. */
async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-prefixes-'));
  dirs.push(dir);
  const s = messageStoreIn(dir);
  for (let i = 0; i < 60; i++) {
    const subject = [i % 3 !== 2 ? 'Meeting' : 'Lunch', i % 20 === 0 ? 'meetup' : '', i === 7 ? 'meet' : '', `TID-1-${4240 + i}`].join(' ');
    s.messages.upsertHeaders('a', s.folderId, [
      {
        uid: i + 1,
        messageId: `<p${i}@x.test>`,
        inReplyTo: null,
        references: [],
        subject,
        from: { name: 'Nobody', address: 'nobody@example.org' },
        to: [],
        cc: [],
        replyTo: [],
        date: NOW - i * 3_600_000,
        flags: 0,
        keywords: [],
        size: 100,
      },
    ]);
    const id = s.messages.byMessageId(s.folderId, `<p${i}@x.test>`)[0]?.id as number;
    if (i % 2 === 0) s.messages.storeBody(id, body(`${i % 15 === 0 ? 'meetings' : 'lunch'} ${i >= 30 && i < 54 ? 'theory' : 'the'}`));
  }
  return s;
}

/** What a search finds: with the words a prefix begins (`prefixes`), or with FTS5's own prefix query. */
function found(s: Awaited<ReturnType<typeof store>>, text: string, prefixes: SearchPrefixes | undefined): number[] {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const state = { legacy: false, unkeyed: false, now: NOW, prefixes };
  return searchMessages(s.db, parsed.query, {}, { offset: 0, limit: 100 }, state).items.map((m) => m.id);
}

describe('a prefix as the words it begins', () => {
  it('lists every word the prefix begins in each table, common and rare, and learns the common ones', async () => {
    const s = await store();
    const prefixes = new SearchPrefixes(s.db, { frequentDocs: 10, sampleRows: 20, sampleMin: 10 });
    const words = (table: 'search_full' | 'search_headers', prefix: string) =>
      prefixes.words(table, prefix)?.map((w) => `${w.term}${w.common ? '+' : ''}`);
    // "meeting" is in the newest subjects: guessed common; the others are read from the vocabulary.
    expect(words('search_full', 'mee')).toEqual(['meeting+', 'meetings', 'meetup']);
    // "meet" is in one message whose body is not stored: in the headers' table only.
    expect(words('search_headers', 'mee')).toEqual(['meet', 'meeting+']);
    expect(words('search_full', 'meeting')).toEqual(['meeting+', 'meetings']);
    // "theory" is in 12 bodies but none of the newest: learned when its gap is read, then skipped.
    expect(words('search_full', 'the')).toEqual(['the+', 'theory+']);
    expect(words('search_full', 'theo')).toEqual(['theory+']);
    expect(words('search_full', 'zzz')).toEqual([]);
    // What a search ORs: the common words whole, the rare ones by the shortest starts that begin no common word.
    const alternatives = (prefix: string) => prefixes.alternatives('search_full', prefix)?.map((a) => `${a.text}${a.prefix ? '*' : ''}`);
    expect(alternatives('mee')).toEqual(['meeting', 'meetings*', 'meetu*']);
    expect(alternatives('meeting')).toEqual(['meeting', 'meetings*']);
    // A rare word that begins a common one has no such start: it is OR'ed whole.
    expect(prefixes.alternatives('search_headers', 'mee')?.map((a) => `${a.text}${a.prefix ? '*' : ''}`)).toEqual(['meet', 'meeting']);
    // Not plain ASCII: left to FTS5's own prefix query.
    expect(prefixes.words('search_full', 'mée')).toBeNull();
  });

  it('finds what FTS5’s prefix query finds, newest first, for words, phrases, fields and OR', async () => {
    const s = await store();
    const prefixes = new SearchPrefixes(s.db, { frequentDocs: 10, sampleRows: 20, sampleMin: 10 });
    const queries = [
      'mee',
      'meet',
      'meeting',
      'meetings',
      'meetu',
      'lunch mee',
      'subject:mee',
      'the',
      'theo',
      'TID-1-424',
      'lunch OR meetu',
    ];
    for (const query of queries) {
      const native = found(s, query, undefined);
      expect(found(s, query, prefixes), query).toEqual(native);
    }
    expect(found(s, 'mee', prefixes).length).toBe(41);
    expect(found(s, 'zzz', prefixes)).toEqual([]);
  });
});
