// Smoke test for the test-server harness itself (test/servers/): proves the
// servers started by global-setup behave the way the other integration and
// e2e tests assume. Uses only third-party clients, never our own code.
// TLS is always verified, against the test CA that NODE_EXTRA_CA_CERTS adds.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import nodemailer from 'nodemailer';
import { describe, expect, inject, test } from 'vitest';
import { deliverRaw } from '../servers/dovecot';
import type { TestServers } from '../servers/types';

const servers = inject('servers');

describe.skipIf(!servers)('test servers', () => {
  // null only with TIDINGS_NO_SERVERS=1, and then every test here is skipped
  // (the describe body still runs to collect them: only touch `s` inside tests).
  const s = servers as TestServers;

  function imap(options: Partial<ImapFlowOptions> & { port: number }): ImapFlow {
    return new ImapFlow({ host: s.dovecot.host, logger: false, disableAutoIdle: true, ...options });
  }

  test.each<[string, () => Partial<ImapFlowOptions> & { port: number }]>([
    ['imaps (implicit TLS)', () => ({ port: s.dovecot.ports.imaps, secure: true })],
    ['imap (STARTTLS)', () => ({ port: s.dovecot.ports.imap, secure: false, doSTARTTLS: true })],
  ])('alice logs in over %s and sees the special-use folders', async (_name, options) => {
    const { alice } = s.users;
    const client = imap({ ...options(), auth: { user: alice.address, pass: alice.password } });
    await client.connect();
    try {
      expect(client.secureConnection).toBe(true); // set after a STARTTLS upgrade too
      for (const cap of ['IDLE', 'CONDSTORE', 'QRESYNC', 'MOVE', 'UIDPLUS', 'SPECIAL-USE']) {
        expect(client.capabilities.has(cap), `capability ${cap}`).toBe(true);
      }
      const folders = await client.list();
      const byUse = Object.fromEntries(folders.filter((f) => f.specialUse).map((f) => [f.specialUse, f]));
      for (const name of ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive']) {
        const folder = byUse[`\\${name}`];
        expect(folder?.path, `\\${name} folder`).toBe(name);
        expect(folder?.flags.has(`\\${name}`)).toBe(true); // flagged by the server, not guessed by name
        expect(folder?.subscribed).toBe(true);
      }
    } finally {
      await client.logout();
    }
  });

  test('pop3s greets and accepts USER/PASS', async () => {
    const { alice } = s.users;
    const socket = tls.connect({ host: s.dovecot.host, port: s.dovecot.ports.pop3s });
    const lines = lineReader(socket);
    try {
      expect(await lines.next()).toMatch(/^\+OK/);
      socket.write(`USER ${alice.address}\r\n`);
      expect(await lines.next()).toMatch(/^\+OK/);
      socket.write(`PASS ${alice.password}\r\n`);
      expect(await lines.next()).toMatch(/^\+OK/);
      socket.write('QUIT\r\n');
      expect(await lines.next()).toMatch(/^\+OK/);
    } finally {
      socket.destroy();
    }
  });

  test('alice sends to bob over submission (STARTTLS) and submissions (implicit TLS)', async () => {
    const { alice, bob } = s.users;
    const token = randomUUID();
    const auth = { user: alice.address, pass: alice.password };
    const via = [
      nodemailer.createTransport({ host: s.postfix.host, port: s.postfix.ports.submission, secure: false, requireTLS: true, auth }),
      nodemailer.createTransport({ host: s.postfix.host, port: s.postfix.ports.submissions, secure: true, auth }),
    ];
    for (const [i, transport] of via.entries()) {
      const info = await transport.sendMail({
        from: alice.address,
        to: bob.address,
        subject: `harness ${token} #${i}`,
        text: 'hello from the harness test',
      });
      expect(info.accepted).toEqual([bob.address]);
      transport.close();
    }

    // Postfix delivers asynchronously (queue -> LMTP -> Dovecot): poll.
    const client = imap({ port: s.dovecot.ports.imaps, secure: true, auth: { user: bob.address, pass: bob.password } });
    await client.connect();
    try {
      let found: number[] = [];
      for (let deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(200)) {
        await client.mailboxOpen('INBOX');
        found = (await client.search({ subject: token }, { uid: true })) || [];
        if (found.length === 2) break;
      }
      expect(found).toHaveLength(2);
    } finally {
      await client.logout();
    }
  });

  test('SMTPUTF8 mail with raw UTF-8 headers reaches the mailbox', async () => {
    // Postfix offers SMTPUTF8; Dovecot 2.3's LMTP does not, which is why the
    // harness delivers through dovecot-lda. This guards that choice.
    const { alice, bob } = s.users;
    const subject = `Grüße ${randomUUID()} 日本`;
    const socket = tls.connect({ host: s.postfix.host, port: s.postfix.ports.submissions });
    const lines = lineReader(socket);
    const say = async (line: string, code: number) => {
      if (line) socket.write(`${line}\r\n`);
      expect(await smtpReply(lines)).toMatch(new RegExp(`^${code} `, 'm'));
    };
    try {
      await say('', 220);
      await say('EHLO client.test', 250);
      await say(`AUTH PLAIN ${Buffer.from(`\0${alice.address}\0${alice.password}`).toString('base64')}`, 235);
      await say(`MAIL FROM:<${alice.address}> SMTPUTF8`, 250);
      await say(`RCPT TO:<${bob.address}>`, 250);
      await say('DATA', 354);
      await say(`From: ${alice.address}\r\nTo: ${bob.address}\r\nSubject: ${subject}\r\n\r\nüñî\r\n.`, 250);
      await say('QUIT', 221);
    } finally {
      socket.destroy();
    }
    const client = imap({ port: s.dovecot.ports.imaps, secure: true, auth: { user: bob.address, pass: bob.password } });
    await client.connect();
    try {
      let found: number[] = [];
      for (let deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(200)) {
        await client.mailboxOpen('INBOX');
        found = (await client.search({ subject }, { uid: true })) || [];
        if (found.length > 0) break;
      }
      expect(found).toHaveLength(1);
    } finally {
      await client.logout();
    }
  });

  test('RCPT TO an unknown example.test address is rejected with 5xx', async () => {
    const { alice } = s.users;
    const transport = nodemailer.createTransport({
      host: s.postfix.host,
      port: s.postfix.ports.submissions,
      secure: true,
      auth: { user: alice.address, pass: alice.password },
    });
    const error = await transport.sendMail({ from: alice.address, to: 'nobody@example.test', subject: 'x', text: 'x' }).then(
      () => undefined,
      (e: { responseCode?: number }) => e,
    );
    transport.close();
    expect(error?.responseCode).toBeGreaterThanOrEqual(500);
    expect(error?.responseCode).toBeLessThan(600);
  });

  test('deliverRaw puts a message straight into an INBOX', async () => {
    const token = randomUUID();
    await deliverRaw(s.dovecot, 'carol', `From: someone@elsewhere.test\r\nSubject: ${token}\r\n\r\nbody\r\n`);
    const { carol } = s.users;
    const client = imap({ port: s.dovecot.ports.imaps, secure: true, auth: { user: carol.address, pass: carol.password } });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      expect(await client.search({ subject: token })).toHaveLength(1);
    } finally {
      await client.logout();
    }
  });

  test.each([
    ['untrusted Dovecot imaps', () => s.dovecotUntrusted.ports.imaps],
    ['untrusted Postfix submissions', () => s.postfix.ports.untrustedSubmissions],
  ])('%s fails certificate verification', async (_name, port) => {
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const socket = tls.connect({ host: s.dovecotUntrusted.host, port: port() });
      socket.once('secureConnect', () => {
        socket.destroy();
        reject(new Error('TLS handshake unexpectedly succeeded'));
      });
      socket.once('error', resolve);
    });
    expect(error.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  test('plain Dovecot offers no STARTTLS; trusted Dovecot requires it before login', async () => {
    const plain = await imapCapabilities(s.dovecotPlain.host, s.dovecotPlain.ports.imap);
    expect(plain).not.toContain('STARTTLS');
    expect(plain).not.toContain('LOGINDISABLED');
    const trusted = await imapCapabilities(s.dovecot.host, s.dovecot.ports.imap);
    expect(trusted).toContain('STARTTLS');
    expect(trusted).toContain('LOGINDISABLED');
  });

  test('plain submission offers AUTH without STARTTLS; submission hides AUTH until STARTTLS', async () => {
    const plain = await smtpEhlo(s.postfix.host, s.postfix.ports.plainSubmission);
    expect(plain).not.toContain('STARTTLS');
    expect(plain).toMatch(/^250[- ]AUTH /m);
    const submission = await smtpEhlo(s.postfix.host, s.postfix.ports.submission);
    expect(submission).toContain('STARTTLS');
    expect(submission).not.toMatch(/^250[- ]AUTH /m);
  });
});

