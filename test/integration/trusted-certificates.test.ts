import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import type { Account, ConnectionCheck } from '../../shared/accounts';
import type { TrustedCertificateInfo } from '../../shared/errors';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import type { TestServers } from '../servers/types';

// Certificates the user trusted, listed and taken back (Settings), against the
// real Dovecot's listener with a certificate from a CA nobody trusts: an
// account that connects only because of the trust stops connecting the
// moment it is taken back, and says why.

const servers = inject('servers') as TestServers;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
const poll = { timeout: 30_000, interval: 100 };

async function statusOf(core: TempCore, id: string): Promise<Account['status']> {
  const accounts = (await core.dispatch('accounts.list', {})) as Account[];
  return accounts.find((a) => a.id === id)?.status ?? { state: 'unknown' };
}

describe('trusted certificates', () => {
  it('lists a trusted certificate with the account using it; taking it back disconnects that account, which says why', async () => {
    const core = await tempCore(new MemorySecretStore(), { syncOptions: { pollMs: 60_000 } });
    cleanups.push(() => core.dispose());
    const untrusted = servers.dovecotUntrusted;
    // That listener is a Dovecot of its own, with the harness's standing users only.
    const draft = draftFor(servers);
    draft.incoming = { ...draft.incoming, host: untrusted.host, port: untrusted.ports.imaps };

    // The wizard's way: the test shows the certificate, the user trusts it, the account is added.
    const check = (await core.dispatch('accounts.test', draft)) as ConnectionCheck;
    if (check.incoming.ok || !check.incoming.certificate) throw new Error('expected the untrusted certificate to be refused');
    const { fingerprint256 } = check.incoming.certificate;
    expect(await core.dispatch('certificates.list', {})).toEqual([]);
    await core.dispatch('certificates.trust', { host: untrusted.host, port: untrusted.ports.imaps, fingerprint256 });
    const account = (await core.dispatch('accounts.add', draft)) as Account;
    core.services.syncs.start(core.services.accounts.list().find((a) => a.id === account.id) as Account);
    await expect.poll(async () => (await statusOf(core, account.id)).state, poll).toBe('connected');

    const listed = (await core.dispatch('certificates.list', {})) as TrustedCertificateInfo[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ host: untrusted.host, port: untrusted.ports.imaps, fingerprint256, accountIds: [account.id] });
    expect(listed[0]?.issuer).toMatch(/Untrusted Test CA/);
    expect(Date.parse(listed[0]?.validTo ?? '')).toBeGreaterThan(Date.now());

    await core.dispatch('certificates.revoke', { host: untrusted.host, port: untrusted.ports.imaps, fingerprint256 });
    expect(await core.dispatch('certificates.list', {})).toEqual([]);
    // Reconnected at once, and refused: the sync says the certificate is not trusted.
    await expect.poll(async () => (await statusOf(core, account.id)).code, poll).toBe('certificate_untrusted');
    // Taken back twice: said plainly.
    await expect(
      core.dispatch('certificates.revoke', { host: untrusted.host, port: untrusted.ports.imaps, fingerprint256 }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
