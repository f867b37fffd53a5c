// The sidebar's folder tree with many folders (issue 16, limits): a data dir
// seeded with a few messages (scripts/seed), N folders more in its first
// account written through FoldersRepo, `npm run web` on it and Debian's
// Chromium. Prints the time from opening the page to the last folder in the
// DOM and until that folder, clicked then, shows its (empty) list, the DOM's
// size, and how long a click on a folder takes to be painted (from the click
// in the page to the frame after it).
// Run (after a build, `npm run build` or any test run): npm exec -- tsx bench/folder-tree.ts [-- --folders N]
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../main/store/database.ts';
import { FoldersRepo } from '../main/store/folders-repo.ts';
import { seedDataDir } from '../scripts/seed/seed-data-dir.ts';
import { DATA_DIR_FILES } from '../scripts/seed/store-access.ts';
import { launchChromium, startWebApp } from '../test/helpers/web-app.ts';

const { values } = parseArgs({ options: { folders: { type: 'string', default: '10000' } }, strict: true });
const FOLDERS = Number(values.folders);
const name = (i: number) => `Box ${String(i).padStart(5, '0')}`;

const dataDir = join(tmpdir(), `tidings-folder-tree-${FOLDERS}`);
rmSync(dataDir, { recursive: true, force: true });
await seedDataDir(dataDir, { messages: 20 });
const db = openDatabase(join(dataDir, DATA_DIR_FILES.database));
const { id: accountId } = db.prepare('SELECT id FROM accounts ORDER BY position LIMIT 1').get() as { id: string };
new FoldersRepo(db).addLocalAll(
  accountId,
  Array.from({ length: FOLDERS }, (_, i) => ({
    path: name(i),
    name: name(i),
    delimiter: '/',
    parentPath: null,
    role: null,
    subscribed: true,
    selectable: true,
  })),
);
db.close();

const app = await startWebApp(dataDir);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const opened = performance.now();
  await page.goto(app.url);
  const folderButton = (i: number) => page.locator('.folder-button', { hasText: name(i) }).first();
  await folderButton(FOLDERS - 1).waitFor({ state: 'attached', timeout: 300_000 });
  const treeMs = performance.now() - opened;
  // Then a folder opened at once: its (empty) list comes from the core, which may still be busy.
  const last = FOLDERS - 1;
  await folderButton(last).click();
  await page.getByText('No messages in this folder.').waitFor({ timeout: 300_000 });
  const openedMs = performance.now() - opened;
  const domNodes = await page.evaluate(() => document.querySelectorAll('*').length);
  const clicks: number[] = [];
  for (const i of [0, 1, 2, 3, 4].map((k) => Math.min(FOLDERS - 1, Math.floor(FOLDERS / 2) + k))) {
    await folderButton(i).scrollIntoViewIfNeeded();
    clicks.push(
      await page.evaluate(
        (wanted) =>
          new Promise<number>((resolve) => {
            const button = [...document.querySelectorAll<HTMLElement>('.folder-button')].find((b) => b.textContent === wanted);
            if (!button) throw new Error(`no folder ${wanted}`);
            const clicked = performance.now();
            button.click();
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clicked), 0));
          }),
        name(i),
      ),
    );
  }
  console.log(
    `${FOLDERS} folders: the last in the DOM ${Math.round(treeMs)} ms after opening the page, its (empty) list ${Math.round(openedMs)} ms; ${domNodes} DOM nodes; a click painted after ${clicks.map((ms) => Math.round(ms)).join(', ')} ms`,
  );
} finally {
  await browser.close();
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
