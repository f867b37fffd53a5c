import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { addAccountByHand } from '../helpers/manual-account';
import { type NetworkSwitch, startNetworkSwitch } from '../helpers/network-switch';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import { deliverRaw } from '../servers/dovecot';
import type { TestServers, TestUser } from '../servers/types';

// A person reads mail in the real UI (`npm run web` in Debian's Chromium)
// against the real core and Dovecot: bob's Inbox gets a plain message and a
// hostile HTML one; bob adds his account by hand, reads, stars and moves the
// plain one, opens the hostile one (nothing runs, nothing loads, nothing
// navigates until he allows remote content), then loses the network and
// still reads his saved mail. Screenshots: test-output/e2e/reader-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
// "bob" is a mailbox of this file's own: the harness's shared bob gets mail from
// integration tests running beside it (a full run under load once buried these
// messages, dated March, below newer ones).
let bob: TestUser;

const PLAIN_SUBJECT = 'Plain hello from Alice';
const HOSTILE_SUBJECT = 'Hostile newsletter';
const OTHER_SUBJECT = 'Lunch on Friday';

let dataDir: string;
let app: RunningWebApp;
let browser: Browser;
let page: Page;
/** Bob's IMAP goes through this relay, so the test can take the network away. */
let network: NetworkSwitch;
/** A web server standing in for a sender's tracker: it counts every request. */
let tracker: Server;
const trackerHits: string[] = [];

// A 1×1 PNG, as an inline (cid:) part.
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function plainMessage(): string {
  return [
    'From: Alice Example <alice@example.test>',
    `To: Bob <${bob.address}>`,
    `Subject: ${PLAIN_SUBJECT}`,
    'Date: Mon, 02 Mar 2026 09:15:00 +0000',
    'Message-ID: <plain-1@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hi Bob,',
    '',
    'the notes are at https://notes.example.test/engine and my address is alice@example.test.',
    '',
    'Alice',
    '',
  ].join('\r\n');
}

function otherMessage(): string {
  return [
    'From: Carol <carol@example.test>',
    `To: ${bob.address}`,
    `Subject: ${OTHER_SUBJECT}`,
    'Date: Mon, 02 Mar 2026 08:00:00 +0000',
    'Message-ID: <other-1@example.test>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Shall we?',
    '',
  ].join('\r\n');
}

