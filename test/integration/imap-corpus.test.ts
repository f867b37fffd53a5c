import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Folder, MessageDetail, MessagePage, SearchResults } from '../../shared/mail';
import { generateCorpus, hugeMessage, malformedMessages } from '../corpus/index.ts';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import type { TestServers } from '../servers/types';

// The varied corpus (every charset, multipart kinds, attachments, threads)
// and malformed mail, through a real Dovecot and Tidings' sync: each message
// listed once, its text right, nothing crashes.

const servers = inject('servers') as TestServers;
const CORPUS = 88; // two full cycles of every kind, and then some
let core: TempCore | undefined;
afterAll(async () => core?.dispose());

async function allItems(c: TempCore, folderId: number): Promise<MessagePage['items']> {
  return ((await c.dispatch('messages.page', { folderId, offset: 0, limit: 500 })) as MessagePage).items;
}

describe('the varied corpus and malformed mail', () => {
  it('are all listed, read right, and none of them breaks the sync', async () => {
    const user = await newMailUser(servers, 'corpus');
    const client = await otherClient(servers, user);
    const corpus = generateCorpus(CORPUS, 7);
    for (const { raw } of corpus) await client.append('INBOX', raw);
    await client.mailboxCreate('Broken');
    // Some malformed mail cannot even be stored by an IMAP server (a NUL byte
    // needs the BINARY extension); what the server refuses never reaches a client.
    const broken: { name: string }[] = [];
    for (const message of malformedMessages()) {
      if (
        await client.append('Broken', message.raw).then(
          () => true,
          () => false,
        )
      )
        broken.push(message);
    }
    expect(broken.length).toBeGreaterThan(15);
    const huge = hugeMessage();
    await client.append('Broken', huge.raw);
    await client.logout();

    core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 60_000 } });
    const account = (await core.dispatch('accounts.add', draftFor(servers, { user }))) as Account;
    const folders = async () => (await (core as TempCore).dispatch('folders.list', { accountId: account.id })) as Folder[];
    const inbox = async () => (await folders()).find((f) => f.role === 'inbox') as Folder;
    const brokenFolder = async () => (await folders()).find((f) => f.path === 'Broken');
    await expect.poll(async () => (await inbox())?.total, { timeout: 30_000 }).toBe(CORPUS);
    await expect.poll(async () => (await brokenFolder())?.total, { timeout: 30_000 }).toBe(broken.length + 1);

    // Every corpus message: subject as the list shows it, and the body text read right, charsets included.
    const items = await allItems(core, (await inbox()).id);
    expect(items).toHaveLength(CORPUS);
    const byMessageId = new Map<string, MessageDetail>();
    for (const item of items) {
      const detail = (await core.dispatch('messages.get', { id: item.id })) as MessageDetail;
      byMessageId.set(detail.messageId ?? '', detail);
    }
    expect(byMessageId.size).toBe(CORPUS); // each once
    for (const { expected } of corpus) {
      const detail = byMessageId.get(expected.messageId);
      const what = `${expected.kind}/${expected.charset}: ${expected.subject}`;
      expect(detail, what).toBeDefined();
      expect(detail?.body).toBe('ready');
      expect(detail?.subject, what).toBe(expected.subject);
      for (const phrase of expected.bodyPhrases) expect(detail?.text, what).toContain(phrase);
      expect(detail?.from, what).toEqual({ name: expected.fromName, address: expected.fromAddress });
      expect(
        detail?.attachments.map((a) => a.filename),
        what,
      ).toEqual(expected.attachments.map((a) => a.filename));
    }

    // Attachments come out with their exact decoded size and a safe name.
    const withAttachment = corpus.find((m) => m.expected.attachments.some((a) => !a.inline && a.size > 1000));
    if (withAttachment) {
      const detail = byMessageId.get(withAttachment.expected.messageId) as MessageDetail;
      const index = withAttachment.expected.attachments.findIndex((a) => !a.inline && a.size > 1000);
      const saved = (await core.dispatch('messages.attachment', { id: detail.id, index })) as {
        size: number;
        base64: string;
        filename: string;
      };
      expect(saved.size).toBe(withAttachment.expected.attachments[index]?.size);
      expect(Buffer.from(saved.base64, 'base64')).toHaveLength(saved.size);
      expect(saved.filename).not.toMatch(/[/\\]/);
    }

    // Malformed mail is listed, and opening any of it answers (a body, or the raw source as last resort).
    const brokenItems = await allItems(core, ((await brokenFolder()) as Folder).id);
    expect(brokenItems).toHaveLength(broken.length + 1);
    for (const item of brokenItems) {
      const detail = (await core.dispatch('messages.get', { id: item.id })) as MessageDetail;
      expect(['ready', 'unparsable']).toContain(detail.body);
      const { source } = (await core.dispatch('messages.source', { id: item.id })) as { source: string };
      expect(source.length).toBeGreaterThan(0);
    }
    const hugeItem = brokenItems.find((item) => item.size >= huge.raw.length - 1024);
    expect(hugeItem).toBeDefined();
    const hugeDetail = (await core.dispatch('messages.get', { id: hugeItem?.id })) as MessageDetail;
    expect(hugeDetail.text).toContain(huge.textPhrase);

    // Search finds text in a legacy charset.
    const cyrillic = corpus.find((m) => m.expected.charset === 'koi8-r');
    if (cyrillic) {
      const word = (cyrillic.expected.bodyPhrases[0] ?? '').split(/\s+/).find((w) => w.length > 4) ?? '';
      const hits = (await core.dispatch('messages.search', { query: word, accountId: account.id })) as SearchResults;
      expect(hits.items.map((h) => h.subject)).toContain(cyrillic.expected.subject);
    }
  });
});
