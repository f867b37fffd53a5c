import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import tls from 'node:tls';
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { bulkConnectionReader } from '../../main/imap/body-fetch';
import { BulkConnection } from '../../main/imap/bulk-connection';
import { HEADER_QUERY } from '../../main/imap/folder-sync';
import { toHeaderRecord } from '../../main/imap/header-record';
import { describeFailure } from '../../main/net/connection-failure';
import { certificateErrorCode, tlsOptionsFor } from '../../main/net/tls-trust';
import type { HeaderRecord } from '../../main/store/messages-repo';
import type { ServerSettings } from '../../shared/accounts';
import { generateCorpus, malformedMessages } from '../corpus/index.ts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { startDovecot } from '../servers/dovecot';
import type { TestServers, TestUser } from '../servers/types';

// The bulk body connection (imap/bulk-connection.ts) against the real
// Dovecot: every way of signing in it supports, the refusals, and the bytes.

const servers = inject('servers') as TestServers;
const open: BulkConnection[] = [];
afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
});

function connection(
  user: TestUser,
  server: Partial<ServerSettings> & Pick<ServerSettings, 'port'>,
  password = user.password,
  host = servers.dovecot.host,
): BulkConnection {
  const settings = { host, security: 'tls' as const, username: user.address, ...server };
  const made = new BulkConnection({
    server: settings,
    credentials: { kind: 'password', password },
    tls: tlsOptionsFor(settings.host, []),
  });
  open.push(made);
  return made;
}

/** Messages of many sizes (one far larger than a TLS record), appended to `path`; their raw bytes by UID. */
async function seed(user: TestUser, path: string): Promise<Map<number, Buffer>> {
  const client = await otherClient(servers, user);
  try {
    if (path !== 'INBOX') await client.mailboxCreate(path);
    const sizes = [0, 1, 100, 5_000, 70_000, 300_000];
    const byUid = new Map<number, Buffer>();
    for (const [i, size] of sizes.entries()) {
      const body = randomBytes(size).toString('base64').replace(/.{76}/g, '$&\r\n');
      const raw = Buffer.from(
        `From: a@example.test\r\nSubject: size ${size} {${i}}\r\nMessage-ID: <s${i}@example.test>\r\n\r\n${body}\r\n.\r\n)\r\n* 9 FETCH (UID 1)\r\n`,
      );
      const appended = await client.append(path, raw);
      if (appended === false || !appended.uid) throw new Error('append gave no UID');
      byUid.set(appended.uid, raw);
    }
    return byUid;
  } finally {
    await client.logout();
  }
}

