// Parser throughput on the test corpus: how fast parseMessage turns raw mail
// into what the sync engine stores, one core, and spread over worker threads.
// The initial sync of ~20,000 messages (~700 MB) must keep up with ~100 MB/s
// of network on 2 cores.
// Run: npm exec -- node bench/parse.ts [count=20000] [workers=1,2]
//
// `records` mode times what the sync actually runs per downloaded body,
// toBodyRecord (sync/body-record.ts), on one thread: before, every message
// through parseMessage; after, the fast path (mime/quick-extract.ts) with
// parseMessage for what it leaves.
// Run: npm exec -- node bench/parse.ts records [count=20000]
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { digestOf } from '../main/mime/digest.ts';
import { parseMessage } from '../main/mime/parse-message.ts';
import { quickExtract } from '../main/mime/quick-extract.ts';
import { recordOf, toBodyRecord } from '../main/sync/body-record.ts';
import { type CorpusMessage, corpusMessage, DEFAULT_SEED, generateCorpus } from '../test/corpus/index.ts';

interface Slice {
  from: number;
  to: number;
}

if (!isMainThread) {
  // a worker builds its own share of the corpus (messages depend only on their
  // index) and parses it; only the timing crosses back
  const { from, to } = workerData as Slice;
  const raws = Array.from({ length: to - from }, (_, i) => corpusMessage(from + i, DEFAULT_SEED).raw);
  parentPort?.once('message', async () => {
    const started = performance.now();
    for (const raw of raws) await parseMessage(raw);
    parentPort?.postMessage(performance.now() - started);
  });
  parentPort?.postMessage('ready');
} else if (process.argv[2] === 'records') {
  await records(Number(process.argv[3] ?? 20_000));
} else {
  await main();
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 20_000);
  const workerCounts = (process.argv[3] ?? '1,2').split(',').map(Number);

  let started = performance.now();
  const corpus = generateCorpus(count);
  const generateMs = performance.now() - started;
  const bytes = corpus.reduce((sum, m) => sum + m.raw.length, 0);
  console.log(
    `corpus: ${count} messages, ${mb(bytes)} MB (avg ${(bytes / count / 1024).toFixed(1)} KB), generated in ${generateMs.toFixed(0)} ms`,
  );

  // warm up the JIT and mailparser's lazy setup
  for (const { raw } of corpus.slice(0, 200)) await parseMessage(raw);

  const byKind = new Map<string, { n: number; bytes: number; ms: number }>();
  started = performance.now();
  for (const { raw, expected } of corpus) {
    const t = performance.now();
    await parseMessage(raw);
    const entry = byKind.get(expected.kind) ?? { n: 0, bytes: 0, ms: 0 };
    entry.n++;
    entry.bytes += raw.length;
    entry.ms += performance.now() - t;
    byKind.set(expected.kind, entry);
  }
  const ms = performance.now() - started;
  console.log(`\none thread: ${rate(count, bytes, ms)}`);
  for (const [kind, e] of [...byKind].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(
      `  ${kind.padEnd(14)} ${String(e.n).padStart(6)} msgs, avg ${(e.bytes / e.n / 1024).toFixed(1).padStart(6)} KB: ${rate(e.n, e.bytes, e.ms)}`,
    );
  }

  for (const workers of workerCounts.filter((n) => n > 1)) {
    const wallMs = await inWorkers(count, workers);
    console.log(`\n${workers} worker threads (${availableParallelism()} cores): ${rate(count, bytes, wallMs)}`);
  }
}

/** toBodyRecord before (parseMessage for every message) and after (fast path first), one thread. */
async function records(count: number): Promise<void> {
  const corpus = generateCorpus(count);
  const bytes = corpus.reduce((sum, m) => sum + m.raw.length, 0);
  console.log(`corpus: ${count} messages, ${mb(bytes)} MB (avg ${(bytes / count / 1024).toFixed(1)} KB)`);
  const before = (raw: Buffer) => parseMessage(raw).then((parsed) => recordOf(raw, digestOf(parsed)));
  const quick = corpus.filter((m) => quickExtract(m.raw) !== undefined);
  const quickBytes = quick.reduce((sum, m) => sum + m.raw.length, 0);
  console.log(
    `fast path takes ${quick.length} messages (${((quick.length / count) * 100).toFixed(1)}%, ${((quickBytes / bytes) * 100).toFixed(1)}% of the bytes)`,
  );
  // alternating rounds, so that both see the same machine (JIT, GC, other load)
  const rounds = 3;
  const totals = { before: 0, after: 0 };
  for (let round = 0; round < rounds; round++) {
    totals.before += await timed(corpus, before);
    totals.after += await timed(corpus, toBodyRecord);
  }
  console.log(`\ntoBodyRecord, one thread, mean of ${rounds} alternating rounds:`);
  console.log(`  before (parseMessage):      ${rate(count, bytes, totals.before / rounds)}`);
  console.log(`  after (fast path first):    ${rate(count, bytes, totals.after / rounds)}`);
  console.log(`  speed-up: ${(totals.before / totals.after).toFixed(1)}x`);
  const fastOnly = await timed(quick, toBodyRecord);
  console.log(`  messages the fast path takes, alone: ${rate(quick.length, quickBytes, fastOnly)}`);
}

async function timed(corpus: CorpusMessage[], record: (raw: Buffer) => Promise<unknown>): Promise<number> {
  for (const { raw } of corpus.slice(0, 200)) await record(raw);
  const started = performance.now();
  for (const { raw } of corpus) await record(raw);
  return performance.now() - started;
}

async function inWorkers(count: number, workers: number): Promise<number> {
  const size = Math.ceil(count / workers);
  const pool = Array.from(
    { length: workers },
    (_, w) => new Worker(new URL(import.meta.url), { workerData: { from: w * size, to: Math.min(count, (w + 1) * size) } }),
  );
  await Promise.all(pool.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const started = performance.now();
  await Promise.all(
    pool.map(
      (w) =>
        new Promise((resolve) => {
          w.once('message', resolve);
          w.postMessage('go');
        }),
    ),
  );
  const wallMs = performance.now() - started;
  await Promise.all(pool.map((w) => w.terminate()));
  return wallMs;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function rate(n: number, bytes: number, ms: number): string {
  return `${(n / (ms / 1000)).toFixed(0)} msg/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s (${(ms / 1000).toFixed(2)} s)`;
}
