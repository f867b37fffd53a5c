import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import coreNodeFlags from '../../main/core/core-node-flags.json' with { type: 'json' };

const root = join(import.meta.dirname, '..', '..');

export interface RunningWebApp {
  /**
   * The page with the access token in its fragment (`#token=…`), for tests to
   * open as often as they like: the helper traded the printed one-time address
   * for the token, as the page does (POST /session).
   */
  url: string;
  /** The address as printed, with its one-time code (`#code=…`): it works once. */
  printedUrl: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the "Tidings is running at" line. */
  startMs: number;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs the built `npm run web` entry (out/main/web.js) exactly as a user would, and waits for its line.
 * The page's address is traded for the token (`url`): tests open it as often as they like.
 */
export async function startWebApp(
  dataDir: string,
  extraEnv: NodeJS.ProcessEnv = {},
  extraArgs: readonly string[] = [],
): Promise<RunningWebApp> {
  const run = await runWebEntry(['--no-open', '--port', '0', '--data-dir', dataDir, ...extraArgs], extraEnv);
  return { ...run, url: await withToken(run.printedUrl) };
}

/** The same with the arguments as given (none added) and the printed address left unused. */
export async function runWebEntry(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Omit<RunningWebApp, 'url'>> {
  const entry = join(root, 'out', 'main', 'web.js');
  if (!existsSync(entry)) throw new Error('out/main/web.js is missing: run `npm test` (it builds first) or `npm run build`');
  const started = performance.now();
  // As `npm run web` runs it (scripts/web.mjs): with the core's Node flags, and any
  // given for a look inside (TIDINGS_CORE_EXTRA_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" for a profile).
  const extraFlags = process.env.TIDINGS_CORE_EXTRA_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...coreNodeFlags.flags, ...extraFlags, entry, ...args], {
    env: { ...process.env, ...coreNodeFlags.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
    printedUrl: url,
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

/** Trades the one-time code of a printed address for the token (as the page does) and puts the token in its place. */
export async function withToken(printedUrl: string): Promise<string> {
  const url = new URL(printedUrl);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const code = fragment.get('code');
  if (!code) throw new Error(`the printed address has no one-time code: ${printedUrl}`);
  const answer = await fetch(`${url.origin}/session`, {
    method: 'POST',
    headers: { Origin: url.origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (answer.status !== 200) throw new Error(`trading the one-time code failed: ${answer.status} ${await answer.text()}`);
  const { token } = (await answer.json()) as { token: string };
  // The token first, as the tests and helpers read it; the rest (mailto=…) after it, as printed.
  const rest = url.hash
    .slice(1)
    .split('&')
    .filter((part) => !part.startsWith('code='));
  return `${url.origin}/#${[`token=${token}`, ...rest].join('&')}`;
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
