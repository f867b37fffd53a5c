import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { migrations } from './migrations';

// The one SQLite connection of the core. node:sqlite is built into Node 24 and
// into Electron's Node: no native module to rebuild or download (see
// ARCHITECTURE.md). Everything else in main/ goes through the repositories in
// this folder, never through SQL of its own.

export type Database = DatabaseSync;

export function openDatabase(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // WAL: readers never wait on the writer, and a crash leaves the last
  // committed transaction intact. synchronous=NORMAL is durable in WAL mode
  // except for the last transactions on power loss, never corrupting.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  // Checkpoint the WAL in larger steps: raw messages make it grow fast during
  // sync, and many small checkpoints cost more than a few large ones.
  db.exec('PRAGMA wal_autocheckpoint = 8192');
  // 16 MB of page cache (default 2 MB): the FTS index and message tables are written in large batches.
  db.exec('PRAGMA cache_size = -16384');
  assertFts5(db);
  migrate(db);
  return db;
}

/** Full-text search is part of the design; fail loudly if this SQLite lacks it. */
function assertFts5(db: Database): void {
  const row = db.prepare("SELECT sqlite_compileoption_used('ENABLE_FTS5') AS fts5").get() as { fts5: number };
  if (row.fts5 !== 1) throw new Error('This SQLite build has no FTS5; Tidings needs it for search.');
}

/** Apply every migration newer than the database, each in its own transaction. */
export function migrate(db: Database): void {
  const current = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (current > migrations.length) {
    throw new Error(
      `This data was written by a newer Tidings (schema ${current}, this version knows ${migrations.length}). Update Tidings to open it.`,
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    const sql = migrations[version - 1];
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(sql as string);
      db.exec(`PRAGMA user_version = ${version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

/**
 * Run `work` in one transaction: all of it lands, or none of it. Inside
 * another transaction it runs in a savepoint of that one: a failure undoes
 * only its own writes (and is thrown on), and what it wrote lands with the
 * outer transaction. So a repository method that owns its transaction can
 * also be one step of a larger one.
 */
export function transaction<T>(db: Database, work: () => T): T {
  if (db.isTransaction) return savepoint(db, work);
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // SQLite may have rolled the transaction back itself (a full disk, out of
    // memory, a failed COMMIT): a ROLLBACK then fails with "no transaction is
    // active" and would hide the error that says what went wrong.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function savepoint<T>(db: Database, work: () => T): T {
  // One name for every level: ROLLBACK TO and RELEASE act on the innermost savepoint of that name.
  db.exec('SAVEPOINT nested');
  try {
    const result = work();
    db.exec('RELEASE nested');
    return result;
  } catch (error) {
    // As in transaction: the whole transaction may be gone already, savepoint included.
    if (db.isTransaction) {
      db.exec('ROLLBACK TO nested');
      db.exec('RELEASE nested');
    }
    throw error;
  }
}

const statementCache = new WeakMap<Database, Map<string, StatementSync>>();

/**
 * A prepared statement for this SQL, compiled once per connection and reused:
 * compiling is most of the cost of a small statement, and sync runs the same
 * few statements tens of thousands of times.
 */
export function sql(db: Database, text: string): StatementSync {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}
