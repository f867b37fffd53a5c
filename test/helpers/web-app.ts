import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import coreNodeFlags from '../../main/core/core-node-flags.json' with { type: 'json' };

const root = join(import.meta.dirname, '..', '..');

export interface RunningWebApp {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the "Tidings is running at" line. */
  startMs: number;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Runs the built `npm run web` entry (out/main/web.js) exactly as a user would, and waits for its line. */
export async function startWebApp(
  dataDir: string,
  extraEnv: NodeJS.ProcessEnv = {},
  extraArgs: readonly string[] = [],
): Promise<RunningWebApp> {
  const entry = join(root, 'out', 'main', 'web.js');
  if (!existsSync(entry)) throw new Error('out/main/web.js is missing: run `npm test` (it builds first) or `npm run build`');
  const started = performance.now();
  // As `npm run web` runs it (scripts/web.mjs): with the core's Node flags, and any
  // given for a look inside (TIDINGS_CORE_EXTRA_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" for a profile).
  const extraFlags = process.env.TIDINGS_CORE_EXTRA_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...coreNodeFlags.flags, ...extraFlags, entry, '--no-open', '--port', '0', '--data-dir', dataDir, ...extraArgs],
    {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run web printed no URL within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Tidings is running at (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run web exited with ${code}:\n${output}`));
    });
  });
  const startMs = performance.now() - started;
  return {
    url,
    child,
    startMs,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/** Debian's Chromium, headless, with nothing of its own reaching the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
