// DEV ONLY: screenshots and checks of saving attachments and of managing
// folders (context menu, dialogs, errors) on the mock, without a backend.
//
//   npm exec -- vite build --config scripts/ui-dev/mock-vite.config.ts
//   npm exec -- node scripts/ui-dev/folders-screenshots.mjs
//
// PNGs go to test-output/ui/attachments-*.png and folders-*.png.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const repo = resolve(import.meta.dirname, '../..');
const outDir = join(repo, 'test-output/ui');
const root = join(outDir, 'mock-app');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  // The mock's "remote" images: not needed here, and never fetched while blocked.
  if (path.startsWith('/remote/')) return void res.writeHead(404).end();
  const file = normalize(join(root, path.replace(/^\/mock\//, '/')));
  if (!file.startsWith(root)) return void res.writeHead(403).end();
  try {
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const mock = (query) => `${base}/mock/dev/mock.html?accounts=sample&${query}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const problems = [];
async function newPage({ dark = false, width = 1400, height = 860, query = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light', acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    // frame-ancestors only works as a header (it is in the meta tag too); the frame locators probing the sandboxed frame.
    const expected = /'frame-ancestors' is ignored|Blocked script execution in 'about:srcdoc'/;
    if ((m.type() === 'error' || /Content Security Policy/.test(m.text())) && !expected.test(m.text()))
      problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  await page.goto(mock(query));
  await page.getByRole('listbox').getByRole('option').first().waitFor();
  return page;
}
const shot = (page, name) => page.screenshot({ path: join(outDir, `${name}.png`) });
const option = (page, subject) => page.getByRole('listbox').getByRole('option', { name: subject });
const tree = (page, account) => page.getByRole('list', { name: `Folders of ${account}` });
const folder = (page, account, name) => tree(page, account).getByRole('button', { name: new RegExp(`^${name}\\b`) });
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
const ADA = 'ada@example.com';

try {
  // 1. Attachments: a Save button each, "Saving…", the download itself; no Open.
  {
    const page = await newPage({ query: 'slow=1200' });
    await option(page, /Photos from the weekend/).click();
    const list = page.getByRole('region', { name: '3 attachments' });
    await list.waitFor();
    for (const name of ['observatory.jpg', 'star-chart.pdf', 'Untitled attachment'])
      await list.getByRole('button', { name: `Save ${name}`, exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Open/ }).count(), 0, 'no Open button');
    const download = page.waitForEvent('download');
    await list.getByRole('button', { name: 'Save star-chart.pdf' }).click();
    await list.getByRole('status').getByText('Saving…').waitFor();
    await shot(page, 'attachments-01-saving');
    const file = await download;
    assert.equal(file.suggestedFilename(), 'star-chart.pdf');
    const bytes = await readFile(await file.path());
    assert.equal(bytes.length, 200_000);
    assert.deepEqual([...bytes.subarray(0, 3)], [1, 32, 63], 'the bytes the mock made for index 1');
    await list.getByText('Saving…').waitFor({ state: 'detached' });
    // The untitled one gets the core's name for it.
    const untitled = page.waitForEvent('download');
    await list.getByRole('button', { name: 'Save Untitled attachment' }).click();
    assert.equal((await untitled).suggestedFilename(), 'attachment.calendar');
    await shot(page, 'attachments-02-save-buttons');

    // The inline logo is in the body, not in the list; the real attachment is.
    await option(page, /Your weekly engine digest/).click();
    const one = page.getByRole('region', { name: '1 attachment' });
    await one.getByRole('button', { name: 'Save engine-weekly-42.pdf' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save logo.svg' }).count(), 0, 'inline image not listed');
    await page.close();
  }
  {
    const page = await newPage({
      query: 'saveError=This message has not been downloaded yet; connect to the server to save its attachments.',
    });
    await option(page, /Invoice 2025-0042/).click();
    await page.getByRole('button', { name: 'Save invoice-2025-0042.pdf' }).click();
    await page.getByRole('alert').getByText('Could not save invoice-2025-0042.pdf: This message has not been downloaded yet').waitFor();
    await page.getByRole('region', { name: '1 attachment' }).scrollIntoViewIfNeeded();
    await shot(page, 'attachments-03-error');
    await page.close();
  }

  // 2. The folder menu: on hover, by right-click, by keyboard; special folders get no Rename/Delete.
  {
    const page = await newPage();
    await folder(page, ADA, 'Receipts').hover();
    await shot(page, 'folders-01-hover');
    await folder(page, ADA, 'Receipts').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Actions for Receipts' });
    await menu.waitFor();
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['New subfolder…', 'Rename…', 'Delete…']);
    assert.equal(await focused(page), 'New subfolder…');
    await shot(page, 'folders-02-context-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'More actions for Receipts');

    // Keyboard only: the button is in the tab order, Enter opens, End + Enter picks.
    await tree(page, ADA).getByRole('button', { name: 'More actions for Rust' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu', { name: 'Actions for Rust' }).waitFor();
    await page.keyboard.press('End');
    assert.equal(await focused(page), 'Delete…');
    await page.keyboard.press('Escape');

    await tree(page, ADA).getByRole('button', { name: 'More actions for Inbox' }).click();
    const inboxMenu = page.getByRole('menu', { name: 'Actions for Inbox' });
    assert.deepEqual(await inboxMenu.getByRole('menuitem').allTextContents(), ['New subfolder…']);
    await page.keyboard.press('Escape');
    // Gmail's All Mail is a view, not a place: no menu at all.
    assert.equal(
      await tree(page, 'ada.lovelace@analytical-engines.co.uk').getByRole('button', { name: 'More actions for All Mail' }).count(),
      0,
    );

    // 3. New folder: a name with "/" is refused in the dialog; offline says so.
    await page.getByRole('button', { name: `New folder in ${ADA}` }).click();
    const create = page.getByRole('dialog', { name: `New folder in ${ADA}` });
    await create.getByLabel('Folder name').fill('a/b');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByRole('alert').getByText('A folder name cannot contain / \\ or control characters').waitFor();
    assert.equal(await create.getByLabel('Folder name').getAttribute('aria-invalid'), 'true');
    await shot(page, 'folders-03-new-folder-error');
    await create.getByRole('button', { name: 'Cancel' }).click();
    await create.waitFor({ state: 'detached' });
    assert.equal(await focused(page), `New folder in ${ADA}`);

    await page.getByRole('button', { name: 'New folder in me@home.lan' }).click();
    const offline = page.getByRole('dialog', { name: 'New folder in me@home.lan' });
    await offline.getByLabel('Folder name').fill('Receipts');
    await page.keyboard.press('Enter');
    await offline.getByRole('alert').getByText('The server cannot be reached right now').waitFor();
    await shot(page, 'folders-04-new-folder-offline');
    await page.keyboard.press('Escape');
    await offline.waitFor({ state: 'detached' });

    // 4. Create a subfolder, rename it, delete it.
    await tree(page, ADA).getByRole('button', { name: 'More actions for Projects' }).click();
    await page.getByRole('menuitem', { name: 'New subfolder…' }).click();
    const sub = page.getByRole('dialog', { name: 'New subfolder of Projects' });
    await sub.getByLabel('Folder name').fill('2027');
    await sub.getByRole('button', { name: 'Create' }).click();
    await folder(page, ADA, '2027').waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === '2027');

    await folder(page, ADA, '2027').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename 2027' });
    assert.equal(await rename.getByLabel('Folder name').inputValue(), '2027');
    await rename.getByLabel('Folder name').fill('2028');
    await shot(page, 'folders-05-rename-dialog');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await folder(page, ADA, '2028').waitFor();
    assert.equal(await folder(page, ADA, '2027').count(), 0);

    await tree(page, ADA).getByRole('button', { name: 'More actions for 2028' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const del = page.getByRole('dialog', { name: 'Delete 2028?' });
    await del.getByText('This deletes the folder “2028” and any mail in it on the server.').waitFor();
    assert.equal(await focused(page), 'Cancel');
    await shot(page, 'folders-06-delete-dialog');
    await del.getByRole('button', { name: 'Delete folder' }).click();
    await del.waitFor({ state: 'detached' });
    await folder(page, ADA, '2028').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Projects'));

    // 5. A folder with subfolders: this server refuses, in its own words, in the dialog.
    await tree(page, ADA).getByRole('button', { name: 'More actions for Projects' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const refused = page.getByRole('dialog', { name: 'Delete Projects?' });
    await refused.getByRole('button', { name: 'Delete folder' }).click();
    await refused.getByRole('alert').getByText('Mailbox has children').waitFor();
    await shot(page, 'folders-07-delete-refused');
    await refused.getByRole('button', { name: 'Cancel' }).click();

    // 6. Renaming the folder being read keeps it shown under its new name.
    await folder(page, ADA, 'Receipts').click();
    await page.getByRole('listbox', { name: 'Messages in Receipts' }).waitFor();
    await tree(page, ADA).getByRole('button', { name: 'More actions for Receipts' }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    await page.getByRole('dialog', { name: 'Rename Receipts' }).getByLabel('Folder name').fill('Bills');
    await page.keyboard.press('Enter');
    await page.getByRole('listbox', { name: 'Messages in Bills' }).waitFor();
    assert.equal(await folder(page, ADA, 'Bills').getAttribute('aria-current'), 'page');
    await shot(page, 'folders-08-renamed-selected');
    await page.close();
  }

  // 7. Dark mode: the menu and the delete dialog.
  {
    const dark = await newPage({ dark: true });
    await folder(dark, ADA, 'TypeScript').click({ button: 'right' });
    await dark.getByRole('menu', { name: 'Actions for TypeScript' }).waitFor();
    await shot(dark, 'folders-09-dark-menu');
    await dark.getByRole('menuitem', { name: 'Delete…' }).click();
    await dark.getByRole('dialog', { name: 'Delete TypeScript?' }).waitFor();
    await shot(dark, 'folders-10-dark-delete-dialog');
    await dark.close();
  }
} finally {
  await browser.close();
  server.close();
}

if (problems.length) {
  console.error(`Console problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('All folder and attachment screenshots taken, no console problems.');
}
