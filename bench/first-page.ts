// The first page of a folder of a million messages, and the pages after it
// (issue 14). Seeds a data dir of N header rows once (bench/seeded-dir.ts:
// the seed's two accounts, 66 % of the messages in the work account's
// Inbox) and measures:
//
// (1) the migration that adds the span counts (message_spans), on a copy of
//     that store taken back to the schema before it: its backfill;
// (2) in the core's process, the store alone: the first page, a keyed page,
//     a jump, and the folder list's counts, beside what the same calls cost
//     before (COUNT(*) and LIMIT/OFFSET, COUNT subqueries: the old SQL);
// (3) through the API, as the renderer calls it (npm run web, its
//     WebSocket): folders.list and messages.page at 0 when the folder opens
//     (cold: the first calls after start; then warm), keyed pages while
//     scrolling (after, and before going up), pages at random positions
//     (a jump), the unified views;
// (4) in Chromium: from a click on the Inbox (another folder shown) to the
//     first animation frame with its first row in the DOM.
//
// Run: npm run bench:first-page [-- --messages N] [--runs R]
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../main/store/database.ts';
import { FoldersRepo } from '../main/store/folders-repo.ts';
import { MessagesRepo } from '../main/store/messages-repo.ts';
import { migrations } from '../main/store/migrations.ts';
import { SourceFiles } from '../main/store/source-files.ts';
import type { Folder, MessagePage, PageKey, ViewPage } from '../shared/mail.ts';
import { connectApi } from '../test/helpers/api-client.ts';
import { launchChromium, startWebApp } from '../test/helpers/web-app.ts';
import { seededDir } from './seeded-dir.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '50' },
    whole: { type: 'boolean', default: false },
  },
  strict: true,
});
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const LIMIT = 100;

const dataDir = await seededDir(MESSAGES, !values.whole);

// ---- figures ----
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const stats = (xs: number[]) => `p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))}, max ${ms(Math.max(...xs))} (${xs.length})`;
function time<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}
async function timeAsync<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}
/** A fixed sequence in [0, 1), the same every run. */
function spots(count: number, seed = 12345): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  });
}
const keyOf = (m: { date: string; id: number }): PageKey => ({ date: Date.parse(m.date), id: m.id });

