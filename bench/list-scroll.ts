// The message list of a 100,000-message data dir in Debian's Chromium: how
// many animation frames a jump to a new place takes until its rows are on
// screen, and how smooth a continuous scroll is. The data dir is seeded once
// by the core's own store code (scripts/seed) and kept in /tmp, so reruns
// start at once; `npm run web` serves it as it would a user's.
// Run: npm run bench:list-scroll [-- --messages N] [--runs R] [--headers-only]
// (--headers-only: header rows without bodies, the way to seed a million;
// see bench/seeded-dir.ts.) A list taller than Chromium lays out (over
// about 197,000 rows) has a scaled scrollbar (renderer/src/list/scroll-scale.ts):
// a jump by scrollTop lands at that fraction of the rows, and the continuous
// scroll is made of wheel events there (the list moves its rows by the
// wheel's pixels), scrollTop below.
//
// (a) Jumps: End and Home on the focused list, PageDown from a random row, and
//     scrollTop set to random offsets. Counted from the input (a key event, or
//     the scrollTop change) in the page: frame 1 is the first animation frame
//     after it. "shown" is the first frame whose requestAnimationFrame callback
//     finds the row at the new place in the DOM (a grey placeholder or the
//     message), "data" the first that finds the message itself in it.
// (b) Continuous scroll: 3 s of scrollTop += px on every frame (40 px, a
//     wheel; 400 px, a fling) from a random place; the gaps between frames
//     (largest, p95, median, how many over 17 ms), how many frames had a
//     placeholder at the top of the list, and the page's long tasks (≥ 50 ms)
//     meanwhile: a long gap without one was not the page's own work.
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, startWebApp } from '../test/helpers/web-app.ts';
import { seededDir } from './seeded-dir.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '10' },
    'headers-only': { type: 'boolean', default: false },
  },
  strict: true,
});
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
/** MessageRow.tsx's ROW_HEIGHT. */
const ROW_HEIGHT = 76;

// ---- the data dir, seeded once ----
const dataDir = await seededDir(MESSAGES, values['headers-only']);

// ---- in the page ----

interface Jump {
  /** Frames until the row at the new place is in the DOM (placeholder or message), and until it is the message. */
  shownFrames: number;
  dataFrames: number;
  dataMs: number;
  domRows: number;
}

/**
 * Runs `act` in the page (a key on the list, or a scrollTop change) and
 * counts frames until the row at the place it led to is shown.
 */
