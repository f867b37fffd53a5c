// `npm start`: build when needed, then run the desktop app. Electron 42+
// fetches its binary on first run; without internet that cannot work, and we
// say so in one line instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';

const root = join(import.meta.dirname, '..');
buildIfNeeded();

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
if (install.status !== 0) {
  console.error(
    'Electron could not be downloaded (it fetches its binary from the internet on first run); connect to the internet and retry, or run `npm run web` to use Tidings in your browser.',
  );
  process.exit(1);
}
const electron = require('electron');
const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
