import { parseArgs } from 'node:util';
import type { RequestMessage, ResponseMessage, ServerMessage } from '../../shared/contract';
import { toErrorShape } from '../api/dispatcher';
import { logger, logProcessFailures } from '../base/log';
import { startCore } from '../core/core';
import { resolveDataDir } from '../core/data-dir';

// The core inside Electron's utilityProcess: mail work (sync, parsing,
// SQLite) runs here, never on the window's thread. The main process relays
// the window's calls over parentPort and relays events back.
// This file uses no electron import: parentPort is a global of the utility process.

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: ServerMessage): void;
}

const log = logger('core-process');

async function main(): Promise<void> {
  logProcessFailures(log);
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (!port) throw new Error('core-process must run inside an Electron utilityProcess');
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } }, strict: false });
  const core = await startCore({ dataDir: resolveDataDir(values['data-dir'] as string | undefined) });

  core.events.subscribe((event, payload) => port.postMessage({ event, payload }));
  port.on('message', ({ data }) => {
    // From main only (the page's calls arrive as requests): a path the user chose in a native dialog.
    const grant = (data as { grant?: { token?: unknown; path?: unknown } })?.grant;
    if (grant) {
      if (typeof grant.token === 'string' && typeof grant.path === 'string') core.services.transferFiles.grantAs(grant.token, grant.path);
      return;
    }
    const request = data as RequestMessage;
    if (typeof request?.id !== 'number' || typeof request.method !== 'string') return;
    core.dispatch(request.method, request.args).then(
      (result) => port.postMessage({ id: request.id, ok: true, result } satisfies ResponseMessage),
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: toErrorShape(error) } satisfies ResponseMessage),
    );
  });
}

main().catch((error: unknown) => {
  console.error('[tidings core] could not start:', error);
  log.fatal({ err: error }, 'the core could not start');
  process.exit(1);
});
