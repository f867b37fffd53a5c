import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/database';
import { FoldersRepo } from '../../../main/store/folders-repo';
import { MessagesRepo } from '../../../main/store/messages-repo';
import { SourceFiles } from '../../../main/store/source-files';
import type { Account } from '../../../shared/accounts';
import type { ContactSuggestion, Draft, DraftFields, Identity, OutboxItem } from '../../../shared/compose';
import { ApiError } from '../../../shared/errors';
import { type TempCore, tempCore } from '../../helpers/core';
import { fieldsOf, upload } from '../../helpers/send';

// Drafts, uploads, identities, suggestions and the outbox's rules, on a real
// core without servers (the account's servers refuse connections at once:
// port 1 on the loopback).

let core: TempCore;
let account: Account;
beforeAll(async () => {
  core = await tempCore();
  const server = { host: '127.0.0.1', port: 1, security: 'tls' as const, username: 'me@example.test' };
  account = (await core.dispatch('accounts.add', {
    name: 'Me Myself',
    email: 'me@example.test',
    password: 'pw',
    incoming: { ...server, protocol: 'imap' },
    outgoing: server,
  })) as Account;
});
afterAll(async () => core.dispose());

async function failure(method: string, args: unknown): Promise<ApiError> {
  const error = await core.dispatch(method, args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

async function newFields(change: Partial<DraftFields> = {}): Promise<DraftFields> {
  return fieldsOf((await core.dispatch('compose.start', { mode: 'new', accountId: account.id })) as Draft, change);
}

describe('drafts', () => {
  it('saves, replaces and returns every field', async () => {
    const fields = await newFields({
      to: [{ name: 'Bob', address: 'bob@example.test' }],
      subject: 'One',
      body: { format: 'plain', text: 'a' },
    });
    const first = (await core.dispatch('drafts.save', { draft: fields })) as { id: string; savedAt: string };
    expect(first.id).toMatch(/^d_/);
    const second = { ...fields, subject: 'Two', bcc: [{ name: '', address: 'half@' }] };
    await core.dispatch('drafts.save', { id: first.id, draft: second });
    expect(fieldsOf((await core.dispatch('drafts.get', { id: first.id })) as Draft)).toEqual(second);
    expect(((await core.dispatch('drafts.list', { accountId: account.id })) as { id: string }[]).some((d) => d.id === first.id)).toBe(true);
    await core.dispatch('drafts.delete', { id: first.id });
    expect((await failure('drafts.get', { id: first.id })).code).toBe('not_found');
  });

  it('refuses malformed drafts with the reason', async () => {
    const fields = await newFields();
    expect((await failure('drafts.save', { draft: { ...fields, extra: 1 } })).code).toBe('invalid_argument');
    expect((await failure('drafts.save', { draft: { ...fields, subject: 'two\nlines' } })).message).toContain('subject');
    expect((await failure('drafts.save', { draft: { ...fields, body: { format: 'html', text: 'x' } } })).code).toBe('invalid_argument');
    expect((await failure('drafts.save', { draft: { ...fields, identityId: 'i_notminenotmine' } })).message).toContain('identity');
    expect((await failure('drafts.save', { draft: { ...fields, attachments: [{ id: 'a_doesnotexist1' }] } })).code).toBe('not_found');
  });
});

describe('a new message from a mailto: link', () => {
  it('fills recipients, subject, body and In-Reply-To, and the draft saves as it is', async () => {
    const link =
      'mailto:bob@example.test,%22Doe%2C%20Jo%22%20%3Cjo@example.test%3E?cc=carol@example.test&bcc=dan@example.test' +
      '&subject=Caf%C3%A9%20tonight%3F&body=Hi%20Bob%2C%0D%0A%0D%0A%3Cb%3Eline%3C%2Fb%3E&in-reply-to=%3Cabc@example.test%3E&from=boss@example.test';
    const draft = (await core.dispatch('compose.start', { mode: 'new', accountId: account.id, mailto: link })) as Draft;
    expect(draft.to).toEqual([
      { name: '', address: 'bob@example.test' },
      { name: 'Doe, Jo', address: 'jo@example.test' },
    ]);
    expect(draft.cc).toEqual([{ name: '', address: 'carol@example.test' }]);
    expect(draft.bcc).toEqual([{ name: '', address: 'dan@example.test' }]);
    expect(draft.subject).toBe('Café tonight?');
    expect(draft.inReplyTo).toBe('<abc@example.test>');
    expect(draft.references).toEqual(['<abc@example.test>']);
    // The account writes HTML by default: the text becomes paragraphs, its markup escaped, never parsed.
    expect(draft.body).toEqual({ format: 'html', html: '<p>Hi Bob,</p><p>&lt;b&gt;line&lt;/b&gt;</p>' });
    // From= in the link chose nothing: the draft is from the account's own identity.
    const identities = (await core.dispatch('identities.list', { accountId: account.id })) as Identity[];
    expect(draft.identityId).toBe(identities.find((i) => i.isDefault)?.id);
    const saved = (await core.dispatch('drafts.save', { draft: fieldsOf(draft) })) as { id: string };
    expect(((await core.dispatch('drafts.get', { id: saved.id })) as Draft).subject).toBe('Café tonight?');
    await core.dispatch('drafts.delete', { id: saved.id });
  });

  it('refuses a link that is not mailto:, and one on a reply', async () => {
    expect((await failure('compose.start', { mode: 'new', mailto: 'https://example.test' })).code).toBe('invalid_argument');
    expect((await failure('compose.start', { mode: 'reply', messageId: 1, mailto: 'mailto:x@example.test' })).code).toBe(
      'invalid_argument',
    );
  });
});

describe('attachment uploads', () => {
  it('stores the bytes of an upload sent in chunks, in order only', async () => {
    const bytes = Buffer.alloc(2 * 1024 * 1024 + 17, 7);
    const attachment = await upload(core.dispatch, '../../etc/passwd', 'application/octet-stream', bytes);
    expect(attachment.filename).toBe('_.._etc_passwd');
    expect(attachment.size).toBe(bytes.length);
    const content = (await core.dispatch('drafts.attachmentContent', { id: attachment.id })) as { base64: string };
    expect(Buffer.from(content.base64, 'base64').equals(bytes)).toBe(true);
  });

  it('refuses chunks out of order, more bytes than announced, and finishing early', async () => {
    const { uploadId } = (await core.dispatch('drafts.attachmentBegin', { filename: 'x', contentType: 'text/plain', size: 4 })) as {
      uploadId: string;
    };
    expect((await failure('drafts.attachmentChunk', { uploadId, offset: 2, base64: 'YWI=' })).message).toContain('in order');
    await core.dispatch('drafts.attachmentChunk', { uploadId, offset: 0, base64: 'YWI=' });
    expect((await failure('drafts.attachmentFinish', { uploadId })).message).toContain('Only 2 of 4');
    expect((await failure('drafts.attachmentChunk', { uploadId, offset: 2, base64: 'YWJjZA==' })).message).toContain('larger');
    expect((await failure('drafts.attachmentChunk', { uploadId, offset: 2, base64: 'not base64!' })).code).toBe('invalid_argument');
    expect((await failure('drafts.attachmentBegin', { filename: 'x', contentType: 'text/plain', size: 41 * 1024 * 1024 })).code).toBe(
      'invalid_argument',
    );
  });
});

describe('identities', () => {
  it('starts with the account itself and keeps exactly one default', async () => {
    const [first] = (await core.dispatch('identities.list', { accountId: account.id })) as Identity[];
    expect(first).toMatchObject({ name: 'Me Myself', address: 'me@example.test', isDefault: true, replyTo: null });
    const both = (await core.dispatch('identities.set', {
      accountId: account.id,
      identities: [
        { id: first?.id, name: 'Me Myself', address: 'me@example.test', replyTo: null, signature: '-- \nMe', isDefault: false },
        { name: 'Sales', address: 'sales@example.test', replyTo: 'team@example.test', signature: '', isDefault: true },
      ],
    })) as Identity[];
    expect(both.map((i) => [i.address, i.isDefault])).toEqual([
      ['me@example.test', false],
      ['sales@example.test', true],
    ]);
    expect(both[0]?.id).toBe(first?.id);
    const twoDefaults = both.map(({ id, name, address, replyTo, signature }) => ({
      id,
      name,
      address,
      replyTo,
      signature,
      isDefault: true,
    }));
    expect((await failure('identities.set', { accountId: account.id, identities: twoDefaults })).message).toContain('Exactly one');
    // A new message starts with the default identity.
    expect(((await core.dispatch('compose.start', { mode: 'new', accountId: account.id })) as Draft).identityId).toBe(both[1]?.id);
  });
});

describe('contacts.suggest', () => {
  it('ranks people by how often and how recently, from received mail and the Sent folder, without the user', async () => {
    const db = openDatabase(`${core.dataDir}/tidings.sqlite`);
    try {
      const folders = new FoldersRepo(db);
      folders.replaceAll(account.id, [
        { path: 'INBOX', name: 'INBOX', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true },
        { path: 'Sent', name: 'Sent', delimiter: '/', parentPath: null, role: 'sent', subscribed: true, selectable: true },
      ]);
      const inbox = folders.byRole(account.id, 'inbox')?.id as number;
      const sent = folders.byRole(account.id, 'sent')?.id as number;
      const day = 86_400_000;
      const now = Date.now();
      let uid = 1;
      const header = (from: string, to: string, ago: number) => ({
        uid: uid++,
        messageId: null,
        inReplyTo: null,
        references: [],
        subject: 's',
        from: { name: from.split('@')[0] as string, address: from },
        to: [{ name: to === 'old@example.test' ? 'Old Friend' : '', address: to }],
        cc: [],
        replyTo: [],
        date: now - ago,
        flags: 0,
        keywords: [],
        size: 1,
      });
      const messages = new MessagesRepo(db, new SourceFiles(`${core.dataDir}/sources`));
      messages.upsertHeaders(account.id, inbox, [
        header('often@example.test', 'me@example.test', 2 * day),
        header('often@example.test', 'me@example.test', 3 * day),
        header('often@example.test', 'me@example.test', 4 * day),
        header('once@example.test', 'me@example.test', 1 * day),
      ]);
      messages.upsertHeaders(account.id, sent, [
        header('me@example.test', 'old@example.test', 400 * day),
        header('me@example.test', 'old@example.test', 401 * day),
        header('me@example.test', 'old@example.test', 402 * day),
        header('me@example.test', 'old@example.test', 403 * day),
      ]);
    } finally {
      db.close();
    }
    const all = (await core.dispatch('contacts.suggest', { query: 'example', limit: 10 })) as ContactSuggestion[];
    expect(all.map((c) => c.address)).toEqual(['often@example.test', 'once@example.test', 'old@example.test']);
    expect(all[0]?.count).toBe(3);
    const byName = (await core.dispatch('contacts.suggest', { query: 'old fri' })) as ContactSuggestion[];
    expect(byName.map((c) => [c.name, c.address])).toEqual([['Old Friend', 'old@example.test']]);
    expect((await core.dispatch('contacts.suggest', { query: '%' })) as ContactSuggestion[]).toEqual([]);
  });
});

describe('the outbox', () => {
  it('keeps a queued message unchanged until it is undone', async () => {
    const { id: draftId } = (await core.dispatch('drafts.save', {
      draft: await newFields({ to: [{ name: '', address: 'bob@example.test' }], subject: 'Queued', body: { format: 'plain', text: 'x' } }),
    })) as { id: string };
    const item = (await core.dispatch('outbox.send', { draftId, undoSeconds: 60 })) as OutboxItem;
    expect(item).toMatchObject({ state: 'scheduled', draftId, subject: 'Queued', recipients: [{ name: '', address: 'bob@example.test' }] });
    expect(Date.parse(item.sendAt) - Date.now()).toBeGreaterThan(50_000);
    expect((await failure('outbox.send', { draftId })).code).toBe('conflict');
    expect((await failure('drafts.save', { id: draftId, draft: await newFields() })).code).toBe('conflict');
    expect((await failure('drafts.delete', { id: draftId })).code).toBe('conflict');
    const back = (await core.dispatch('outbox.undo', { id: item.id })) as Draft;
    expect(back.subject).toBe('Queued');
    expect(await core.dispatch('outbox.list', {})).toEqual([]);
  });

  it('needs at least one recipient', async () => {
    const { id: draftId } = (await core.dispatch('drafts.save', { draft: await newFields({ subject: 'Nobody' }) })) as { id: string };
    expect((await failure('outbox.send', { draftId })).message).toBe('Add at least one recipient.');
  });
});
