// npm run bench:sync -- --gmail [--messages N] [--rounds R]
//
// Tidings' first sync of a Gmail account (the stand-in of
// test/servers/gmail-stand-in.ts, in this process, implicit TLS with the
// run's certificate), of two mailboxes of the same N messages of the bench
// corpus (the ones bench/sync.ts puts in Dovecot), each in a fresh data dir
// with a fresh stand-in:
//   - labelled: every message in All Mail, 60 % also in INBOX (\Inbox), 20 %
//     also in one or two user labels (a deterministic choice per message);
//   - unlabelled: the same bytes with no label: only in All Mail.
// "Done" is every message's body stored (and indexed: the same transaction)
// and every folder's headers stored: as many rows as the stand-in's folders
// list, none of them without a body. Measured like bench/sync.ts: the real
// app (out/main/web.js) driven over its API, the database polled read-only.
// Each round runs both, in alternating order (round 1 unlabelled first,
// round 2 labelled first, ...); the ratio is taken within a round.
// Printed: bodies the server sent against distinct messages, the time, the
// core's peak RSS and CPU seconds, per run, and labelled/unlabelled.
// Run through bench/run.sh (npm run bench:sync -- --gmail).
// TIDINGS_BENCH_GMAIL_COMMANDS=/tmp/cmds writes the commands the stand-in
// answered to /tmp/cmds-labelled.txt and /tmp/cmds-unlabelled.txt.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { EventMessage } from '../shared/contract.ts';
import { corpusMessage } from '../test/corpus/index.ts';
import { Random } from '../test/corpus/random.ts';
import { connectApi } from '../test/helpers/api-client.ts';
import { closedPort } from '../test/helpers/recording-proxy.ts';
import { type RunningWebApp, startWebApp } from '../test/helpers/web-app.ts';
import { startGmailStandIn } from '../test/servers/gmail-stand-in.ts';
import { cpuSecondsOf, machineCpu, rssOf } from './proc-stats.ts';

type Kind = 'unlabelled' | 'labelled';

const ALL_MAIL = '[Gmail]/All Mail';
const USER_LABELS = ['Work', 'Receipts/2024', 'Lists/rust', 'Travel', 'Family'];
const user = { address: 'ada@gmail.test', password: 'gmail app password' };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The labels of message `index` in the labelled mailbox: a choice of its own stream, the same every run. */
export function labelsOf(index: number): string[] {
  const rng = new Random(0x6d61696c, index);
  const labels = rng.chance(0.6) ? ['\\Inbox'] : [];
  if (rng.chance(0.2)) {
    const first = rng.pick(USER_LABELS);
    labels.push(first);
    // a quarter of them carry a second label
    if (rng.chance(0.25)) labels.push(rng.pick(USER_LABELS.filter((label) => label !== first)));
  }
  return labels;
}

interface RunResult {
  kind: Kind;
  messages: number;
  rawBytes: number;
  /** Rows the stand-in's folders list (a message once per folder it is in). */
  rows: number;
  folders: number;
  seededMs: number;
  allHeadersMs: number;
  allBodiesMs: number;
  bodyFetches: number;
  /** Bodies the server sent after "done", in a second of quiet. */
  bodyFetchesLater: number;
  /** Messages whose body was sent more than once. */
  fetchedTwice: number;
  distinctContent: number;
  distinctMsgids: number;
  allMailRows: number;
  ftsRows: number | null;
  peakRss: number;
  coreCpu: number;
  benchCpu: number;
  machineBusy: number;
  machineTotal: number;
  commands: Map<string, number>;
  /** When each folder's headers and bodies were seen (from sync.progress), ms from the start. */
  phases: { folder: string; phase: string; first: number; last: number }[];
  internalErrors: string[];
  /** Warnings and errors the core logged (tidings.log, body-store.log), by message. */
  coreWarnings: Map<string, number>;
}

