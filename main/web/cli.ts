import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMailtoUrl } from '../../shared/mailto';
import { logger, logProcessFailures, openLog } from '../base/log';
import { startCore } from '../core/core';
import { resolveDataDir } from '../core/data-dir';
import { CODE_LIFETIME_MS } from './one-time-codes';
import { startWebServer } from './server';

// Entry point of `npm run web` (built to out/main/web.js; scripts/web.mjs
// builds first when needed). Flags: --port N (0 = any free port),
// --data-dir DIR, --no-open, --mailto LINK (the page opens compose from a
// mailto: link, as the desktop app does when the OS hands it one).

const log = logger('web');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      mailto: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (values.mailto !== undefined && !isMailtoUrl(values.mailto)) throw new Error('--mailto must be a mailto: link');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, not ${values.port}`);

  const dataDir = resolveDataDir(values['data-dir']);
  // One log for the host and its core, which run in this one process.
  const logs = openLog({ dir: join(dataDir, 'logs'), name: 'tidings' });
  logProcessFailures(log);
  log.info('web host starting');
  const core = await startCore({ dataDir, log: logs.log });
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  const server = await startWebServer({ core, staticDir, port });

  // The link rides in the fragment beside the one-time code (renderer/src/api/mailto-links.ts): it never reaches a server.
  const mailto = values.mailto ? `mailto=${encodeURIComponent(values.mailto)}` : undefined;
  // Each address carries its own one-time code (one-time-codes.ts): the browser's
  // is on its command line, which any local user can read, so it is not the printed one.
  console.log(`Tidings is running at ${server.newPageUrl(mailto)}`);
  const again = process.stdin.isTTY ? ' Press Enter here for a new one.' : '';
  console.log(`(That address works once, within ${CODE_LIFETIME_MS / 60_000} minutes.${again})`);
  // Not the URL: it carries a code for the access token.
  log.info({ port: server.port }, 'web host running');
  const info = core.services.info();
  if (info.secretStorage === 'memory')
    console.warn(`Warning: no system keychain: passwords kept in memory until Tidings quits. ${info.secretStorageMessage ?? ''}`);
  if (!values['no-open']) openBrowser(server.newPageUrl(mailto));
  if (process.stdin.isTTY) {
    process.stdin.on('data', () => console.log(`Tidings is running at ${server.newPageUrl()}`));
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info('web host stopping');
    await server.close();
    await core.close();
    log.info('web host stopped');
    logs.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** Opens the default browser when there is one; quietly does nothing when there is not. */
function openBrowser(url: string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', (error) => log.debug({ err: error, command }, 'could not open a browser')); // the URL is printed anyway
  child.unref();
}

main().catch((error: unknown) => {
  console.error(`Tidings could not start: ${error instanceof Error ? error.message : String(error)}`);
  log.fatal({ err: error }, 'the web host could not start');
  process.exit(1);
});
