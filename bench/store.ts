// The body store's own cost, without IMAP: what the body-store worker does
// for each downloaded batch (parse, write the pack, one transaction with the
// row update and the full-text index), on the test corpus, one thread.
// Shows where a batch's time goes, to pick what to speed up next.
// Run: npm exec -- tsx bench/store.ts [count=20000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transaction } from '../main/store/database.ts';
import { toBodyRecord } from '../main/sync/body-record.ts';
import { generateCorpus } from '../test/corpus/index.ts';
import { messageStoreIn } from '../test/helpers/message-store.ts';

const count = Number(process.argv[2] ?? 20_000);
const BATCH = 100;
const dir = mkdtempSync(join(tmpdir(), 'tidings-store-bench-'));
try {
  const corpus = generateCorpus(count).map((m) => m.raw);
  const bytes = corpus.reduce((sum, raw) => sum + raw.length, 0);
  const { db, messages, folderId } = messageStoreIn(dir);
  transaction(db, () =>
    messages.upsertHeaders(
      'a',
      folderId,
      corpus.map((raw, i) => ({
        uid: i + 1,
        messageId: `<m${i}@x.test>`,
        inReplyTo: null,
        references: [],
        subject: `Message ${i} about the quarterly report`,
        from: { name: 'Zoë Quartermaine', address: 'zoe@sender.test' },
        to: [{ name: 'Alice', address: 'alice@example.test' }],
        cc: [],
        replyTo: [],
        date: 1_700_000_000_000 + i,
        flags: 0,
        keywords: [],
        size: raw.length,
      })),
    ),
  );
  const ids = messages.withoutBody('a', count).map((m) => m.id);
  const t = { parse: 0, write: 0, store: 0, commit: 0, withoutBody: 0 };
  const started = performance.now();
  for (let start = 0; start < count; start += BATCH) {
    let mark = performance.now();
    messages.withoutBody('a', 500);
    t.withoutBody += performance.now() - mark;
    const raws = corpus.slice(start, start + BATCH);
    mark = performance.now();
    const refs = await messages.writeSources(raws);
    t.write += performance.now() - mark;
    mark = performance.now();
    const records = await Promise.all(raws.map((raw) => toBodyRecord(raw)));
    t.parse += performance.now() - mark;
    mark = performance.now();
    db.exec('BEGIN IMMEDIATE');
    records.forEach((record, i) => {
      messages.storeBody(ids[start + i] as number, record, refs[i]);
    });
    t.store += performance.now() - mark;
    mark = performance.now();
    db.exec('COMMIT');
    t.commit += performance.now() - mark;
  }
  const total = performance.now() - started;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`${count} messages, ${(bytes / 1e6).toFixed(0)} MB, batches of ${BATCH}, one thread: ${s(total)}`);
  console.log(`  pick the next batch (withoutBody): ${s(t.withoutBody)}`);
  console.log(`  write packs:                       ${s(t.write)}`);
  console.log(`  parse (toBodyRecord):              ${s(t.parse)}`);
  console.log(`  rows + full-text index:            ${s(t.store)}`);
  console.log(`  commit:                            ${s(t.commit)}`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
