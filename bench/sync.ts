// npm run bench:sync [-- --messages N] [--tidings-only]
// npm run bench:sync -- --gmail [--messages N] [--rounds R]: see bench/sync-gmail.ts
//
// Initial and no-change sync of one mailbox of N messages (default 20,000, of
// the varied test corpus) from a Dovecot on 127.0.0.1, measured in one run for:
//   - Tidings (the real app: out/main/web.js, driven over its API);
//   - mbsync (isync) syncing the same mailbox to a Maildir, first and second run;
//   - a raw floor: one `UID FETCH 1:* BODY.PEEK[]` streamed to nowhere.
// Prints each figure and the ratios. Run through bench/run.sh (npm run bench:sync).
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import { connectApi } from '../test/helpers/api-client.ts';
import { draftFor } from '../test/helpers/drafts.ts';
import { type RunningWebApp, startWebApp } from '../test/helpers/web-app.ts';
import { startDovecot } from '../test/servers/dovecot.ts';
import type { TestServers } from '../test/servers/types.ts';
import { cpuSecondsOf, machineCpu, rssOf } from './proc-stats.ts';
import { seedMaildir } from './seed-maildir.ts';

// --tidings-only skips mbsync (for comparing two builds of Tidings quickly).
const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    'tidings-only': { type: 'boolean', default: false },
    // --gmail: the Gmail benchmark instead (bench/sync-gmail.ts); --rounds R: its pairs of runs, in alternating order.
    gmail: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
  },
});
const N = Number(values.messages);
const work = process.env.TIDINGS_BENCH_WORK as string;
const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
if (!work || !caDir) throw new Error('Run through bench/run.sh (npm run bench:sync)');

const user = { address: 'alice@example.test', password: 'alice-pass' };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

if (values.gmail) {
  // Tidings on two Gmail mailboxes (the stand-in), with and without labels: bench/sync-gmail.ts.
  const { gmailSyncBench } = await import('./sync-gmail.ts');
  await gmailSyncBench({ messages: N, rounds: Number(values.rounds) });
} else await dovecotSyncBench();

