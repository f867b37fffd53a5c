import net from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedPresets } from '../../../main/accounts/discovery/presets';
import { AccountCredentials, fixedSource } from '../../../main/auth/account-credentials';
import type { Credentials } from '../../../main/auth/credentials';
import { MemorySecretStore } from '../../../main/auth/keychain';
import { AccessToken } from '../../../main/auth/oauth/access-token';
import { AccountTokens, refreshTokenKey } from '../../../main/auth/oauth/account-tokens';
import { PROVIDER_MAIL_HOSTS } from '../../../main/auth/oauth/provider-hosts';
import { loadOAuthSettings } from '../../../main/auth/oauth/provider-settings';
import { BulkConnection } from '../../../main/imap/bulk-connection';
import { checkImapLogin } from '../../../main/imap/check-login';
import { imapOptions } from '../../../main/imap/connection-options';
import { describeFailure } from '../../../main/net/connection-failure';
import { checkPop3Login } from '../../../main/pop3/check-login';
import { Pop3Connection } from '../../../main/pop3/pop3-connection';
import { checkSmtpLogin } from '../../../main/smtp/check-login';
import { SmtpSession, SubmissionError } from '../../../main/smtp/submit';
import type { ServerSettings } from '../../../shared/accounts';
import { ApiError } from '../../../shared/errors';

// A provider's access token is read only for that provider's own mail hosts,
// over an encrypted connection: at every place a token becomes XOAUTH2 /
// OAUTHBEARER (imapflow's options, the bulk IMAP connection, POP3, nodemailer,
// the SMTP session), and before any of them connects. A "foreign" server here
// is a listener on 127.0.0.1 that counts connections and records what it got.

const SECRET = 'ya29.secret-value';
const google = () => new AccessToken('google', SECRET, PROVIDER_MAIL_HOSTS.google);
const googleCredentials = (): Credentials => ({ kind: 'oauth2', token: google() });