export async function gmailSyncBench(options: { messages: number; rounds: number }): Promise<void> {
  const work = process.env.TIDINGS_BENCH_WORK as string;
  const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
  if (!work || !caDir) throw new Error('Run through bench/run.sh (npm run bench:sync -- --gmail)');
  const tlsFiles = { key: readFileSync(join(caDir, 'server.key')), cert: readFileSync(join(caDir, 'server.pem')) };
  const N = options.messages;
  const rounds = Math.max(1, options.rounds);

  const results: RunResult[][] = [];
  for (let round = 0; round < rounds; round++) {
    const order: Kind[] = round % 2 === 0 ? ['unlabelled', 'labelled'] : ['labelled', 'unlabelled'];
    const pair: RunResult[] = [];
    for (const kind of order) {
      console.log(`\n== round ${round + 1}/${rounds}: ${kind} ==`);
      const result = await runOnce(kind, N, join(work, `gmail-${round + 1}-${kind}`), tlsFiles);
      printRun(result);
      pair.push(result);
    }
    results.push(pair);
  }

  console.log('\n== Gmail first sync: labelled against unlabelled ==');
  const of = (pair: RunResult[], kind: Kind) => pair.find((r) => r.kind === kind) as RunResult;
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (const [i, pair] of results.entries()) {
    const labelled = of(pair, 'labelled');
    const unlabelled = of(pair, 'unlabelled');
    const ratio = labelled.allBodiesMs / unlabelled.allBodiesMs;
    ratios.push(ratio);
    cpuRatios.push(labelled.coreCpu / unlabelled.coreCpu);
    console.log(
      `round ${i + 1} (${pair.map((r) => r.kind).join(' first, then ')}): ` +
        `unlabelled ${seconds(unlabelled.allBodiesMs)} (${unlabelled.bodyFetches} bodies for ${unlabelled.distinctMsgids} messages, ${mb(unlabelled.peakRss)}, ${unlabelled.coreCpu.toFixed(1)} s CPU); ` +
        `labelled ${seconds(labelled.allBodiesMs)} (${labelled.bodyFetches} bodies for ${labelled.distinctMsgids} messages in ${labelled.rows} rows, ${mb(labelled.peakRss)}, ${labelled.coreCpu.toFixed(1)} s CPU); ` +
        `labelled/unlabelled ${ratio.toFixed(2)}×, CPU ${(labelled.coreCpu / unlabelled.coreCpu).toFixed(2)}×`,
    );
  }
  const all = results.flat();
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  };
  const ratio = median(ratios);
  console.log(`Ratio labelled/unlabelled, all bodies + index: ${ratio.toFixed(2)}× (median of ${ratios.length}; goal ≤ 1.1×)`);
  // CPU seconds move less than wall time when other work shares the machine.
  console.log(`Ratio labelled/unlabelled, CPU time of the core:  ${median(cpuRatios).toFixed(2)}× (median of ${cpuRatios.length})`);
  const extra = all.filter((r) => r.bodyFetches + r.bodyFetchesLater !== r.distinctMsgids || r.fetchedTwice > 0);
  console.log(
    extra.length === 0
      ? `Bodies fetched = distinct messages in every run (goal): ${all.map((r) => `${r.kind} ${r.bodyFetches}/${r.distinctMsgids}`).join(', ')}`
      : `Bodies fetched ≠ distinct messages (goal missed): ${extra.map((r) => `${r.kind} ${r.bodyFetches + r.bodyFetchesLater} for ${r.distinctMsgids}, ${r.fetchedTwice} sent twice`).join('; ')}`,
  );
  const broken = all.filter((r) => r.internalErrors.length > 0 || r.distinctContent !== r.messages || r.allMailRows !== r.messages);
  if (broken.length > 0) {
    for (const r of broken) console.log(`${r.kind}: ${r.internalErrors.join('\n') || 'contents or All Mail rows ≠ messages'}`);
    process.exitCode = 1;
  }
}

