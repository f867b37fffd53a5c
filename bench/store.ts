// The body store's own cost, without IMAP: what the body-store worker does
// for each downloaded batch (parse, write the pack, one transaction with the
// row update and the full-text index), on the test corpus, one thread.
// Shows where a batch's time goes, to pick what to speed up next.
// Run: npm exec -- tsx bench/store.ts [count=20000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBodyRecord } from '../main/sync/body-record.ts';
import { parseAndStoreBodies } from '../main/sync/body-store.ts';
import { generateCorpus } from '../test/corpus/index.ts';
import { messageStoreIn } from '../test/helpers/message-store.ts';

const count = Number(process.argv[2] ?? 20_000);
const BATCH = 100;
const dir = mkdtempSync(join(tmpdir(), 'tidings-store-bench-'));
try {
  const corpus = generateCorpus(count).map((m) => m.raw);
  const bytes = corpus.reduce((sum, raw) => sum + raw.length, 0);
  const { db, messages, folderId } = messageStoreIn(dir);
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
  );
  // The worker's own function, batch by batch as the downloader hands them over (newest first).
  let pick = 0;
  const started = performance.now();
  for (let start = 0; start < count; start += BATCH) {
    const mark = performance.now();
    const batch = messages.withoutBody('a', BATCH);
    pick += performance.now() - mark;
    const bodies = batch.map((m) => ({ id: m.id, raw: corpus[m.uid - 1] as Buffer }));
    await parseAndStoreBodies(messages, bodies);
  }
  const total = performance.now() - started;
  // The parse alone, for the share it takes.
  const parseStarted = performance.now();
  for (const raw of corpus) await toBodyRecord(raw);
  const parse = performance.now() - parseStarted;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`${count} messages, ${(bytes / 1e6).toFixed(0)} MB, batches of ${BATCH}, one thread: ${s(total)}`);
  console.log(`  pick the next batch (withoutBody): ${s(pick)}`);
  console.log(`  parse alone (toBodyRecord):        ${s(parse)}`);
  console.log(`  the rest (packs, rows, index):     ${s(total - pick - parse)}`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
