import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore, type SecretStore } from '../../main/auth/keychain';
import { type Core, type CoreOptions, startCore } from '../../main/core/core';

export type TempCore = Core & { dataDir: string; dispose(): Promise<void> };

/** A real core on a throwaway data dir. Call `dispose` in afterEach/afterAll. */
export async function tempCore(secrets: SecretStore = new MemorySecretStore(), options: Partial<CoreOptions> = {}): Promise<TempCore> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tidings-core-')));
  const core = await startCore({ connectOnStart: false, ...options, dataDir, secrets });
  return {
    ...core,
    dataDir,
    async dispose() {
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
