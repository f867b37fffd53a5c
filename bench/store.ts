// The store's own cost in a first sync, without IMAP: what the core does
// with each batch of headers (MessagesRepo.upsertHeaders, 500 a batch,
// newest first: rows, threads, spans, the header-only index entries) and what
// the body-store worker does with each downloaded batch (parse, write the
// pack, one transaction with the row update and the full-text index), on the
// test corpus, one thread. Prints the cost per row of each, where a body's
// time goes, and the store's bytes per message (metadata + index, sources).
// Shows where a batch's time goes, to pick what to speed up next.
// Run: npm exec -- tsx bench/store.ts [count=20000] [--interleave]
//   --interleave: the bodies of the rows stored so far after every fourth
//   header batch, as a first sync meets them (the header and body writes mixed).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeaderRecord } from '../main/store/messages-repo.ts';
import { toBodyRecord } from '../main/sync/body-record.ts';
import { parseWhileWriting } from '../main/sync/body-store.ts';
import { iterateCorpus } from '../test/corpus/index.ts';
import { messageStoreIn } from '../test/helpers/message-store.ts';

const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20_000);
const interleave = process.argv.includes('--interleave');
const HEADER_BATCH = 500;
const BODY_BATCH = 200;
const dir = mkdtempSync(join(tmpdir(), 'tidings-store-bench-'));

/** A header record as the sync builds it from the server's ENVELOPE, from what the corpus says of the message. */
function headerOf(
  uid: number,
  expected: ReturnType<typeof iterateCorpus> extends Iterable<infer M> ? (M extends { expected: infer E } ? E : never) : never,
  size: number,
): HeaderRecord {
  return {
    uid,
    messageId: expected.messageId,
    inReplyTo: expected.inReplyTo,
    references: expected.references,
    subject: expected.subject,
    from: { name: expected.fromName, address: expected.fromAddress },
    to: expected.toAddresses.map((address) => ({ name: '', address })),
    cc: [],
    replyTo: [],
    date: Date.parse(expected.date),
    // Most of a mailbox is read; one in five unread, one in twenty starred.
    flags: (uid % 5 === 0 ? 0 : 1) | (uid % 20 === 0 ? 2 : 0),
    keywords: [],
    size,
  };
}