function measureJump(page: Page, act: { key: string } | { fraction: number }): Promise<Jump> {
  return page.getByRole('listbox').evaluate(
    (list, { act, rowHeight }) =>
      new Promise<Jump>((done, fail) => {
        const setsize = () => Number(list.querySelector('[role="option"]')?.getAttribute('aria-setsize') ?? 0);
        const start = performance.now();
        let target: number;
        if ('key' in act) {
          const total = setsize();
          const selected = Number(list.querySelector('[aria-selected="true"]')?.getAttribute('aria-posinset') ?? 1) - 1;
          const page = Math.max(1, Math.floor(list.clientHeight / rowHeight) - 1);
          target = act.key === 'End' ? total - 1 : act.key === 'Home' ? 0 : Math.min(total - 1, selected + page);
          list.dispatchEvent(new KeyboardEvent('keydown', { key: act.key, bubbles: true, cancelable: true }));
        } else {
          list.scrollTop = Math.floor(list.scrollHeight * act.fraction);
          // A scaled list (data-scale) puts its rows at scrollTop × scale, short of the end.
          const scale = Number((list as HTMLElement).dataset.scale ?? 1);
          const content = setsize() * rowHeight;
          target = Math.floor(Math.min(list.scrollTop * scale, content - list.clientHeight) / rowHeight);
        }
        let frames = 0;
        let shown = 0;
        const check = () => {
          frames++;
          const row = list.querySelector(`[data-index="${target}"]`);
          if (row && !shown) shown = frames;
          if (row?.getAttribute('role') === 'option') {
            done({
              shownFrames: shown,
              dataFrames: frames,
              dataMs: performance.now() - start,
              domRows: list.querySelectorAll('.message-row').length,
            });
          } else if (frames > 600) fail(new Error(`row ${target} not shown after 600 frames`));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { act, rowHeight: ROW_HEIGHT },
  );
}

interface Smooth {
  frames: number;
  maxGapMs: number;
  p95GapMs: number;
  medianGapMs: number;
  over17ms: number;
  placeholderFrames: number;
  maxDomRows: number;
  /** Tasks of 50 ms or more on the page's main thread (PerformanceObserver "longtask"): the page's own work. */
  longTasks: number;
  longestTaskMs: number;
}

function measureScroll(page: Page, pxPerFrame: number, fromFraction: number): Promise<Smooth> {
  return page.getByRole('listbox').evaluate(
    (list, { px, from, rowHeight }) =>
      new Promise<Smooth>((done) => {
        list.scrollTop = Math.floor(list.scrollHeight * from);
        const scale = Number((list as HTMLElement).dataset.scale ?? 1);
        /** The first row on screen: a scaled list's rows are at scrollTop × scale (within a row). */
        const topRow = () => Math.floor((list.scrollTop * scale) / rowHeight);
        const tasks: number[] = [];
        const observer = new PerformanceObserver((entries) => {
          for (const entry of entries.getEntries()) tasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const gaps: number[] = [];
        let last = 0;
        let end = 0;
        let placeholderFrames = 0;
        let maxDomRows = 0;
        const step = (now: number) => {
          if (last === 0) {
            // The first frame only starts the clock (the jump above has its own cost).
            last = now;
            end = now + 3000;
          } else {
            gaps.push(now - last);
            last = now;
            const top = list.querySelector(`[data-index="${topRow()}"]`);
            if (top?.getAttribute('role') !== 'option') placeholderFrames++;
            maxDomRows = Math.max(maxDomRows, list.querySelectorAll('.message-row').length);
          }
          if (now < end || end === 0) {
            if (scale === 1) list.scrollTop += px;
            else list.dispatchEvent(new WheelEvent('wheel', { deltaY: px, deltaMode: 0, bubbles: true, cancelable: true }));
            requestAnimationFrame(step);
            return;
          }
          observer.disconnect();
          const sorted = [...gaps].sort((a, b) => a - b);
          const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
          done({
            frames: gaps.length,
            maxGapMs: sorted.at(-1) ?? 0,
            p95GapMs: at(0.95),
            medianGapMs: at(0.5),
            over17ms: gaps.filter((g) => g > 17).length,
            placeholderFrames,
            maxDomRows,
            longTasks: tasks.length,
            longestTaskMs: Math.max(0, ...tasks),
          });
        };
        requestAnimationFrame(step);
      }),
    { px: pxPerFrame, from: fromFraction, rowHeight: ROW_HEIGHT },
  );
}

/** A fixed sequence of numbers in [0.02, 0.98), the same every run. */
function offsets(count: number): number[] {
  let x = 12345;
  return Array.from({ length: count }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return 0.02 + (x / 2 ** 32) * 0.96;
  });
}

// ---- the run ----
const app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
const browser = await launchChromium();
const jumps: Record<string, Jump[]> = { End: [], Home: [], PageDown: [], 'scrollTop to a random offset': [] };
const smooth: Record<string, Smooth[]> = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // tsx compiles with esbuild's keepNames, which wraps the functions passed to evaluate() in __name().
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(app.url);
  const list = page.getByRole('listbox');
  await list.getByRole('option').first().waitFor({ timeout: 60_000 });
  const total = await list.getByRole('option').first().getAttribute('aria-setsize');
  console.log(`Inbox of the seeded account: ${Number(total).toLocaleString('en')} messages; Chromium ${browser.version()}, 1400×900`);
  await list.focus();
  const spots = offsets(RUNS * 2);
  for (let run = 0; run < RUNS; run++) {
    jumps.End?.push(await measureJump(page, { key: 'End' }));
    jumps.Home?.push(await measureJump(page, { key: 'Home' }));
    // PageDown from a row somewhere new: first jump there (not measured), select a row, then one PageDown.
    await measureJump(page, { fraction: spots[run] as number });
    await list.locator('[role="option"]').nth(3).click();
    jumps.PageDown?.push(await measureJump(page, { key: 'PageDown' }));
    jumps['scrollTop to a random offset']?.push(await measureJump(page, { fraction: spots[RUNS + run] as number }));
  }
  for (const px of [40, 400]) {
    const label = `${px} px/frame for 3 s`;
    smooth[label] = [];
    for (const from of [0.3, 0.6]) smooth[label]?.push(await measureScroll(page, px, from));
  }
} finally {
  await browser.close();
  await app.stop();
}

// ---- figures ----
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const range = (xs: number[], digits = 0) => `median ${median(xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)}`;
console.log(`\n(a) Jumps, ${RUNS} of each: frames until the rows at the new place are shown (1 = the first frame after the input)`);
for (const [name, list] of Object.entries(jumps)) {
  console.log(
    `  ${name.padEnd(30)} shown: ${range(list.map((j) => j.shownFrames))} frames; with data: ${range(
      list.map((j) => j.dataFrames),
    )} frames (${range(
      list.map((j) => j.dataMs),
      1,
    )} ms); DOM rows ≤ ${Math.max(...list.map((j) => j.domRows))}`,
  );
}
console.log('\n(b) Continuous scroll: gaps between animation frames');
for (const [name, list] of Object.entries(smooth)) {
  for (const s of list) {
    console.log(
      `  ${name.padEnd(24)} ${s.frames} frames; largest gap ${s.maxGapMs.toFixed(1)} ms, p95 ${s.p95GapMs.toFixed(1)} ms, median ${s.medianGapMs.toFixed(
        1,
      )} ms; ${s.over17ms} gaps > 17 ms; ${s.placeholderFrames} frames with a placeholder on top; DOM rows ≤ ${s.maxDomRows}; ${s.longTasks} long tasks (longest ${s.longestTaskMs.toFixed(0)} ms)`,
    );
  }
}
