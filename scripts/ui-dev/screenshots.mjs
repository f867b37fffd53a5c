// DEV ONLY: screenshots of the renderer's states, plus a few checks.
//
//   npm run build
//   npm exec -- vite build --config scripts/ui-dev/mock-vite.config.ts
//   npm exec -- node scripts/ui-dev/screenshots.mjs
//
// Serves out/renderer (the real bundle) and test-output/ui/mock-app (the App on
// MockApi) from 127.0.0.1, with a fake core on ws://…/api so the real
// WebSocket client is exercised too. PNGs go to test-output/ui/.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { WebSocketServer } from 'ws';

const repo = resolve(import.meta.dirname, '../..');
const outDir = join(repo, 'test-output/ui');
const roots = { '/mock/': join(outDir, 'mock-app'), '/': join(repo, 'out/renderer') };
const TOKEN = 'c0ffee00deadbeef0123456789abcdef';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };

// ---- static files ----
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const prefix = Object.keys(roots).find((p) => path.startsWith(p)) ?? '/';
  const root = roots[prefix];
  const file = normalize(join(root, path.slice(prefix.length) || 'index.html'));
  if (!file.startsWith(root)) return void res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});

// ---- fake core on the WebSocket ----
const accounts = [];
let acceptSockets = true;
const wss = new WebSocketServer({
  server,
  path: '/api',
  handleProtocols: (protocols) => (protocols.has('tidings') ? 'tidings' : false),
  verifyClient: ({ req }) => {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim());
    return acceptSockets && offered.includes(`token.${TOKEN}`);
  },
});
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const { id, method, args } = JSON.parse(String(data));
    const reply = (result) => socket.send(JSON.stringify({ id, ok: true, result }));
    const fail = (code, message) => socket.send(JSON.stringify({ id, ok: false, error: { code, message } }));
    switch (method) {
      case 'app.info':
        return reply({ name: 'Tidings', version: '0.1.0', dataDir: '/tmp/x', secretStorage: 'memory' });
      case 'accounts.list':
        return reply(accounts);
      case 'accounts.test':
        return setTimeout(
          () =>
            reply({
              incoming: {
                ok: true,
                server: 'incoming',
                protocol: args.incoming.protocol,
                host: args.incoming.host,
                port: args.incoming.port,
              },
              outgoing: {
                ok: false,
                server: 'outgoing',
                protocol: 'smtp',
                host: args.outgoing.host,
                port: args.outgoing.port,
                code: 'timeout',
                message: 'The server did not answer within 20 seconds.',
              },
            }),
          200,
        );
      case 'accounts.add': {
        const { password, ...rest } = args;
        const account = {
          id: `w${accounts.length + 1}`,
          ...rest,
          secretStorage: 'memory',
          status: { state: 'unknown' },
          createdAt: new Date().toISOString(),
        };
        accounts.push(account);
        reply(account);
        for (const client of wss.clients)
          client.send(JSON.stringify({ event: 'accounts.changed', payload: { accountIds: accounts.map((a) => a.id) } }));
        return;
      }
      default:
        return fail('unknown_method', `No method ${method}`);
    }
  });
});

