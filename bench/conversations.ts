// Conversations at scale, in the store alone (no IMAP, no UI): a folder of
// N messages (default 100,000) in threads of realistic sizes, stored as a
// sync stores headers (MessagesRepo.upsertHeaders, batches of 500), then
// what the API answers from it (main/store/threads-repo.ts):
//   - the cost threading adds to storing headers (threadFor and the triggers);
//   - a page of 100 conversations (messages.conversations) at the top, in the
//     middle and at the end of the folder, next to a page of 100 messages;
//   - a whole conversation (messages.thread);
//   - the backfill of an upgraded store (every row without a thread).
// Run: npm exec -- tsx bench/conversations.ts [messages=100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FoldersRepo } from '../main/store/folders-repo.ts';
import type { HeaderRecord } from '../main/store/messages-repo.ts';
import { messageStoreIn } from '../test/helpers/message-store.ts';

const count = Number(process.argv[2] ?? 100_000);
const BATCH = 500;
const PAGE = 100;
const RUNS = 30;

/** A number in [0, 1) from a seeded generator (mulberry32): the same folder every run. */
let state = 42;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}

/**
 * Thread sizes as a mailbox has them: most mail alone, some short
 * exchanges, a few long list threads. Messages of a thread are spread over
 * time (a reply hours to days after its parent), so threads interleave.
 */
function threadSize(): number {
  const u = random();
  if (u < 0.55) return 1;
  if (u < 0.8) return 2 + Math.floor(random() * 3);
  if (u < 0.97) return 5 + Math.floor(random() * 10);
  return 15 + Math.floor(random() * 60);
}

function headers(total: number): { inbox: Omit<HeaderRecord, 'uid'>[]; sent: Omit<HeaderRecord, 'uid'>[]; threads: number } {
  const inbox: Omit<HeaderRecord, 'uid'>[] = [];
  const sent: Omit<HeaderRecord, 'uid'>[] = [];
  const start = Date.UTC(2016, 0, 1);
  const span = 10 * 365 * 86_400_000;
  let n = 0;
  let threads = 0;
  while (n < total) {
    threads++;
    const size = Math.min(threadSize(), total - n);
    const root = `<t${threads}.0@bench.test>`;
    let date = start + Math.floor(random() * span);
    const chain: string[] = [];
    for (let i = 0; i < size; i++) {
      const id = i === 0 ? root : `<t${threads}.${i}@bench.test>`;
      // A reply names the root and its parent (a random earlier message: threads branch).
      const parent = i === 0 ? undefined : chain[Math.floor(random() * chain.length)];
      const mine = i > 0 && random() < 0.2;
      const record: Omit<HeaderRecord, 'uid'> = {
        messageId: id,
        inReplyTo: parent ?? null,
        references: parent ? [...new Set([root, parent])] : [],
        subject: `${i ? 'Re: ' : ''}Thread ${threads} about the quarterly report`,
        from: mine
          ? { name: 'Me', address: 'me@bench.test' }
          : { name: `Person ${Math.floor(random() * 500)}`, address: `p${Math.floor(random() * 500)}@bench.test` },
        to: [{ name: 'Me', address: 'me@bench.test' }],
        cc: [],
        replyTo: [],
        date,
        flags: random() < 0.1 ? 0 : 1,
        keywords: [],
        size: 5000,
      };
      (mine ? sent : inbox).push(record);
      chain.push(id);
      n++;
      date += Math.floor(random() * 3 * 86_400_000);
    }
  }
  // As a first sync stores them: newest first (by UID, which follows arrival).
  inbox.sort((a, b) => b.date - a.date);
  sent.sort((a, b) => b.date - a.date);
  return { inbox, sent, threads };
}

function time<T>(work: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = work();
  return { ms: performance.now() - started, result };
}

/** CPU time of this process (all threads), ms: less at the mercy of a loaded machine's I/O than wall time. */
function cpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  return `p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`;
}

function repeat(work: () => unknown): number[] {
  work(); // warm the statement cache and the page cache
  return Array.from({ length: RUNS }, () => time(work).ms);
}

