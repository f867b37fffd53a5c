// Cold start of `npm run web` to first paint: spawn the built server on an
// empty data dir, wait for its "Tidings is running at" line, open the URL in
// Debian's Chromium and wait until the first screen ("Add account") is
// painted. Prints the median and range of N runs.
// Run: npm run bench:startup  (after a build; `npm test` or `npm run build` makes one)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const runs = Number(process.argv[2] ?? 5);
const entry = join(import.meta.dirname, '..', 'out', 'main', 'web.js');

async function once(): Promise<{ serverMs: number; paintMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-bench-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  const t0 = performance.now();
  const child = spawn(process.execPath, [entry, '--no-open', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TIDINGS_KEYCHAIN: 'memory' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk;
        const m = /Tidings is running at (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const serverMs = performance.now() - t0;
    await page.goto(url);
    await page.getByRole('button', { name: 'Add account' }).first().waitFor({ state: 'visible' });
    const paintMs = performance.now() - t0;
    return { serverMs, paintMs };
  } finally {
    child.kill('SIGTERM');
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: { serverMs: number; paintMs: number }[] = [];
for (let i = 0; i < runs; i++) results.push(await once());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
console.log(`npm run web, cold start over ${runs} runs (browser already running):`);
console.log(`  to "Tidings is running at":  ${fmt(results.map((r) => r.serverMs))}`);
console.log(`  to first paint of the UI:    ${fmt(results.map((r) => r.paintMs))}`);
