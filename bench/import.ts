// npm run bench:import [-- --messages N] [--no-sync] [--notmuch-messages M]
//
// Importing an mbox of N messages of the varied test corpus (default 20,000,
// about 700 MB), every message stored, parsed and indexed, measured in one run
// against:
//   - a first IMAP sync of the same messages from Dovecot on 127.0.0.1 (the
//     real app, out/main/web.js, as bench:sync runs it), bodies and index;
// The import runs in the same real app: the mbox is uploaded as the browser
// does (1 MB chunks over the WebSocket, timed apart), then imported into a
// POP3 account's Inbox, timed from import.start to the end.
//   - `notmuch insert` of the same messages, one process per message (how
//     notmuch takes mail in one at a time; it indexes as it stores).
// Prints MB/s for each and the import's peak RSS (goal ≤ 250 MB: the mbox is
// streamed, never read whole). Run through bench/run.sh (npm run bench:import).
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { readMbox } from '../main/import/mbox-reader.ts';
import { fromLine, quoteMboxrd } from '../main/import/mbox-writer.ts';
import type { ImportJob } from '../shared/transfer.ts';
import { iterateCorpus } from '../test/corpus/index.ts';
import { connectApi } from '../test/helpers/api-client.ts';
import { draftFor } from '../test/helpers/drafts.ts';
import { newMailUser } from '../test/helpers/mail-users.ts';
import { startWebApp } from '../test/helpers/web-app.ts';
import { startDovecot } from '../test/servers/dovecot.ts';
import type { TestServers } from '../test/servers/types.ts';
import { rssOf } from './proc-stats.ts';
import { seedMaildir } from './seed-maildir.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    'no-sync': { type: 'boolean', default: false },
    'notmuch-messages': { type: 'string' },
  },
});
const N = Number(values.messages);
const work = process.env.TIDINGS_BENCH_WORK as string;
const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
if (!work || !caDir) throw new Error('Run through bench/run.sh (npm run bench:import)');
const user = { address: 'alice@example.test', password: 'alice-pass' };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (bytes: number, ms: number) => `${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MB/s`;

