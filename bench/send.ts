// npm run bench:send [-- --latency N --queue N]
//
// Sending through a Postfix on 127.0.0.1 (465, implicit TLS, AUTH PLAIN)
// that delivers into Dovecot, measured in one run for:
//   - Tidings (its core, in this process, driven through the API it offers
//     the UI): the latency from Send (outbox.send, no undo delay) to the
//     server's 250 (the outbox.sent event, which follows the 250 and the
//     recording of the Sent copy), p50/p95 over N sends one after another;
//     and the outbox draining Q messages queued while the server was
//     unreachable, from the moment it is back (messages per second);
//   - swaks (one process per message, as a script would send them), the same
//     message to the same server: per-message latency and Q messages in a row.
// Prints each figure and the ratios. Run through bench/run.sh (npm run bench:send).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemorySecretStore } from '../main/auth/keychain.ts';
import { buildMessage } from '../main/compose/build-message.ts';
import { startCore } from '../main/core/core.ts';
import type { Account } from '../shared/accounts.ts';
import type { Draft } from '../shared/compose.ts';
import type { Folder } from '../shared/mail.ts';
import { draftFor } from '../test/helpers/drafts.ts';
import { startNetworkSwitch } from '../test/helpers/network-switch.ts';
import { fieldsOf, upload } from '../test/helpers/send.ts';
import { startDovecot, USERS } from '../test/servers/dovecot.ts';
import { startPostfix } from '../test/servers/postfix.ts';
import type { TestServers } from '../test/servers/types.ts';

const { values } = parseArgs({ options: { latency: { type: 'string', default: '50' }, queue: { type: 'string', default: '500' } } });
const LATENCY_SENDS = Number(values.latency);
const QUEUED = Number(values.queue);
const work = process.env.TIDINGS_BENCH_WORK as string;
const caDir = process.env.TIDINGS_TEST_CA_DIR as string;
if (!work || !caDir) throw new Error('Run through bench/run.sh (npm run bench:send)');

const alice = USERS.alice;
const bob = USERS.bob;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

