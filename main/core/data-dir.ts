import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

// Where Tidings keeps its data: --data-dir, else TIDINGS_DATA_DIR, else the
// OS's per-user application-data folder for "Tidings" (the folder Electron
// calls userData, so the desktop app and `npm run web` share one store).

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Tidings');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Tidings');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Tidings');
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.TIDINGS_DATA_DIR) return resolve(env.TIDINGS_DATA_DIR);
  return defaultDataDir(process.platform, env);
}

/**
 * Makes `dir` the user's alone: created 0700 when missing; when it exists with
 * looser modes (an older version, a `mkdir` of the user's, a copied backup),
 * it and everything in it are tightened once, folders to 0700 and files to
 * 0600. A dir found 0700 is left as it is: what Tidings writes in it is
 * created 0600 (the store's files, the logs, message files, opened
 * attachments), and walking a large store at every start would cost time.
 * POSIX modes only: on Windows the user's profile folder already keeps others out.
 */
export function keepDataDirPrivate(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (platform === 'win32') return;
  if ((lstatSync(dir).mode & 0o077) === 0) return;
  tighten(dir);
}

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

function tighten(path: string): void {
  const info = lstatSync(path);
  if (info.isSymbolicLink()) return; // chmod would follow it out of the dir
  if (info.isDirectory()) {
    if ((info.mode & 0o777) !== PRIVATE_DIR) chmodSync(path, PRIVATE_DIR);
    for (const entry of readdirSync(path)) tighten(join(path, entry));
  } else if ((info.mode & 0o777 & ~PRIVATE_FILE) !== 0) chmodSync(path, info.mode & PRIVATE_FILE);
}

/**
 * Creates `file` empty with mode 0600 when it does not exist yet. For the
 * SQLite database: SQLite creates it with 0644, and its -wal and -shm files
 * take the database file's mode, so creating it first covers all three.
 */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE));
}
