import { createInterface } from 'node:readline';
import { toErrorShape } from '../../main/api/dispatcher';
import { MemorySecretStore } from '../../main/auth/keychain';
import { startCore } from '../../main/core/core';

// A core in a process of its own, for tests that kill it (kill -9) and start
// it again on the same data dir. Calls arrive as JSON lines on stdin
// ({id, method, args}); answers and events leave as JSON lines on stdout.
// Secrets come from TIDINGS_TEST_SECRETS (JSON): the keychain has tests of
// its own, these are about the store and the outbox.
//
//   node --import tsx test/helpers/core-child.ts DATA_DIR

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: core-child.ts DATA_DIR');
const secrets = new MemorySecretStore();
for (const [key, value] of Object.entries(JSON.parse(process.env.TIDINGS_TEST_SECRETS ?? '{}') as Record<string, string>)) {
  await secrets.set(key, value);
}
const core = await startCore({
  dataDir,
  secrets,
  syncOptions: { pollMs: 500 },
  outboxRetry: { firstMs: 200, maxMs: 1_000 },
});
const write = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
core.events.subscribe((event, payload) => write({ event, payload }));
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, method, args } = JSON.parse(line) as { id: number; method: string; args: unknown };
  core.dispatch(method, args).then(
    (result) => write({ id, ok: true, result }),
    (error: unknown) => write({ id, ok: false, error: toErrorShape(error) }),
  );
});
write({ ready: true });
