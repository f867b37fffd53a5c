import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, sql } from '../../main/store/database';
import { SettingsRepo } from '../../main/store/settings-repo';
import { methodSchemas } from '../../shared/contract';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dbFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-settings-'));
  dirs.push(dir);
  return join(dir, 'tidings.db');
}

describe('SettingsRepo', () => {
  it('reads the defaults before anything is set', async () => {
    const db = openDatabase(await dbFile());
    expect(new SettingsRepo(db).get()).toEqual(DEFAULT_SETTINGS);
    db.close();
  });

  it('keeps what is set across a reopen, and only the keys given change', async () => {
    const file = await dbFile();
    const db = openDatabase(file);
    const repo = new SettingsRepo(db);
    repo.set({ theme: 'dark', readingPane: 'bottom' });
    const after = repo.set({ density: 'compact', undoSeconds: 10 });
    expect(after).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', readingPane: 'bottom', density: 'compact', undoSeconds: 10 });
    db.close();
    const again = openDatabase(file);
    expect(new SettingsRepo(again).get()).toEqual(after);
    again.close();
  });

  it('reads a stored value that no longer passes as its default, keeping the others', async () => {
    const db = openDatabase(await dbFile());
    const repo = new SettingsRepo(db);
    repo.set({ theme: 'light', notifications: false });
    sql(db, "UPDATE settings SET value_json = '\"sepia\"' WHERE key = 'theme'").run();
    sql(db, "INSERT INTO settings (key, value_json) VALUES ('fromANewerVersion', '1'), ('density', 'not json')").run();
    expect(repo.get()).toEqual({ ...DEFAULT_SETTINGS, notifications: false });
    db.close();
  });
});

describe('settings.set arguments', () => {
  const schema = methodSchemas['settings.set'];
  it('accepts any subset of known keys with valid values', () => {
    expect(schema.safeParse({ change: { theme: 'dark' } }).success).toBe(true);
    expect(schema.safeParse({ change: { undoSeconds: 0, remoteContent: true, notificationSound: true } }).success).toBe(true);
  });
  it('refuses unknown keys, wrong values and undo delays out of range', () => {
    expect(schema.safeParse({ change: { theme: 'sepia' } }).success).toBe(false);
    expect(schema.safeParse({ change: { colour: 'red' } }).success).toBe(false);
    expect(schema.safeParse({ change: { undoSeconds: 61 } }).success).toBe(false);
    expect(schema.safeParse({ change: { undoSeconds: 2.5 } }).success).toBe(false);
    expect(schema.safeParse({ change: { readingPane: 'left' } }).success).toBe(false);
    expect(schema.safeParse({ change: {}, extra: 1 }).success).toBe(false);
  });
});
