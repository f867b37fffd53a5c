import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConnectionCheck, ServerCheck } from '../../shared/accounts';
import { tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { closedPort, startRecordingProxy } from '../helpers/recording-proxy';
import type { TestServers } from '../servers/types';

// "Test connection" against real Dovecot (IMAP, POP3) and Postfix (SMTP
// submission) on 127.0.0.1, with TLS from the run's throwaway CA.

const servers = inject('servers') as TestServers;
let core: Awaited<ReturnType<typeof tempCore>>;

beforeAll(async () => {
  core = await tempCore();
});
afterAll(async () => core.dispose());

const test = (draft: unknown) => core.dispatch('accounts.test', draft) as Promise<ConnectionCheck>;

function failed(check: ServerCheck): Extract<ServerCheck, { ok: false }> {
  if (check.ok) throw new Error(`expected a failure, got OK for ${check.protocol} ${check.host}:${check.port}`);
  return check;
}

describe('correct password', () => {
  for (const protocol of ['imap', 'pop3'] as const) {
    for (const security of ['tls', 'starttls'] as const) {
      it(`${protocol} over ${security}, SMTP over ${security === 'tls' ? '465-style TLS' : '587-style STARTTLS'}: both OK`, async () => {
        const check = await test(draftFor(servers, { protocol, incomingSecurity: security, outgoingSecurity: security }));
        expect(check.incoming).toMatchObject({ ok: true, protocol });
        expect(check.outgoing).toMatchObject({ ok: true, protocol: 'smtp' });
      });
    }
  }
});

describe('wrong password', () => {
  for (const protocol of ['imap', 'pop3'] as const) {
    it(`${protocol} and SMTP say the username or password was rejected`, async () => {
      const check = await test(draftFor(servers, { protocol, password: 'not-the-password' }));
      const incoming = failed(check.incoming);
      expect(incoming.code).toBe('auth_failed');
      expect(incoming.message).toMatch(/rejected the username or password/);
      const outgoing = failed(check.outgoing);
      expect(outgoing.code).toBe('auth_failed');
      expect(outgoing.message).toMatch(/SMTP server rejected the username or password/);
    });
  }
});

describe('certificate from an unknown CA', () => {
  it('is refused with the certificate shown, and accepted once trusted for that host and port', async () => {
    const untrusted = servers.dovecotUntrusted;
    const draft = draftFor(servers);
    draft.incoming = { ...draft.incoming, host: untrusted.host, port: untrusted.ports.imaps };
    draft.outgoing = { ...draft.outgoing, port: servers.postfix.ports.untrustedSubmissions };

    const before = await test(draft);
    const incoming = failed(before.incoming);
    expect(incoming.code).toBe('certificate_untrusted');
    expect(incoming.certificate).toBeDefined();
    const certificate = incoming.certificate as NonNullable<typeof incoming.certificate>;
    expect(certificate.issuer).toMatch(/Untrusted Test CA/);
    expect(certificate.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certificate).toMatchObject({ host: untrusted.host, port: untrusted.ports.imaps });
    expect(failed(before.outgoing).code).toBe('certificate_untrusted');

    await core.dispatch('certificates.trust', {
      host: certificate.host,
      port: certificate.port,
      fingerprint256: certificate.fingerprint256,
    });
    const after = await test(draft);
    expect(after.incoming.ok).toBe(true);
    // Trust is per host and port: the SMTP server's certificate was not trusted.
    expect(failed(after.outgoing).code).toBe('certificate_untrusted');

    // The same certificate on another port of the same host is still refused.
    const pop3 = { ...draft, incoming: { ...draft.incoming, protocol: 'pop3' as const, port: untrusted.ports.pop3s } };
    expect(failed((await test(pop3)).incoming).code).toBe('certificate_untrusted');
  });

  it('is shown for STARTTLS too', async () => {
    const untrusted = servers.dovecotUntrusted;
    const draft = draftFor(servers, { incomingSecurity: 'starttls' });
    draft.incoming = { ...draft.incoming, host: untrusted.host, port: untrusted.ports.imap };
    const incoming = failed((await test(draft)).incoming);
    expect(incoming.code).toBe('certificate_untrusted');
    expect(incoming.certificate?.issuer).toMatch(/Untrusted Test CA/);
  });
});

describe('server without STARTTLS', () => {
  const cases = [
    { label: 'IMAP', protocol: 'imap' as const, port: () => servers.dovecotPlain.ports.imap },
    { label: 'POP3', protocol: 'pop3' as const, port: () => servers.dovecotPlain.ports.pop3 },
  ];
  for (const { label, protocol, port } of cases) {
    it(`${label}: refused before any password is sent`, async () => {
      const proxy = await startRecordingProxy(port());
      try {
        const draft = draftFor(servers, { protocol, incomingSecurity: 'starttls' });
        draft.incoming = { ...draft.incoming, port: proxy.port };
        const incoming = failed((await test(draft)).incoming);
        expect(incoming.code).toBe('starttls_unavailable');
        expect(incoming.message).toMatch(/does not offer STARTTLS/);
        const wire = proxy.sent();
        expect(proxy.connections()).toBeGreaterThan(0); // we did talk to it (IMAP may say nothing: the greeting lists capabilities)
        expect(wire).not.toContain(draft.password);
        expect(wire).not.toMatch(/\b(LOGIN|AUTHENTICATE|AUTH|PASS|USER)\b/i);
      } finally {
        await proxy.close();
      }
    });
  }

  it('SMTP: refused before any password is sent', async () => {
    const proxy = await startRecordingProxy(servers.postfix.ports.plainSubmission);
    try {
      const draft = draftFor(servers, { outgoingSecurity: 'starttls' });
      draft.outgoing = { ...draft.outgoing, port: proxy.port };
      const outgoing = failed((await test(draft)).outgoing);
      expect(outgoing.code).toBe('starttls_unavailable');
      const wire = proxy.sent();
      expect(wire).toMatch(/EHLO/);
      expect(wire).not.toMatch(/AUTH/);
      expect(wire).not.toContain(Buffer.from(draft.password).toString('base64'));
    } finally {
      await proxy.close();
    }
  });
});

describe('nothing listening', () => {
  it('says it cannot connect, naming host and port', async () => {
    const port = await closedPort();
    const draft = draftFor(servers);
    draft.incoming = { ...draft.incoming, port };
    draft.outgoing = { ...draft.outgoing, port };
    const check = await test(draft);
    for (const server of [check.incoming, check.outgoing]) {
      const failure = failed(server);
      expect(failure.code).toBe('connect_failed');
      expect(failure.message).toContain(`127.0.0.1:${port}`);
    }
  });
});