/** HTML with an inline image, a remote one pointing at the counting server, and everything a hostile sender might try. */
function hostileMessage(trackerBase: string): string {
  const html = `<html><head>
<meta http-equiv="refresh" content="1; url=${trackerBase}/refresh">
<base href="${trackerBase}/base/">
<link rel="stylesheet" href="${trackerBase}/style.css">
<script>window.top.__pwned = 'script'; parent.__pwned = 'script';</script>
</head><body onload="window.top.__pwned = 'onload'">
<h1>Big news</h1>
<p><img src="cid:logo@example.test" alt="inline logo" width="20" height="20"></p>
<p><img src="${trackerBase}/pixel.gif" alt="tracking pixel" width="10" height="10"></p>
<img src="x" onerror="window.top.__pwned = 'onerror'" alt="">
<p><a href="javascript:window.top.__pwned='javascript-link'">Click for a prize</a></p>
<form action="${trackerBase}/steal" method="post"><input name="password"><button type="submit">Log in</button></form>
<div style="background-image: url('${trackerBase}/background.gif')">Remote background</div>
</body></html>`;
  return [
    'From: Promotions <promo@shop.example.test>',
    `To: ${bob.address}`,
    `Subject: ${HOSTILE_SUBJECT}`,
    'Date: Mon, 02 Mar 2026 10:30:00 +0000',
    'Message-ID: <hostile-1@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
    '--rel',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <logo@example.test>',
    'Content-Disposition: inline; filename="logo.png"',
    '',
    PIXEL_PNG,
    '--rel--',
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  bob = await newMailUser(servers, 'reader');
  tracker = createServer((req, res) => {
    trackerHits.push(req.url ?? '');
    res
      .writeHead(200, { 'content-type': 'image/gif' })
      .end(Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'));
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  const trackerBase = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}`;

  const lmtp = { host: servers.dovecot.host, ports: { lmtp: servers.dovecot.ports.lmtp } };
  await deliverRaw(lmtp, bob.address, otherMessage());
  await deliverRaw(lmtp, bob.address, plainMessage());
  await deliverRaw(lmtp, bob.address, hostileMessage(trackerBase));

  network = await startNetworkSwitch(servers.dovecot.ports.imaps);
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-reader-'));
  app = await startWebApp(dataDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await network?.close();
  await new Promise<void>((resolve) => (tracker ? tracker.close(() => resolve()) : resolve()));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(shots, `reader-${name}.png`) });
const folders = () => page.getByRole('list', { name: `Folders of ${bob.address}` });
const folderButton = (name: string) => folders().getByRole('button', { name: new RegExp(`^${name}\\b`) });
const messages = (folder: string) => page.getByRole('listbox', { name: `Messages in ${folder}` });
const row = (folder: string, subject: string) => messages(folder).getByRole('option', { name: new RegExp(subject) });
const toolbar = () => page.getByRole('group', { name: 'Message actions' });
const messageFrame = () => page.locator('iframe[title="Message content"]');
const sidebar = () => page.getByRole('navigation');

describe('reading mail', () => {
  it('adds bob by hand and lists his Inbox', async () => {
    await addAccountByHand(page, app.url, servers, {
      name: 'Bob Example',
      user: bob,
      protocol: 'IMAP',
      host: servers.dovecot.host,
      port: network.port,
    });

    await expect.poll(() => row('Inbox', HOSTILE_SUBJECT).count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => messages('Inbox').getByRole('option').count()).toBe(3);
    for (const name of ['Inbox', 'Drafts', 'Sent', 'Archive', 'Junk', 'Trash']) expect(await folderButton(name).count()).toBe(1);
    // Newest first; all three unread (the inbox badge says so too).
    const labels = await messages('Inbox')
      .getByRole('option')
      .evaluateAll((options) => options.map((o) => o.getAttribute('aria-label') ?? ''));
    expect(labels[0]).toMatch(new RegExp(`^Unread, Promotions, ${HOSTILE_SUBJECT}`));
    expect(labels[1]).toMatch(new RegExp(`^Unread, Alice Example, ${PLAIN_SUBJECT}`));
    await expect.poll(() => folderButton('Inbox').textContent()).toMatch(/3 unread/);
    await shot('01-inbox');
  });

  it('opens the plain message (marking it read), with its links clickable', async () => {
    await row('Inbox', PLAIN_SUBJECT).click();
    await expect.poll(() => page.getByRole('heading', { name: PLAIN_SUBJECT }).isVisible(), { timeout: 30_000 }).toBe(true);
    const text = await page.getByRole('article').textContent();
    expect(text).toContain('Alice Example <alice@example.test>');
    expect(await page.getByRole('link', { name: 'https://notes.example.test/engine' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'alice@example.test' }).getAttribute('href')).toBe('mailto:alice@example.test');
    await expect.poll(() => row('Inbox', PLAIN_SUBJECT).getAttribute('aria-label')).not.toMatch(/^Unread/);
    await expect.poll(() => folderButton('Inbox').textContent()).toMatch(/2 unread/);
    await shot('02-plain');
  });

  it('stars it: shown at once, and on the server', async () => {
    await toolbar().getByRole('button', { name: 'Star' }).click();
    await expect.poll(() => row('Inbox', PLAIN_SUBJECT).getAttribute('aria-label')).toMatch(/starred/);
    await expect.poll(() => toolbar().getByRole('button', { name: 'Unstar' }).count()).toBe(1);
    const imap = await otherClient(servers, bob);
    try {
      await expect
        .poll(
          async () => {
            const lock = await imap.getMailboxLock('INBOX');
            try {
              const uids = (await imap.search({ subject: PLAIN_SUBJECT, flagged: true }, { uid: true })) || [];
              return uids.length;
            } finally {
              lock.release();
            }
          },
          { timeout: 30_000 },
        )
        .toBe(1);
    } finally {
      await imap.logout().catch(() => undefined);
    }
    await shot('03-starred');
  });

  it('moves it to Archive with "Move to…"; it is there, and gone from the Inbox', async () => {
    await toolbar().getByRole('button', { name: 'Move to…' }).click();
    const menu = page.getByRole('menu', { name: 'Move to folder' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    await shot('04-move-menu');
    await menu.getByRole('menuitem', { name: 'Archive' }).click();
    await expect.poll(() => row('Inbox', PLAIN_SUBJECT).count(), { timeout: 15_000 }).toBe(0);
    await folderButton('Archive').click();
    await expect.poll(() => row('Archive', PLAIN_SUBJECT).count(), { timeout: 15_000 }).toBe(1);
    await shot('05-archive');
    const imap = await otherClient(servers, bob);
    try {
      await expect
        .poll(
          async () => {
            const lock = await imap.getMailboxLock('Archive');
            try {
              return ((await imap.search({ subject: PLAIN_SUBJECT }, { uid: true })) || []).length;
            } finally {
              lock.release();
            }
          },
          { timeout: 30_000 },
        )
        .toBe(1);
    } finally {
      await imap.logout().catch(() => undefined);
    }
    await folderButton('Inbox').click();
    await expect.poll(() => messages('Inbox').getByRole('option').count()).toBe(2);
  });

  it('shows the hostile message without running, loading, submitting or navigating anything', async () => {
    const appUrl = page.url();
    await row('Inbox', HOSTILE_SUBJECT).click();
    const frame = page.frameLocator('iframe[title="Message content"]');
    await expect.poll(() => frame.getByRole('heading', { name: 'Big news' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByText('Remote content was blocked to protect your privacy.').isVisible()).toBe(true);
    // The meta refresh asked for 1 s; give it (and any handler) time to fire if it could.
    await page.waitForTimeout(3_000);

    expect(await messageFrame().getAttribute('sandbox')).toBe('allow-same-origin');
    const inside = await messageFrame().evaluate((iframe: HTMLIFrameElement) => {
      const doc = iframe.contentDocument as Document;
      return {
        framePwned: (iframe.contentWindow as unknown as { __pwned?: string }).__pwned,
        frameUrl: iframe.contentWindow?.location.href,
        scripts: doc.querySelectorAll('script').length,
        forms: doc.querySelectorAll('form, input, button').length,
        refresh: doc.querySelectorAll('meta[http-equiv="refresh" i]').length,
        bases: doc.querySelectorAll('base').length,
        handlers: [...doc.querySelectorAll('*')].flatMap((e) =>
          [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
        ),
        javascriptLinks: [...doc.querySelectorAll('a')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
        firstMeta: doc.head.firstElementChild?.getAttribute('http-equiv'),
      };
    });
    expect(inside).toEqual({
      framePwned: undefined,
      frameUrl: 'about:srcdoc',
      scripts: 0,
      forms: 0,
      refresh: 0,
      bases: 0,
      handlers: [],
      javascriptLinks: 0,
      firstMeta: 'Content-Security-Policy',
    });
    await frame.getByText('Click for a prize').click();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.title()).toBe('Tidings');
    expect(page.url()).toBe(appUrl);
    expect(trackerHits).toEqual([]);
    await shot('06-hostile-blocked');
  });

  it('shows the inline (cid:) image from the message itself', async () => {
    // The core sends inline parts as data: URLs (MessageDetail.inlineImages); the frame may show data: images only.
    const shown = await messageFrame().evaluate((iframe: HTMLIFrameElement) =>
      [...(iframe.contentDocument as Document).images].map((img) => ({
        alt: img.alt,
        data: img.src.startsWith('data:image/png'),
        width: img.naturalWidth,
      })),
    );
    expect(shown.find((img) => img.alt === 'inline logo')).toEqual({ alt: 'inline logo', data: true, width: 1 });
  });

  it('loads remote content when asked, and only then', async () => {
    // No Authentication-Results from bob's provider: the sender cannot be verified, so there is no "Always for".
    await expect.poll(() => page.getByText('the sender cannot be verified').count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Always for/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Load this time' }).click();
    await expect.poll(() => trackerHits.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    expect(trackerHits).toContain('/pixel.gif');
    // Still nothing the sanitizer removed: no refresh, no stylesheet, no form post.
    expect(trackerHits.filter((hit) => /refresh|style\.css|steal|base/.test(hit))).toEqual([]);
    await expect.poll(() => page.getByText('Remote content was blocked').count()).toBe(0);
    await shot('07-remote-loaded');
  });

  it('keeps showing saved mail when the network goes, says so, and recovers with "Retry now"', async () => {
    await network.cut();
    await expect.poll(() => sidebar().textContent(), { timeout: 60_000 }).toContain('Offline — showing saved mail');
    // Saved mail still reads.
    await row('Inbox', OTHER_SUBJECT).click();
    await expect.poll(() => page.getByRole('heading', { name: OTHER_SUBJECT }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('article').textContent()).toContain('Shall we?');
    await shot('08-offline');

    await network.restore();
    await page.getByRole('button', { name: `Retry now for ${bob.address}` }).click();
    await expect.poll(() => sidebar().textContent(), { timeout: 30_000 }).not.toContain('Offline');
    await expect
      .poll(() => sidebar().textContent(), { timeout: 30_000 })
      .toMatch(/Connected|Up to date|Checking for mail|Reading message list|Downloading/);
    await shot('09-back-online');
  });
});
