import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BulkConnection } from '../../main/imap/bulk-connection';

// The LOGIN command of the bulk connection, for servers that offer neither
// AUTH=PLAIN nor AUTH=LOGIN (Dovecot cannot be made so: without PLAIN it
// refuses the LOGIN command too). A stand-in server on 127.0.0.1 speaks just
// that much IMAP and checks the password's bytes.

const PASSWORD = 'Grüße – pässwörd';
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A server that greets with `capabilities` and takes LOGIN with a literal password; what it received, in order. */
async function standIn(capabilities: string): Promise<{ port: number; received: Buffer[] }> {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    socket.write(`* OK [CAPABILITY IMAP4rev1 ${capabilities}] stand-in ready\r\n`);
    let pending = Buffer.alloc(0);
    let literal: { tag: string; size: number } | undefined;
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (literal) {
          if (pending.length < literal.size + 2) return;
          const password = pending.subarray(0, literal.size).toString('utf8');
          socket.write(password === PASSWORD ? `${literal.tag} OK logged in\r\n` : `${literal.tag} NO [AUTHENTICATIONFAILED] no\r\n`);
          pending = pending.subarray(literal.size + 2);
          literal = undefined;
          continue;
        }
        const end = pending.indexOf('\r\n');
        if (end === -1) return;
        const line = pending.subarray(0, end).toString('latin1');
        pending = pending.subarray(end + 2);
        const login = /^(\S+) LOGIN "[^"]*" \{(\d+)(\+?)\}$/.exec(line);
        if (login) {
          literal = { tag: login[1] as string, size: Number(login[2]) };
          if (!login[3]) socket.write('+ go on\r\n'); // a synchronizing literal waits for this
        } else if (/^\S+ LOGOUT$/.test(line)) socket.end(`* BYE\r\n${line.split(' ')[0]} OK bye\r\n`);
        else socket.write(`${line.split(' ')[0]} BAD what\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => server.close());
  return { port: (server.address() as net.AddressInfo).port, received };
}

function connection(port: number, password: string): BulkConnection {
  const made = new BulkConnection({
    server: { host: '127.0.0.1', port, security: 'none', username: 'user@example.test' },
    credentials: { kind: 'password', password },
    tls: {},
  });
  stops.push(() => made.close());
  return made;
}

describe('the bulk connection without SASL', () => {
  it('sends a non-ASCII password as a literal of its UTF-8 bytes, after the server says "+"', async () => {
    const server = await standIn('');
    const bulk = connection(server.port, PASSWORD);
    await bulk.connect();
    expect(bulk.usable).toBe(true);
    const sent = Buffer.concat(server.received).toString('utf8');
    expect(sent).toContain(`LOGIN "user@example.test" {${Buffer.byteLength(PASSWORD)}}\r\n`);
    await bulk.logout();
  });

  it('sends it at once where the server takes LITERAL+', async () => {
    const server = await standIn('LITERAL+');
    const bulk = connection(server.port, PASSWORD);
    await bulk.connect();
    expect(Buffer.concat(server.received).toString('utf8')).toContain(`{${Buffer.byteLength(PASSWORD)}+}\r\n${PASSWORD}\r\n`);
    await bulk.logout();
  });

  it('says a wrong one is wrong', async () => {
    const server = await standIn('');
    const error = await connection(server.port, 'Grüße – falsch')
      .connect()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as { authenticationFailed?: boolean }).authenticationFailed).toBe(true);
  });
});
