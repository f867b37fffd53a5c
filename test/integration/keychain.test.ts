import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AsyncEntry } from '@napi-rs/keyring';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KEYCHAIN_SERVICE, openSecretStore, passwordKey, type SecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import { tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// Against a real Secret Service: gnome-keyring in the private D-Bus session
// that test/run.sh starts.

const servers = inject('servers') as TestServers;
const execFileAsync = promisify(execFile);
let keychain: SecretStore;

beforeAll(async () => {
  keychain = await openSecretStore();
});

/**
 * Every file under dir, recursively, as bytes, read by another process: the
 * core runs in this one, and closing a file descriptor of the open database
 * (or its -shm) here would drop this process's POSIX locks on it, SQLite's
 * included. A connection opened after that finds the WAL index unused and
 * resets it, and the others stop seeing what is only in the WAL ("no such
 * table: accounts").
 */
async function allFiles(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(path)));
    else out.push({ path, bytes: (await execFileAsync('cat', [path], { encoding: 'buffer', maxBuffer: 1 << 30 })).stdout });
  }
  return out;
}

describe('OS keychain (Secret Service)', () => {
  it('is found', () => {
    expect(keychain.kind).toBe('keychain');
  });

  it('sets, reads and deletes a secret', async () => {
    const key = `test:${Date.now()}`;
    expect(await keychain.get(key)).toBeNull();
    await keychain.set(key, 'pässwörd ✓');
    expect(await keychain.get(key)).toBe('pässwörd ✓');
    // Another client of the same keyring sees it under our service name.
    expect(await new AsyncEntry(KEYCHAIN_SERVICE, key).getPassword()).toBe('pässwörd ✓');
    expect(await keychain.delete(key)).toBe(true);
    expect(await keychain.get(key)).toBeNull();
    expect(await keychain.delete(key)).toBe(false);
  });
});

describe('saving an account', () => {
  let core: Awaited<ReturnType<typeof tempCore>>;
  beforeAll(async () => {
    core = await tempCore(keychain);
  });
  afterAll(async () => core.dispose());

  it('puts the password in the keychain and in no file under the data dir; removing deletes it', async () => {
    const draft = { ...draftFor(servers), password: `unique-secret-${Date.now()}` };
    const account = (await core.dispatch('accounts.add', draft)) as Account;
    expect(account.secretStorage).toBe('keychain');
    expect(JSON.stringify(account)).not.toContain(draft.password);
    expect(await keychain.get(passwordKey(account.id))).toBe(draft.password);

    // Make SQLite write everything it holds, WAL included, then search every byte.
    const listed = (await core.dispatch('accounts.list', {})) as Account[];
    expect(listed.map((a) => a.id)).toContain(account.id);
    const needles = [
      draft.password,
      Buffer.from(draft.password).toString('base64'),
      Buffer.from(draft.password, 'utf16le').toString('latin1'),
    ];
    const files = await allFiles(core.dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = file.bytes.toString('latin1');
      for (const needle of needles) expect(text.includes(needle), `${file.path} contains the password`).toBe(false);
    }

    await core.dispatch('accounts.remove', { id: account.id });
    expect(await keychain.get(passwordKey(account.id))).toBeNull();
    expect(await core.dispatch('accounts.list', {})).toEqual([]);
  });
});

describe('without a Secret Service', () => {
  it('keeps passwords in memory and says so', async () => {
    // The keychain library keeps its D-Bus connection for the life of the
    // process, so this runs the real app in a process of its own whose
    // session bus leads nowhere.
    const dataDir = await mkdtemp(join(tmpdir(), 'tidings-nokeychain-'));
    const app = await startWebApp(dataDir, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tidings-test-bus' });
    try {
      await expect.poll(() => app.output()).toMatch(/no system keychain: passwords kept in memory until Tidings quits/);
    } finally {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