await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const problems = [];
async function newPage({ dark = false, width = 1100, height = 760 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light' });
  const page = await context.newPage();
  page.on('console', (m) => {
    // Expected: the refusals of the "connection lost" scenario, and Chrome noting that
    // frame-ancestors only works as an HTTP header (it is in the meta tag as asked).
    const expected = /WebSocket connection to .* failed|'frame-ancestors' is ignored/;
    if ((m.type() === 'error' || /Content Security Policy/.test(m.text())) && !expected.test(m.text())) {
      problems.push(`${page.url()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  return page;
}
/** fullPage: grow the viewport to the inner scroller's height (the document itself never scrolls). */
async function shot(page, name, fullPage = false) {
  const size = page.viewportSize();
  if (fullPage) {
    const height = await page.evaluate(() => {
      const scroller = document.querySelector('.scrolling');
      return scroller ? scroller.scrollHeight + (scroller.getBoundingClientRect().top ?? 0) : 0;
    });
    if (height > size.height) await page.setViewportSize({ width: size.width, height: Math.ceil(height) });
  }
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  await page.setViewportSize(size);
}
const mock = (query = '') => `${base}/mock/dev/mock.html${query}`;

/** Every form label from the brief resolves to exactly one control. */
async function checkLabels(page) {
  for (const label of [
    'Your name',
    'Email address',
    'Password',
    'Incoming server type',
    'Incoming server',
    'Incoming port',
    'Incoming security',
    'Incoming username',
    'Outgoing server',
    'Outgoing port',
    'Outgoing security',
    'Outgoing username',
  ]) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
  }
}

try {
  // 1. Real bundle, no token.
  {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.getByText('Open Tidings with the address').waitFor();
    await shot(page, '01-no-token');
  }

  // 2. Real bundle over the real WebSocket client: welcome, add, reload without hash, lost connection.
  {
    const page = await newPage();
    await page.goto(`${base}/#token=${TOKEN}`);
    await page.getByRole('heading', { name: 'Welcome to Tidings' }).waitFor();
    await page.getByText('No system keychain available').waitFor();
    await shot(page, '02-real-welcome-memory');

    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('button', { name: 'Set up manually' }).click();
    await page.getByLabel('Email address', { exact: true }).fill('me@example.net');
    await page.getByLabel('Password', { exact: true }).fill('secret');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status', { name: 'Outgoing server result' }).getByText('did not answer').waitFor();
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByText('Mail for me@example.net will appear here').waitFor();
    // Focus went to the new account in the sidebar.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'me@example.net');
    await shot(page, '03-real-saved-anyway');

    // Reload without the hash: the token comes from sessionStorage.
    await page.goto(`${base}/`);
    await page.getByText('Mail for me@example.net will appear here').waitFor();

    // Drop the connection; the banner must appear, then go once the core is back.
    acceptSockets = false;
    for (const client of wss.clients) client.terminate();
    await page.getByText('Connection to Tidings lost — reconnecting…').waitFor();
    await shot(page, '04-real-connection-lost');
    acceptSockets = true;
    await page.getByText('Connection to Tidings lost').waitFor({ state: 'detached', timeout: 15_000 });
  }

  // 3. Mock: welcome, then the form and its states.
  {
    const page = await newPage();
    await page.goto(mock('?delay=300'));
    await page.getByRole('heading', { name: 'Welcome to Tidings' }).waitFor();
    await shot(page, '05-welcome');

    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('button', { name: 'Set up manually' }).click();
    await checkLabels(page);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-name');
    await shot(page, '06-form-empty', true);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-email');
    assert.equal(await page.getByLabel('Email address', { exact: true }).getAttribute('aria-invalid'), 'true');
    await shot(page, '07-form-errors', true);

    await page.getByLabel('Your name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Email address', { exact: true }).fill('ada@selfsigned.example');
    await page.getByLabel('Password', { exact: true }).fill('secret');
    assert.equal(await page.getByLabel('Incoming server', { exact: true }).inputValue(), 'imap.selfsigned.example');
    assert.equal(await page.getByLabel('Incoming port', { exact: true }).inputValue(), '993');
    assert.equal(await page.getByLabel('Outgoing username', { exact: true }).inputValue(), 'ada@selfsigned.example');
    await page.getByLabel('Incoming server type', { exact: true }).selectOption('POP3');
    await page.getByLabel('Incoming security', { exact: true }).selectOption('STARTTLS');
    assert.equal(await page.getByLabel('Incoming server', { exact: true }).inputValue(), 'pop.selfsigned.example');
    assert.equal(await page.getByLabel('Incoming port', { exact: true }).inputValue(), '110');
    await page.getByLabel('Incoming port', { exact: true }).fill('1110');
    await page.getByLabel('Incoming security', { exact: true }).selectOption('SSL/TLS');
    assert.equal(await page.getByLabel('Incoming port', { exact: true }).inputValue(), '1110', 'typed port sticks');
    await page.getByLabel('Incoming server type', { exact: true }).selectOption('IMAP');
    // One host for both: one certificate, one panel covering both ports.
    await page.getByLabel('Incoming server', { exact: true }).fill('mail.selfsigned.example');
    await page.getByLabel('Outgoing server', { exact: true }).fill('mail.selfsigned.example');
    await page.getByLabel('Incoming port', { exact: true }).fill('');
    await page.getByLabel('Incoming port', { exact: true }).fill('993');
    await shot(page, '08-form-filled', true);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status', { name: 'Incoming server result' }).getByText('Testing…').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).getAttribute('aria-disabled'), 'true');
    await shot(page, '09-testing', true);
    const panel = page.getByRole('region', { name: 'Certificate not trusted' });
    await panel.waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save anyway' }).count(), 0, 'no Save anyway for certificates');
    await shot(page, '10-certificate-untrusted', true);

    await page.getByRole('button', { name: 'Trust this certificate for mail.selfsigned.example' }).click();
    await page.getByRole('status', { name: 'Outgoing server result' }).getByText('Connected').waitFor();
    await page.getByRole('status', { name: 'Incoming server result' }).getByText('Connected').waitFor();
    await shot(page, '11-trusted-connected', true);

    await page.getByLabel('Outgoing security', { exact: true }).selectOption('None');
    assert.equal(await page.getByLabel('Outgoing port', { exact: true }).inputValue(), '587');
    await page.getByText('would travel unencrypted').waitFor();
    await shot(page, '12-security-none', true);

    await page.getByLabel('Outgoing security', { exact: true }).selectOption('SSL/TLS');
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Save anyway' }).waitFor();
    await shot(page, '13-auth-failed', true);

    await page.getByLabel('Password', { exact: true }).fill('secret');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Mail for ada@selfsigned.example will appear here').waitFor();
    await page.getByText('Connected', { exact: true }).waitFor();
    await shot(page, '14-saved');
  }

  // 4. Mock: sidebar with accounts in every state, the remove dialog, keychain notice.
  for (const dark of [false, true]) {
    const suffix = dark ? '-dark' : '';
    const page = await newPage({ dark });
    await page.goto(mock('?accounts=sample&keychain=memory'));
    await page.getByRole('listbox', { name: 'Messages in Inbox' }).waitFor();
    await shot(page, `15-sidebar${suffix}`);

    await page.getByRole('button', { name: 'Remove account ada1843@oldisp.net' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel');
    await shot(page, `16-remove-dialog${suffix}`);
    await dialog.getByRole('button', { name: 'Remove account' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.getByText('ada1843@oldisp.net').count(), 0);

    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('button', { name: 'Set up manually' }).click();
    await page.getByLabel('Email address', { exact: true }).fill('me@selfsigned.home.lan');
    await page.getByLabel('Password', { exact: true }).fill('x');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('region', { name: 'Certificate not trusted' }).first().waitFor();
    await shot(page, `17-form-in-app${suffix}`, true);
  }

  // 5. Small window, keyboard only.
  {
    const page = await newPage({ width: 640, height: 700 });
    await page.goto(mock('?accounts=sample'));
    await page.getByRole('listbox', { name: 'Messages in Inbox' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await shot(page, '18-narrow-focus');
    // Keyboard only: the sidebar's "Add account", then the form's first field has focus.
    await page.getByRole('button', { name: 'Add account' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-name');
    await page.keyboard.type('Ada');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ada@example.com');
    await shot(page, '18b-narrow-form', true);
    await page.keyboard.press('Escape');
    await page.goto(mock('?accounts=sample&connection=lost&listError=Database%20is%20locked'));
    await page.getByText('Could not load your accounts').waitFor();
    await shot(page, '19-list-error-lost');
  }
} finally {
  await browser.close();
  wss.close();
  server.close();
}

if (problems.length) {
  console.error(`Console problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('All screenshots taken, no console problems.');
}
