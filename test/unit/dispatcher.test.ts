import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { tempCore } from '../helpers/core';

// The dispatcher is the trust boundary: whatever the renderer sends, only
// well-formed calls reach a handler, and a bad one is told exactly what is wrong.

const goodDraft = {
  name: 'Alice',
  email: 'alice@example.test',
  password: 'pw',
  incoming: { protocol: 'imap', host: 'imap.example.test', port: 993, security: 'tls', username: 'alice@example.test' },
  outgoing: { host: 'smtp.example.test', port: 465, security: 'tls', username: 'alice@example.test' },
};

let core: Awaited<ReturnType<typeof tempCore>>;
beforeAll(async () => {
  core = await tempCore();
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

describe('dispatcher', () => {
  it('answers a valid call', async () => {
    expect(await core.dispatch('accounts.list', {})).toEqual([]);
    const info = (await core.dispatch('app.info', {})) as { name: string; dataDir: string };
    expect(info.name).toBe('Tidings');
    expect(info.dataDir).toBe(core.dataDir);
  });

  it('refuses an unknown method, including inherited property names', async () => {
    expect((await failure('accounts.drop', {})).code).toBe('unknown_method');
    expect((await failure('constructor', {})).code).toBe('unknown_method');
    expect((await failure('__proto__', {})).code).toBe('unknown_method');
  });

  it('names the field and the rule when an argument is invalid', async () => {
    const port = await failure('accounts.test', { ...goodDraft, incoming: { ...goodDraft.incoming, port: 70000 } });
    expect(port.code).toBe('invalid_argument');
    expect(port.message).toContain('incoming.port');
    expect(port.message).toContain('1–65535');

    const email = await failure('accounts.add', { ...goodDraft, email: 'not an address' });
    expect(email.message).toMatch(/email: Enter an email address/);

    const security = await failure('accounts.add', { ...goodDraft, outgoing: { ...goodDraft.outgoing, security: 'ssl3' } });
    expect(security.message).toContain('outgoing.security');
  });

  it('refuses fields the contract does not know (no smuggling through extra keys)', async () => {
    const extra = await failure('accounts.add', { ...goodDraft, isAdmin: true });
    expect(extra.code).toBe('invalid_argument');
    expect(extra.message).toContain('isAdmin');
  });

  it('refuses host names that are not host names', async () => {
    for (const host of ['imap.example.test/../../etc', 'imap example', 'http://imap.example.test', '']) {
      const error = await failure('accounts.test', { ...goodDraft, incoming: { ...goodDraft.incoming, host } });
      expect(error.code, host).toBe('invalid_argument');
    }
  });

  it('refuses a non-object argument and a wrong id', async () => {
    expect((await failure('accounts.remove', 'x')).code).toBe('invalid_argument');
    expect((await failure('accounts.remove', { id: '../../x' })).code).toBe('invalid_argument');
    expect((await failure('accounts.remove', { id: 'nosuchaccount' })).code).toBe('not_found');
  });

  it('refuses to trust a certificate the core was never shown', async () => {
    const fingerprint = Array.from({ length: 32 }, () => 'AB').join(':');
    const error = await failure('certificates.trust', { host: 'imap.example.test', port: 993, fingerprint256: fingerprint });
    expect(error.code).toBe('not_found');
  });
});
