// `npm run web`: build when needed, then run the core and the loopback web
// server (out/main/web.js) with the flags given after `--`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';

buildIfNeeded();
const { flags, env } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'main', 'core', 'core-node-flags.json'), 'utf8'));
const child = spawn(process.execPath, [...flags, join(import.meta.dirname, '..', 'out', 'main', 'web.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
