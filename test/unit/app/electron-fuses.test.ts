import { FuseV1Options } from '@electron/fuses';
import { PlatformPackager } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

// Electron's fuses are flipped in the packaged binary (electron-builder.yml,
// `electronFuses`). Without them any local program could run the signed app as
// plain Node (ELECTRON_RUN_AS_NODE=1 Tidings -e …), or with NODE_OPTIONS or
// --inspect, and read the keychain items the app is trusted for. The config is
// read and checked by electron-builder's own code, as packaging reads it.

const root = new URL('../../../', import.meta.url).pathname;

async function packagingConfig() {
  const config = await getConfig(root, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('Electron fuses (electron-builder.yml)', () => {
  it('turns off running as Node, NODE_OPTIONS, --inspect and file:// privileges; loads only a validated app.asar', async () => {
    const fuses = (await packagingConfig()).electronFuses;
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('reach the binary: electron-builder turns each into the fuse it flips', async () => {
    const fuses = (await packagingConfig()).electronFuses;
    if (!fuses) throw new Error('no electronFuses');
    const wire = await (
      PlatformPackager.prototype as unknown as { generateFuseConfig(f: typeof fuses): Promise<Record<number, boolean>> }
    ).generateFuseConfig(fuses);
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('packs the app into app.asar, which onlyLoadAppFromAsar needs', async () => {
    expect((await packagingConfig()).asar).not.toBe(false);
  });
});
