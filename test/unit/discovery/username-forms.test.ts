import { describe, expect, it } from 'vitest';
import { AccountsService, type AccountsServiceDeps } from '../../../main/accounts/accounts-service';
import type { ConnectionTester } from '../../../main/accounts/connection-test';
import { discover } from '../../../main/accounts/discovery/discover';
import { presetForDomain } from '../../../main/accounts/discovery/presets';
import { otherIncomingUsernames, tryOtherUsernames } from '../../../main/accounts/username-forms';
import { ServiceEvents } from '../../../main/base/service-events';
import { UiEvents } from '../../../main/base/ui-events';
import { type ServerCheck, withAcceptedUsernames } from '../../../shared/accounts';
import type { NewAccount } from '../../../shared/oauth';
import { fakeNet } from './fakes';

// iCloud's IMAP takes the address's local part, and for some accounts only
// the full address; its SMTP wants the full address. Discovery fills in the
// local part; "Test connection" tries the full address when that is refused,
// and says which one the server took, so that the wizard saves that one.

const refused = (host: string): ServerCheck => ({
  ok: false,
  server: 'incoming',
  protocol: 'imap',
  host,
  port: 993,
  code: 'auth_failed',
  message: 'The IMAP server rejected the username or password.',
});
const passed = (host: string, server: 'incoming' | 'outgoing' = 'incoming'): ServerCheck => ({
  ok: true,
  server,
  protocol: server === 'incoming' ? 'imap' : 'smtp',
  host,
  port: server === 'incoming' ? 993 : 587,
});

describe('iCloud usernames in discovery', () => {
  it('IMAP gets the local part and SMTP the full address, for icloud.com, me.com and mac.com alike', async () => {
    const net = fakeNet({});
    for (const email of ['Jane.Doe@icloud.com', 'jane.doe@me.com', 'jane.doe@mac.com']) {
      const found = await discover(email, { resolver: net.resolver, get: net.get, probe: net.probe, ispdbBase: 'https://ispdb.test/' });
      expect(found.provider?.id).toBe('icloud');
      expect(found.incoming).toEqual([
        expect.objectContaining({ protocol: 'imap', host: 'imap.mail.me.com', username: email.split('@')[0] }),
      ]);
      expect(found.outgoing[0]).toMatchObject({ host: 'smtp.mail.me.com', username: email });
    }
    expect(net.asked).toEqual([]);
  });

  it("the preset's first username form is its XML's own", () => {
    const icloud = presetForDomain('icloud.com');
    expect(icloud?.incomingUsernames?.[0]).toBe(icloud?.config.incoming[0]?.username);
    expect(icloud?.incomingUsernames).toEqual(['%EMAILLOCALPART%', '%EMAILADDRESS%']);
  });
});

describe('the other forms of a username', () => {
  it("are the provider's other forms for the address, in order, whichever was given", () => {
    expect(otherIncomingUsernames({ host: 'imap.mail.me.com', username: 'jane' }, 'jane@icloud.com')).toEqual(['jane@icloud.com']);
    expect(otherIncomingUsernames({ host: 'IMAP.mail.me.com', username: 'Jane@iCloud.com' }, 'jane@icloud.com')).toEqual(['jane']);
  });

  it('are none for a username the user typed that is no form of the address, or for a provider with one form', () => {
    expect(otherIncomingUsernames({ host: 'imap.mail.me.com', username: 'someone.else' }, 'jane@icloud.com')).toEqual([]);
    expect(otherIncomingUsernames({ host: 'imap.gmail.com', username: 'jane@gmail.com' }, 'jane@gmail.com')).toEqual([]);
    expect(otherIncomingUsernames({ host: 'mail.example.com', username: 'jane' }, 'jane@example.com')).toEqual([]);
  });
});

describe('trying the other form when one is refused', () => {
  const server = { host: 'imap.mail.me.com', username: 'jane' };

  it('passes with the full address and says so', async () => {
    const asked: string[] = [];
    const check = await tryOtherUsernames(refused(server.host), server, 'jane@icloud.com', async (username) => {
      asked.push(username);
      return passed(server.host);
    });
    expect(asked).toEqual(['jane@icloud.com']);
    expect(check).toMatchObject({ ok: true, username: 'jane@icloud.com' });
  });

  it('keeps the refusal, naming both usernames, when neither works', async () => {
    const check = await tryOtherUsernames(refused(server.host), server, 'jane@icloud.com', async () => refused(server.host));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.code).toBe('auth_failed');
    expect(!check.ok && check.message).toMatch(/Tried the usernames “jane” and “jane@icloud.com”/);
  });

  it('asks nothing more after a pass, or after a failure that is not about the credentials', async () => {
    const never = async (): Promise<ServerCheck> => {
      throw new Error('not asked');
    };
    expect(await tryOtherUsernames(passed(server.host), server, 'jane@icloud.com', never)).toEqual(passed(server.host));
    const timeout: ServerCheck = { ...refused(server.host), code: 'timeout', message: 'slow' } as ServerCheck;
    expect(await tryOtherUsernames(timeout, server, 'jane@icloud.com', never)).toBe(timeout);
  });
});

describe('accounts.test and the wizard', () => {
  function service(tester: ConnectionTester): AccountsService {
    const deps = {
      tester,
      events: new UiEvents(),
      signals: new ServiceEvents(() => undefined),
      dataDir: '/nonexistent',
    } as unknown as AccountsServiceDeps;
    return new AccountsService(deps);
  }

  const draft: NewAccount = {
    name: 'Jane',
    email: 'jane@icloud.com',
    password: 'app-specific password',
    incoming: { protocol: 'imap', host: 'imap.mail.me.com', port: 993, security: 'tls', username: 'jane' },
    outgoing: { host: 'smtp.mail.me.com', port: 587, security: 'starttls', username: 'jane@icloud.com' },
  };

  it('tries the full address on iCloud after the local part is refused, and the draft is saved with what worked', async () => {
    const asked: string[] = [];
    const tester: ConnectionTester = {
      async check(role, _protocol, settings) {
        if (role === 'outgoing') return passed(settings.host, 'outgoing');
        asked.push(settings.username);
        return settings.username === 'jane@icloud.com' ? passed(settings.host) : refused(settings.host);
      },
    };
    const check = await service(tester).test(draft);
    expect(asked).toEqual(['jane', 'jane@icloud.com']);
    expect(check.incoming).toMatchObject({ ok: true, username: 'jane@icloud.com' });
    const saved = withAcceptedUsernames(draft, check);
    expect(saved.incoming.username).toBe('jane@icloud.com');
    expect(saved.outgoing.username).toBe('jane@icloud.com');
    expect(saved.password).toBe(draft.password);
  });

  it('logs in once when the local part works, and the draft stays as it was', async () => {
    const asked: string[] = [];
    const tester: ConnectionTester = {
      async check(role, _protocol, settings) {
        if (role === 'incoming') asked.push(settings.username);
        return passed(settings.host, role);
      },
    };
    const check = await service(tester).test(draft);
    expect(asked).toEqual(['jane']);
    expect(check.incoming.ok && check.incoming.username).toBeUndefined();
    expect(withAcceptedUsernames(draft, check)).toBe(draft);
  });
});
