import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ApiError, type ApiErrorShape } from '../../shared/errors';

// The test side of core-child.ts: start a core process, call it, read its
// events, kill it with SIGKILL.

export interface ChildCore {
  child: ChildProcess;
  dispatch(method: string, args: unknown): Promise<unknown>;
  events: { event: string; payload: unknown }[];
  kill(): void;
  exited: Promise<void>;
  stop(): Promise<void>;
}

const entry = join(import.meta.dirname, 'core-child.ts');

export async function startChildCore(dataDir: string, secrets: Record<string, string> = {}): Promise<ChildCore> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, dataDir], {
    env: { ...process.env, TIDINGS_TEST_SECRETS: JSON.stringify(secrets) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const events: { event: string; payload: unknown }[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code, signal) => reject(new Error(`core child exited before it was ready (${code ?? signal})`)));
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let message: { ready?: true; id?: number; ok?: boolean; result?: unknown; error?: ApiErrorShape; event?: string; payload?: unknown };
    try {
      message = JSON.parse(line);
    } catch {
      return; // a stray log line
    }
    if (message.ready) ready();
    else if (message.event) events.push({ event: message.event, payload: message.payload });
    else if (message.id !== undefined) {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) call?.resolve(message.result);
      else call?.reject(ApiError.fromJSON(message.error as ApiErrorShape));
    }
  });
  exited.then(() => {
    for (const call of pending.values()) call.reject(new Error('the core process exited'));
    pending.clear();
  });
  await readyPromise;
  let nextId = 1;
  return {
    child,
    events,
    exited,
    dispatch(method, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.stdin?.write(`${JSON.stringify({ id, method, args })}\n`);
      });
    },
    kill() {
      child.kill('SIGKILL');
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
