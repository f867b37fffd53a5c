// Search at scale: a data dir of N corpus messages (seeded straight into the
// store, as `npm run dev:seed` does: syncing 100,000 over IMAP takes too
// long), searched through the core's API exactly as the UI calls it
// (messages.search, first page of 100, every account), per query class:
// rare words, common words, prefixes, two words, field filters, states and
// scopes, a deep page. Prints p50/p95 per class, and next to it notmuch on the
// same corpus as a Maildir (whole process, `notmuch search --limit=100`) when
// notmuch is installed (`apt-get install notmuch`).
//
// Also printed: each class's slowest first call (the first search of a word
// in the process: the common words a prefix begins are guessed then, and any
// one missed costs its full list once: main/store/search-prefixes.ts), and
// what the index costs a message (dbstat).
//
// Run: npm run bench:search [-- --messages 100000 --runs 20 --no-notmuch]
// 1,000,000 whole messages take about 30 minutes to seed on a loaded 2-core
// machine and 33 GB of sources (check the free space of /tmp first).
// The seeded dir is kept in /tmp/tidings-search-bench-N (delete it, or its
// seeded.json, to seed again); notmuch's Maildir and database beside it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { MemorySecretStore } from '../main/auth/keychain.ts';
import { startCore } from '../main/core/core.ts';
import { seedDataDir } from '../scripts/seed/seed-data-dir.ts';
import type { SearchResults } from '../shared/mail.ts';
import { corpusMessage, malformedMessages } from '../test/corpus/index.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '20' },
    'no-notmuch': { type: 'boolean', default: false },
  },
  strict: true,
});
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const dir = `/tmp/tidings-search-bench-${MESSAGES}`;
const dataDir = join(dir, 'data');

// ---- the data dir ----

const doneFile = join(dir, 'seeded.json');
if (!existsSync(doneFile)) {
  console.log(`Seeding ${MESSAGES.toLocaleString('en')} messages into ${dataDir} …`);
  mkdirSync(dir, { recursive: true });
  const result = await seedDataDir(dataDir, { messages: MESSAGES, force: true });
  writeFileSync(doneFile, JSON.stringify({ messages: result.messages, ms: result.ms }));
  console.log(`  seeded in ${(result.ms / 1000).toFixed(1)} s`);
}

// ---- the queries, picked from the index's own vocabulary ----

const db = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: false });
db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, search_full, row)');
const docs = (db.prepare('SELECT COUNT(*) AS n FROM search_full').get() as { n: number }).n;
const vocab = db.prepare('SELECT term, doc FROM temp.vocab').all() as { term: string; doc: number }[];
const byDocs = (low: number, high: number) =>
  vocab.filter((v) => v.doc >= low && v.doc <= high && /^[a-z]{4,}$/.test(v.term)).sort((a, b) => a.term.localeCompare(b.term));
const spread = <T>(list: T[], n: number): T[] =>
  Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor((i * list.length) / n)] as T);
const rare = spread(byDocs(1, Math.max(2, docs / 2000)), 5).map((v) => v.term);
// Fall back to numbers (every message's marker has its own) when the words are all common.
while (rare.length < 5) rare.push(String(Math.floor(MESSAGES * (0.1 + rare.length * 0.17))));
const common = spread(byDocs(docs / 4, docs * 0.9), 5).map((v) => v.term);
if (!common.includes('meeting') && vocab.some((v) => v.term === 'meeting')) common[0] = 'meeting';
const sender = db
  .prepare("SELECT from_address AS a, COUNT(*) AS n FROM messages WHERE from_address LIKE '%@%' GROUP BY from_address ORDER BY n DESC")
  .all() as { a: string; n: number }[];
const people = spread(sender, 4).map((s) => s.a);
const account = (db.prepare("SELECT id FROM accounts WHERE id = 'seed-work'").get() as { id: string } | undefined)?.id ?? 'seed-work';
const smallFolder = (
  db.prepare("SELECT id FROM folders WHERE account_id = ? AND path = 'Receipts'").get(account) as { id: number } | undefined
)?.id;
db.close();