function bytesUnder(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

try {
  const { db, dbFile, messages, folderId } = messageStoreIn(dir);
  const records: HeaderRecord[] = [];
  let bytes = 0;
  for (const { raw, expected } of iterateCorpus(count)) {
    records.push(headerOf(records.length + 1, expected, raw.length));
    bytes += raw.length;
  }
  // The sync stores headers newest first (highest UID first), 500 a batch.
  records.reverse();
  const times = { headers: 0, parse: 0, store: 0 };
  let stored = 0;
  const idOf = (uid: number) =>
    (db.prepare('SELECT id FROM messages WHERE folder_id = ? AND uid = ?').get(folderId, uid) as { id: number }).id;

  /** Parses and stores the bodies of `uids` (one batch), as the body-store worker does. */
  async function storeBatch(batch: { uid: number; raw: Buffer }[]): Promise<void> {
    const bodies = batch.map(({ uid, raw }) => ({ id: idOf(uid), raw }));
    const t0 = performance.now();
    const { parsed, files } = await parseWhileWriting(
      messages,
      bodies.map((b) => b.raw),
      () => Promise.all(bodies.map(async ({ id, raw }) => ({ id, record: await toBodyRecord(raw) }))),
    );
    const t1 = performance.now();
    stored += messages.storeBodies(parsed.map(({ id, record }, i) => ({ id, body: record, written: files[i] })));
    if (process.env.TIDINGS_BENCH_MEMORY && Math.floor(stored / 10_000) !== Math.floor((stored - batch.length) / 10_000)) {
      const m = process.memoryUsage();
      const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
      console.log(
        `    ${stored} bodies: RSS ${mb(m.rss)}, V8 heap ${mb(m.heapTotal)}, external ${mb(m.external)}, rest (SQLite, malloc, code) ${mb(m.rss - m.heapTotal - m.external)}`,
      );
    }
    times.parse += t1 - t0;
    times.store += performance.now() - t1;
  }

  /** The corpus's messages again (they are not kept: 100,000 are GBs), UIDs from `from`, in batches of BODY_BATCH. */
  async function storeBodiesOf(fromUid: number, toUid: number): Promise<void> {
    let batch: { uid: number; raw: Buffer }[] = [];
    let uid = 0;
    for (const { raw } of iterateCorpus(toUid)) {
      uid++;
      if (uid < fromUid) continue;
      batch.push({ uid, raw });
      if (batch.length === BODY_BATCH) {
        await storeBatch(batch);
        batch = [];
      }
    }
    if (batch.length) await storeBatch(batch);
  }

  let headersDone = 0;
  let bodiesFrom = count + 1;
  for (let start = 0; start < records.length; start += HEADER_BATCH) {
    const batch = records.slice(start, start + HEADER_BATCH);
    const t0 = performance.now();
    messages.upsertHeaders('a', folderId, batch);
    times.headers += performance.now() - t0;
    headersDone += batch.length;
    if (interleave && (start / HEADER_BATCH) % 4 === 3) {
      // The bodies of what is listed so far: the newest, whose headers came first.
      const lowest = count - headersDone + 1;
      await storeBodiesOf(lowest, bodiesFrom - 1);
      bodiesFrom = lowest;
    }
  }
  if (bodiesFrom > 1) await storeBodiesOf(1, bodiesFrom - 1);
  if (stored !== count) throw new Error(`stored ${stored} of ${count} bodies`);

  const us = (ms: number) => `${((ms * 1000) / count).toFixed(1)} µs`;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`${count} messages, ${(bytes / 1e6).toFixed(0)} MB, one thread${interleave ? ', header and body batches interleaved' : ''}`);
  console.log(`  headers (upsertHeaders, ${HEADER_BATCH} a batch): ${s(times.headers)}, ${us(times.headers)} a row`);
  console.log(`  bodies: parse + pack write (${BODY_BATCH} a batch): ${s(times.parse)}, ${us(times.parse)} a message`);
  console.log(`  bodies: storeBodies (rows, index):       ${s(times.store)}, ${us(times.store)} a message`);
  console.log(`  peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  // What the store holds a message in: the database (rows, their indexes, the
  // full-text index, threads, counts) after a checkpoint, and the packs.
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const dbBytes = statSync(dbFile).size;
  const sourceBytes = bytesUnder(join(dir, 'sources'));
  const per = (b: number) => `${(b / count).toFixed(0)} B`;
  console.log(
    `  store: database ${(dbBytes / 1e6).toFixed(1)} MB (${per(dbBytes)} a message), sources ${(sourceBytes / 1e6).toFixed(0)} MB (${per(sourceBytes)} a message; raw ${per(bytes)})`,
  );
  try {
    const parts = db
      .prepare(
        `SELECT CASE WHEN name LIKE 'search_full%' THEN 'search_full (FTS5)' WHEN name LIKE 'search_headers%' THEN 'search_headers (FTS5)'
                WHEN name = 'messages' THEN 'messages (rows)' WHEN name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'messages' AND type = 'index') OR name LIKE 'sqlite_autoindex_messages%' THEN 'messages'' indexes'
                ELSE 'other (threads, spans, ...)' END AS part, SUM(pgsize) AS bytes
           FROM dbstat GROUP BY part ORDER BY bytes DESC`,
      )
      .all() as { part: string; bytes: number }[];
    for (const { part, bytes: b } of parts) console.log(`    ${part}: ${(b / 1e6).toFixed(1)} MB, ${per(b)} a message`);
  } catch {
    // dbstat is not compiled into every SQLite
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
