import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore, type SecretStore } from '../../main/auth/keychain';
import { type Core, startCore } from '../../main/core/core';

/** A real core on a throwaway data dir. Call `dispose` in afterEach/afterAll. */
export async function tempCore(
  secrets: SecretStore = new MemorySecretStore(),
): Promise<Core & { dataDir: string; dispose(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tidings-core-'));
  const core = await startCore({ dataDir, secrets, verifyOnStart: false });
  return {
    ...core,
    dataDir,
    async dispose() {
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
