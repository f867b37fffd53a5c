// The import side of bench/import.ts, in a process of its own (so that its
// peak RSS is the import's): a core on a fresh data dir with one POP3 account
// (an empty mailbox), which imports an mbox into its Inbox. Prints one JSON
// line: { ms, peakRss, job }.
//   node <core flags> --import tsx bench/import-core.ts DATA_DIR MBOX DRAFT_JSON
import { MemorySecretStore } from '../main/auth/keychain.ts';
import { startCore } from '../main/core/core.ts';
import type { Account } from '../shared/accounts.ts';
import type { Folder } from '../shared/mail.ts';
import type { ImportJob } from '../shared/transfer.ts';
import { rssOf } from './proc-stats.ts';

const [dataDir, mbox, draftJson] = process.argv.slice(2);
if (!dataDir || !mbox || !draftJson) throw new Error('usage: import-core.ts DATA_DIR MBOX DRAFT_JSON');
const core = await startCore({ dataDir, secrets: new MemorySecretStore(), connectOnStart: false });
try {
  const account = (await core.dispatch('accounts.add', JSON.parse(draftJson))) as Account;
  const inbox = ((await core.dispatch('folders.list', { accountId: account.id })) as Folder[]).find((f) => f.role === 'inbox') as Folder;
  const grant = core.services.transferFiles.grant(mbox);
  let peak = 0;
  const sampler = setInterval(() => {
    rssOf(process.pid).then((rss) => {
      peak = Math.max(peak, rss);
    });
  }, 100);
  const started = performance.now();
  const job = (await core.dispatch('import.start', { source: { grant }, folderId: inbox.id })) as ImportJob;
  await core.services.transfer.idle();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const done = (core.services.transfer.list() as ImportJob[]).find((j) => j.id === job.id);
  const hwm = await rssOf(process.pid, 'VmHWM');
  process.stdout.write(`${JSON.stringify({ ms, peakRss: Math.max(peak, hwm), sampledPeak: peak, job: done })}\n`);
} finally {
  await core.close();
}