async function dovecotSyncBench(): Promise<void> {
  const dovecot = await startDovecot({ workDir: join(work, 'dovecot'), ssl: 'trusted', caDir });
  // Every core this bench starts, stopped at the end whatever happens (a core left running would outlive the bench).
  const started: RunningWebApp[] = [];
  try {
    // ---- seed ----
    const seeded = await seedMaildir(join(work, 'dovecot'), N);
    console.log(`Mailbox: ${N} messages, ${mb(seeded.totalBytes)} (seeded in ${seconds(seeded.ms)})`);
    // Dovecot indexes a new Maildir on first SELECT; do it now so nobody pays for it below.
    await rawFetchAll(dovecot.ports.imaps, false);

    // ---- floor ----
    const floor = await timed(() => rawFetchAll(dovecot.ports.imaps, true));
    console.log(`Raw floor (UID FETCH 1:* BODY.PEEK[]):        ${seconds(floor)}`);

    // ---- mbsync ----
    const mbsyncConf = join(work, 'mbsyncrc');
    await mkdir(join(work, 'mbsync-maildir'), { recursive: true });
    await writeFile(
      mbsyncConf,
      [
        'IMAPAccount bench',
        'Host 127.0.0.1',
        `Port ${dovecot.ports.imaps}`,
        `User ${user.address}`,
        `Pass ${user.password}`,
        'SSLType IMAPS',
        `CertificateFile ${join(caDir, 'ca.pem')}`,
        '',
        'IMAPStore remote',
        'Account bench',
        '',
        'MaildirStore local',
        `Path ${join(work, 'mbsync-maildir')}/`,
        `Inbox ${join(work, 'mbsync-maildir')}/INBOX`,
        'SubFolders Verbatim',
        '',
        'Channel bench',
        'Far :remote:',
        'Near :local:',
        'Patterns *',
        'Create Near',
        'SyncState *',
        '',
      ].join('\n'),
    );
    const mbsync = () => {
      const result = spawnSync('mbsync', ['-c', mbsyncConf, '-a', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (result.status !== 0) throw new Error(`mbsync failed: ${result.stderr.toString()}`);
    };
    const mbsyncFirst = values['tidings-only'] ? Number.NaN : await timed(async () => mbsync());
    const mbsyncSecond = values['tidings-only'] ? Number.NaN : await timed(async () => mbsync());
    console.log(`mbsync first run:                            ${seconds(mbsyncFirst)}`);
    console.log(`mbsync second run (no change):               ${seconds(mbsyncSecond)}`);

    // ---- Tidings ----
    const dataDir = join(work, 'tidings-data');
    const servers = {
      dovecot: { host: '127.0.0.1', ports: dovecot.ports },
      postfix: { host: '127.0.0.1', ports: { submissions: dovecot.ports.imaps, submission: dovecot.ports.imap } },
      users: { alice: user, bob: user, carol: user },
    } as unknown as TestServers;
    const dbFile = join(dataDir, 'tidings.sqlite');
    // One read-only connection, kept: opening one per poll, and polling every
    // 10 ms all along, cost this process a good part of a core, taken from the
    // two that Tidings and Dovecot share.
    let reader: DatabaseSync | undefined;
    const counts = () => {
      try {
        reader ??= new DatabaseSync(dbFile, { readOnly: true });
        const headers = (reader.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
        // Counted through the partial index of missing bodies (it shrinks as they come): a scan of every row, ten times a second, cost the machine a second of CPU.
        const missing = (reader.prepare('SELECT COUNT(*) AS n FROM messages WHERE body_state = 0').get() as { n: number }).n;
        return { headers, bodies: headers - missing };
      } catch {
        reader?.close();
        reader = undefined;
        return { headers: 0, bodies: 0 };
      }
    };
    // (TIDINGS_CORE_EXTRA_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the core: see test/helpers/web-app.ts.)
    const app = await startWebApp(dataDir);
    started.push(app);
    const api = await connectApi(app.url);
    const machineBefore = await machineCpu();
    const benchCpuBefore = process.cpuUsage();
    const start = performance.now();
    await api.call('accounts.add', draftFor(servers, { user }));
    let first50 = 0;
    let allHeaders = 0;
    let peakRss = 0;
    // What the resident memory was made of when it peaked, and how far the sync was then.
    let peakParts = '';
    for (;;) {
      const c = counts();
      const now = performance.now() - start;
      if (!first50 && c.headers >= Math.min(50, N)) first50 = now;
      if (!allHeaders && c.headers >= N) allHeaders = now;
      const rss = await rssOf(app.child.pid as number);
      if (rss > peakRss) {
        peakRss = rss;
        peakParts = `${await residentParts(app.child.pid as number)} at ${seconds(now)}, ${c.headers} headers, ${c.bodies} bodies`;
      }
      if (c.bodies >= N) break;
      if (now > 30 * 60_000) throw new Error('Tidings did not finish within 30 minutes');
      // Fine-grained for the first 50 headers (well under a second), then ten times a second.
      await new Promise((resolve) => setTimeout(resolve, first50 ? 100 : 10));
    }
    reader?.close();
    const allBodies = performance.now() - start;
    peakRss = Math.max(peakRss, await rssOf(app.child.pid as number, 'VmHWM'));
    const cpu = await cpuSecondsOf(app.child.pid as number);
    const machineAfter = await machineCpu();
    const benchCpu = process.cpuUsage(benchCpuBefore);

    // No-change resync in the running app, as a user meets it: the account's
    // sync starts over (new connection, TLS, login: what saving its options
    // does) and checks every folder; the median of five.
    const [account] = await api.call<{ id: string }[]>('accounts.list', {});
    const inApp: number[] = [];
    for (let round = 0; round < 5; round++) {
      const since = new Date();
      const t0 = performance.now();
      await api.call('accounts.setOptions', { id: account?.id, options: { bodyDays: null } });
      await untilEveryFolderSynced(since, t0);
      inApp.push(performance.now() - t0);
    }
    const resyncInApp = inApp.sort((a, b) => a - b)[2] as number;
    api.close();
    await app.stop();
    // What the core printed (with TIDINGS_CORE_EXTRA_FLAGS=--trace-gc, say), for a look afterwards.
    if (process.env.TIDINGS_BENCH_CORE_OUTPUT) await writeFile(process.env.TIDINGS_BENCH_CORE_OUTPUT, app.output());

    // No-change resync: a restart (connect and login included) until every folder has been checked.
    const restartedAt = new Date();
    const resyncStart = performance.now();
    const again = await startWebApp(dataDir);
    started.push(again);
    const upAfter = performance.now() - resyncStart;
    await untilEveryFolderSynced(restartedAt, resyncStart);
    const resync = performance.now() - resyncStart;
    await again.stop();

    console.log(`Tidings first 50 newest headers:             ${seconds(first50)}`);
    console.log(`Tidings all headers:                         ${seconds(allHeaders)}`);
    console.log(`Tidings all bodies + full-text index:        ${seconds(allBodies)}`);
    console.log(`Tidings peak RSS of the core:                ${mb(peakRss)} (sampled peak: ${peakParts})`);
    console.log(`Tidings CPU time of the core (all threads):  ${cpu.toFixed(2)} s`);
    const busy = machineAfter.busy - machineBefore.busy;
    const available = machineAfter.total - machineBefore.total;
    console.log(
      `Machine CPU busy meanwhile (core, Dovecot, kernel): ${busy.toFixed(1)} s of ${available.toFixed(1)} s (${((100 * busy) / available).toFixed(0)}%); this bench's own polling ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s`,
    );
    console.log(`Tidings no-change resync (reconnect, login): ${seconds(resyncInApp)} (median of ${inApp.length}, in the running app)`);
    console.log(`Tidings no-change resync after a restart:    ${seconds(resync)} (the process up and serving after ${seconds(upAfter)})`);
    console.log('');
    console.log(`Ratios: all bodies + index / mbsync first run = ${(allBodies / mbsyncFirst).toFixed(2)}× (goal ≤ 0.7×)`);
    console.log(`        all bodies + index / raw floor        = ${(allBodies / floor).toFixed(2)}× (goal ≤ 2.5×)`);
    console.log(
      `        no-change resync / mbsync second run  = ${(resyncInApp / mbsyncSecond).toFixed(2)}× (goal ≤ 0.5×); after a restart ${(resync / mbsyncSecond).toFixed(2)}×`,
    );
    console.log(`        first 50 headers: ${seconds(first50)} (goal ≤ 1 s); peak RSS ${mb(peakRss)} (goal ≤ 250 MB)`);
  } finally {
    for (const app of started) await app.stop();
    await dovecot.stop();
  }
}

/** Waits until every selectable folder was checked after `since`. */
async function untilEveryFolderSynced(since: Date, startedAt: number): Promise<void> {
  for (;;) {
    const db = new DatabaseSync(join(work, 'tidings-data', 'tidings.sqlite'), { readOnly: true });
    const pending = (
      db
        .prepare('SELECT COUNT(*) AS n FROM folders WHERE selectable = 1 AND (synced_at IS NULL OR synced_at < ?)')
        .get(since.toISOString()) as { n: number }
    ).n;
    db.close();
    if (pending === 0) return;
    if (performance.now() - startedAt > 120_000) throw new Error('no-change resync did not finish within 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The parts of a process's resident memory (anonymous: heaps and SQLite's caches; file: mapped files; shared memory), from /proc. */
async function residentParts(pid: number): Promise<string> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return `anonymous ${(kb('RssAnon') / 1024).toFixed(0)} MB, file ${(kb('RssFile') / 1024).toFixed(0)} MB, shared ${(kb('RssShmem') / 1024).toFixed(0)} MB`;
  } catch {
    return '';
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** Log in, SELECT INBOX, and (when `fetch`) stream every message's body to nowhere: the most any client can do. */
function rawFetchAll(port: number, fetch: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: [spawnSync('cat', [join(caDir, 'ca.pem')]).stdout.toString()] });
    let tail = '';
    let bytes = 0;
    let step = 0;
    const steps = [
      `a LOGIN ${user.address} ${user.password}\r\n`,
      'b SELECT INBOX\r\n',
      ...(fetch ? ['c UID FETCH 1:* BODY.PEEK[]\r\n'] : []),
      'd LOGOUT\r\n',
    ];
    const tags = ['a', 'b', ...(fetch ? ['c'] : []), 'd'];
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // Only the end of the stream matters: look for the tagged answer of the current step.
      tail = (tail + chunk.toString('latin1')).slice(-512);
      if (step === 0 && tail.includes('* OK')) {
        socket.write(steps[step++] as string);
        tail = '';
        return;
      }
      const tag = tags[step - 1];
      if (tag && new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)`).test(tail)) {
        if (!new RegExp(`(^|\\r\\n)${tag} OK`).test(tail)) return reject(new Error(`raw fetch: ${tail}`));
        tail = '';
        if (step < steps.length) socket.write(steps[step++] as string);
        else {
          socket.end();
          resolve(bytes);
        }
      }
    });
    socket.on('error', reject);
  });
}