const CLASSES: Record<string, { query: string; accountId?: string; folderId?: number; offset?: number }[]> = {
  'rare word': rare.map((query) => ({ query })),
  'common word': common.map((query) => ({ query })),
  // The last word is a prefix from three letters on (shared/search-query.ts: MIN_PREFIX); "the" begins many of the commonest words.
  prefix: common
    .map((word) => ({ query: word.slice(0, 4) }))
    .concat(common.slice(0, 2).map((word) => ({ query: word.slice(0, 3) })))
    .concat([{ query: 'the' }]),
  'two words': common.map((word, i) => ({ query: `${word} ${common[(i + 2) % common.length]}` })),
  'field filter': [
    ...people.slice(0, 2).map((a) => ({ query: `from:${a}` })),
    { query: `to:${people[2]}` },
    { query: `subject:${common[1]}` },
    { query: `${common[0]} -subject:${common[2]}` },
    { query: `filename:pdf` },
    { query: `from:${people[0]} ${common[3]}` },
  ],
  'state, place': [
    { query: 'is:unread' },
    { query: `${common[0]} is:starred` },
    { query: 'has:attachment' },
    { query: `${common[1]} in:inbox` },
    { query: `${common[2]} after:2020-01-01 before:2022-01-01` },
  ],
  scoped: [
    { query: common[0] as string, accountId: account },
    { query: common[1] as string, accountId: 'seed-home' },
    ...(smallFolder ? [{ query: common[2] as string, folderId: smallFolder }] : []),
  ],
  'deep page': [{ query: common[0] as string, offset: 5000 }],
};

// ---- notmuch's index of the same corpus (built before either is timed, so that both are timed back to back) ----

const notmuch = !values['no-notmuch'] && spawnSync('notmuch', ['--version']).status === 0;
const maildir = join(dir, 'maildir');
const config = join(dir, 'notmuch-config');
const env = { ...process.env, NOTMUCH_CONFIG: config };
if (notmuch && !existsSync(join(dir, 'notmuch.json'))) {
  console.log('Writing the corpus as a Maildir for notmuch …');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  const malformed = MESSAGES >= 1000 ? malformedMessages().filter((m) => m.raw.length > 0) : [];
  // About one in eight unread (as the seed has them), the rest seen: notmuch reads the Maildir flags as tags.
  for (let i = 0; i < MESSAGES - malformed.length; i++)
    writeFileSync(join(maildir, 'cur', `${i}.bench:2,${i % 8 === 0 ? '' : 'S'}`), corpusMessage(i).raw);
  for (const [i, m] of malformed.entries()) writeFileSync(join(maildir, 'cur', `m${i}.bench:2,`), m.raw);
  writeFileSync(config, `[database]\npath=${maildir}\n[new]\ntags=\n[search]\nexclude_tags=\n[maildir]\nsynchronize_flags=true\n`);
  const started = performance.now();
  const indexed = spawnSync('notmuch', ['new', '--quiet'], { env, stdio: 'inherit' });
  if (indexed.status !== 0) throw new Error('notmuch new failed');
  writeFileSync(join(dir, 'notmuch.json'), JSON.stringify({ ms: performance.now() - started }));
}

// ---- Tidings, through the API ----

