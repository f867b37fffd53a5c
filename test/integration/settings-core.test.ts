import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import { type Core, startCore } from '../../main/core/core';
import { seedDataDir } from '../../scripts/seed/seed-data-dir';
import type { ComposeSettings } from '../../shared/compose';
import type { Events } from '../../shared/contract';
import type { Folder, MessageDetail, MessagePage } from '../../shared/mail';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

// The global settings through the core's API on a seeded data dir (no server
// is reached: connectOnStart false): settings.set is validated, announced as
// settings.changed, kept across a restart, and the two the core applies
// itself take effect: the undo-send delay for accounts that chose none, and
// remote content loaded in every message.

let dataDir: string;
let core: Core;
const secrets = new MemorySecretStore();
const start = () => startCore({ dataDir, secrets, connectOnStart: false });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-settings-core-'));
  await seedDataDir(dataDir, { messages: 40 });
  core = await start();
});

afterAll(async () => {
  await core?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function firstInboxMessage(): Promise<number> {
  const folders = (await core.dispatch('folders.list', { accountId: 'seed-work' })) as Folder[];
  const inbox = folders.find((f) => f.role === 'inbox');
  if (!inbox) throw new Error('the seeded account has no Inbox');
  const page = (await core.dispatch('messages.page', { folderId: inbox.id, offset: 0, limit: 1 })) as MessagePage;
  const first = page.items[0];
  if (!first) throw new Error('the seeded Inbox is empty');
  return first.id;
}

describe('global settings in the core', () => {
  it('are the defaults at first; a change is announced, refused when invalid, and kept across a restart', async () => {
    expect(await core.dispatch('settings.get', {})).toEqual(DEFAULT_SETTINGS);
    const heard: Settings[] = [];
    const off = core.events.subscribe((event, payload) => {
      if (event === 'settings.changed') heard.push(payload as Events['settings.changed']);
    });
    const changed = await core.dispatch('settings.set', { change: { theme: 'dark', readingPane: 'off' } });
    off();
    expect(changed).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', readingPane: 'off' });
    expect(heard).toEqual([changed]);
    await expect(core.dispatch('settings.set', { change: { theme: 'sepia' } })).rejects.toMatchObject({ code: 'invalid_argument' });

    await core.close();
    core = await start();
    expect(await core.dispatch('settings.get', {})).toEqual(changed);
  });

  it('gives accounts without their own undo delay the global one', async () => {
    const undo = async () => ((await core.dispatch('compose.settings', { accountId: 'seed-work' })) as ComposeSettings).undoSeconds;
    expect(await undo()).toBe(DEFAULT_SETTINGS.undoSeconds);
    await core.dispatch('settings.set', { change: { undoSeconds: 20 } });
    expect(await undo()).toBe(20);
    // The account's own choice wins.
    await core.dispatch('compose.setSettings', { accountId: 'seed-work', settings: { undoSeconds: 10 } });
    expect(await undo()).toBe(10);
  });

  it('loads remote content in every message only when the switch is on', async () => {
    const id = await firstInboxMessage();
    const allowed = async () => ((await core.dispatch('messages.get', { id })) as MessageDetail).remoteContentAllowed;
    expect(await allowed()).toBe(false);
    await core.dispatch('settings.set', { change: { remoteContent: true } });
    expect(await allowed()).toBe(true);
    await core.dispatch('settings.set', { change: { remoteContent: false } });
    expect(await allowed()).toBe(false);
  });
});
