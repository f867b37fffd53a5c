import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { openDatabase } from '../../main/store/database';
import { migrations } from '../../main/store/migrations';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dbFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'tidings.sqlite');
}

describe('store', () => {
  it('creates the file, runs every migration once, and uses WAL with foreign keys', async () => {
    const file = await dbFile();
    const db = openDatabase(file);
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(migrations.length);
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((db.prepare('PRAGMA foreign_keys').get() as { foreign_keys: number }).foreign_keys).toBe(1);
    db.close();
    // Opening again applies nothing twice (a second CREATE TABLE would throw).
    const again = openDatabase(file);
    expect((again.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(migrations.length);
    again.close();
  });

  it('has FTS5', async () => {
    const db = openDatabase(await dbFile());
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body); INSERT INTO t VALUES ('Grüße aus Köln')");
    expect(db.prepare("SELECT body FROM t WHERE t MATCH 'köln'").all()).toHaveLength(1);
    db.close();
  });

  it('refuses a database written by a newer version instead of damaging it', async () => {
    const file = await dbFile();
    const db = openDatabase(file);
    db.exec(`PRAGMA user_version = ${migrations.length + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer Tidings/);
  });

  it('keeps accounts across reopen, in the order they were added', async () => {
    const file = await dbFile();
    const db = openDatabase(file);
    const repo = new AccountsRepo(db);
    const server = { host: 'h.example', port: 993, security: 'tls' as const, username: 'u' };
    repo.insert({
      id: 'b',
      name: 'B',
      email: 'b@x.test',
      incoming: { ...server, protocol: 'imap' },
      outgoing: server,
      options: { bodyDays: 30 },
      createdAt: '2026-01-02T00:00:00Z',
    });
    repo.insert({
      id: 'a',
      name: 'A',
      email: 'a@x.test',
      incoming: { ...server, protocol: 'pop3' },
      outgoing: server,
      options: { bodyDays: 30 },
      createdAt: '2026-01-01T00:00:00Z',
    });
    db.close();
    const reopened = new AccountsRepo(openDatabase(file));
    expect(reopened.list().map((a) => a.id)).toEqual(['b', 'a']);
    expect(reopened.get('a')?.incoming.protocol).toBe('pop3');
    expect(reopened.get('a')?.options).toEqual({ bodyDays: 30 });
    reopened.setOptions('a', { bodyDays: null });
    expect(reopened.get('a')?.options).toEqual({ bodyDays: null });
    expect(reopened.delete('a')).toBe(true);
    expect(reopened.get('a')).toBeUndefined();
  });
});