/** Reads CRLF-terminated lines from a socket, one at a time. */
function lineReader(socket: net.Socket) {
  let buffer = '';
  let failure: Error | undefined;
  let wake: () => void = () => {};
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    wake();
  });
  socket.on('error', (err) => {
    failure = err;
    wake();
  });
  socket.on('close', () => {
    failure ??= new Error('connection closed');
    wake();
  });
  return {
    async next(): Promise<string> {
      for (;;) {
        const end = buffer.indexOf('\r\n');
        if (end >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return line;
        }
        if (failure) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}

/** CAPABILITY as announced before login, in the clear. */
async function imapCapabilities(host: string, port: number): Promise<string[]> {
  const socket = net.connect(port, host);
  const lines = lineReader(socket);
  try {
    expect(await lines.next()).toMatch(/^\* OK/);
    socket.write('a1 CAPABILITY\r\n');
    const line = await lines.next();
    expect(line).toMatch(/^\* CAPABILITY /);
    return line.split(' ').slice(2);
  } finally {
    socket.destroy();
  }
}

/** One (possibly multi-line) SMTP reply, lines joined with \n. */
async function smtpReply(lines: ReturnType<typeof lineReader>): Promise<string> {
  const reply: string[] = [];
  for (;;) {
    const line = await lines.next();
    reply.push(line);
    if (/^\d{3} /.test(line)) return reply.join('\n');
  }
}

/** The EHLO reply of an SMTP server, in the clear. */
async function smtpEhlo(host: string, port: number): Promise<string> {
  const socket = net.connect(port, host);
  const lines = lineReader(socket);
  try {
    expect(await smtpReply(lines)).toMatch(/^220 /);
    socket.write('EHLO client.test\r\n');
    return await smtpReply(lines);
  } finally {
    socket.destroy();
  }
}