async function runOnce(kind: Kind, N: number, dataDir: string, tlsFiles: { key: Buffer; cert: Buffer }): Promise<RunResult> {
  const server = await startGmailStandIn({ ...tlsFiles, users: [{ user: user.address, password: user.password }] });
  let app: RunningWebApp | undefined;
  let reader: DatabaseSync | undefined;
  try {
    // ---- the mailbox ----
    const seedStart = performance.now();
    let rawBytes = 0;
    for (let i = 0; i < N; i++) {
      const { raw } = corpusMessage(i);
      rawBytes += raw.length;
      server.addMessage({ raw, labels: kind === 'labelled' ? labelsOf(i) : [] });
    }
    const seededMs = performance.now() - seedStart;
    const folderSizes = server.folders().map((path) => ({ path, size: server.folderUids(path).length }));
    const rows = folderSizes.reduce((n, f) => n + f.size, 0);
    console.log(
      `Mailbox: ${N} messages, ${mb(rawBytes)}, ${rows} rows: ${folderSizes
        .filter((f) => f.size > 0)
        .map((f) => `${f.path} ${f.size}`)
        .join(', ')} (made in ${seconds(seededMs)})`,
    );

    // ---- Tidings ----
    const dbFile = join(dataDir, 'tidings.sqlite');
    // One read-only connection, kept; counts through small indexes (see bench/sync.ts).
    const counts = () => {
      try {
        reader ??= new DatabaseSync(dbFile, { readOnly: true });
        // Rows first, then bodies: rows only grow, so "all rows, then none missing" means both at once.
        const stored = (reader.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
        const missing = (reader.prepare('SELECT COUNT(*) AS n FROM messages WHERE body_state = 0').get() as { n: number }).n;
        return { rows: stored, missing };
      } catch {
        reader?.close();
        reader = undefined;
        return { rows: 0, missing: 0 };
      }
    };
    app = await startWebApp(dataDir);
    const api = await connectApi(app.url);
    const pid = app.child.pid as number;
    const machineBefore = await machineCpu();
    const benchCpuBefore = process.cpuUsage();
    const start = performance.now();
    await api.call('accounts.add', {
      name: 'Ada',
      email: user.address,
      password: user.password,
      incoming: { protocol: 'imap', host: '127.0.0.1', port: server.port, security: 'tls', username: user.address },
      outgoing: { host: '127.0.0.1', port: await closedPort(), security: 'none', username: user.address },
    });
    let allHeadersMs = 0;
    let peakRss = 0;
    const phases = new Map<string, { folderId: number | null; phase: string; first: number; last: number }>();
    let seenEvents = 0;
    for (;;) {
      const c = counts();
      const now = performance.now() - start;
      for (; seenEvents < api.events.length; seenEvents++) noteProgress(phases, api.events[seenEvents] as EventMessage, now);
      if (!allHeadersMs && c.rows >= rows) allHeadersMs = now;
      peakRss = Math.max(peakRss, await rssOf(pid));
      if (c.rows >= rows && c.missing === 0) break;
      if (now > 30 * 60_000)
        throw new Error(`Tidings did not finish within 30 minutes (${c.rows} of ${rows} rows, ${c.missing} without body)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const allBodiesMs = performance.now() - start;
    const bodyFetches = server.bodyFetches();
    peakRss = Math.max(peakRss, await rssOf(pid, 'VmHWM'));
    const coreCpu = await cpuSecondsOf(pid);
    const machineAfter = await machineCpu();
    const benchCpu = process.cpuUsage(benchCpuBefore);
    // A second of quiet: nothing more should be downloaded.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const bodyFetchesLater = server.bodyFetches() - bodyFetches;
    const fetchedTwice = [...server.bodyFetchesByMsgid().values()].filter((n) => n > 1).length;

    const db = reader ?? new DatabaseSync(dbFile, { readOnly: true });
    reader = db;
    const one = (query: string) => (db.prepare(query).get() as { n: number }).n;
    const distinctContent = one('SELECT COUNT(DISTINCT content_id) AS n FROM messages WHERE content_id IS NOT NULL');
    const distinctMsgids = one('SELECT COUNT(DISTINCT gm_msgid) AS n FROM messages');
    const allMailRows = one(
      `SELECT COUNT(*) AS n FROM messages WHERE folder_id = (SELECT id FROM folders WHERE path = '${ALL_MAIL.replace(/'/g, "''")}')`,
    );
    let ftsRows: number | null = null;
    try {
      ftsRows = one('SELECT COUNT(*) AS n FROM messages_fts');
    } catch {
      // a contentless table that cannot count: left out
    }
    const folderPaths = new Map(
      (db.prepare('SELECT id, path FROM folders').all() as { id: number; path: string }[]).map((f) => [f.id, f.path]),
    );
    // The stand-in keeps 300 characters of a command, which cuts a long UID set before its items: a FETCH
    // of headers names a range of UIDs (ENVELOPE is seen), one of bodies scattered UIDs on a connection that EXAMINEs.
    const readOnly = new Set(server.commands().flatMap((c) => (c.name === 'EXAMINE' ? [c.connection] : [])));
    const commands = new Map<string, number>();
    for (const command of server.commands()) {
      const kind = / ENVELOPE /.test(command.line) ? ' (headers)' : readOnly.has(command.connection) ? ' (bodies)' : '';
      const name = command.name === 'UID FETCH' ? `${command.name}${kind}` : command.name;
      commands.set(name, (commands.get(name) ?? 0) + 1);
    }
    if (process.env.TIDINGS_BENCH_GMAIL_COMMANDS) {
      const file = `${process.env.TIDINGS_BENCH_GMAIL_COMMANDS}-${kind}.txt`;
      writeFileSync(
        file,
        server
          .commands()
          .map((c) => `${c.connection} ${c.folder ?? '-'} ${c.status} ${c.line}`)
          .join('\n'),
      );
    }
    api.close();
    return {
      kind,
      messages: N,
      rawBytes,
      rows,
      folders: folderSizes.length,
      seededMs,
      allHeadersMs,
      allBodiesMs,
      bodyFetches,
      bodyFetchesLater,
      fetchedTwice,
      distinctContent,
      distinctMsgids,
      allMailRows,
      ftsRows,
      peakRss,
      coreCpu,
      benchCpu: (benchCpu.user + benchCpu.system) / 1e6,
      machineBusy: machineAfter.busy - machineBefore.busy,
      machineTotal: machineAfter.total - machineBefore.total,
      commands,
      phases: [...phases.values()].map((p) => ({
        folder: p.folderId === null ? '(account)' : (folderPaths.get(p.folderId) ?? String(p.folderId)),
        phase: p.phase,
        first: p.first,
        last: p.last,
      })),
      internalErrors: server.internalErrors(),
      coreWarnings: warningsIn(join(dataDir, 'logs')),
    };
  } finally {
    reader?.close();
    await app?.stop();
    await server.stop();
  }
}

/** The core's warnings and errors (level ≥ 40 in its JSON log lines), counted by message and error. */
function warningsIn(logDir: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const name of ['tidings.log', 'body-store.log']) {
    let text = '';
    try {
      text = readFileSync(join(logDir, name), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line) as { level: number; msg?: string; folder?: string; err?: { message?: string } };
      if (entry.level < 40) continue;
      const key = `${entry.msg ?? ''}${entry.folder ? ` (${entry.folder})` : ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
      found.set(key, (found.get(key) ?? 0) + 1);
    }
  }
  return found;
}

/** Notes when the sync said it was at each folder's headers or bodies (a poll's resolution: 100 ms). */
function noteProgress(
  phases: Map<string, { folderId: number | null; phase: string; first: number; last: number }>,
  event: EventMessage,
  now: number,
): void {
  if (event.event !== 'sync.progress') return;
  const { folderId, phase } = event.payload as { folderId: number | null; phase: string };
  if (phase !== 'headers' && phase !== 'bodies') return;
  const key = `${folderId}:${phase}`;
  const seen = phases.get(key);
  if (seen) seen.last = now;
  else phases.set(key, { folderId, phase, first: now, last: now });
}

function printRun(r: RunResult): void {
  const line = (label: string, value: string) => console.log(`${`${label}:`.padEnd(46)}${value}`);
  line(`Tidings all headers (${r.rows} rows)`, seconds(r.allHeadersMs));
  line('Tidings all bodies + full-text index', seconds(r.allBodiesMs));
  line(
    'Bodies fetched (server) / distinct messages',
    `${r.bodyFetches} / ${r.distinctMsgids}${r.bodyFetchesLater ? ` (+${r.bodyFetchesLater} after done)` : ''}${r.fetchedTwice ? `, ${r.fetchedTwice} sent more than once` : ''}`,
  );
  line('Stored contents / All Mail rows / index rows', `${r.distinctContent} / ${r.allMailRows} / ${r.ftsRows ?? '?'}`);
  line('Peak RSS of the core', mb(r.peakRss));
  line('CPU time of the core (all threads)', `${r.coreCpu.toFixed(2)} s`);
  line(
    'Machine CPU busy meanwhile',
    `${r.machineBusy.toFixed(1)} s of ${r.machineTotal.toFixed(1)} s (${((100 * r.machineBusy) / r.machineTotal).toFixed(0)}%); this process (stand-in, polling) ${r.benchCpu.toFixed(1)} s`,
  );
  line(
    'Commands the server answered',
    [...r.commands.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${n}`)
      .join(', '),
  );
  for (const [warning, n] of r.coreWarnings) line('  the core logged', `${n}× ${warning}`);
  for (const p of r.phases.sort((a, b) => a.first - b.first)) {
    line(`  ${p.phase} of ${p.folder}`, `${seconds(p.first)} – ${seconds(p.last)}`);
  }
}
