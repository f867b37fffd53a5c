import { readFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account } from '../../shared/accounts';
import type { Folder, MessageDetail, MessagePage } from '../../shared/mail';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { deleteWithSubject, newMailUser, otherClient, uidsWithSubject } from '../helpers/mail-users';
import { waitForFolders } from '../helpers/send';
import type { TestServers } from '../servers/types';

// Leaving a mailing list (messages.unsubscribe) against the real servers:
// RFC 8058's one-click POST to an https server of the test's own (with a
// certificate from the test CA: TLS is verified), a mailto: way out sent
// through the Outbox and Postfix to the list's address, and a web page
// handed back for the UI to open.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
const poll = { timeout: 30_000, interval: 100 };
const TAG = `${process.pid}-${Date.now()}`;

function listMessage(subject: string, headers: string[]): string {
  return [
    'From: The List <news@lists.example.test>',
    'To: reader@example.test',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '')}.${TAG}@lists.example.test>`,
    'Date: Mon, 02 Nov 2026 10:00:00 +0000',
    ...headers,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This week on the list.',
    '',
  ].join('\r\n');
}

/** A core with one account whose Inbox holds these messages, synced. */
async function synced(messages: string[]): Promise<{ core: TempCore; ids: Map<string, number> }> {
  const user = await newMailUser(servers, 'lists');
  const client = await otherClient(servers, user);
  for (const m of messages) await client.append('INBOX', m);
  await client.logout();
  const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 500 }, outboxRetry: { firstMs: 300, maxMs: 1_000 } });
  cleanups.push(() => core.dispose());
  const account = (await core.dispatch('accounts.add', draftFor(servers, { user }))) as Account;
  await waitForFolders(core.dispatch, account);
  const inbox = ((await core.dispatch('folders.list', { accountId: account.id })) as Folder[]).find((f) => f.role === 'inbox') as Folder;
  const page = async () => (await core.dispatch('messages.page', { folderId: inbox.id, offset: 0, limit: 50 })) as MessagePage;
  await expect.poll(async () => (await page()).items.length, poll).toBe(messages.length);
  return { core, ids: new Map((await page()).items.map((m) => [m.subject, m.id])) };
}

describe('unsubscribing from a list', () => {
  it('makes the one-click POST (RFC 8058): the body the RFC says, nothing of the user', async () => {
    const requests: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer(
      { cert: await readFile(join(servers.caDir, 'server.pem')), key: await readFile(join(servers.caDir, 'server.key')) },
      (request, response) => {
        let body = '';
        request.on('data', (chunk) => {
          body += chunk;
        });
        request.on('end', () => {
          requests.push({ method: request.method, url: request.url, headers: request.headers, body });
          response.writeHead(200).end('You are unsubscribed.');
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as AddressInfo).port;
    const { core, ids } = await synced([
      listMessage('Weekly news', [
        `List-Unsubscribe: <mailto:leave@lists.example.test>, <https://127.0.0.1:${port}/u/opaque-token-1>`,
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      ]),
    ]);
    const id = ids.get('Weekly news') as number;
    const detail = (await core.dispatch('messages.get', { id })) as MessageDetail;
    expect(detail.unsubscribe).toEqual({ method: 'one-click', target: `127.0.0.1:${port}` });

    expect(await core.dispatch('messages.unsubscribe', { id })).toEqual({ method: 'one-click', done: true });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/u/opaque-token-1');
    expect(request?.body).toBe('List-Unsubscribe=One-Click');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('says so when the list refuses the one-click request', async () => {
    const server = createServer(
      { cert: await readFile(join(servers.caDir, 'server.pem')), key: await readFile(join(servers.caDir, 'server.key')) },
      (_request, response) => response.writeHead(410).end(),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as AddressInfo).port;
    const { core, ids } = await synced([
      listMessage('Old list', [`List-Unsubscribe: <https://127.0.0.1:${port}/u/2>`, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click']),
    ]);
    await expect(core.dispatch('messages.unsubscribe', { id: ids.get('Old list') })).rejects.toMatchObject({
      code: 'protocol_error',
      message: expect.stringContaining('HTTP 410'),
    });
  });

  it('sends the mailto: way out through the Outbox and Postfix to the list address', async () => {
    const carol = servers.users.carol;
    const subject = `unsubscribe ${TAG}`;
    const { core, ids } = await synced([
      listMessage('Digest', [`List-Unsubscribe: <mailto:${carol.address}?subject=${encodeURIComponent(subject)}>`]),
    ]);
    const id = ids.get('Digest') as number;
    expect(((await core.dispatch('messages.get', { id })) as MessageDetail).unsubscribe).toEqual({
      method: 'mailto',
      target: carol.address,
    });
    const result = (await core.dispatch('messages.unsubscribe', { id })) as { method: string; outboxId: string };
    expect(result.method).toBe('mailto');
    expect(result.outboxId).toMatch(/^o_/);
    const state = async () =>
      ((await core.dispatch('outbox.list', {})) as { id: string; state: string; lastError?: string }[]).find(
        (i) => i.id === result.outboxId,
      );
    await expect.poll(async () => (await state())?.state ?? 'gone', poll).toBe('gone');
    const carolImap = await otherClient(servers, carol);
    cleanups.push(() => carolImap.logout());
    await expect.poll(async () => (await uidsWithSubject(carolImap, subject)).length, poll).toBe(1);
    // carol's Inbox is shared with other tests: take back what this one delivered.
    await deleteWithSubject(carolImap, subject);
  });

  it('hands a web page back for the browser, and refuses a message that offers no way out', async () => {
    const { core, ids } = await synced([
      listMessage('Promo', ['List-Unsubscribe: <https://lists.example.test/leave?u=7>']),
      listMessage('Personal', []),
    ]);
    expect(await core.dispatch('messages.unsubscribe', { id: ids.get('Promo') })).toEqual({
      method: 'web',
      url: 'https://lists.example.test/leave?u=7',
    });
    expect(((await core.dispatch('messages.get', { id: ids.get('Personal') })) as MessageDetail).unsubscribe).toBeNull();
    await expect(core.dispatch('messages.unsubscribe', { id: ids.get('Personal') })).rejects.toMatchObject({ code: 'not_found' });
  });
});