/** Storing the same headers without threading (no threadFor, no triggers): what it cost before. */
function baseline(list: Omit<HeaderRecord, 'uid'>[]): { ms: number; cpuMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-conversations-baseline-'));
  try {
    const { db, messages, folderId } = messageStoreIn(dir);
    for (const name of ['insert', 'delete', 'move', 'flags']) db.exec(`DROP TRIGGER folder_threads_${name}`);
    messages.threads.threadFor = () => null as unknown as number;
    let ms = 0;
    const cpuBefore = cpu();
    for (let at = 0; at < list.length; at += BATCH) {
      const batch = list.slice(at, at + BATCH).map((r, i) => ({ ...r, uid: at + i + 1 }));
      ms += time(() => messages.upsertHeaders('a', folderId, batch)).ms;
    }
    const cpuMs = cpu() - cpuBefore;
    db.close();
    return { ms, cpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const dir = process.env.TIDINGS_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'tidings-conversations-bench-'));
try {
  const { db, messages, folderId: inbox } = messageStoreIn(dir);
  const folders = new FoldersRepo(db);
  folders.replaceAll('a', [
    { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true },
    { path: 'Sent', name: 'Sent', delimiter: '/', parentPath: null, role: 'sent', subscribed: true, selectable: true },
  ]);
  const sentId = folders.byPath('a', 'Sent')?.id as number;
  const mail = headers(count);

  // Storing headers, with the time threadFor takes of it.
  let threading = 0;
  const threadFor = messages.threads.threadFor.bind(messages.threads);
  messages.threads.threadFor = (accountId, fields) => {
    const started = performance.now();
    try {
      return threadFor(accountId, fields);
    } finally {
      threading += performance.now() - started;
    }
  };
  let uid = 0;
  const store = (folder: number, list: Omit<HeaderRecord, 'uid'>[]) => {
    let ms = 0;
    for (let at = 0; at < list.length; at += BATCH) {
      const batch = list.slice(at, at + BATCH).map((r) => ({ ...r, uid: ++uid }));
      ms += time(() => messages.upsertHeaders('a', folder, batch)).ms;
    }
    return ms;
  };
  const cpuBefore = cpu();
  const storing = store(inbox, mail.inbox) + store(sentId, mail.sent);
  const storingCpu = cpu() - cpuBefore;
  const per = (ms: number) => `${((ms * 1000) / count).toFixed(1)} µs a message`;
  console.log(`${count} messages (${mail.inbox.length} in the Inbox, ${mail.sent.length} in Sent), ${mail.threads} threads`);
  console.log(
    `  storing the headers: ${(storing / 1000).toFixed(2)} s (${per(storing)}, CPU ${per(storingCpu)}); of it threadFor: ${per(threading)}`,
  );
  const before = baseline([...mail.inbox, ...mail.sent]);
  console.log(
    `  the same without threading (no threadFor, no triggers): ${(before.ms / 1000).toFixed(2)} s (${per(before.ms)}, CPU ${per(before.cpuMs)})`,
  );

  const conversations = messages.threads.conversations(inbox, 0, PAGE).total;
  console.log(`  the Inbox has ${conversations} conversations`);
  const offsets = { top: 0, middle: Math.floor(conversations / 2), end: Math.max(0, conversations - PAGE) };
  for (const [where, offset] of Object.entries(offsets)) {
    console.log(
      `  a page of ${PAGE} conversations, ${where} (offset ${offset}): ${percentiles(repeat(() => messages.threads.conversations(inbox, offset, PAGE)))}`,
    );
  }
  const messageOffsets = { top: 0, middle: Math.floor(mail.inbox.length / 2), end: mail.inbox.length - PAGE };
  for (const [where, offset] of Object.entries(messageOffsets)) {
    console.log(`  for comparison, a page of ${PAGE} messages, ${where}: ${percentiles(repeat(() => messages.page(inbox, offset, PAGE)))}`);
  }
  const biggest = db.prepare('SELECT thread_id, COUNT(*) AS n FROM messages GROUP BY thread_id ORDER BY n DESC LIMIT 1').get() as {
    thread_id: number;
    n: number;
  };
  console.log(
    `  the longest conversation (${biggest.n} messages), messages.thread: ${percentiles(repeat(() => messages.threads.thread(biggest.thread_id, inbox)))}`,
  );

  // The backfill of an upgraded store: every row without a thread, as migration 12 leaves them.
  db.exec('DROP TRIGGER folder_threads_move');
  db.exec('UPDATE messages SET thread_id = NULL');
  db.exec('DELETE FROM folder_threads; DELETE FROM thread_refs; DELETE FROM threads;');
  const recreate = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'folder_threads_move'").get() as { sql: string } | undefined)
    ?.sql;
  if (recreate) throw new Error('the trigger should be gone');
  const { THREADS_MIGRATION } = await import('../main/store/threads-migration.ts');
  const trigger = /CREATE TRIGGER folder_threads_move[\s\S]*?\n {2}END;/.exec(THREADS_MIGRATION)?.[0];
  db.exec(trigger as string);
  threading = 0;
  const batches: number[] = [];
  for (;;) {
    const { ms, result } = time(() => messages.threads.backfill(2000));
    if (result.threaded === 0) break;
    batches.push(ms);
  }
  const backfill = batches.reduce((a, b) => a + b, 0);
  console.log(
    `  backfill of ${count} rows in batches of 2,000: ${(backfill / 1000).toFixed(2)} s (${per(backfill)}), a batch ${percentiles(batches)}`,
  );
  console.log(
    `  after it, a page of ${PAGE} conversations at the top: ${percentiles(repeat(() => messages.threads.conversations(inbox, 0, PAGE)))}`,
  );
  db.close();
} finally {
  if (!process.env.TIDINGS_BENCH_DIR) rmSync(dir, { recursive: true, force: true });
}
