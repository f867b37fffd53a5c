import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../main/core/data-dir';

describe('data dir', () => {
  it("is the OS's app-data folder for Tidings (Electron's userData)", () => {
    expect(defaultDataDir('linux', {})).toBe(join(homedir(), '.config', 'Tidings'));
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/Tidings');
    expect(defaultDataDir('darwin', {})).toBe(join(homedir(), 'Library', 'Application Support', 'Tidings'));
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' })).toBe(join('C:\\Users\\a\\AppData\\Roaming', 'Tidings'));
  });

  it('prefers --data-dir, then TIDINGS_DATA_DIR', () => {
    expect(resolveDataDir('rel/dir', { TIDINGS_DATA_DIR: '/env' })).toBe(resolve('rel/dir'));
    expect(resolveDataDir(undefined, { TIDINGS_DATA_DIR: '/env' })).toBe('/env');
  });
});
