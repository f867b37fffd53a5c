import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import { SERVER_BUSY_RETRY_MS } from '../../main/sync/account-sync';
import type { Account } from '../../shared/accounts';
import { tempCore } from '../helpers/core';
import { closedPort } from '../helpers/recording-proxy';

// Gmail refuses a login with "Too many simultaneous connections" when a
// user's clients hold its 15: that is not a wrong password, and asking again
// at once only makes it worse. Dovecot cannot be made to say it, so a
// stand-in on 127.0.0.1 speaks just enough IMAP to refuse every login so.

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
});

/**
 * A stand-in that refuses every LOGIN with `refusal` (the rest of the tagged NO line),
 * or, with `afterLogin`, accepts it and answers every later command but CAPABILITY
 * and LOGOUT with that (the rest of a tagged line, e.g. "BAD User is …").
 */
async function refusingServer(refusal: string, afterLogin?: string): Promise<{ port: number; logins: () => number }> {
  let logins = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // the client may go at any time
    socket.write('* OK [CAPABILITY IMAP4rev1 IDLE] Gimap ready for requests\r\n');
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n'); end !== -1; end = pending.indexOf('\r\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        const [tag, command = ''] = line.split(' ');
        if (/^capability$/i.test(command)) socket.write(`* CAPABILITY IMAP4rev1 IDLE\r\n${tag} OK Thats all she wrote!\r\n`);
        else if (/^login$/i.test(command)) {
          logins++;
          socket.write(afterLogin ? `${tag} OK LOGIN completed.\r\n` : `${tag} NO ${refusal}\r\n`);
        } else if (/^logout$/i.test(command)) socket.end(`* BYE LOGOUT Requested\r\n${tag} OK 73 good day\r\n`);
        else if (afterLogin && logins > 0) socket.write(`${tag} ${afterLogin}\r\n`);
        else socket.write(`${tag} BAD Unknown command\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as net.AddressInfo).port, logins: () => logins };
}

/** A core with one account on a stand-in that refuses every login with `refusal` (or every command after it, see refusingServer); the account's status, and the logins the stand-in saw. */
async function accountRefusedWith(refusal: string, afterLogin?: string) {
  const server = await refusingServer(refusal, afterLogin);
  const core = await tempCore(new MemorySecretStore(), { syncOptions: { idle: false } });
  stops.push(() => core.dispose());
  const added = (await core.dispatch('accounts.add', {
    name: 'Ada',
    email: 'ada@example.test',
    password: 'the password',
    incoming: { protocol: 'imap', host: '127.0.0.1', port: server.port, security: 'none', username: 'ada@example.test' },
    outgoing: { host: '127.0.0.1', port: await closedPort(), security: 'none', username: 'ada@example.test' },
  })) as Account;
  const status = async () => ((await core.dispatch('accounts.list', {})) as Account[]).find((a) => a.id === added.id)?.status;
  return { status, logins: server.logins };
}

describe('a server at its connection limit', () => {
  it('says so instead of "wrong password", shows saved mail, and asks again only after a long wait', async () => {
    const { status, logins } = await accountRefusedWith('[ALERT] Too many simultaneous connections. (Failure)');
    await expect.poll(async () => (await status())?.code, { timeout: 30_000 }).toBe('server_busy');

    const shown = await status();
    expect(shown?.state).toBe('offline');
    expect(shown?.message).toMatch(/Too many simultaneous connections/);
    expect(shown?.message).not.toMatch(/rejected the username or password/);
    const at = /Trying again at (\d\d):(\d\d)/.exec(shown?.message ?? '');
    expect(at).not.toBeNull();
    const now = new Date();
    const minutesAhead = (Number(at?.[1]) * 60 + Number(at?.[2]) - (now.getHours() * 60 + now.getMinutes()) + 24 * 60) % (24 * 60);
    expect(minutesAhead).toBeGreaterThanOrEqual(SERVER_BUSY_RETRY_MS / 60_000 - 1);

    // Any other failure is tried again within seconds (2 s, then longer): this one is not.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(logins()).toBe(1);
  });

  it('a refused password is not tried again in a loop either (the closing login used to cut the wait short)', async () => {
    const { status, logins } = await accountRefusedWith('[AUTHENTICATIONFAILED] Invalid credentials (Failure)');
    await expect.poll(async () => (await status())?.code, { timeout: 30_000 }).toBe('auth_failed');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(logins()).toBe(1);
  });
});

// Outlook.com / Microsoft 365 throttle an account by accepting the LOGIN and
// answering the next command (LIST, SELECT) with "User is authenticated but
// not connected.". The login worked, so this is no wrong password; and since
// every attempt logs in fine, a backoff that starts over at each login asked
// again every 2 seconds, for as long as Microsoft throttled.
describe('Outlook throttling after a successful login', () => {
  it('shows a temporary server condition (not a wrong password), and logs in again only after a backoff', async () => {
    const { status, logins } = await accountRefusedWith('', 'BAD User is authenticated but not connected.');
    await expect.poll(async () => (await status())?.code, { timeout: 30_000 }).toBe('server_busy');
    const shown = await status();
    expect(shown?.state).toBe('offline');
    expect(shown?.message).toMatch(/User is authenticated but not connected/);
    expect(shown?.message).toMatch(/Trying again at \d\d:\d\d/);
    expect(shown?.message).not.toMatch(/rejected the username or password/);
    const first = logins();
    expect(first).toBe(1);

    // The connection backoff (2 s, 3 s, …) would have logged in twice more by now; the throttle waits a minute.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(logins()).toBe(1);
    expect((await status())?.code).toBe('server_busy');
  });
});
