import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessToken } from '../../main/auth/oauth/access-token';
import { ConnectionError } from '../../main/net/connection-failure';
import { Pop3BusyError, Pop3Connection } from '../../main/pop3/pop3-connection';

// What Dovecot cannot be made to do here: Gmail's and Microsoft's AUTH
// XOAUTH2, a provider's "[IN-USE]" and "[LOGIN-DELAY]" answers, a server that
// goes quiet in the middle of a message. A scripted POP3 stand-in on loopback
// answers each command with the next line of its script and records what the
// client sent.

type Script = (command: string) => string | undefined;

const servers: net.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function standIn(capabilities: string[], answer: Script): Promise<{ port: number; received: string[] }> {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    socket.write('+OK stand-in ready\r\n');
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
        const command = pending.slice(0, end);
        pending = pending.slice(end + 2);
        received.push(command);
        if (command === 'CAPA') socket.write(`+OK\r\n${capabilities.join('\r\n')}\r\n.\r\n`);
        else if (command === 'QUIT') socket.end('+OK bye\r\n');
        else {
          const reply = answer(command);
          if (reply !== undefined) socket.write(reply);
        }
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, received };
}

/** A Google token that may go to the stand-in (on loopback, as the test servers' tokens may). */
const tokenFor = (value: string) => ({ kind: 'oauth2' as const, token: new AccessToken('google', value, ['127.0.0.1']) });

const connect = (port: number, timeoutMs?: number) =>
  Pop3Connection.connect({ host: '127.0.0.1', port, security: 'none', tls: {}, ...(timeoutMs ? { timeoutMs } : {}) });

describe('POP3 sign-in with an OAuth2 token (AUTH XOAUTH2)', () => {
  it('sends the token in the XOAUTH2 format and logs in', async () => {
    const server = await standIn(['SASL XOAUTH2', 'UIDL'], (c) => (c.startsWith('AUTH XOAUTH2 ') ? '+OK welcome\r\n' : '-ERR no\r\n'));
    const connection = await connect(server.port);
    await connection.login('pat@example.test', tokenFor('ya29.token'));
    await connection.quit();
    const auth = server.received.find((c) => c.startsWith('AUTH XOAUTH2 ')) as string;
    expect(Buffer.from(auth.slice('AUTH XOAUTH2 '.length), 'base64').toString()).toBe(
      'user=pat@example.test\x01auth=Bearer ya29.token\x01\x01',
    );
    expect(server.received.some((c) => c.startsWith('USER') || c.startsWith('PASS'))).toBe(false);
  });

  it('answers the error challenge of a refused token and reports a sign-in error', async () => {
    const details = Buffer.from('{"status":"401"}').toString('base64');
    const server = await standIn(['SASL XOAUTH2'], (c) =>
      c.startsWith('AUTH XOAUTH2 ') ? `+ ${details}\r\n` : c === '' ? '-ERR [AUTH] Authentication failed\r\n' : '-ERR ?\r\n',
    );
    const connection = await connect(server.port);
    const error = await connection.login('pat@example.test', tokenFor('expired')).catch((e: unknown) => e);
    connection.destroy();
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('auth_failed');
    expect((error as Error).message).toContain('sign-in token');
    expect(server.received.at(-1)).toBe(''); // the empty reply that ends the exchange (RFC 5034 4)
  });
});

describe('POP3 servers that ask to wait', () => {
  it('turns [IN-USE] and [LOGIN-DELAY] into a "try later", not a wrong password', async () => {
    for (const [code, reason] of [
      ['IN-USE', 'in-use'],
      ['LOGIN-DELAY', 'login-delay'],
    ] as const) {
      const server = await standIn(['USER', 'LOGIN-DELAY 900'], (c) =>
        c.startsWith('USER') ? '+OK\r\n' : `-ERR [${code}] Come back later\r\n`,
      );
      const connection = await connect(server.port);
      expect(connection.loginDelaySeconds()).toBe(900);
      const error = await connection.login('pat', 'secret').catch((e: unknown) => e);
      connection.destroy();
      expect(error).toBeInstanceOf(Pop3BusyError);
      expect((error as Pop3BusyError).reason).toBe(reason);
      expect((error as Pop3BusyError).code).not.toBe('auth_failed');
    }
  });
});

describe('POP3 timeouts', () => {
  it('fails a RETR whose server goes quiet in the middle of the message', async () => {
    const server = await standIn(['USER'], (c) => (c.startsWith('RETR') ? '+OK 500 octets\r\nSubject: half\r\n\r\nthe first' : '+OK\r\n'));
    const connection = await connect(server.port, 300);
    await connection.login('pat', 'secret');
    const error = await connection.retrieve(1, 500).catch((e: unknown) => e);
    connection.destroy();
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('timeout');
  });
});
