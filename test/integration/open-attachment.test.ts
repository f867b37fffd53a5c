import { readFile, stat } from 'node:fs/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import { isOpenedAttachment } from '../../main/store/opened-attachments';
import type { Account } from '../../shared/accounts';
import type { Folder, MessageDetail, MessagePage } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import type { TestServers } from '../servers/types';

// "Open" on an attachment: the core writes its exact bytes to a file of its
// own (which the Electron shell then opens in the user's program), and
// opens only types that are shown rather than run (images, PDF, text, Office
// without macros).

const servers = inject('servers') as TestServers;
let core: TempCore | undefined;
afterAll(async () => core?.dispose());

function withAttachment(subject: string, filename: string, content: Buffer): Buffer {
  return Buffer.from(
    [
      'From: Ann <ann@example.test>',
      'To: someone@example.test',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W/g, '')}@example.test>`,
      'Date: Mon, 23 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the file.',
      '--b',
      `Content-Type: application/octet-stream; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      content.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--b--',
      '',
    ].join('\r\n'),
  );
}

describe('opening an attachment', () => {
  it('writes its exact bytes to a file only the user can read, and refuses programs', async () => {
    const user = await newMailUser(servers, 'open');
    const client = await otherClient(servers, user);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 7)]);
    await client.append('INBOX', withAttachment('Report', 'report.pdf', pdf));
    await client.append('INBOX', withAttachment('Invoice', 'invoice.pdf.exe', Buffer.from('MZ not really')));
    // A macro document: Office would run its macros, so it is Save only like a program.
    await client.append('INBOX', withAttachment('Budget', 'budget.docm', Buffer.from('PK macro document')));
    await client.logout();

    core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 60_000 } });
    const c = core;
    const account = (await c.dispatch('accounts.add', draftFor(servers, { user }))) as Account;
    const inbox = async () => ((await c.dispatch('folders.list', { accountId: account.id })) as Folder[]).find((f) => f.role === 'inbox');
    await expect.poll(async () => (await inbox())?.total, { timeout: 30_000 }).toBe(3);
    const page = (await c.dispatch('messages.page', { folderId: (await inbox())?.id, offset: 0, limit: 10 })) as MessagePage;
    const bySubject = new Map(page.items.map((m) => [m.subject, m.id]));

    const report = (await c.dispatch('messages.get', { id: bySubject.get('Report') })) as MessageDetail;
    const opened = (await c.dispatch('messages.openAttachment', { id: report.id, index: 0 })) as { path: string; filename: string };
    expect(opened.filename).toBe('report.pdf');
    expect(isOpenedAttachment(c.dataDir, opened.path)).toBe(true);
    expect((await readFile(opened.path)).equals(pdf)).toBe(true);
    expect((await stat(opened.path)).mode & 0o077).toBe(0); // nobody else on the machine reads the user's mail
    // Opening it twice gives two files: a program may still hold the first.
    const again = (await c.dispatch('messages.openAttachment', { id: report.id, index: 0 })) as { path: string };
    expect(again.path).not.toBe(opened.path);

    await expect(c.dispatch('messages.openAttachment', { id: bySubject.get('Invoice'), index: 0 })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/invoice\.pdf\.exe may be a program, script or macro document/),
    });
    await expect(c.dispatch('messages.openAttachment', { id: bySubject.get('Budget'), index: 0 })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/budget\.docm may be a program, script or macro document/),
    });
    // Save still gives it, for someone who knows what it is.
    const saved = (await c.dispatch('messages.attachment', { id: bySubject.get('Invoice'), index: 0 })) as { base64: string };
    expect(Buffer.from(saved.base64, 'base64').toString()).toBe('MZ not really');

    // The Electron shell opens nothing outside that folder, whatever it is told.
    expect(isOpenedAttachment(c.dataDir, '/etc/passwd')).toBe(false);
    expect(isOpenedAttachment(c.dataDir, `${c.dataDir}/opened-attachments/../tidings.sqlite`)).toBe(false);
  });
});
