import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Folder, MessageDetail, MessagePage } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import type { TestServers } from '../servers/types';

// "Always load remote content from this sender" trusts the From address only
// when the account's own provider authenticated it: the topmost
// Authentication-Results, from the provider (here the account's domain,
// example.test), with DKIM pass for the From domain or DMARC pass. A From
// address alone, or results the sender wrote lower down, are not enough.

const servers = inject('servers') as TestServers;
let core: TempCore | undefined;
afterAll(async () => core?.dispose());

function message(subject: string, authentication: string[]): Buffer {
  return Buffer.from(
    [
      ...authentication,
      'From: Shop <promo@shop.example.test>',
      'To: someone@example.test',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W/g, '')}@shop.example.test>`,
      'Date: Mon, 07 Dec 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Sale!</p><img src="https://tracker.example.test/pixel.gif" alt="">',
      '',
    ].join('\r\n'),
  );
}

const RECEIVED = 'Received: from mail.shop.example.test by mx.example.test with ESMTPS; Mon, 07 Dec 2026 09:00:01 +0000';

describe('remote content from a trusted sender', () => {
  it('applies only to messages the provider authenticated as from that sender', async () => {
    const user = await newMailUser(servers, 'remote');
    const client = await otherClient(servers, user);
    const messages: Record<string, string[]> = {
      Signed: [
        'Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=shop.example.test;',
        ' dkim=pass (2048-bit key) header.d=shop.example.test header.s=s1; dmarc=pass (p=reject) header.from=shop.example.test',
        RECEIVED,
      ],
      Unsigned: [RECEIVED],
      // The sender wrote a passing result under the provider's name; the provider's own, on top, says fail.
      Forged: [
        'Authentication-Results: mx.example.test; dkim=fail header.d=shop.example.test; dmarc=fail header.from=shop.example.test',
        RECEIVED,
        'Authentication-Results: mx.example.test; dkim=pass header.d=shop.example.test; dmarc=pass header.from=shop.example.test',
      ],
      // Someone else's server vouched, not the account's provider.
      Elsewhere: ['Authentication-Results: mx.attacker.test; dkim=pass header.d=shop.example.test; dmarc=pass', RECEIVED],
      // Signed, but by another domain than the From address.
      Unaligned: [
        'Authentication-Results: example.test; dkim=pass header.d=bulk-mailer.test; dmarc=fail header.from=shop.example.test',
        RECEIVED,
      ],
      Dmarc: [
        'Authentication-Results: example.test; dkim=pass header.d=bulk-mailer.test; dmarc=pass header.from=shop.example.test',
        RECEIVED,
      ],
    };
    for (const [subject, lines] of Object.entries(messages)) await client.append('INBOX', message(subject, lines));
    await client.logout();

    core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 60_000 } });
    const c = core;
    const account = (await c.dispatch('accounts.add', draftFor(servers, { user }))) as Account;
    const inbox = async () => ((await c.dispatch('folders.list', { accountId: account.id })) as Folder[]).find((f) => f.role === 'inbox');
    await expect.poll(async () => (await inbox())?.total, { timeout: 30_000 }).toBe(Object.keys(messages).length);
    const page = (await c.dispatch('messages.page', { folderId: (await inbox())?.id, offset: 0, limit: 20 })) as MessagePage;
    const id = (subject: string) => page.items.find((m) => m.subject === subject)?.id;
    const get = async (subject: string) => (await c.dispatch('messages.get', { id: id(subject) })) as MessageDetail;

    const verified = Object.fromEntries(await Promise.all(Object.keys(messages).map(async (s) => [s, (await get(s)).senderVerified])));
    expect(verified).toEqual({ Signed: true, Unsigned: false, Forged: false, Elsewhere: false, Unaligned: false, Dmarc: true });

    // Not offered for an unverified message, and refused if asked anyway.
    await expect(c.dispatch('messages.allowRemoteContent', { id: id('Unsigned'), scope: 'sender' })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/did not confirm that this message is from promo@shop\.example\.test/),
    });
    expect((await get('Unsigned')).remoteContentAllowed).toBe(false);

    await c.dispatch('messages.allowRemoteContent', { id: id('Signed'), scope: 'sender' });
    const allowed = Object.fromEntries(await Promise.all(Object.keys(messages).map(async (s) => [s, (await get(s)).remoteContentAllowed])));
    // The same From address, but only the authenticated messages load.
    expect(allowed).toEqual({ Signed: true, Unsigned: false, Forged: false, Elsewhere: false, Unaligned: false, Dmarc: true });

    // "Load this time" still works for any message.
    await c.dispatch('messages.allowRemoteContent', { id: id('Forged'), scope: 'message' });
    expect((await get('Forged')).remoteContentAllowed).toBe(true);
  });
});
