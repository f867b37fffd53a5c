// DEV ONLY: the built renderer against the real core (`out/main/web.js`), with
// two tiny fake mail servers (IMAP and SMTP over TLS) that present a
// self-signed certificate, to walk the whole add-account flow: test, untrusted
// certificate, trust, test again, save, status events, remove.
//
//   npm exec -- electron-vite build
//   npm exec -- node scripts/ui-dev/real-core.mjs
//
// Screenshots go to test-output/ui/real-*.png.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createServer } from 'node:tls';
import { chromium } from 'playwright-core';

const repo = resolve(import.meta.dirname, '../..');
const outDir = join(repo, 'test-output/ui');
const tlsDir = join(outDir, 'real-tls');
const dataDir = join(outDir, 'real-data');
const PASSWORD = 'secret';

// ---- a self-signed certificate for 127.0.0.1 ----
mkdirSync(tlsDir, { recursive: true });
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '30',
    '-subj',
    '/CN=127.0.0.1/O=Tidings UI check',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(tlsDir, 'key.pem'),
    '-out',
    join(tlsDir, 'cert.pem'),
  ],
  { stdio: 'ignore' },
);
const tlsOptions = { key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) };

/** Lines from a client that may hang up at any moment (the core's certificate probe does). */
function lines(socket) {
  socket.on('error', () => {});
  return createInterface({ input: socket, crlfDelay: Number.POSITIVE_INFINITY }).on('error', () => {});
}

const plainPassword = (b64) => Buffer.from(b64, 'base64').toString().split('\0')[2];