describe('the bulk body connection', () => {
  it('over TLS, reads every message byte for byte, in a folder with a non-ASCII name', async () => {
    const user = await newMailUser(servers, 'bulk');
    const path = 'Entwürfe & Co/日本語';
    const seeded = await seed(user, path);
    const body = connection(user, { port: servers.dovecot.ports.imaps });
    await body.connect();
    expect(body.usable).toBe(true);
    expect(await body.examine(path)).toBeGreaterThan(0);
    const uids = [...seeded.keys()];
    const fetched = await body.fetchBodies(`${Math.min(...uids)}:${Math.max(...uids) + 5}`);
    expect(fetched.map((m) => m.uid).sort((a, b) => a - b)).toEqual(uids);
    for (const { uid, raw } of fetched) expect(raw.equals(seeded.get(uid) as Buffer), `UID ${uid}`).toBe(true);
    // A UID the server does not have is simply not there.
    expect(await body.fetchBodies(String(Math.max(...uids) + 100))).toEqual([]);
    await body.logout();
    expect(body.usable).toBe(false);
  });

  it('with STARTTLS: upgrades first, then signs in (the server refuses logins in clear)', async () => {
    const user = await newMailUser(servers, 'bulkstarttls');
    const seeded = await seed(user, 'INBOX');
    const body = connection(user, { port: servers.dovecot.ports.imap, security: 'starttls' });
    await body.connect();
    await body.examine('INBOX');
    expect((await body.fetchBodies('1:*')).length).toBe(seeded.size);
  });

  it('refuses to go on without STARTTLS, before sending the password', async () => {
    const body = connection(
      servers.users.alice,
      { port: servers.dovecotPlain.ports.imap, security: 'starttls' },
      servers.users.alice.password,
      servers.dovecotPlain.host,
    );
    const error = await body.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(describeFailure(error, { host: 'h', port: 1, label: 'IMAP' }).code).toBe('starttls_unavailable');
    expect(body.usable).toBe(false);
  });

  it('says a wrong password is one, in the words every other connection uses', async () => {
    const body = connection(servers.users.alice, { port: servers.dovecot.ports.imaps }, 'not-the-password');
    const error = await body.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { authenticationFailed?: boolean }).authenticationFailed).toBe(true);
    expect(describeFailure(error, { host: 'h', port: 1, label: 'IMAP' }).code).toBe('auth_failed');
  });

  it('verifies the certificate: an untrusted one fails before anything is sent', async () => {
    const body = connection(
      servers.users.alice,
      { port: servers.dovecotUntrusted.ports.imaps },
      servers.users.alice.password,
      servers.dovecotUntrusted.host,
    );
    const error = await body.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(certificateErrorCode(error)).toBeTruthy();
  });

  it('reads nothing from a folder whose UIDVALIDITY is not the stored one (the UIDs name other messages now)', async () => {
    const user = await newMailUser(servers, 'bulkvalidity');
    await seed(user, 'INBOX');
    const body = connection(user, { port: servers.dovecot.ports.imaps });
    await body.connect();
    const validity = await body.examine('INBOX');
    const read = bulkConnectionReader(body);
    expect(await read({ path: 'INBOX', uidvalidity: (validity as number) + 1 }, [1, 2])).toEqual([]);
    expect((await read({ path: 'INBOX', uidvalidity: validity }, [1, 2])).map((m) => m.uid)).toEqual([1, 2]);
  });

  it('reads header items as imapflow does: the varied corpus, malformed mail and address corners give the same rows', async () => {
    const user = await newMailUser(servers, 'bulkheaders');
    const corners = [
      // groups, an empty group, quoted names with escapes and encoded words, no Date, 8-bit (UTF-8) header bytes
      'From: "Zo\\"e\\" =?utf-8?q?Qu=C3=A4rtermaine?=" <zoe@example.test>\r\nTo: Team: a@example.test, "B, Bee" <b@example.test>;, undisclosed-recipients:;\r\nCc: =?iso-8859-1?b?Sm/rbA==?= <joel@example.test>\r\nSubject: =?utf-8?b?8J+Ygg==?= smile\r\nMessage-ID: <c1@example.test>\r\n\r\nx\r\n',
      'From: Jürgen Grün <juergen@example.test>\r\nSubject: Grüße aus Köln\r\nDate: not a date\r\nIn-Reply-To: <c1@example.test>\r\nReferences: <c0@example.test>\r\n\t<c1@example.test>\r\n\r\nx\r\n',
      'Subject: \r\nFrom: <>\r\nReply-To: reply@example.test\r\n\r\nno sender\r\n',
    ].map((text) => Buffer.from(text, 'utf8'));
    const client = await otherClient(servers, user);
    try {
      for (const raw of [...generateCorpus(60, 11).map((m) => m.raw), ...corners]) await client.append('INBOX', raw, ['\\Seen', 'work']);
      for (const message of malformedMessages()) await client.append('INBOX', message.raw).catch(() => undefined);
      await client.mailboxOpen('INBOX');
      const expected: HeaderRecord[] = [];
      for await (const message of client.fetch('1:*', HEADER_QUERY, { uid: true })) expected.push(toHeaderRecord(message));
      expect(expected.length).toBeGreaterThan(80);

      const bulk = connection(user, { port: servers.dovecot.ports.imaps });
      await bulk.connect();
      await bulk.examine('INBOX');
      const lean = (await bulk.fetchHeaders('1:*')).map((message) => toHeaderRecord(message));
      const byUid = (records: HeaderRecord[]) => [...records].sort((a, b) => a.uid - b.uid);
      expect(byUid(lean)).toEqual(byUid(expected));
      // and something was there to compare: names, groups and decoded subjects
      expect(lean.some((r) => r.from?.name.includes('Quärtermaine'))).toBe(true);
      expect(lean.some((r) => r.subject === 'Grüße aus Köln')).toBe(true);
      expect(lean.some((r) => r.to.some((a) => a.name === 'Team' && a.address === ''))).toBe(true);
    } finally {
      await client.logout();
    }
  });

  it('signs in with SASL LOGIN where the server offers no AUTH=PLAIN (Dovecot then refuses the LOGIN command too), a non-ASCII password included', async () => {
    // A Dovecot of this test's own, offering only SASL LOGIN (so no AUTH=PLAIN), with a user whose password is not ASCII.
    const workDir = join(servers.workDir, `dovecot-login-only-${process.pid}`);
    const dovecot = await startDovecot({ workDir, ssl: 'trusted', caDir: servers.caDir, mechanisms: 'login' });
    try {
      const user = { address: 'juergen@example.test', password: 'Grüße – pässwörd' };
      await appendFile(join(workDir, 'users'), `${user.address}:{PLAIN}${user.password}::::::\n`);
      const client = new ImapFlow({
        host: dovecot.host,
        port: dovecot.ports.imaps,
        secure: true,
        auth: { user: user.address, pass: user.password },
        logger: false,
      });
      client.on('error', () => undefined);
      await client.connect();
      await client.append('INBOX', Buffer.from('Subject: hello\r\n\r\nbody\r\n'));
      await client.logout();

      // What the server offers before login: SASL LOGIN only, and no LOGIN command.
      const greeting = await new Promise<string>((resolve, reject) => {
        const socket = tls.connect({ host: dovecot.host, port: dovecot.ports.imaps, ...tlsOptionsFor(dovecot.host, []) });
        socket.once('data', (chunk) => {
          resolve(chunk.toString());
          socket.destroy();
        });
        socket.once('error', reject);
      });
      expect(greeting).toMatch(/AUTH=LOGIN/);
      expect(greeting).not.toMatch(/AUTH=PLAIN/);
      expect(greeting).toMatch(/LOGINDISABLED/);

      const bulk = connection(user, { port: dovecot.ports.imaps }, user.password, dovecot.host);
      await bulk.connect();
      await bulk.examine('INBOX');
      expect((await bulk.fetchBodies('1:*')).map((m) => m.raw.toString())).toEqual(['Subject: hello\r\n\r\nbody\r\n']);
      await bulk.logout();
      const wrong = connection(user, { port: dovecot.ports.imaps }, 'Grüße – falsch', dovecot.host);
      const error = await wrong.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as { authenticationFailed?: boolean }).authenticationFailed).toBe(true);
    } finally {
      await dovecot.stop();
    }
  });
});
