import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../shared/accounts';
import type { DraftSummary, OutboxItem } from '../../shared/compose';
import { type ApiClient, connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { deleteWithSubject, newMailUser, otherClient, uidsWithSubject } from '../helpers/mail-users';
import { fetchRaw } from '../helpers/send';
import { launchChromium, type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers, TestUser } from '../servers/types';

// A person writes mail in the real UI (`npm run web` in Debian's Chromium)
// against the real core, Postfix and Dovecot: a new message with an attached
// file first goes to an address Postfix does not know (it comes back to the
// editor with Postfix's words), then to bob (his Inbox, read by another IMAP
// client, has the very bytes) and shows up in Sent; a reply to Carol's
// message is threaded and quotes her; a sent message taken back with Undo
// comes back to the editor and never reaches bob.
// Screenshots: test-output/e2e/compose-*.png.

const servers = inject('servers') as TestServers;
const shots = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');

// bob is one of the fixed users (Postfix delivers only to those), shared with other
// tests: every subject carries this run's tag.
const bob = servers.users.bob;
const TAG = `${process.pid}-${Date.now()}`;
const ATTACHED_NAME = 'engine drawings.bin';
const attachedBytes = randomBytes(150_000);
const NEW_SUBJECT = `Drawings of the engine ${TAG}`;
const CAROL_SUBJECT = `Lunch on Friday? ${TAG}`;
const CAROL_ID = `<lunch-friday-${TAG}@example.test>`;
const UNDONE_SUBJECT = `Not meant to go yet ${TAG}`;
const AFTER_SUBJECT = `After the undo ${TAG}`;
const NOBODY = `nobody${process.pid}@example.test`;

let ada: TestUser;
let dataDir: string;
let app: RunningWebApp;
let api: ApiClient;
let account: Account;
let browser: Browser;
let page: Page;
let bobImap: ImapFlow;

function carolMessage(to: string): string {
  return [
    'From: Carol Example <carol@example.test>',
    `To: ${to}`,
    `Subject: ${CAROL_SUBJECT}`,
    'Date: Mon, 02 Mar 2026 09:15:00 +0000',
    `Message-ID: ${CAROL_ID}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Shall we try the new place on the corner?',
    '',
  ].join('\r\n');
}

/** Messages in bob's Inbox with this subject, as his own mail client sees them. */
function bobMessages(subject: string): Promise<number[]> {
  return uidsWithSubject(bobImap, subject);
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  ada = await newMailUser(servers, 'ada');
  const adaImap = await otherClient(servers, ada);
  await adaImap.append('INBOX', carolMessage(ada.address));
  await adaImap.logout();
  bobImap = await otherClient(servers, bob);
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-e2e-compose-'));
  app = await startWebApp(dataDir);
  // The account is added through the API: adding one by hand is the add-account test's.
  api = await connectApi(app.url);
  account = await api.call<Account>('accounts.add', { ...draftFor(servers, { user: ada }), name: 'Ada Lovelace' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  // bob's Inbox is shared with other tests (the reader test counts it): take back what this run delivered.
  if (bobImap) {
    await deleteWithSubject(bobImap, TAG);
  }
  await bobImap?.logout().catch(() => undefined);
  api?.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A pattern matching this text anywhere (subjects have "?" in them). */
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const shot = (name: string) => page.screenshot({ path: join(shots, `compose-${name}.png`) });
const pane = () => page.locator('section.compose');
const inbox = () => page.getByRole('listbox', { name: 'Messages in Inbox' });
const folderButton = (name: string) =>
  page.getByRole('list', { name: `Folders of ${ada.address}` }).getByRole('button', { name: new RegExp(`^${name}\\b`) });

/** Opens a new message with `c` and addresses it by typing. */
async function newMessage(to: string, subject: string, body: string): Promise<void> {
  await inbox().focus();
  await page.keyboard.press('c');
  const field = page.getByRole('combobox', { name: 'To' });
  await expect.poll(() => field.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
  await field.fill(`${to}, `);
  await page.getByRole('textbox', { name: 'Subject:' }).fill(subject);
  await page.getByRole('textbox', { name: 'Message body' }).click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type(body);
}

describe('writing mail', () => {
  it('shows the account with Carol’s message', async () => {
    await page.goto(app.url);
    const row = inbox().getByRole('option', { name: literally(CAROL_SUBJECT) });
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
  });

  it('sends a new message with an attachment: refused for an unknown address, then bob has the same bytes, and it is in Sent', async () => {
    await newMessage(NOBODY, NEW_SUBJECT, 'Here are the drawings, as promised.');
    const toChips = page.getByRole('list', { name: 'To recipients' });
    await expect.poll(() => toChips.getByText(NOBODY).count()).toBe(1);
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: ATTACHED_NAME, mimeType: 'application/octet-stream', buffer: attachedBytes });
    const attachments = page.getByRole('region', { name: '1 attachment' });
    await expect.poll(() => attachments.textContent(), { timeout: 30_000 }).toContain(ATTACHED_NAME);
    expect(await attachments.textContent()).toContain('150 KB');
    // Autosave: the draft is stored without anyone pressing anything.
    await expect.poll(() => page.getByText('Draft saved').count(), { timeout: 15_000 }).toBe(1);
    const drafts = await api.call<DraftSummary[]>('drafts.list', { accountId: account.id });
    expect(drafts.map((d) => d.subject)).toContain(NEW_SUBJECT);
    await shot('01-new-with-attachment');

    // Postfix refuses the address: the message is back in the editor, with its words.
    await page.keyboard.press('Control+Enter');
    const failure = page.getByRole('alert').filter({ hasText: 'Not sent to one recipient' });
    await expect.poll(() => failure.count(), { timeout: 60_000 }).toBe(1);
    expect(await failure.textContent()).toMatch(new RegExp(`${NOBODY}: 550 5\\.1\\.1`));
    expect(await page.getByRole('textbox', { name: 'Subject:' }).inputValue()).toBe(NEW_SUBJECT);
    expect(await page.getByRole('region', { name: '1 attachment' }).textContent()).toContain(ATTACHED_NAME);
    await shot('02-refused');

    // Corrected: the wrong address out, bob in, sent again.
    await toChips.getByRole('button', { name: `Remove ${NOBODY}` }).click();
    await page.getByRole('combobox', { name: 'To' }).fill(`Bob <${bob.address}>,`);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => pane().count()).toBe(0);
    await expect.poll(() => page.getByText(`Sent “${NEW_SUBJECT}”.`).count(), { timeout: 60_000 }).toBe(1);

    // Bob's own mail client: the message, with the attachment byte for byte.
    let uids: number[] = [];
    await expect
      .poll(
        async () => {
          uids = await bobMessages(NEW_SUBJECT);
          return uids.length;
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    const [uid] = uids;
    if (uid === undefined) throw new Error('no message');
    const parsed = await simpleParser((await fetchRaw(bobImap, 'INBOX', uid)).raw);
    expect(parsed.from?.value[0]?.address).toBe(ada.address);
    expect(parsed.text).toContain('Here are the drawings, as promised.');
    const file = parsed.attachments.find((a) => a.filename === ATTACHED_NAME);
    expect(file?.content.equals(attachedBytes)).toBe(true);

    // Sent, in the app.
    await folderButton('Sent').click();
    const sentRow = page.getByRole('listbox', { name: 'Messages in Sent' }).getByRole('option', { name: literally(NEW_SUBJECT) });
    await expect.poll(() => sentRow.count(), { timeout: 60_000 }).toBe(1);
    await sentRow.click();
    await expect.poll(() => page.getByRole('region', { name: '1 attachment' }).textContent(), { timeout: 30_000 }).toContain(ATTACHED_NAME);
    await shot('03-in-sent');
  });

  it('replies to Carol: addressed to her, "Re:", her words quoted, threaded', async () => {
    await folderButton('Inbox').click();
    await inbox()
      .getByRole('option', { name: literally(CAROL_SUBJECT) })
      .click();
    await expect.poll(() => page.getByRole('heading', { name: CAROL_SUBJECT }).count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect.poll(() => pane().count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Subject:' }).inputValue()).toBe(`Re: ${CAROL_SUBJECT}`);
    expect(await page.getByRole('list', { name: 'To recipients' }).textContent()).toContain('Carol Example');
    await expect.poll(() => page.locator('.compose-editor blockquote').textContent()).toContain('Shall we try the new place');
    expect(await page.locator('.compose-editor').textContent()).toMatch(/Carol Example wrote:/);
    // The keyboard is in the body, above the quote.
    await page.keyboard.type('Yes, at one.');
    // Bob is asked along (Cc), so the test can read what was sent.
    await page.getByRole('button', { name: 'Add Cc recipients' }).click();
    await page.getByRole('combobox', { name: 'Cc' }).fill(`${bob.address},`);
    await shot('04-reply');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByText(`Sent “Re: ${CAROL_SUBJECT}”.`).count(), { timeout: 60_000 }).toBe(1);

    let uids: number[] = [];
    await expect
      .poll(
        async () => {
          uids = await bobMessages(`Re: ${CAROL_SUBJECT}`);
          return uids.length;
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    const parsed = await simpleParser((await fetchRaw(bobImap, 'INBOX', uids[0] ?? 0)).raw);
    expect(parsed.inReplyTo).toBe(CAROL_ID);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : []).toEqual(['carol@example.test']);
    expect(parsed.text).toMatch(/^Yes, at one\./);
    expect(parsed.text).toContain('> Shall we try the new place on the corner?');
  });

  it('takes a sent message back with Undo: it is in the editor again, and never reaches bob', async () => {
    await newMessage(`Bob <${bob.address}>`, UNDONE_SUBJECT, 'Second thoughts.');
    // Time to press Undo without hurry: 20 s.
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByLabel('Undo after Send for').selectOption('20');
    await expect
      .poll(async () => (await api.call<{ undoSeconds: number }>('compose.settings', { accountId: account.id })).undoSeconds)
      .toBe(20);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    await expect.poll(() => undo.count(), { timeout: 15_000 }).toBe(1);
    await shot('05-undo');
    expect((await api.call<OutboxItem[]>('outbox.list', { accountId: account.id })).map((i) => i.subject)).toEqual([UNDONE_SUBJECT]);
    await undo.click();

    await expect.poll(() => pane().count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Subject:' }).inputValue()).toBe(UNDONE_SUBJECT);
    expect(await page.locator('.compose-editor').textContent()).toContain('Second thoughts.');
    expect(await api.call<OutboxItem[]>('outbox.list', { accountId: account.id })).toEqual([]);
    await shot('06-undone');

    // Escape closes and keeps it as a draft.
    await page.keyboard.press('Escape');
    await expect.poll(() => pane().count()).toBe(0);
    const drafts = await api.call<DraftSummary[]>('drafts.list', { accountId: account.id });
    expect(drafts.map((d) => d.subject)).toContain(UNDONE_SUBJECT);

    // A message sent after it arrives; the undone one does not.
    await newMessage(`Bob <${bob.address}>`, AFTER_SUBJECT, 'This one goes.');
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByLabel('Undo after Send for').selectOption('0');
    await page.getByRole('button', { name: 'Options' }).click();
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await bobMessages(AFTER_SUBJECT)).length, { timeout: 60_000 }).toBe(1);
    expect(await bobMessages(UNDONE_SUBJECT)).toEqual([]);
  });
});