/** Just enough IMAP for a login check: greeting, CAPABILITY, LOGIN/AUTHENTICATE PLAIN, LOGOUT; OK to the rest. */
function fakeImap(socket) {
  socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] fake IMAP ready\r\n');
  let awaitingPlain = null;
  lines(socket).on('line', (line) => {
    if (awaitingPlain) {
      const tag = awaitingPlain;
      awaitingPlain = null;
      return socket.write(
        plainPassword(line) === PASSWORD ? `${tag} OK logged in\r\n` : `${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`,
      );
    }
    const [tag, command = '', ...rest] = line.split(' ');
    switch (command.toUpperCase()) {
      case 'CAPABILITY':
        return socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR\r\n${tag} OK done\r\n`);
      case 'LOGIN':
        return socket.write(
          rest[1]?.replace(/"/g, '') === PASSWORD ? `${tag} OK logged in\r\n` : `${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`,
        );
      case 'AUTHENTICATE':
        if (rest[1])
          return socket.write(
            plainPassword(rest[1]) === PASSWORD ? `${tag} OK logged in\r\n` : `${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`,
          );
        awaitingPlain = tag;
        return socket.write('+ \r\n');
      case 'LOGOUT':
        socket.write(`* BYE\r\n${tag} OK bye\r\n`);
        return socket.end();
      default:
        return socket.write(`${tag} OK done\r\n`);
    }
  });
}

/** Just enough ESMTP for a login check: EHLO, AUTH PLAIN/LOGIN, QUIT. */
function fakeSmtp(socket) {
  socket.write('220 fake ESMTP\r\n');
  // What the next line is: a command, or the PLAIN/LOGIN response the server asked for.
  let expecting = 'command';
  const verdict = (password) =>
    socket.write(password === PASSWORD ? '235 2.7.0 Authentication successful\r\n' : '535 5.7.8 Authentication credentials invalid\r\n');
  lines(socket).on('line', (line) => {
    if (expecting === 'plain') {
      expecting = 'command';
      verdict(plainPassword(line));
      return;
    }
    if (expecting === 'login-user') {
      expecting = 'login-password';
      socket.write('334 UGFzc3dvcmQ6\r\n');
      return;
    }
    if (expecting === 'login-password') {
      expecting = 'command';
      verdict(Buffer.from(line, 'base64').toString());
      return;
    }
    const [verb = '', mechanism = '', initial] = line.split(' ');
    switch (verb.toUpperCase()) {
      case 'EHLO':
        socket.write('250-fake\r\n250-AUTH PLAIN LOGIN\r\n250 OK\r\n');
        break;
      case 'AUTH':
        if (mechanism.toUpperCase() === 'PLAIN' && initial) verdict(plainPassword(initial));
        else {
          expecting = mechanism.toUpperCase() === 'PLAIN' ? 'plain' : 'login-user';
          socket.write(expecting === 'plain' ? '334 \r\n' : '334 VXNlcm5hbWU6\r\n');
        }
        break;
      case 'QUIT':
        socket.write('221 bye\r\n');
        socket.end();
        break;
      default:
        socket.write('250 OK\r\n');
    }
  });
}

const listen = (handler) =>
  new Promise((done) => {
    const server = createServer(tlsOptions, handler);
    server.on('tlsClientError', () => {}); // the core's certificate probe rejects our certificate on purpose
    server.listen(0, '127.0.0.1', () => done(server));
  });
const imap = await listen(fakeImap);
const smtp = await listen(fakeSmtp);

// ---- the real core with its web server ----
rmSync(dataDir, { recursive: true, force: true });
const core = spawn(process.execPath, [join(repo, 'out/main/web.js'), '--no-open', '--port', '0', '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
// Never leave the core running, however this script ends.
process.on('exit', () => core.kill('SIGTERM'));
const url = await new Promise((done, fail) => {
  core.on('exit', (code) => fail(new Error(`web.js exited with ${code}`)));
  createInterface({ input: core.stdout }).on('line', (line) => {
    console.log(`[core] ${line}`);
    const found = line.match(/(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/);
    if (found) done(found[1]);
  });
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
const shot = (page, name) => page.screenshot({ path: join(outDir, `${name}.png`) });

try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 2000 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    // frame-ancestors is ignored in a <meta> (the server sends it as a header too): expected.
    if ((m.type() === 'error' || /Content Security Policy/.test(m.text())) && !/'frame-ancestors' is ignored/.test(m.text())) {
      problems.push(m.text());
    }
  });
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto(url);
  await page.getByRole('heading', { name: 'Welcome to Tidings' }).waitFor();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: 'Set up manually' }).click();
  await page.getByLabel('Your name', { exact: true }).fill('Alice');
  await page.getByLabel('Email address', { exact: true }).fill('alice@example.test');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Incoming server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Incoming port', { exact: true }).fill(String(imap.address().port));
  await page.getByLabel('Outgoing server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Outgoing port', { exact: true }).fill(String(smtp.address().port));

  await page.getByRole('button', { name: 'Test connection' }).click();
  const panel = page.getByRole('region', { name: 'Certificate not trusted' });
  await panel.waitFor({ timeout: 30_000 });
  assert.equal(await panel.count(), 1, 'one certificate on both ports: one panel');
  await shot(page, 'real-01-certificate');

  await page.getByRole('button', { name: 'Trust this certificate for 127.0.0.1' }).click();
  await page.getByRole('status', { name: 'Incoming server result' }).getByText('Connected').waitFor({ timeout: 30_000 });
  await page.getByRole('status', { name: 'Outgoing server result' }).getByText('Connected').waitFor({ timeout: 30_000 });
  await shot(page, 'real-02-trusted');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Mail for alice@example.test will appear here').waitFor();
  // The core checks the new account and pushes account.status.
  await page.locator('.sidebar').getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });
  await shot(page, 'real-03-saved');

  // A wrong password, tested: the core's own words appear.
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: 'Set up manually' }).click();
  await page.getByLabel('Email address', { exact: true }).fill('bob@example.test');
  await page.getByLabel('Password', { exact: true }).fill('nope');
  await page.getByLabel('Incoming server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Incoming port', { exact: true }).fill(String(imap.address().port));
  await page.getByLabel('Outgoing server', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Outgoing port', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save anyway' }).waitFor({ timeout: 30_000 });
  await shot(page, 'real-04-failures');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Reload without the fragment: the token comes from sessionStorage.
  await page.goto(url.replace(/#.*/, ''));
  await page.getByText('Mail for alice@example.test will appear here').waitFor();

  await page.getByRole('button', { name: 'Remove account alice@example.test' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove account' }).click();
  await page.getByRole('heading', { name: 'Welcome to Tidings' }).waitFor();
  await shot(page, 'real-05-removed');
} finally {
  await browser.close();
  core.kill('SIGTERM');
  imap.close();
  smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(tlsDir, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`Console problems:\n${problems.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('Real-core walk-through passed, no console problems.');
}
