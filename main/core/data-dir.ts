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
