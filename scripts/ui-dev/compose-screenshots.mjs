// DEV ONLY: screenshots and checks of writing mail (the compose pane, chips,
// attachments, the size warning, a refused send, Undo, a reply, the Outbox)
// on the mock core, without servers.
//
//   npm exec -- vite build --config scripts/ui-dev/mock-vite.config.ts
//   npm exec -- node scripts/ui-dev/compose-screenshots.mjs
//
// PNGs go to test-output/ui/compose-*.png.

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
const mock = (query = '') => `${base}/mock/dev/mock.html?accounts=sample&${query}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const problems = [];
async function newPage({ dark = false, width = 1400, height = 860, query = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light' });
  const page = await context.newPage();
  page.on('console', (m) => {
    // Expected: frame-ancestors only works as a header (it is in the mock's meta tag too).
    if (/'frame-ancestors' is ignored/.test(m.text())) return;
    if (m.type() === 'error' || /Content Security Policy/.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  await page.goto(mock(query));
  await page.getByRole('listbox', { name: 'Messages in Inbox' }).waitFor();
  return page;
}
const shot = (page, name) => page.screenshot({ path: join(outDir, `compose-${name}.png`) });
const pane = (page) => page.locator('section.compose');
const calls = (page, method) => page.evaluate((m) => window.mockApi.calls.filter((c) => c.method === m).map((c) => c.args), method);
const file = (name, bytes, mimeType = 'application/pdf') => ({ name, mimeType, buffer: Buffer.alloc(bytes, 7) });

async function openCompose(page) {
  await page.locator('body').press('c');
  await pane(page).waitFor();
  await page.getByRole('combobox', { name: 'To' }).waitFor();
}

/** Types an address part, picks the first suggestion with Enter. */
async function pickSuggestion(page, field, text) {
  const input = page.getByRole('combobox', { name: field });
  await input.fill(text);
  await page.getByRole('listbox', { name: `Suggestions for ${field}` }).waitFor();
  await input.press('Enter');
}

try {
  // 1. Empty, from `c`; To has the keyboard.
  {
    const page = await newPage();
    await openCompose(page);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'combobox');
    await shot(page, '01-empty');

    // 2. Chips: a suggestion, pasted/typed addresses, one invalid.
    const to = page.getByRole('combobox', { name: 'To' });
    await to.fill('char');
    // The suggestion, not the message row of the same name (the list is inert under the pane, but present).
    await page
      .getByRole('listbox', { name: 'Suggestions for To' })
      .getByRole('option', { name: /Charles Babbage/ })
      .waitFor();
    await shot(page, '02-suggestions');
    await to.press('Enter');
    await to.fill('mary@example.org, ada@');
    await to.press('Tab');
    await page.getByRole('button', { name: 'Add Cc recipients' }).click();
    await pickSuggestion(page, 'Cc', 'faraday');
    await page.getByRole('textbox', { name: 'Subject:' }).fill('Plans for the engine, with the drawings');
    const body = page.getByRole('textbox', { name: 'Message body' });
    await body.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Dear Charles,');
    await page.keyboard.press('Enter');
    await page.keyboard.type('here are the ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('drawings');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' we spoke of:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- the mill');
    await page.keyboard.press('Enter');
    await page.keyboard.type('the store');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Yours, Ada');
    await page
      .locator('input[type="file"]')
      .setInputFiles([file('Engine plans.pdf', 240_000), file('store-layout.png', 58_000, 'image/png')]);
    await page.getByText('2 attachments').waitFor();
    // Autosave: a draft is saved a moment after the typing stops.
    await page.waitForFunction(() => window.mockApi.calls.some((c) => c.method === 'drafts.save'), null, { timeout: 10_000 });
    await page.getByText('Draft saved').waitFor();
    await shot(page, '03-filled');
    const saved = (await calls(page, 'drafts.save')).at(-1);
    assert.deepEqual(
      saved.draft.to.map((a) => a.address),
      ['charles@difference.example', 'mary@example.org', 'ada@'],
    );
    assert.match(saved.draft.body.html, /<strong>drawings<\/strong>/);
    assert.match(saved.draft.body.html, /<ul><li><p>the mill/);
    assert.equal(saved.draft.attachments.length, 2);

    // Send refuses the half-typed address, in words.
    await page.keyboard.press('Control+Enter');
    await page.getByText('“ada@” is not a complete email address').waitFor();
    await page.getByRole('button', { name: 'Remove ada@' }).click();

    // 3. A link: javascript: is refused, https is taken.
    await body.click();
    await page.keyboard.press('Control+k');
    const linkInput = page.getByRole('textbox', { name: 'Link address' });
    await linkInput.fill('javascript:alert(1)');
    await linkInput.press('Enter');
    await page.getByText('Only web addresses (http, https) and email addresses can be linked.').waitFor();
    await shot(page, '04-link-refused');
    await linkInput.fill('example.com/engine');
    await linkInput.press('Enter');
    await page.locator('.compose-editor a[href="https://example.com/engine"]').waitFor();

    // Escape closes, keeping the draft (saved on the way out).
    const before = (await calls(page, 'drafts.save')).length;
    await page.keyboard.press('Escape');
    await pane(page).waitFor({ state: 'detached' });
    assert.ok((await calls(page, 'drafts.save')).length > before, 'closing saves the latest change');
    await page.close();
  }

  // 4. The size warning (the server takes 300 KB).
  {
    const page = await newPage({ query: 'smtpSize=300000' });
    await openCompose(page);
    await pickSuggestion(page, 'To', 'mary');
    await page.getByRole('textbox', { name: 'Subject:' }).fill('Scans of the notes');
    await page.locator('input[type="file"]').setInputFiles([file('notes-scan-1.pdf', 180_000), file('notes-scan-2.pdf', 150_000)]);
    await page.getByRole('alert').filter({ hasText: 'the mail server accepts at most' }).waitFor();
    await shot(page, '05-size-warning');
    await page.close();
  }

  // 5. Undo: the note after Send, Undo brings the message back.
  {
    const page = await newPage();
    await openCompose(page);
    await pickSuggestion(page, 'To', 'mary');
    await page.getByRole('textbox', { name: 'Subject:' }).fill('Tea on Thursday?');
    await page.getByRole('textbox', { name: 'Message body' }).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Shall we meet at four?');
    await page.getByRole('button', { name: 'Send' }).click();
    await pane(page).waitFor({ state: 'detached' });
    const undo = page.getByRole('button', { name: 'Undo' });
    await undo.waitFor();
    await page.getByText(/\d s to undo/).waitFor();
    await shot(page, '06-undo-toast');
    await undo.click();
    await pane(page).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Subject:' }).inputValue(), 'Tea on Thursday?');
    await page.getByText('Shall we meet at four?').waitFor();
    await shot(page, '07-undone');
    // Sending again without undo: "Sent".
    await page.keyboard.press('Control+Enter');
    await page.getByText('Sent “Tea on Thursday?”.').waitFor({ timeout: 10_000 });
    await page.close();
  }

  // 6. A refused recipient: the message comes back with the server's words.
  {
    const page = await newPage();
    await openCompose(page);
    const to = page.getByRole('combobox', { name: 'To' });
    await to.fill('bob@exampel.com, ');
    await page.getByRole('textbox', { name: 'Subject:' }).fill('The meeting notes');
    await page.getByRole('textbox', { name: 'Message body' }).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Notes attached.');
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByLabel('Undo after Send for').selectOption('0');
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('bob@exampel.com: 550 5.1.1').waitFor({ timeout: 10_000 });
    await page.getByText('Not sent to one recipient').waitFor();
    await shot(page, '08-send-failure');
    await page.close();
  }

  // 7. Reply with the quote; then reply all and forward from the toolbar.
  {
    const page = await newPage();
    await page
      .getByRole('option', { name: /Notes on the engine/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /Notes on the engine/ }).waitFor();
    await page.getByRole('listbox', { name: 'Messages in Inbox' }).focus();
    await page.keyboard.press('r');
    await pane(page).waitFor();
    await page.locator('.compose-editor blockquote').waitFor();
    assert.match(await page.getByRole('textbox', { name: 'Subject:' }).inputValue(), /^Re: Notes on the engine$/);
    await page.keyboard.type('Thank you, I agree.');
    await shot(page, '09-reply');
    await page.keyboard.press('Escape');
    await pane(page).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await pane(page).waitFor();
    assert.match(await page.getByRole('textbox', { name: 'Subject:' }).inputValue(), /^Fwd: /);
    await page.getByRole('button', { name: 'Close and keep the draft' }).click();
    await pane(page).waitFor({ state: 'detached' });
    // A message in Drafts opens in the editor.
    await page
      .getByRole('list', { name: 'Folders of ada@example.com' })
      .getByRole('button', { name: /^Drafts/ })
      .click();
    await page.getByRole('listbox', { name: 'Messages in Drafts' }).getByRole('option').first().click();
    await page.getByRole('button', { name: 'Edit draft' }).click();
    await pane(page).waitFor();
    await page.close();
  }

  // 8. The server cannot be reached: the message waits in the Outbox, which says why.
  {
    const page = await newPage({ query: 'smtpDown=1' });
    await openCompose(page);
    await pickSuggestion(page, 'To', 'charles');
    await page.getByRole('textbox', { name: 'Subject:' }).fill('Draft of the translation');
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByLabel('Undo after Send for').selectOption('0');
    await page.getByRole('button', { name: 'Send' }).click();
    await page
      .getByRole('button', { name: /^Outbox/ })
      .first()
      .click();
    await page.getByText('Not sent yet:').waitFor({ timeout: 10_000 });
    await shot(page, '10-outbox');
    await page.close();
  }

  // 9. Dark, a smaller window, plain-text mode.
  {
    const page = await newPage({ dark: true, width: 1100, height: 760 });
    await openCompose(page);
    await pickSuggestion(page, 'To', 'mary');
    await page.getByRole('textbox', { name: 'Subject:' }).fill('Plain words');
    await page.getByRole('textbox', { name: 'Message body' }).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('A list:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1. first');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second');
    await page.locator('input[type="file"]').setInputFiles([file('budget.xlsx', 31_000, 'application/vnd.ms-excel')]);
    await shot(page, '11-dark');
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByLabel(/Write plain text only/).click();
    await page.locator('textarea.compose-plain').waitFor();
    assert.match(await page.locator('textarea.compose-plain').inputValue(), /A list:\n1\. first\n2\. second/);
    await shot(page, '12-dark-plain');
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

if (problems.length) {
  console.error(`Console problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('All compose screenshots taken, no console problems.');
}