console.log(
  `Load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const dovecot = await startDovecot({ workDir: join(work, 'dovecot'), ssl: 'trusted', caDir });
try {
  const servers = {
    workDir: work,
    dovecot: { host: '127.0.0.1', ports: dovecot.ports },
    postfix: { host: '127.0.0.1', ports: { submissions: dovecot.ports.imaps, submission: dovecot.ports.imap } },
    users: { alice: user, bob: user, carol: user },
  } as unknown as TestServers;

  // ---- the corpus: alice's Maildir (for the sync) and one mboxrd file (for the import and notmuch) ----
  const seeded = await seedMaildir(join(work, 'dovecot'), N);
  const mbox = join(work, 'corpus.mbox');
  const out = createWriteStream(mbox);
  for (const { raw } of iterateCorpus(N)) {
    for (const chunk of [Buffer.from(fromLine('bench@example.test', Date.UTC(2026, 0, 1))), ...quoteMboxrd(raw)]) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'close');
  const mboxBytes = (await stat(mbox)).size;
  console.log(`Corpus: ${N} messages, ${mb(seeded.totalBytes)} of mail; the mbox ${mb(mboxBytes)}`);

  // ---- Tidings: first IMAP sync of the same messages ----
  let syncMs = Number.NaN;
  let syncRss = 0;
  if (!values['no-sync']) {
    const dataDir = join(work, 'sync-data');
    const app = await startWebApp(dataDir);
    try {
      const api = await connectApi(app.url);
      const start = performance.now();
      await api.call('accounts.add', draftFor(servers, { user }));
      let reader: DatabaseSync | undefined;
      for (;;) {
        let bodies = 0;
        try {
          reader ??= new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
          bodies = (reader.prepare('SELECT COUNT(*) AS n FROM messages WHERE body_state != 0').get() as { n: number }).n;
        } catch {
          reader?.close();
          reader = undefined;
        }
        syncRss = Math.max(syncRss, await rssOf(app.child.pid as number));
        if (bodies >= N) break;
        if (performance.now() - start > 30 * 60_000) throw new Error('the sync did not finish within 30 minutes');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      syncMs = performance.now() - start;
      syncRss = Math.max(syncRss, await rssOf(app.child.pid as number, 'VmHWM'));
      reader?.close();
      api.close();
    } finally {
      await app.stop();
    }
    console.log(
      `Tidings first IMAP sync, bodies + index:   ${seconds(syncMs)}, ${rate(seeded.totalBytes, syncMs)}, peak RSS ${mb(syncRss)}`,
    );
  }

  // ---- Tidings: import of the mbox, in the real app (out/main/web.js, the browser transport's path) ----
  // The file goes up as the browser sends it (1 MB chunks over the WebSocket), then import.start: the
  // import is timed from import.start to its end; the upload is timed apart. Peak RSS over both.
  const importUser = await newMailUser(servers, 'importer');
  const importApp = await startWebApp(join(work, 'import-data'));
  let result: { ms: number; uploadMs: number; peakRss: number; job: ImportJob };
  try {
    const api = await connectApi(importApp.url);
    const pid = importApp.child.pid as number;
    const account = await api.call<{ id: string }>('accounts.add', draftFor(servers, { user: importUser, protocol: 'pop3' }));
    const inbox = (await api.call<{ id: number; role: string | null }[]>('folders.list', { accountId: account.id })).find(
      (f) => f.role === 'inbox',
    );
    let peak = 0;
    const sample = async () => {
      peak = Math.max(peak, await rssOf(pid));
    };
    const uploadStart = performance.now();
    const { uploadId, chunkBytes } = await api.call<{ uploadId: string; chunkBytes: number }>('import.uploadBegin', {
      files: [{ path: 'corpus.mbox', size: mboxBytes }],
    });
    const handle = await open(mbox, 'r');
    try {
      const chunk = Buffer.alloc(chunkBytes);
      for (let offset = 0; offset < mboxBytes; offset += chunkBytes) {
        const { bytesRead } = await handle.read(chunk, 0, chunkBytes, offset);
        await api.call('import.uploadChunk', { uploadId, file: 0, offset, data: chunk.subarray(0, bytesRead).toString('base64') });
        if ((offset / chunkBytes) % 20 === 0) await sample();
      }
    } finally {
      await handle.close();
    }
    const uploadMs = performance.now() - uploadStart;
    const started = performance.now();
    const job = await api.call<ImportJob>('import.start', { source: { uploadId }, folderId: inbox?.id });
    let done: ImportJob | undefined;
    for (;;) {
      await sample();
      done = (await api.call<ImportJob[]>('import.list', {})).find((j) => j.id === job.id);
      if (done && done.state !== 'running') break;
      if (performance.now() - started > 30 * 60_000) throw new Error('the import did not finish within 30 minutes');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const ms = performance.now() - started;
    result = { ms, uploadMs, peakRss: Math.max(peak, await rssOf(pid, 'VmHWM')), job: done as ImportJob };
    api.close();
  } finally {
    await importApp.stop();
  }
  if (result.job.state !== 'done' || result.job.progress.imported + result.job.progress.duplicates !== N) {
    throw new Error(`the import did not take every message: ${JSON.stringify(result.job)}`);
  }
  console.log(`Upload of the mbox (1 MB chunks, base64):  ${seconds(result.uploadMs)}, ${rate(mboxBytes, result.uploadMs)}`);
  console.log(
    `Tidings import of the mbox:                ${seconds(result.ms)}, ${rate(mboxBytes, result.ms)}, peak RSS ${mb(result.peakRss)} (${result.job.progress.imported} stored, ${result.job.progress.duplicates} duplicates)`,
  );

  // ---- notmuch insert of the same messages ----
  const M = Math.min(N, Number(values['notmuch-messages'] ?? N));
  const notmuchDir = join(work, 'notmuch');
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(notmuchDir, sub), { recursive: true });
  const config = join(work, 'notmuch-config');
  await writeFile(config, `[database]\npath=${notmuchDir}\n[new]\ntags=unread;inbox\n[maildir]\nsynchronize_flags=true\n`);
  const env = { ...process.env, NOTMUCH_CONFIG: config };
  if (spawnSync('notmuch', ['new', '--quiet'], { env }).status !== 0) throw new Error('notmuch new failed');
  let notmuchBytes = 0;
  let inserted = 0;
  const notmuchStart = performance.now();
  for await (const message of readMbox(mbox, 'mboxrd')) {
    if (inserted >= M) break;
    const run = spawnSync('notmuch', ['insert'], { env, input: message.raw });
    if (run.status !== 0) throw new Error(`notmuch insert failed: ${run.stderr.toString()}`);
    notmuchBytes += message.end - message.start;
    inserted++;
  }
  const notmuchMs = performance.now() - notmuchStart;
  console.log(`notmuch insert (${inserted} messages):       ${seconds(notmuchMs)}, ${rate(notmuchBytes, notmuchMs)}`);

  console.log('');
  if (!Number.isNaN(syncMs)) {
    console.log(
      `Ratios: import MB/s / first sync MB/s  = ${(mboxBytes / result.ms / (seeded.totalBytes / syncMs)).toFixed(2)}× (goal ≥ 1×)`,
    );
  }
  console.log(`        import MB/s / notmuch insert MB/s = ${(mboxBytes / result.ms / (notmuchBytes / notmuchMs)).toFixed(2)}×`);
  console.log(`        import peak RSS ${mb(result.peakRss)} (goal ≤ 250 MB)`);
  console.log(
    `Load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await dovecot.stop();
}
