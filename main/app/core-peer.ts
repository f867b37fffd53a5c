import { type UtilityProcess, utilityProcess } from 'electron';
import type { EventMessage, ResponseMessage, ServerMessage } from '../../shared/contract';
import { logger } from '../base/log';
import coreNodeFlags from '../core/core-node-flags.json' with { type: 'json' };

// The main process's handle on the core in its utilityProcess: forwards calls,
// matches answers to calls by id, and restarts the core if it dies (pending
// calls are answered with an error instead of hanging forever).

const RESTART_DELAYS_MS = [500, 2_000, 10_000];
const log = logger('app');

export class CorePeer {
  private child: UtilityProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (answer: ResponseMessage) => void>();
  private readonly eventListeners = new Set<(message: EventMessage) => void>();
  private restarts = 0;
  private stopping = false;

  constructor(
    private readonly entry: string,
    private readonly dataDir: string,
  ) {
    this.spawn();
  }

  call(method: string, args: unknown): Promise<ResponseMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      if (!this.child) return this.answerAll('The mail core is restarting. Try again in a moment.');
      this.child.postMessage({ id, method, args });
    });
  }

  /** Lets the core use `path` for an import or export under `token` (main/app/transfer-dialogs.ts): sent before the page learns the token. */
  grant(token: string, path: string): boolean {
    if (!this.child) return false;
    this.child.postMessage({ grant: { token, path } });
    return true;
  }

  onEvent(listener: (message: EventMessage) => void): void {
    this.eventListeners.add(listener);
  }

  stop(): void {
    this.stopping = true;
    this.child?.kill();
  }

  private spawn(): void {
    const child = utilityProcess.fork(this.entry, ['--data-dir', this.dataDir], {
      serviceName: 'Tidings core',
      stdio: 'inherit',
      execArgv: coreNodeFlags.flags,
      env: { ...process.env, ...coreNodeFlags.env },
    });
    this.child = child;
    child.on('message', (message: ServerMessage) => {
      if ('event' in message) {
        for (const listener of this.eventListeners) listener(message);
        return;
      }
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
    child.on('exit', (code) => {
      this.child = undefined;
      this.answerAll('The mail core stopped unexpectedly.');
      if (this.stopping) return;
      const delay = RESTART_DELAYS_MS[Math.min(this.restarts, RESTART_DELAYS_MS.length - 1)] ?? 10_000;
      this.restarts++;
      log.error({ code, restartInMs: delay }, 'the core exited; restarting it');
      setTimeout(() => this.spawn(), delay);
    });
  }

  private answerAll(message: string): void {
    for (const [id, resolve] of this.pending) resolve({ id, ok: false, error: { code: 'internal', message } });
    this.pending.clear();
  }
}
