import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceFiles } from '../../main/store/source-files';
import { connectApi } from '../helpers/api-client';
import { runWebEntry, startWebApp } from '../helpers/web-app';

// The data dir holds a person's whole mail: it is theirs alone. The dir and
// every folder in it are 0700, every file 0600, wherever the dir comes from
// (--data-dir, TIDINGS_DATA_DIR) and whatever the umask; a dir that already
// exists with looser modes is tightened at start.

let parent = '';
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'tidings-modes-'));
});
afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

/** Every entry under `dir` (itself included) whose permission bits are not 0700 for a folder or 0600 for a file. */
async function looseEntries(dir: string): Promise<string[]> {
  const loose: string[] = [];
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path);
    const mode = info.mode & 0o777;
    if (info.isDirectory()) {
      if (mode !== 0o700) loose.push(`${path} ${mode.toString(8)}`);
      for (const entry of await readdir(path)) await visit(join(path, entry));
    } else if (mode !== 0o600) loose.push(`${path} ${mode.toString(8)}`);
  };
  await visit(dir);
  return loose;
}

describe('the data dir', () => {
  it('is made 0700 with 0600 files when --data-dir names a new one', async () => {
    const dataDir = join(parent, 'fresh', 'nested');
    const app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
    try {
      // Something written through the API: the store, its WAL, the log.
      const api = await connectApi(app.url);
      await api.call('settings.get', {});
      api.close();
      const names = await readdir(dataDir);
      expect(names).toEqual(expect.arrayContaining(['tidings.sqlite', 'logs']));
      expect(await looseEntries(dataDir)).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('tightens one that exists with loose modes (TIDINGS_DATA_DIR), files and folders inside included', async () => {
    const dataDir = join(parent, 'loose');
    await mkdir(join(dataDir, 'sources', 'ab'), { recursive: true, mode: 0o755 });
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'sources'), 0o755);
    await chmod(join(dataDir, 'sources', 'ab'), 0o755);
    await writeFile(join(dataDir, 'sources', 'ab', '0123456789abcdef.pack'), 'From: a\r\n\r\nhello\r\n', { mode: 0o644 });
    await writeFile(join(dataDir, 'notes.txt'), 'left here by an older version', { mode: 0o666 });
    await chmod(join(dataDir, 'notes.txt'), 0o666);
    expect((await looseEntries(dataDir)).length).toBe(5);

    // No --data-dir: the dir comes from the environment.
    const app = await runWebEntry(['--no-open', '--port', '0'], { TIDINGS_DATA_DIR: dataDir, TIDINGS_KEYCHAIN: 'memory' });
    try {
      expect(await readdir(dataDir)).toContain('tidings.sqlite');
      expect(await looseEntries(dataDir)).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('writes message files 0600 in folders 0700', async () => {
    const dir = join(parent, 'sources-only');
    const files = new SourceFiles(dir);
    files.writePackSync([Buffer.from('one')]);
    await files.writePack([Buffer.from('two'), Buffer.from('three')]);
    expect(await looseEntries(dir)).toEqual([]);
  });
});
