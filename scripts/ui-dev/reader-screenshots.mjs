// DEV ONLY: screenshots and checks of the reader (folders, the 100k list, the
// message frame) on the mock, without a backend.
//
//   npm exec -- vite build --config scripts/ui-dev/mock-vite.config.ts
//   npm exec -- node scripts/ui-dev/reader-screenshots.mjs
//
// The server counts requests under /remote/ (the mock's "remote" images), to
// prove that nothing is fetched while remote content is blocked. PNGs go to
// test-output/ui/reader-*.png; the scroll figures are printed at the end.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const repo = resolve(import.meta.dirname, '../..');
const outDir = join(repo, 'test-output/ui');
const root = join(outDir, 'mock-app');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const BANNER = `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="140"><rect width="560" height="140" fill="#e9dfc7"/>
<circle cx="90" cy="70" r="40" fill="#b08d57"/><circle cx="170" cy="70" r="28" fill="#8c6b3f"/>
<text x="330" y="78" text-anchor="middle" font-family="Georgia" font-size="26" fill="#5a4630">The Analytical Engine</text></svg>`;

/** Requests for remote content, by path. */
const remote = [];
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  if (path.startsWith('/remote/')) {
    remote.push(path);
    return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(BANNER);
  }
  const file = normalize(join(root, path.replace(/^\/mock\//, '/')));
  if (!file.startsWith(root)) return void res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const mock = (query) => `${base}/mock/dev/mock.html?${query}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const problems = [];
async function newPage({ dark = false, width = 1400, height = 860 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light' });
  const page = await context.newPage();
  page.on('console', (m) => {
    // Expected:
    // - frame-ancestors only works as a header (it is in the meta tag too);
    // - the hostile message's CSS (an @import, a background) refused by the frame's own CSP;
    // - DOMPurify parses the hostile HTML with DOMParser: Chrome checks that inert document
    //   against the page's CSP and logs the <base> and inline handlers it refused (nothing
    //   runs there; the sanitized result has none of them, checked below);
    // - Playwright's frame locators probing the sandboxed frame (no allow-scripts).
    const expected =
      /'frame-ancestors' is ignored|evil\.example\/import\.css|hostile-bg\.gif|Setting the document's base URI|Executing inline event handler|Blocked script execution in 'about:srcdoc'/;
    if ((m.type() === 'error' || /Content Security Policy/.test(m.text())) && !expected.test(m.text()))
      problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  // Links open "outside": record instead of letting headless Chromium go to the network.
  await page.addInitScript(() => {
    window.__opened = [];
    window.open = (url) => {
      window.__opened.push(String(url));
      return null;
    };
  });
  return page;
}
const shot = (page, name) => page.screenshot({ path: join(outDir, `reader-${name}.png`) });
const list = (page) => page.getByRole('listbox');
const option = (page, subject) => list(page).getByRole('option', { name: subject });
const frame = (page) => page.frameLocator('iframe[title="Message content"]');
const folder = (page, account, name) => page.getByRole('list', { name: `Folders of ${account}` }).getByRole('button', { name });
const domRows = (page) => page.locator('.message-row').count();

const figures = {};

try {
  // 1. The Inbox with 100,007 messages; the folder tree with counts.
  const page = await newPage();
  await page.goto(mock('accounts=sample'));
  await option(page, /Your weekly engine digest/).waitFor();
  assert.match(await page.locator('.list-count').textContent(), /100,007 messages/);
  assert.ok((await domRows(page)) < 40, 'only the visible rows (+ overscan) are in the DOM');
  await shot(page, '01-inbox');

  // 2. An HTML message: inline (cid:) image shown, remote images blocked, the bar offered.
  await option(page, /Your weekly engine digest/).click();
  await frame(page).getByRole('heading', { name: 'The mill, the store, and punched cards' }).waitFor();
  await page.getByText('Remote content was blocked to protect your privacy.').waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(remote, [], 'nothing remote fetched while blocked');
  assert.equal(await page.locator('iframe[title="Message content"]').getAttribute('sandbox'), 'allow-same-origin');
  assert.ok(
    await frame(page)
      .locator('img[alt="Engine Weekly"]')
      .evaluate((img) => img.src.startsWith('data:') && img.naturalWidth > 0),
    'cid image shown',
  );
  // Opening marked it read.
  await page.waitForFunction(() => !document.querySelector('[role="option"][aria-selected="true"]')?.classList.contains('unread'));
  await shot(page, '02-html-blocked');

  await page.getByRole('button', { name: 'Load remote content' }).click();
  await page.getByText('Remote content was blocked').waitFor({ state: 'detached' });
  await frame(page)
    .locator('img[alt^="Banner"]')
    .evaluate((img) => img.decode());
  assert.ok(remote.includes('/remote/banner.svg'), 'remote image loaded once allowed');
  const calls = await page.evaluate(() =>
    window.mockApi.calls.filter((c) => c.method === 'messages.allowRemoteContent').map((c) => c.args.scope),
  );
  assert.deepEqual(calls, ['message']);
  await shot(page, '03-html-remote-loaded');

  // A link in the frame opens outside; the app stays where it is.
  const appUrl = page.url();
  await frame(page).getByRole('link', { name: 'Read more' }).click();
  assert.deepEqual(await page.evaluate(() => window.__opened), ['https://engine-weekly.example/issue/42']);
  assert.equal(page.url(), appUrl);

  // 3. The hostile message: nothing runs, loads, navigates or submits.
  remote.length = 0;
  await option(page, /verify your account/).click();
  await frame(page).getByRole('heading', { name: 'Unusual sign-in activity' }).waitFor();
  await page.waitForTimeout(2000); // meta refresh would have fired by now
  assert.equal(page.url(), appUrl, 'the app did not navigate');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
  assert.equal(await page.title(), 'Tidings (mock)');
  assert.deepEqual(remote, [], 'no request from the hostile message');
  const hostile = await page.locator('iframe[title="Message content"]').evaluate((iframe) => {
    const doc = iframe.contentDocument;
    return {
      sandbox: iframe.getAttribute('sandbox'),
      scripts: doc.querySelectorAll('script').length,
      forms: doc.querySelectorAll('form, input, button').length,
      frames: doc.querySelectorAll('iframe, object, embed').length,
      metas: [...doc.querySelectorAll('meta')].map((m) => m.getAttribute('http-equiv') ?? m.getAttribute('name')),
      bases: doc.querySelectorAll('base').length,
      handlers: [...doc.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
      jsLinks: [...doc.querySelectorAll('a')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
      framePwned: doc.defaultView.__pwned,
    };
  });
  assert.deepEqual(hostile, {
    sandbox: 'allow-same-origin',
    scripts: 0,
    forms: 0,
    frames: 0,
    metas: ['Content-Security-Policy', 'referrer'],
    bases: 0,
    handlers: [],
    jsLinks: 0,
    framePwned: undefined,
  });
  await frame(page).getByText('Verify now (javascript: link)').click();
  await frame(page).getByRole('link', { name: 'An ordinary https link' }).click();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual((await page.evaluate(() => window.__opened)).slice(-1), ['https://example.com/real-link']);
  assert.equal(page.url(), appUrl);
  await shot(page, '04-hostile');

  // 4. Plain text with links, attachments, not downloaded, unparsable, source.
  await option(page, /Notes on the engine/).click();
  await page.getByRole('link', { name: 'https://en.wikipedia.org/wiki/Analytical_Engine' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'mary@example.org' }).getAttribute('href'), 'mailto:mary@example.org');
  assert.equal(
    await page.getByRole('link', { name: 'www.example.org/drawings?set=2&page=1' }).getAttribute('href'),
    'https://www.example.org/drawings?set=2&page=1',
  );
  await shot(page, '05-plain-links');
  await option(page, /Photos from the weekend/).click();
  await page.getByRole('heading', { name: '3 attachments' }).waitFor();
  await shot(page, '06-attachments');
  await option(page, /Minutes of the Royal Society/).click();
  await page.getByText('This message has not been downloaded yet. It will be when the connection returns.').waitFor();
  await option(page, /Broken/).click();
  await page.getByText("Tidings could not read this message's format.").waitFor();
  await page.getByRole('region', { name: 'Raw message source' }).waitFor();
  await shot(page, '07-unparsable');
  await option(page, /Invoice 2025-0042/).click();
  await page.getByRole('button', { name: 'View source' }).click();
  await page.getByRole('dialog', { name: 'Message source' }).getByText('Content-Type: text/html').waitFor();
  await shot(page, '08-source-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  // 5. Multi-select (click, Shift+click, Ctrl+click) and the Move menu.
  await option(page, /Minutes of the meeting/)
    .first()
    .click();
  await option(page, /Lunch on Friday/)
    .first()
    .click({ modifiers: ['Shift'] });
  await option(page, /Security Team|verify your account/).click({ modifiers: ['ControlOrMeta'] });
  await page.getByText(/messages selected/).waitFor();
  const selected = await list(page).locator('[aria-selected="true"]').count();
  assert.ok(selected >= 5, `multi-select: ${selected}`);
  await shot(page, '09-multi-select');
  await page.getByRole('button', { name: 'Move to…' }).click();
  await page.getByRole('menu', { name: 'Move to folder' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'menuitem');
  await shot(page, '10-move-menu');
  await page.getByRole('menuitem', { name: 'Receipts' }).click();
  await page.getByText('No message selected').or(page.locator('.message')).first().waitFor();
  await page.waitForFunction(() => document.querySelector('.list-count')?.textContent?.startsWith('100,00'));
  assert.match(await folder(page, 'ada@example.com', /^Receipts/).textContent(), /Receipts/);

  // 6. Keyboard: j/k move, s stars, u / Shift+U, e archives, Delete deletes.
  await list(page).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  const cursor = await list(page).getAttribute('aria-activedescendant');
  assert.ok(cursor, 'aria-activedescendant follows the keyboard');
  await page.keyboard.press('s');
  await page.keyboard.press('Shift+U');
  await page.waitForTimeout(200);
  await shot(page, '11-keyboard');
  const before = await page.locator('.list-count').textContent();
  await page.keyboard.press('e');
  await page.waitForFunction((text) => document.querySelector('.list-count')?.textContent !== text, before);
  const methods = await page.evaluate(() => window.mockApi.calls.map((c) => c.method));
  for (const m of ['messages.setFlags', 'messages.move', 'messages.archive']) assert.ok(methods.includes(m), m);
  // Enter moves the keyboard into the message; Escape back to the list.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.classList.contains('message'));
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'listbox');
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => window.mockApi.calls.some((c) => c.method === 'messages.delete'));

  // 7. Drag a row onto a folder.
  const dragged = option(page, /Minutes of the meeting/).first();
  const draggedLabel = await dragged.getAttribute('aria-label');
  await dragged.dragTo(folder(page, 'ada@example.com', /^Projects/));
  await page.waitForFunction(() => window.mockApi.calls.some((c) => c.method === 'messages.move' && c.args.folderId === 12));
  await page.waitForFunction(
    (label) => ![...document.querySelectorAll('[role="option"]')].some((o) => o.getAttribute('aria-label') === label),
    draggedLabel,
  );

  // 8. Search, Escape clears.
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('invoice');
  await page.getByRole('listbox', { name: 'Search results for invoice' }).waitFor();
  await option(page, /Invoice 2025-0042/).waitFor();
  await shot(page, '12-search');
  await page.getByRole('searchbox', { name: 'Search mail' }).press('Escape');
  await page.getByRole('listbox', { name: 'Messages in Inbox' }).waitFor();

  // 9. Collapsing a folder.
  await page.getByRole('button', { name: 'Subfolders of TypeScript' }).click();
  assert.equal(await page.getByRole('button', { name: 'Subfolders of TypeScript' }).getAttribute('aria-expanded'), 'false');
  await folder(page, 'ada@example.com', /^Announcements/).waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Subfolders of TypeScript' }).click();

  // 10. A notice from the core: a toast, dismissable.
  await page.evaluate(() =>
    window.mockApi.emit('notice', {
      accountId: 'a1',
      message: 'The server refused to move 2 messages to Receipts; they are back in Inbox.',
    }),
  );
  await page.getByText('The server refused to move 2 messages').waitFor();
  await shot(page, '13-toast');
  await page.getByRole('button', { name: 'Dismiss notification' }).click();
  await page.getByText('The server refused to move 2 messages').waitFor({ state: 'detached' });

  // 11. Scrolling the 100k list: jump to the middle, time until the rows there are shown, DOM bounded.
  await list(page).evaluate((el) => {
    el.scrollTop = 0;
  });
  const jumps = [];
  for (const fraction of [0.5, 0.25, 0.75, 0.9, 0.1, 0.6, 0.33]) {
    jumps.push(
      await list(page).evaluate(
        (el, f) =>
          new Promise((done) => {
            const start = performance.now();
            el.scrollTop = Math.floor(el.scrollHeight * f);
            // The row at the top of the viewport after the jump.
            const target = Math.floor(el.scrollTop / 76);
            let painted = null;
            const check = () => {
              const row = el.querySelector(`[data-index="${target}"]`);
              if (painted === null && row) painted = performance.now() - start;
              if (row?.getAttribute('role') === 'option') {
                return done({
                  f,
                  paintedMs: painted,
                  dataMs: performance.now() - start,
                  domRows: el.querySelectorAll('.message-row').length,
                });
              }
              requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          }),
        fraction,
      ),
    );
  }
  // Continuous scrolling for 3 s at 40 px per frame (a wheel) and 400 px per frame (a fling):
  // gaps between frames, and frames whose top row was still a placeholder (not read yet).
  const smooth = [];
  for (const speed of [40, 400]) {
    smooth.push(
      await list(page).evaluate(
        (el, px) =>
          new Promise((done) => {
            const gaps = [];
            let last = performance.now();
            const end = last + 3000;
            let maxRows = 0;
            let placeholderFrames = 0;
            const step = (now) => {
              gaps.push(now - last);
              last = now;
              const top = el.querySelector(`[data-index="${Math.floor(el.scrollTop / 76)}"]`);
              if (top?.getAttribute('role') !== 'option') placeholderFrames++;
              el.scrollTop += px;
              maxRows = Math.max(maxRows, el.querySelectorAll('.message-row').length);
              if (now < end) requestAnimationFrame(step);
              else {
                const sorted = gaps.slice(1).sort((a, b) => a - b);
                done({
                  pxPerFrame: px,
                  frames: gaps.length,
                  medianGapMs: sorted[Math.floor(sorted.length / 2)],
                  maxGapMs: sorted.at(-1),
                  over20ms: sorted.filter((g) => g > 20).length,
                  placeholderFrames,
                  maxRows,
                });
              }
            };
            requestAnimationFrame(step);
          }),
        speed,
      ),
    );
  }
  figures.jumps = jumps;
  figures.continuous = smooth;
  assert.ok(Math.max(...jumps.map((j) => j.domRows), ...smooth.map((m) => m.maxRows)) < 50, 'DOM rows stay bounded');
  await shot(page, '14-scrolled-middle');

  // End key on a long list: selects the last message once its page is read.
  await list(page).focus();
  await page.keyboard.press('End');
  await page.waitForFunction(
    () =>
      document.querySelector('[role="option"][aria-selected="true"]')?.getAttribute('aria-posinset') ===
      document.querySelector('[role="option"]')?.getAttribute('aria-setsize'),
  );
  await page.close();

  // 12. Dark mode, with an HTML message and the sync progress of another account.
  {
    const dark = await newPage({ dark: true });
    await dark.goto(mock('accounts=sample&sync=1'));
    await option(dark, /Your weekly engine digest/).click();
    await frame(dark).getByRole('heading', { name: 'The mill, the store, and punched cards' }).waitFor();
    await dark.getByText(/Syncing [\d,]+ of 20,000/).waitFor();
    await shot(dark, '15-dark-html');
    await option(dark, /Notes on the engine/).click();
    await option(dark, /Minutes of the meeting/)
      .first()
      .click({ modifiers: ['Shift'] });
    await shot(dark, '16-dark-multi');
    // The synced account's list grows by itself (store.changed), no polling.
    await folder(dark, 'ada.lovelace@analytical-engines.co.uk', /^Inbox/).click();
    await option(dark, /^Unread, .*New: /)
      .first()
      .waitFor();
    const count1 = await dark.locator('.list-count').textContent();
    await dark.waitForFunction((text) => document.querySelector('.list-count')?.textContent !== text, count1);
    await shot(dark, '17-dark-syncing');
    await dark.close();
  }

  // 13. Offline account: saved mail shown, a body not downloaded, Retry now.
  {
    const off = await newPage();
    await off.goto(mock('accounts=sample'));
    await folder(off, 'me@home.lan', /^Inbox/).click();
    await off.getByRole('listbox', { name: 'Messages in Inbox' }).waitFor();
    await off.getByRole('option').first().click();
    await off.getByText('This message has not been downloaded yet').waitFor();
    await off.getByText('Offline — showing saved mail').waitFor();
    await off.getByRole('button', { name: 'Retry now for me@home.lan' }).waitFor();
    await off.getByText('Sign-in failed').first().waitFor();
    await off.getByRole('navigation').evaluate((nav) => {
      nav.querySelector('.sidebar-scroll').scrollTop = 10_000;
    });
    await shot(off, '18-offline');
    await off.getByRole('button', { name: 'Retry now for me@home.lan' }).click();
    await off.waitForFunction(() => window.mockApi.calls.some((c) => c.method === 'sync.now'));
    await off.close();
  }

  // 14. A smaller window.
  {
    const small = await newPage({ width: 1024, height: 700 });
    await small.goto(mock('accounts=sample'));
    await option(small, /Your weekly engine digest/).click();
    await frame(small).getByRole('heading', { name: 'The mill, the store, and punched cards' }).waitFor();
    await shot(small, '19-small-window');
    await small.close();
    // Narrow: the list above the message; the keyboard still works in the list.
    const narrow = await newPage({ width: 760, height: 820 });
    await narrow.goto(mock('accounts=sample'));
    await option(narrow, /Notes on the engine/).click();
    await narrow.keyboard.press('ArrowDown');
    await narrow.getByRole('heading', { name: 'Photos from the weekend' }).waitFor();
    assert.equal(await narrow.evaluate(() => document.activeElement?.getAttribute('role')), 'listbox');
    await shot(narrow, '20-narrow-window');
    await narrow.close();
  }
} finally {
  await browser.close();
  server.close();
}

console.log('Scroll jumps (ms until the rows at the new place are shown, with data):');
for (const j of figures.jumps ?? [])
  console.log(
    `  to ${Math.round(j.f * 100)}%: painted ${j.paintedMs?.toFixed(1)} ms, data ${j.dataMs.toFixed(1)} ms, ${j.domRows} rows in the DOM`,
  );
for (const m of figures.continuous ?? []) console.log('Continuous scroll, 3 s:', JSON.stringify(m));
if (problems.length) {
  console.error(`Console problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('All reader screenshots taken, no console problems.');
}