// The message: a short text and a 50 KB attachment, the same for both senders.
const TEXT = 'Hello Bob,\n\nthe figures are attached.\n\n'.concat('Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(30));
const ATTACHMENT = randomBytes(50_000);

const dovecot = await startDovecot({ workDir: join(work, 'dovecot'), ssl: 'trusted', caDir });
const postfix = await startPostfix({ workDir: join(work, 'postfix'), caDir, dovecot }).catch(async (error) => {
  await dovecot.stop();
  throw error;
});
const servers = {
  dovecot: { host: dovecot.host, ports: dovecot.ports },
  postfix: { host: postfix.host, ports: postfix.ports },
  users: USERS,
} as unknown as TestServers;
const relay = await startNetworkSwitch(postfix.ports.submissions);
const core = await startCore({ dataDir: join(work, 'tidings'), secrets: new MemorySecretStore(), syncOptions: { pollMs: 60_000 } });
try {
  const draft = draftFor(servers, { user: 'alice' });
  draft.outgoing = { ...draft.outgoing, port: relay.port };
  const account = (await core.dispatch('accounts.add', draft)) as Account;
  const waitUntil = async (done: () => boolean | Promise<boolean>, what: string) => {
    const deadline = Date.now() + 600_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  await waitUntil(
    async () => ((await core.dispatch('folders.list', { accountId: account.id })) as Folder[]).some((f) => f.role === 'sent'),
    'the folder list',
  );
  const attachment = await upload(core.dispatch, 'figures.bin', 'application/octet-stream', ATTACHMENT);
  const start = (await core.dispatch('compose.start', { mode: 'new', accountId: account.id })) as Draft;
  const saveDraft = async (i: number) =>
    (
      (await core.dispatch('drafts.save', {
        draft: fieldsOf(start, {
          to: [{ name: 'Bob', address: bob.address }],
          subject: `Bench ${i}`,
          body: { format: 'plain', text: TEXT },
          attachments: [{ id: attachment.id }],
        }),
      })) as { id: string }
    ).id;
  const sentAt = new Map<string, number>();
  core.events.subscribe((event, payload) => {
    if (event === 'outbox.sent') sentAt.set((payload as { draftId: string }).draftId, performance.now());
  });
  // ---- Tidings: Send -> 250, one at a time ----
  await core.dispatch('outbox.send', { draftId: await saveDraft(-1), undoSeconds: 0 }); // warm-up (first TLS, first parse)
  await waitUntil(() => sentAt.size === 1, 'the warm-up message');
  const tidingsLatency: number[] = [];
  for (let i = 0; i < LATENCY_SENDS; i++) {
    const draftId = await saveDraft(i);
    const t0 = performance.now();
    await core.dispatch('outbox.send', { draftId, undoSeconds: 0 });
    await waitUntil(() => sentAt.has(draftId), `message ${i}`);
    tidingsLatency.push((sentAt.get(draftId) as number) - t0);
  }

  // ---- swaks: the same message, one process per message ----
  const raw = await buildMessage({
    from: { name: 'Test User', address: alice.address },
    replyTo: null,
    to: [{ name: 'Bob', address: bob.address }],
    cc: [],
    bcc: [],
    subject: 'Bench swaks',
    body: { format: 'plain', text: TEXT },
    attachments: [
      { filename: 'figures.bin', contentType: 'application/octet-stream', content: ATTACHMENT, inline: false, contentId: null },
    ],
    inReplyTo: null,
    references: [],
    messageId: `<swaks-bench@example.test>`,
    date: new Date(),
  });
  const dataFile = join(work, 'message.eml');
  await writeFile(dataFile, raw);
  const swaks = () => {
    const t0 = performance.now();
    const result = spawnSync(
      'swaks',
      [
        ...['--silent', '2', '--server', '127.0.0.1', '--port', String(postfix.ports.submissions), '--tls-on-connect'],
        ...['--tls-verify', '--tls-ca-path', join(caDir, 'ca.pem')],
        ...['--auth', 'PLAIN', '--auth-user', alice.address, '--auth-password', alice.password],
        ...['--from', alice.address, '--to', bob.address, '--data', `@${dataFile}`],
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`swaks failed (${result.status}): ${result.stderr}${result.stdout}`);
    return performance.now() - t0;
  };
  swaks(); // warm-up
  const swaksLatency = Array.from({ length: LATENCY_SENDS }, swaks);

  // ---- Tidings: Q messages queued while the server is unreachable, then it returns ----
  await relay.cut();
  const queuedIds: string[] = [];
  for (let i = 0; i < QUEUED; i++) {
    const draftId = await saveDraft(1000 + i);
    await core.dispatch('outbox.send', { draftId, undoSeconds: 0 });
    queuedIds.push(draftId);
  }
  const outboxSize = async () => ((await core.dispatch('outbox.list', {})) as unknown[]).length;
  if ((await outboxSize()) !== QUEUED) throw new Error('the queued messages are not all waiting');
  await relay.restore();
  const drainStart = performance.now();
  // What happens when the account's connection comes back (account.status: connected).
  core.services.compose.outbox.accountOnline(account.id);
  await waitUntil(() => queuedIds.every((id) => sentAt.has(id)), 'the outbox to drain');
  const drainMs = Math.max(...queuedIds.map((id) => sentAt.get(id) as number)) - drainStart;

  // ---- swaks: Q messages in a row ----
  const swaksStart = performance.now();
  for (let i = 0; i < QUEUED; i++) swaks();
  const swaksMs = performance.now() - swaksStart;

  const sortedT = [...tidingsLatency].sort((a, b) => a - b);
  const sortedS = [...swaksLatency].sort((a, b) => a - b);
  const tidingsRate = QUEUED / (drainMs / 1000);
  const swaksRate = QUEUED / (swaksMs / 1000);
  console.log(
    `Message: ${raw.length} bytes (text + 50 KB attachment), Postfix 465 (TLS, AUTH PLAIN) on 127.0.0.1, delivering into Dovecot`,
  );
  console.log(`Send -> 250, ${LATENCY_SENDS} sends one after another:`);
  console.log(`  Tidings  p50 ${ms(percentile(sortedT, 50))}  p95 ${ms(percentile(sortedT, 95))}`);
  console.log(`  swaks    p50 ${ms(percentile(sortedS, 50))}  p95 ${ms(percentile(sortedS, 95))}  (process start included)`);
  console.log(
    `  ratio Tidings/swaks: p50 ${(percentile(sortedT, 50) / percentile(sortedS, 50)).toFixed(2)}  p95 ${(percentile(sortedT, 95) / percentile(sortedS, 95)).toFixed(2)}`,
  );
  console.log(`${QUEUED} messages:`);
  console.log(`  Tidings outbox draining after the server returns: ${(drainMs / 1000).toFixed(2)} s, ${tidingsRate.toFixed(1)} msg/s`);
  console.log(`  swaks, one after another:                         ${(swaksMs / 1000).toFixed(2)} s, ${swaksRate.toFixed(1)} msg/s`);
  console.log(`  ratio Tidings/swaks (throughput): ${(tidingsRate / swaksRate).toFixed(2)}`);
} finally {
  await core.close();
  await relay.close();
  await postfix.stop();
  await dovecot.stop();
}