// ---- (1) the migration, on a copy taken back to the schema before it ----
{
  const ours = migrations.findIndex((m) => m.includes('CREATE TABLE message_spans'));
  const copy = mkdtempSync(join(tmpdir(), 'tidings-first-page-migration-'));
  try {
    const file = join(copy, 'tidings.sqlite');
    // The seed closed the store cleanly: its WAL is checkpointed into the file.
    copyFileSync(join(dataDir, 'tidings.sqlite'), file);
    if (existsSync(join(dataDir, 'tidings.sqlite-wal'))) copyFileSync(join(dataDir, 'tidings.sqlite-wal'), `${file}-wal`);
    const { DatabaseSync } = await import('node:sqlite');
    const old = new DatabaseSync(file);
    old.exec(`BEGIN;
      DROP TRIGGER message_spans_insert; DROP TRIGGER message_spans_delete; DROP TRIGGER message_spans_update;
      DROP TRIGGER message_spans_folder_delete; DROP TABLE message_spans;
      DROP INDEX messages_unread_by_date; DROP INDEX messages_flagged_by_date;
      CREATE INDEX messages_unread ON messages (folder_id) WHERE (flags & 1) = 0;
      PRAGMA user_version = ${ours}; COMMIT;`);
    const rows = (old.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
    old.close();
    const [db, took] = time(() => openDatabase(file));
    const spans = (db.prepare('SELECT COUNT(*) AS n FROM message_spans').get() as { n: number }).n;
    db.close();
    console.log(
      `\n(1) Migration ${ours + 1} (span counts, two partial indexes) on ${rows.toLocaleString('en')} rows: ${(took / 1000).toFixed(2)} s, ${spans} spans`,
    );
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

// ---- (2) the store alone, in this process ----
{
  const db = openDatabase(join(dataDir, 'tidings.sqlite'));
  const folders = new FoldersRepo(db);
  const messages = new MessagesRepo(db, new SourceFiles(join(dataDir, 'sources')));
  const inbox = folders.list().find((f) => f.accountId === 'seed-work' && f.role === 'inbox') as Folder;
  console.log(`\n(2) The store alone, Inbox of ${inbox.total.toLocaleString('en')} messages (${RUNS} runs each)`);
  const oldPage = (offset: number) => {
    db.prepare('SELECT COUNT(*) AS n FROM messages WHERE folder_id = ?').get(inbox.id);
    return db
      .prepare(
        `SELECT id, account_id, folder_id, subject, from_name, from_address, date, snippet, flags, has_attachments, size, labels_json
           FROM messages WHERE folder_id = ? ORDER BY date DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(inbox.id, LIMIT, offset);
  };
  const oldCounts = () =>
    db
      .prepare(
        `SELECT f.id, (SELECT COUNT(*) FROM messages m WHERE m.folder_id = f.id) AS total,
                (SELECT COUNT(*) FROM messages m WHERE m.folder_id = f.id AND (m.flags & 1) = 0) AS unread FROM folders f`,
      )
      .all();
  const runs = <T>(work: (run: number) => T) => Array.from({ length: RUNS }, (_, run) => time(() => work(run))[1]);
  const where = spots(RUNS).map((u) => Math.floor(u * (inbox.total - LIMIT)));
  const mid = messages.page(inbox.id, { offset: Math.floor(inbox.total / 2), limit: 1 }).items[0];
  console.log(`  first page      now: ${stats(runs(() => messages.page(inbox.id, { offset: 0, limit: LIMIT })))}`);
  console.log(`                before: ${stats(runs(() => oldPage(0)))}  (COUNT(*) + LIMIT)`);
  console.log(
    `  keyed page, mid now: ${stats(runs(() => messages.page(inbox.id, { offset: 0, limit: LIMIT, after: keyOf(mid as never) })))}`,
  );
  console.log(`  jump (random)   now: ${stats(runs((run) => messages.page(inbox.id, { offset: where[run] as number, limit: LIMIT })))}`);
  console.log(`                before: ${stats(runs((run) => oldPage(where[run] as number)))}  (COUNT(*) + OFFSET)`);
  console.log(`  last page       now: ${stats(runs(() => messages.page(inbox.id, { offset: inbox.total - LIMIT, limit: LIMIT })))}`);
  console.log(`                before: ${stats(runs(() => oldPage(inbox.total - LIMIT)))}`);
  console.log(`  folders.list    now: ${stats(runs(() => folders.list()))}`);
  console.log(`                before: ${stats(runs(() => oldCounts()))}  (the counts' COUNT subqueries alone)`);
  console.log(`  views.list      now: ${stats(runs(() => messages.viewCounts()))}`);
  db.close();
}

// ---- (3) through the API, as the renderer calls it ----
const app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
try {
  const api = await connectApi(app.url);
  const [listed, coldFolders] = await timeAsync(() => api.call<Folder[]>('folders.list', {}));
  const inbox = listed.find((f) => f.accountId === 'seed-work' && f.role === 'inbox') as Folder;
  const page = (args: Record<string, unknown>) => api.call<MessagePage>('messages.page', { folderId: inbox.id, limit: LIMIT, ...args });
  const [, coldPage] = await timeAsync(() => page({ offset: 0 }));
  console.log(`\n(3) Through the API (WebSocket round trips), Inbox of ${inbox.total.toLocaleString('en')}`);
  console.log(`  cold (first calls after start): folders.list ${ms(coldFolders)}, messages.page at 0 ${ms(coldPage)}`);
  const opens: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const [, took] = await timeAsync(async () => {
      await api.call('folders.list', {});
      await page({ offset: 0 });
    });
    opens.push(took);
  }
  console.log(`  opening the folder (folders.list, then messages.page at 0): ${stats(opens)}`);
  // Scrolling down, page after page, then back up.
  const down: number[] = [];
  let last = (await page({ offset: 0 })).items.at(-1);
  const start = Math.floor(inbox.total * 0.4);
  last = (await page({ offset: start })).items.at(-1);
  for (let run = 0; run < RUNS * 4 && last; run++) {
    const [result, took] = await timeAsync(() => page({ offset: start + (run + 1) * LIMIT, after: keyOf(last as never) }));
    down.push(took);
    last = result.items.at(-1);
  }
  console.log(`  scrolling down (after a key), from 40 %: ${stats(down)}`);
  const up: number[] = [];
  let first = (await page({ offset: start })).items[0];
  for (let run = 0; run < RUNS * 4 && first; run++) {
    const [result, took] = await timeAsync(() => page({ offset: Math.max(0, start - (run + 1) * LIMIT), before: keyOf(first as never) }));
    up.push(took);
    first = result.items[0];
  }
  console.log(`  scrolling up (before a key), from 40 %: ${stats(up)}`);
  const jumps: number[] = [];
  for (const u of spots(RUNS, 777)) jumps.push((await timeAsync(() => page({ offset: Math.floor(u * (inbox.total - LIMIT)) })))[1]);
  console.log(`  jumps (a page at a random position): ${stats(jumps)}`);
  const ends: number[] = [];
  for (let run = 0; run < RUNS; run++) ends.push((await timeAsync(() => page({ offset: inbox.total - LIMIT })))[1]);
  console.log(`  End (the last page): ${stats(ends)}`);
  // The unified views.
  const viewCounts: number[] = [];
  for (let run = 0; run < RUNS; run++) viewCounts.push((await timeAsync(() => api.call('views.list', {})))[1]);
  console.log(`  views.list: ${stats(viewCounts)}`);
  for (const view of ['inbox', 'unread', 'starred'] as const) {
    const view0: number[] = [];
    const viewJumps: number[] = [];
    const viewKeyed: number[] = [];
    let total = 0;
    for (let run = 0; run < RUNS; run++) {
      const [result, took] = await timeAsync(() => api.call<ViewPage>('messages.view', { view, offset: 0, limit: LIMIT }));
      view0.push(took);
      total = result.total;
    }
    for (const u of spots(RUNS, 99)) {
      const offset = Math.floor(u * Math.max(0, total - LIMIT));
      const [result, took] = await timeAsync(() => api.call<ViewPage>('messages.view', { view, offset, limit: LIMIT }));
      viewJumps.push(took);
      const tail = result.items.at(-1);
      if (tail)
        viewKeyed.push(
          (await timeAsync(() => api.call('messages.view', { view, offset: offset + LIMIT, limit: LIMIT, after: keyOf(tail) })))[1],
        );
    }
    console.log(
      `  messages.view ${view} (${total.toLocaleString('en')}): first page ${stats(view0)}; jumps ${stats(viewJumps)}; keyed ${stats(viewKeyed)}`,
    );
  }
  api.close();

  // ---- (4) in Chromium: a click on the Inbox to its first row painted ----
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await tab.addInitScript({ content: 'window.__name = (f) => f;' });
    const [, load] = await timeAsync(async () => {
      await tab.goto(app.url);
      await tab.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option').first().waitFor({ timeout: 60_000 });
    });
    console.log(`\n(4) In Chromium ${browser.version()}: page load to the Inbox's first row ${ms(load)} (cold: the app's own start too)`);
    const tree = tab.getByRole('list', { name: 'Folders of ada@work.example.test' });
    const paints: number[] = [];
    for (let run = 0; run < Math.min(RUNS, 20); run++) {
      await tree.getByRole('button', { name: /^Sent\b/ }).click();
      await tab.getByRole('listbox', { name: 'Messages in Sent' }).getByRole('option').first().waitFor();
      const button = tree.getByRole('button', { name: /^Inbox\b/ });
      paints.push(
        await button.evaluate(
          (element) =>
            new Promise<number>((done) => {
              const start = performance.now();
              (element as HTMLElement).click();
              const check = () => {
                if (document.querySelector('[role="listbox"][aria-label="Messages in Inbox"] [role="option"]'))
                  done(performance.now() - start);
                else requestAnimationFrame(check);
              };
              requestAnimationFrame(check);
            }),
        ),
      );
    }
    console.log(`  click on the Inbox (from Sent) to the first animation frame with its first row: ${stats(paints)}`);
  } finally {
    await browser.close();
  }
} finally {
  await app.stop();
}