const core = await startCore({ dataDir, secrets: new MemorySecretStore(), connectOnStart: false });
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const results: {
  klass: string;
  p50: number;
  p95: number;
  cpu50: number;
  cpu95: number;
  first: number;
  notmuch?: { p50: number; p95: number };
}[] = [];
const examples: string[] = [];
for (const [klass, queries] of Object.entries(CLASSES)) {
  const times: number[] = [];
  // CPU time of the call too: this machine is shared, and wall time then includes waiting for a core.
  const cpu: number[] = [];
  let slowestFirst = 0;
  for (const args of queries) {
    const call = () => core.dispatch('messages.search', { ...args, limit: 100 }) as Promise<SearchResults>;
    const firstStarted = performance.now();
    const first = await call(); // warm
    slowestFirst = Math.max(slowestFirst, performance.now() - firstStarted);
    const own: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      await call();
      own.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    times.push(...own);
    own.sort((a, b) => a - b);
    examples.push(
      `  ${klass.padEnd(13)} ${JSON.stringify(args.query).padEnd(36)} ${args.accountId ? `(${args.accountId}) ` : ''}${args.folderId ? '(a small folder) ' : ''}${
        first.total !== undefined ? `${first.total} matches` : `more than ${first.moreThan}`
      }, p50 ${ms(quantile(own, 0.5))}`,
    );
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  results.push({
    klass,
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    cpu50: quantile(cpu, 0.5),
    cpu95: quantile(cpu, 0.95),
    first: slowestFirst,
  });
}
await core.close();

// ---- notmuch on the same corpus ----

if (notmuch) {
  const asNotmuch = (args: { query: string; accountId?: string; folderId?: number }): string | null => {
    if (args.accountId || args.folderId) return null; // one Maildir: no accounts or folders
    return args.query
      .split(' ')
      .map((part) => {
        if (/^is:unread$/.test(part)) return 'tag:unread';
        if (/^is:starred$/.test(part)) return 'tag:flagged';
        if (/^has:attachment$/.test(part)) return 'tag:attachment';
        if (/^in:inbox$/.test(part)) return '';
        if (/^filename:/.test(part)) return `attachment:${part.slice(9)}`;
        if (/^(after|before):/.test(part)) return part.startsWith('after:') ? `date:${part.slice(6)}..` : `date:..${part.slice(7)}`;
        if (/^-/.test(part)) return `not ${part.slice(1)}`;
        return part;
      })
      .filter(Boolean)
      .join(' and ')
      .replace(/ and ([^ ]+)$/, ' and $1')
      .replace(/(^|and )([a-z]+)$/, (_m, lead: string, word: string) => `${lead}${word}*`);
  };
  for (const result of results) {
    const times: number[] = [];
    for (const args of CLASSES[result.klass] ?? []) {
      const query = asNotmuch(args);
      if (query === null) continue;
      const run = () => spawnSync('notmuch', ['search', '--limit=100', '--offset', String(args.offset ?? 0), query], { env });
      run();
      for (let i = 0; i < Math.min(RUNS, 10); i++) {
        const started = performance.now();
        run();
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    if (times.length) result.notmuch = { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
  }
}

// ---- report ----

const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  `\n${MESSAGES.toLocaleString('en')} messages (${docs.toLocaleString('en')} with their body in the index), ${RUNS} runs of each query, load average ${load}`,
);
console.log('Queries:');
for (const line of examples) console.log(line);
console.log(
  `\n${'class'.padEnd(14)} ${'p50'.padStart(10)} ${'p95'.padStart(10)}   ${'cpu p50'.padStart(10)} ${'cpu p95'.padStart(10)}   ${'1st call'.padStart(10)}${notmuch ? `   ${'notmuch p50'.padStart(12)} ${'p95'.padStart(10)}` : ''}`,
);
for (const r of results) {
  const other = r.notmuch ? `   ${ms(r.notmuch.p50).padStart(12)} ${ms(r.notmuch.p95).padStart(10)}` : notmuch ? '   (no equivalent)' : '';
  console.log(
    `${r.klass.padEnd(14)} ${ms(r.p50).padStart(10)} ${ms(r.p95).padStart(10)}   ${ms(r.cpu50).padStart(10)} ${ms(r.cpu95).padStart(10)}   ${ms(r.first).padStart(10)}${other}`,
  );
}

// ---- what the index costs ----

const sizes = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
const bytes = (where: string) => (sizes.prepare(`SELECT IFNULL(SUM(pgsize), 0) AS b FROM dbstat WHERE ${where}`).get() as { b: number }).b;
const index = bytes("name LIKE 'search\\_%' ESCAPE '\\'");
const whole = bytes('1');
sizes.close();
const perMessage = (b: number) => `${Math.round(b / MESSAGES).toLocaleString('en')} bytes a message`;
console.log(
  `\nDatabase ${(whole / 1e6).toFixed(0)} MB (${perMessage(whole)}), of which the full-text index ${(index / 1e6).toFixed(0)} MB (${perMessage(index)})`,
);
