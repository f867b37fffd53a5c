import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ServerSettings } from '../../shared/accounts';
import { countWithSubject, newMailUser } from '../helpers/mail-users';
import type { TestServers } from '../servers/types';

// The outbox's "never twice, never lost" rests on one moment: `beforeCommit`
// runs (the outbox records "committing") right before the final "." of DATA.
// A process killed just after that record must have sent the "." already —
// otherwise a message recorded as possibly sent never reaches the server,
// and the outbox, which cannot tell, takes it as sent. Before the fix the
// "." of a large message over TLS waited in the process for the socket's
// pending write, so a kill at the next turn of the event loop lost it.
// Here a child process sends one message and SIGKILLs itself at the first
// turn after `beforeCommit`; the recipient must get the message exactly once.
// Between the child and Postfix a relay keeps the server's answer to the
// message (its 250) from the child: on a busy machine the 250 could
// otherwise be read before that first turn, and the kill would miss the moment.

const servers = inject('servers') as TestServers;
const child = join(import.meta.dirname, '..', 'helpers', 'commit-kill-child.ts');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

function message(from: string, to: string, token: string, bodyBytes: number): Buffer {
  // Base64 lines of 76 characters, the shape of a real attachment.
  const body = (
    randomBytes(Math.ceil((bodyBytes * 3) / 4))
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
  return Buffer.from(
    `From: <${from}>\r\nTo: <${to}>\r\nSubject: ${token}\r\nMessage-ID: <${token}@example.test>\r\n` +
      `Date: Mon, 07 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${body}\r\n`,
  );
}

async function sendAndKill(input: object): Promise<{ stdout: string; stderr: string; signal: NodeJS.Signals | null; code: number | null }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child], { stdio: ['pipe', 'pipe', 'pipe'] });
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  proc.stdin.end(JSON.stringify(input));
  return { ...(await exited), stdout, stderr };
}

/**
 * A TCP relay to `port` that passes the server's bytes to the client until
 * the client has sent `holdAfter` bytes (well into the message), and from
 * then on keeps them. The client's bytes always go through; when the client
 * goes, the server gets an orderly end after them.
 */
async function startHoldingRelay(port: number, holdAfter: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let fromClient = 0;
    client.on('data', (data: Buffer) => {
      fromClient += data.length;
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => {
      if (fromClient < holdAfter) client.write(data);
    });
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.end());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('killed right after the commit point', () => {
  it.each([
    { security: 'tls' as const, port: () => servers.postfix.ports.submissions, size: 2_000_000 },
    { security: 'starttls' as const, port: () => servers.postfix.ports.submission, size: 300_000 },
  ])(
    'the message still reaches the recipient, once ($security, $size bytes)',
    async ({ security, port, size }) => {
      // Postfix delivers only to the run's own users; new users can send, not receive.
      const alice = await newMailUser(servers, 'commit');
      const bob = servers.users.bob;
      const token = `commit-${randomBytes(6).toString('hex')}`;
      const relay = await startHoldingRelay(port(), size / 2);
      cleanups.push(() => relay.close());
      const server: ServerSettings = { host: servers.postfix.host, port: relay.port, security, username: alice.address };
      const run = await sendAndKill({
        server,
        password: alice.password,
        from: alice.address,
        to: [bob.address],
        raw: message(alice.address, bob.address, token, size).toString('base64'),
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('committing\n');
      expect(run.signal).toBe('SIGKILL');
      await expect.poll(() => countWithSubject(servers, bob, 'INBOX', token), { timeout: 45_000, interval: 250 }).toBe(1);
    },
    120_000,
  );
});
