import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOAuthSettings } from '../../../main/auth/oauth/provider-settings';
import { ApiError } from '../../../shared/errors';
import { tempCore } from '../../helpers/core';

// The oauth.* methods and OAuth2 drafts at the trust boundary, in a build
// without client IDs.

const settings = {
  name: 'Alice',
  email: 'alice@example.test',
  incoming: { protocol: 'imap', host: 'imap.example.test', port: 993, security: 'tls', username: 'alice@example.test' },
  outgoing: { host: 'smtp.example.test', port: 465, security: 'tls', username: 'alice@example.test' },
};
const flowId = 'A'.repeat(24);

let core: Awaited<ReturnType<typeof tempCore>>;
beforeAll(async () => {
  core = await tempCore(undefined, { oauth: loadOAuthSettings({ shipped: {}, env: {} }) });
});
afterAll(async () => core.dispose());

async function failure(method: string, args: unknown): Promise<ApiError> {
  const error = await core.dispatch(method, args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('OAuth2 in the contract', () => {
  it('says when no provider has a client ID, and refuses to begin then', async () => {
    expect(await core.dispatch('oauth.providers', {})).toEqual({ google: false, microsoft: false });
    const error = await failure('oauth.begin', { provider: 'google', email: 'alice@example.test' });
    expect(error.code).toBe('not_configured');
    expect(error.message).toMatch(/no Google client ID/);
  });

  it('validates provider, address and flow id', async () => {
    expect((await failure('oauth.begin', { provider: 'yahoo', email: 'a@example.test' })).message).toContain('provider');
    expect((await failure('oauth.begin', { provider: 'google', email: 'nope' })).message).toContain('email');
    expect((await failure('oauth.wait', { flowId: '../x' })).message).toContain('flowId');
    expect((await failure('oauth.wait', { flowId })).code).toBe('not_found');
    expect(await core.dispatch('oauth.cancel', { flowId })).toEqual({ cancelled: true });
  });

  it('takes a draft with a password or with a sign-in, never both, never neither', async () => {
    const both = await failure('accounts.add', { ...settings, password: 'pw', oauth: { provider: 'google', flowId } });
    expect(both.code).toBe('invalid_argument');
    expect(both.message).toMatch(/oauth: .*not both/);
    expect((await failure('accounts.add', settings)).message).toMatch(/password: Enter the password/);
    const unknownProvider = await failure('accounts.test', { ...settings, oauth: { provider: 'yahoo', flowId } });
    expect(unknownProvider.message).toContain('oauth.provider');
    const smuggled = await failure('accounts.add', { ...settings, oauth: { provider: 'google', flowId, refreshToken: 'x' } });
    expect(smuggled.message).toContain('refreshToken');
    // A well-formed draft naming a flow that never ran.
    const atGoogle = {
      ...settings,
      incoming: { ...settings.incoming, host: 'imap.gmail.com' },
      outgoing: { ...settings.outgoing, host: 'smtp.gmail.com' },
    };
    expect((await failure('accounts.add', { ...atGoogle, oauth: { provider: 'google', flowId } })).code).toBe('not_found');
    // Google's sign-in with servers that are not Google's: refused before anything else is looked at.
    for (const method of ['accounts.test', 'accounts.add']) {
      const foreign = await failure(method, { ...settings, oauth: { provider: 'google', flowId } });
      expect(foreign.code).toBe('oauth_host_refused');
      expect(foreign.message).toMatch(
        /^Google sign-in is only sent to Google's servers \(imap\.gmail\.com, pop\.gmail\.com, smtp\.gmail\.com\); this account's IMAP server is imap\.example\.test\./,
      );
    }
    expect(await core.dispatch('accounts.list', {})).toEqual([]);
  });

  it('reauthorizes only OAuth2 accounts that exist', async () => {
    expect((await failure('oauth.reauthorize', { accountId: 'nosuchaccount' })).code).toBe('not_found');
  });
});