async function refusal(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

function expectRefused(error: unknown, host: string): void {
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe('oauth_host_refused');
  expect((error as ApiError).message).toContain(`server is ${host}.`);
  expect((error as ApiError).message).not.toContain(SECRET);
}

let foreign: net.Server;
let port: number;
const received: string[] = [];
let connections = 0;

beforeAll(async () => {
  foreign = net.createServer((socket) => {
    connections++;
    socket.on('data', (chunk) => received.push(chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.write('* OK ready\r\n');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  port = (foreign.address() as net.AddressInfo).port;
});
afterAll(async () => {
  // Nothing connected (that is the point): close() needs no socket closed first.
  await new Promise((resolve) => foreign.close(resolve));
});

const at = (security: ServerSettings['security'] = 'tls'): ServerSettings => ({
  host: '127.0.0.1',
  port,
  security,
  username: 'pat@example.test',
});

describe('an access token', () => {
  it("is read for its provider's own hosts, in any case, with or without the final dot", () => {
    for (const host of ['imap.gmail.com', 'pop.gmail.com', 'smtp.gmail.com', 'IMAP.Gmail.COM', 'smtp.gmail.com.']) {
      expect(google().bearerFor({ host, security: 'tls' })).toBe(SECRET);
      expect(google().bearerFor({ host, security: 'starttls' })).toBe(SECRET);
    }
    const microsoft = new AccessToken('microsoft', SECRET, PROVIDER_MAIL_HOSTS.microsoft);
    for (const host of ['outlook.office365.com', 'smtp.office365.com', 'smtp-mail.outlook.com', 'imap-mail.outlook.com']) {
      expect(microsoft.bearerFor({ host, security: 'tls' })).toBe(SECRET);
    }
  });

  it("is refused for any other host, another provider's included, saying where it may go", () => {
    for (const host of [
      'mail.evil.test',
      'gmail.com',
      'imap.gmail.com.evil.test',
      'evilimap.gmail.com',
      'outlook.office365.com',
      '127.0.0.1',
    ]) {
      const error = (() => {
        try {
          google().bearerFor({ host, security: 'tls', label: 'IMAP' });
        } catch (e) {
          return e;
        }
      })();
      expect(error, host).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('oauth_host_refused');
      expect((error as ApiError).message).toBe(
        `Google sign-in is only sent to Google's servers (imap.gmail.com, pop.gmail.com, smtp.gmail.com); this account's IMAP server is ${host}. ` +
          "Nothing was sent there. Use Google's servers, or add the account with a password instead.",
      );
    }
    const microsoft = new AccessToken('microsoft', SECRET, PROVIDER_MAIL_HOSTS.microsoft);
    expect(() => microsoft.bearerFor({ host: 'imap.gmail.com', security: 'tls' })).toThrow(
      /^Microsoft sign-in is only sent to Microsoft's servers/,
    );
  });

  it("is refused without encryption, even at the provider's host", () => {
    expect(() => google().bearerFor({ host: 'imap.gmail.com', security: 'none' })).toThrow(/only sent over an encrypted connection/);
    // Only this computer's loopback (where only tests' hosts are) may be plain.
    expect(new AccessToken('google', SECRET, ['127.0.0.1']).bearerFor({ host: '127.0.0.1', security: 'none' })).toBe(SECRET);
  });

  it('shows no secret when printed, logged or serialised', () => {
    const credentials = googleCredentials();
    for (const shown of [String(google()), JSON.stringify(credentials), inspect(credentials, { depth: 5, showHidden: true })]) {
      expect(shown).not.toContain(SECRET);
    }
  });
});

describe("the presets and the settings use the one list of the providers' hosts", () => {
  it("Google's and Microsoft's presets offer only hosts their sign-in may go to", () => {
    for (const preset of loadedPresets()) {
      if (!preset.signIn.oauth) continue;
      for (const server of [...preset.config.incoming, ...preset.config.outgoing]) {
        expect(PROVIDER_MAIL_HOSTS[preset.signIn.oauth], `${preset.id} ${server.hostname}`).toContain(server.hostname);
      }
    }
  });

  it("a user's installation sends tokens to the providers' hosts only", () => {
    const settings = loadOAuthSettings({ shipped: {}, env: {} });
    expect(settings.google.mailHosts).toEqual(['imap.gmail.com', 'pop.gmail.com', 'smtp.gmail.com']);
    expect(settings.microsoft.mailHosts).toEqual(PROVIDER_MAIL_HOSTS.microsoft);
  });
});

describe('the protocol clients refuse before connecting', () => {
  it('IMAP (imapflow): the options are refused, and a login check contacts nothing', async () => {
    const before = connections;
    expectRefused(await refusal(() => imapOptions(at(), googleCredentials(), [])), '127.0.0.1');
    expectRefused(await refusal(() => checkImapLogin(at(), googleCredentials(), [])), '127.0.0.1');
    expect(connections).toBe(before);
  });

  it('the bulk IMAP connection (bodies, first-sync headers)', async () => {
    const before = connections;
    const bulk = new BulkConnection({ server: at(), credentials: googleCredentials(), tls: {} });
    expectRefused(await refusal(() => bulk.connect()), '127.0.0.1');
    expect(connections).toBe(before);
  });

  it('POP3: a login check contacts nothing; a connection made already sends no AUTH', async () => {
    const before = connections;
    expectRefused(await refusal(() => checkPop3Login(at(), googleCredentials(), [])), '127.0.0.1');
    expect(connections).toBe(before);

    const sockets: net.Socket[] = [];
    const pop3 = net.createServer((socket) => {
      sockets.push(socket);
      socket.write('+OK ready\r\n');
      socket.on('data', (chunk) => {
        const text = chunk.toString('latin1');
        received.push(text);
        if (text.startsWith('CAPA')) socket.write('+OK\r\nSASL XOAUTH2\r\n.\r\n');
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => pop3.listen(0, '127.0.0.1', resolve));
    try {
      const connection = await Pop3Connection.connect({
        host: '127.0.0.1',
        port: (pop3.address() as net.AddressInfo).port,
        security: 'none',
        tls: {},
      });
      expectRefused(await refusal(() => connection.login('pat@example.test', googleCredentials() as never)), '127.0.0.1');
      connection.destroy();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => pop3.close(resolve));
    }
    expect(received.join('')).not.toContain('AUTH');
  });

  it('SMTP: the login check and the outbox session contact nothing; the session says why', async () => {
    const before = connections;
    const checked = await refusal(() => checkSmtpLogin(at(), fixedSource(googleCredentials()), []));
    expectRefused(checked, '127.0.0.1');
    expect(describeFailure(checked, { host: '127.0.0.1', port, label: 'SMTP' }).code).toBe('oauth_host_refused');
    const session = await refusal(() => SmtpSession.open(at(), googleCredentials(), []));
    expect(session).toBeInstanceOf(SubmissionError);
    expect((session as SubmissionError).kind).toBe('auth');
    expect((session as Error).message).toMatch(
      /^Google sign-in is only sent to Google's servers .*this account's SMTP server is 127\.0\.0\.1\./,
    );
    expect(connections).toBe(before);
    expect(received.join('')).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 8));
  });
});

describe("a saved account's credentials", () => {
  it("give no token at all for an account whose servers are not its provider's, before refreshing anything", async () => {
    const secrets = new MemorySecretStore();
    // The token endpoint is a closed port: a refresh would fail with connect_failed.
    const base = loadOAuthSettings({ shipped: {}, env: {} });
    const endpoints = { tokenEndpoint: 'http://127.0.0.1:9/token', client: { clientId: 'unit' } };
    const tokens = new AccountTokens(secrets, { google: { ...base.google, ...endpoints }, microsoft: { ...base.microsoft, ...endpoints } });
    const credentials = new AccountCredentials(secrets, tokens);
    await secrets.set(refreshTokenKey('acc'), 'rt-saved');
    const account = (incomingHost: string, outgoingHost: string) => ({
      id: 'acc',
      oauth: { provider: 'google' as const },
      incoming: { protocol: 'imap' as const, host: incomingHost, security: 'tls' as const },
      outgoing: { host: outgoingHost, security: 'tls' as const },
    });

    const tampered = await refusal(() => credentials.source(account('imap.gmail.com', 'smtp.evil.test')).get());
    expect(tampered).toBeInstanceOf(ApiError);
    expect((tampered as ApiError).code).toBe('oauth_host_refused');
    expect((tampered as ApiError).message).toContain("this account's SMTP server is smtp.evil.test.");
    const pop3 = await refusal(() =>
      credentials
        .source({ ...account('mail.evil.test', 'smtp.gmail.com'), incoming: { protocol: 'pop3', host: 'mail.evil.test', security: 'tls' } })
        .get(),
    );
    expect((pop3 as ApiError).message).toContain("this account's POP3 server is mail.evil.test.");

    // Google's own servers: the token is fetched (here: the endpoint cannot be reached).
    const own = await refusal(() => credentials.source(account('imap.gmail.com', 'smtp.gmail.com')).get());
    expect((own as ApiError).code).toBe('connect_failed');
  });
});
