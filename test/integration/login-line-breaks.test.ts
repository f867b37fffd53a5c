import { afterEach, describe, expect, inject, it } from 'vitest';
import { ConnectionError } from '../../main/net/connection-failure';
import { Pop3Connection } from '../../main/pop3/pop3-connection';
import { SmtpSession, SubmissionError } from '../../main/smtp/submit';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { startRecordingProxy } from '../helpers/recording-proxy';
import type { TestServers } from '../servers/types';

// CR, LF and NUL in a username or password would add commands to a login
// line (POP3 sends `USER` and `PASS` as bare lines): refused when typed, and
// again by each protocol client before anything is sent.

const servers = inject('servers') as TestServers;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function core(): Promise<TempCore> {
  const c = await tempCore();
  cleanup.push(() => c.dispose());
  return c;
}

describe('line breaks and NUL in sign-in values', () => {
  it('are refused when typed: password, username, address', async () => {
    const c = await core();
    const draft = draftFor(servers);
    for (const bad of [
      { ...draft, password: 'secret\r\nDELE 1' },
      { ...draft, password: 'secret\0' },
      { ...draft, incoming: { ...draft.incoming, username: 'ann\nx' } },
      { ...draft, outgoing: { ...draft.outgoing, username: 'ann\0' } },
      { ...draft, email: 'ann\0@example.test' },
    ]) {
      await expect(c.dispatch('accounts.test', bad)).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(c.dispatch('accounts.add', bad)).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    await expect(c.dispatch('accounts.discover', { email: 'ann\0@example.test' })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('never reach a POP3 server: USER/PASS are not sent, and the session is still usable', async () => {
    const proxy = await startRecordingProxy(servers.dovecotPlain.ports.pop3);
    cleanup.push(() => proxy.close());
    const alice = servers.users.alice;
    const pop3 = await Pop3Connection.connect({ host: servers.dovecotPlain.host, port: proxy.port, security: 'none', tls: {} });
    cleanup.push(async () => pop3.destroy());
    for (const [username, password] of [
      [alice.address, `${alice.password}\r\nDELE 1`],
      [`${alice.address}\r\nQUIT`, alice.password],
      [alice.address, `\0${alice.password}`],
    ] as const) {
      const error = await pop3.login(username, password).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/line break or NUL/) });
    }
    expect(proxy.sent()).not.toMatch(/USER|PASS|DELE|QUIT|AUTH/);
    // Nothing half-sent: the same connection logs in with the right values.
    await pop3.login(alice.address, alice.password);
  });

  it('never reach an SMTP server: nothing is contacted', async () => {
    const proxy = await startRecordingProxy(servers.postfix.ports.submission);
    cleanup.push(() => proxy.close());
    const server = { host: servers.postfix.host, port: proxy.port, security: 'starttls' as const, username: servers.users.alice.address };
    const error = await SmtpSession.open(server, { kind: 'password', password: 'secret\r\nRSET' }, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubmissionError);
    expect(error).toMatchObject({ kind: 'auth', message: expect.stringMatching(/password for the SMTP server contains a line break/) });
    expect(proxy.connections()).toBe(0);
  });
});
