// npm run bench:pop3 [-- --messages N]
//
// Download of one POP3 mailbox of N messages (default 5,000, of the varied
// test corpus) from a Dovecot on 127.0.0.1 over TLS (995), measured in one run for:
//   - Tidings (the real app: out/main/web.js, driven over its API), until every
//     message is stored, parsed and in the full-text index;
//   - getmail6 into a Maildir (first run: every message new; leave on server);
//   - a raw floor: python's poplib, RETR of every message, kept in memory only.
// Prints each figure and the ratios. Run through bench/run.sh (npm run bench:pop3).
import { spawnSync } from 'node:child_process';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { connectApi } from '../test/helpers/api-client.ts';
import { draftFor } from '../test/helpers/drafts.ts';
import { startWebApp } from '../test/helpers/web-app.ts';
import { MAIL_USER, startDovecot } from '../test/servers/dovecot.ts';
import type { TestServers } from '../test/servers/types.ts';
import { seedMaildir } from './seed-maildir.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '5000' } } });
const N = Number(values.messages);
const work = process.env.TIDINGS_BENCH_WORK as string;
const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
if (!work || !caDir) throw new Error('Run through bench/run.sh (npm run bench:pop3)');

const user = { address: 'alice@example.test', password: 'alice-pass' };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perMessage = (ms: number) => `${(ms / N).toFixed(2)} ms/message`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * getmail as installed, with one fix: getmail 6.18 forks a child per message
 * delivered and installs its SIGCHLD handler only after fork(), so a child
 * that exits first is never noticed and getmail gives up after a timeout
 * (getmail6 issue #226; it hits every few hundred messages on a busy machine).
 * Here the parent simply waits for its child. The work per message is unchanged.
 */
const GETMAIL_WITHOUT_FORK_RACE = `
import os, runpy, signal, sys
from getmailcore import baseclasses
def wait_for_child(self, childpid):
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        _, status = os.waitpid(childpid, 0)
    except ChildProcessError:
        status = self._ForkingBase__child_status
    if not os.WIFEXITED(status):
        raise baseclasses.getmailOperationError('child pid %d failed' % childpid)
    return os.WEXITSTATUS(status)
baseclasses.ForkingBase._wait_for_child = wait_for_child
sys.argv[0] = '/usr/bin/getmail'
runpy.run_path('/usr/bin/getmail', run_name='__main__')
`;

const dovecot = await startDovecot({ workDir: join(work, 'dovecot'), ssl: 'trusted', caDir });
try {
  const seeded = await seedMaildir(join(work, 'dovecot'), N);
  console.log(`Mailbox: ${N} messages, ${mb(seeded.totalBytes)} (seeded in ${seconds(seeded.ms)})`);
  // Dovecot indexes a new Maildir (and works out the UIDLs) on the first login; nobody pays for it below.
  poplibFloor();

  // ---- floor ----
  const floor = await timed(async () => poplibFloor());
  console.log(`Raw floor (python poplib, RETR each):   ${seconds(floor)}  ${perMessage(floor)}`);

  // ---- getmail6 ----
  const getmailDir = join(work, 'getmail');
  const maildir = join(work, 'getmail-maildir');
  // getmail refuses to deliver as root: it runs as the mail user, into a Maildir that user owns.
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(spawnSync('id', [flag, MAIL_USER]).stdout.toString().trim())) as [number, number];
  for (const sub of ['', 'cur', 'new', 'tmp']) {
    await mkdir(join(maildir, sub), { recursive: true });
    await chown(join(maildir, sub), uid, gid);
  }
  await mkdir(getmailDir, { recursive: true });
  await chown(getmailDir, uid, gid);
  await writeFile(
    join(getmailDir, 'getmailrc'),
    [
      '[retriever]',
      'type = SimplePOP3SSLRetriever',
      'server = 127.0.0.1',
      `port = ${dovecot.ports.pop3s}`,
      `username = ${user.address}`,
      `password = ${user.password}`,
      `ca_certs = ${join(caDir, 'ca.pem')}`,
      '',
      '[destination]',
      'type = Maildir',
      `path = ${maildir}/`,
      '',
      '[options]',
      'verbose = 0',
      'read_all = false', // a first run: every message is new
      'delete = false',
      'message_log_syslog = false',
      '',
    ].join('\n'),
  );
  const getmail = await timed(async () => {
    const result = spawnSync(
      'runuser',
      ['-u', MAIL_USER, '--', 'python3', '-c', GETMAIL_WITHOUT_FORK_RACE, '--getmaildir', getmailDir, '--rcfile', 'getmailrc'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    if (result.status !== 0) throw new Error(`getmail failed: ${result.stderr.toString()}`);
  });
  const got = spawnSync('sh', ['-c', `ls ${maildir}/new | wc -l`])
    .stdout.toString()
    .trim();
  if (Number(got) !== N) throw new Error(`getmail stored ${got} messages, not ${N}`);
  console.log(`getmail6 (into a Maildir):              ${seconds(getmail)}  ${perMessage(getmail)}`);

  // ---- Tidings ----
  const dataDir = join(work, 'tidings-data');
  const servers = {
    dovecot: { host: '127.0.0.1', ports: dovecot.ports },
    postfix: { host: '127.0.0.1', ports: { submissions: dovecot.ports.imaps, submission: dovecot.ports.imap } },
    users: { alice: user, bob: user, carol: user },
  } as unknown as TestServers;
  const dbFile = join(dataDir, 'tidings.sqlite');
  const stored = () => {
    try {
      const db = new DatabaseSync(dbFile, { readOnly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM messages WHERE body_state != 0').get() as { n: number }).n;
      } finally {
        db.close();
      }
    } catch {
      return 0;
    }
  };
  const app = await startWebApp(dataDir, process.env.TIDINGS_PROFILE ? { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/prof' } : {});
  const api = await connectApi(app.url);
  const start = performance.now();
  await api.call('accounts.add', draftFor(servers, { user, protocol: 'pop3' }));
  while (stored() < N) {
    if (performance.now() - start > 30 * 60_000) throw new Error('Tidings did not finish within 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const tidings = performance.now() - start;
  api.close();
  await app.stop();
  console.log(`Tidings (stored, parsed, indexed):      ${seconds(tidings)}  ${perMessage(tidings)}`);
  console.log('');
  console.log(`Ratios: Tidings / getmail6   = ${(tidings / getmail).toFixed(2)}× (goal ≤ 0.2×)`);
  console.log(`        Tidings / raw floor  = ${(tidings / floor).toFixed(2)}× (goal ≤ 2×)`);
} finally {
  await dovecot.stop();
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** Log in over TLS and RETR every message into memory: what any POP3 client must at least do. */
function poplibFloor(): void {
  const script = `
import poplib, ssl, sys
context = ssl.create_default_context(cafile=sys.argv[2])
pop = poplib.POP3_SSL('127.0.0.1', int(sys.argv[1]), context=context, timeout=60)
pop.user(sys.argv[3]); pop.pass_(sys.argv[4])
count, _ = pop.stat()
for i in range(1, count + 1):
    pop.retr(i)
pop.quit()
print(count)
`;
  const result = spawnSync('python3', ['-c', script, String(dovecot.ports.pop3s), join(caDir, 'ca.pem'), user.address, user.password]);
  if (result.status !== 0) throw new Error(`poplib floor failed: ${result.stderr.toString()}`);
  if (Number(result.stdout.toString().trim()) !== N) throw new Error(`poplib saw ${result.stdout} messages, not ${N}`);
}
