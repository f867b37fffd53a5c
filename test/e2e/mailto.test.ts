import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { deleteWithSubject, newMailUser, otherClient, uidsWithSubject } from '../helpers/mail-users';
import { fetchRaw } from '../helpers/send';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers, TestUser } from '../servers/types';

// A mailto: link opens compose filled in, and what is sent is what the link
// said: `npm run web -- --mailto LINK` (the browser transport's stand-in for
// the OS handing the desktop app a link) in Debian's Chromium, against the
// real core, Postfix and Dovecot. Screenshot: test-output/e2e/mailto-compose.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const bob = servers.users.bob;
const TAG = `${process.pid}-${Date.now()}`;
const SUBJECT = `Café on Friday? ${TAG}`;
const LINK =
  `mailto:${bob.address}?subject=${encodeURIComponent(SUBJECT)}` +
  '&body=Hello%20Bob%2C%0D%0A%0D%0Ashall%20we%20meet%20at%2010%3F&from=mallory@example.test';

let ada: TestUser;
let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let browser: Browser;
let page: Page;
let bobImap: ImapFlow;

beforeAll(async () => {
  ada = await newMailUser(servers, 'ada');
  bobImap = await otherClient(servers, bob);
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-mailto-'));
  app = await startWebApp(dataDir, {}, ['--mailto', LINK]);
  api = await connectApi(app.url);
  await api.call('accounts.add', { ...draftFor(servers, { user: ada }), name: 'Ada Lovelace' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  // bob's Inbox is shared with other tests: take back what this run delivered.
  if (bobImap) {
    await deleteWithSubject(bobImap, TAG);
  }
  await bobImap?.logout().catch(() => undefined);
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a mailto: link', () => {
  it('opens compose with the recipient, subject and body of the link, from the account’s own address', async () => {
    // The printed address carries the link beside the token.
    expect(app.url).toContain(`&mailto=${encodeURIComponent(LINK)}`);
    await page.goto(app.url);
    const pane = page.locator('section.compose');
    await expect.poll(() => pane.count(), { timeout: 30_000 }).toBe(1);
    const toChips = page.getByRole('list', { name: 'To recipients' });
    await expect.poll(() => toChips.getByText(bob.address).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Subject:' }).inputValue()).toBe(SUBJECT);
    const body = page.getByRole('textbox', { name: 'Message body' });
    expect(await body.textContent()).toContain('shall we meet at 10?');
    await page.screenshot({ path: join(shots, 'mailto-compose.png') });
    // Taken once: the link is gone from the address, so a reload does not start it again.
    expect(await page.evaluate(() => location.hash)).not.toContain('mailto');
    // And the token is gone from it too (renderer/src/api/token.ts).
    expect(await page.evaluate(() => location.hash)).not.toContain('token=');
  });

  it('sends what the link said, to bob, from ada (the link’s From is ignored)', async () => {
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('section.compose').count(), { timeout: 30_000 }).toBe(0);
    let uids: number[] = [];
    await expect
      .poll(
        async () => {
          uids = await uidsWithSubject(bobImap, TAG);
          return uids.length;
        },
        { timeout: 90_000 },
      )
      .toBe(1);
    const parsed = await simpleParser((await fetchRaw(bobImap, 'INBOX', uids[0] as number)).raw);
    expect(parsed.subject).toBe(SUBJECT);
    expect(parsed.from?.value[0]?.address).toBe(ada.address);
    expect(parsed.text).toContain('Hello Bob,');
    expect(parsed.text).toContain('shall we meet at 10?');
  });
});
