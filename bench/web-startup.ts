// Cold start of `npm run web` to first paint: spawn the built server on an
// empty data dir, wait for its "Tidings is running at" line, open the URL in
// Debian's Chromium (already running, as a user's browser would be) and wait
// until the first screen ("Add account") is painted. Prints median and range.
// Run: npm run bench:startup [runs]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startWebApp } from '../test/helpers/web-app.ts';

const runs = Number(process.argv[2] ?? 7);
const browser = await launchChromium();
const results: { serverMs: number; paintMs: number }[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-bench-'));
    const page = await browser.newPage();
    const t0 = performance.now();
    const app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
    try {
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Add account' }).first().waitFor({ state: 'visible' });
      results.push({ serverMs: app.startMs, paintMs: performance.now() - t0 });
    } finally {
      await page.close();
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
console.log(`npm run web, cold start, ${runs} runs:`);
console.log(`  spawn to "Tidings is running at":  ${fmt(results.map((r) => r.serverMs))}`);
console.log(`  spawn to first paint of the UI:    ${fmt(results.map((r) => r.paintMs))}`);
