import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { IDLE_RENEW_MS, IdleWatcher } from '../../main/imap/idle-watcher';
import { newMailUser, otherClient } from '../helpers/mail-users';
import type { TestServers, TestUser } from '../servers/types';

// The IDLE connection against a real Dovecot: IDLE is ended and sent again
// before RFC 2177's 29 minutes (servers drop a client idle for 30), on the
// same connection, and new mail is still heard after a renewal.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** A connection like the sync's, whose commands the test can read (imapflow logs what it sends at debug). */
function recordingClient(user: TestUser, sent: string[], clients: ImapFlow[]): ImapFlow {
  const quiet = () => undefined;
  const client = new ImapFlow({
    host: servers.dovecot.host,
    port: servers.dovecot.ports.imaps,
    secure: true,
    auth: { user: user.address, pass: user.password },
    disableAutoIdle: true,
    logger: {
      debug: (entry: { src?: string; msg?: string }) => {
        if (entry?.src === 'c' && typeof entry.msg === 'string') sent.push(entry.msg);
      },
      trace: quiet,
      info: quiet,
      warn: quiet,
      error: quiet,
    },
  });
  clients.push(client);
  return client;
}

describe('the IDLE watcher', () => {
  it('renews IDLE on the same connection, and hears new mail after a renewal', async () => {
    const user = await newMailUser(servers, 'idlerenew');
    const sent: string[] = [];
    const clients: ImapFlow[] = [];
    let changes = 0;
    const watcher = new IdleWatcher({
      connect: async () => recordingClient(user, sent, clients),
      path: 'INBOX',
      onChange: () => changes++,
      renewMs: 300,
    });
    watcher.start();
    cleanups.push(async () => watcher.stop());

    const idles = () => sent.filter((command) => /\bIDLE$/.test(command)).length;
    await expect.poll(idles, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(sent.filter((command) => command === 'DONE').length).toBeGreaterThanOrEqual(2);
    expect(clients).toHaveLength(1);
    expect(clients[0]?.maxIdleTime).toBe(300);

    const before = changes;
    const other = await otherClient(servers, user);
    cleanups.push(() => other.logout());
    await other.append('INBOX', Buffer.from('Subject: after a renewal\r\n\r\nHello.\r\n'));
    await expect.poll(() => changes, { timeout: 20_000 }).toBeGreaterThan(before);
    expect(clients).toHaveLength(1);
  });

  it('renews within RFC 2177’s 29 minutes by default', async () => {
    const user = await newMailUser(servers, 'idledefault');
    const clients: ImapFlow[] = [];
    const watcher = new IdleWatcher({ connect: async () => recordingClient(user, [], clients), path: 'INBOX', onChange: () => undefined });
    watcher.start();
    cleanups.push(async () => watcher.stop());
    await expect.poll(() => clients[0]?.maxIdleTime, { timeout: 20_000 }).toBe(IDLE_RENEW_MS);
    expect(IDLE_RENEW_MS).toBeLessThanOrEqual(29 * 60_000);
  });
});
