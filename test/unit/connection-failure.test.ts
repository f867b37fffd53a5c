import { describe, expect, it } from 'vitest';
import { describeFailure, serverRefusal } from '../../main/net/connection-failure';
import { SERVER_BUSY_RETRY_MS } from '../../main/sync/account-sync';
import { ServerBusyWait, SHORT_BUSY_FIRST_MS } from '../../main/sync/server-busy-wait';

const imap = { host: 'imap.gmail.com', port: 993, label: 'IMAP' };

// What imapflow throws for a tagged NO: "Command failed", the server's words in responseText.
const refused = (responseText: string, authenticationFailed = false) =>
  Object.assign(new Error('Command failed'), { responseText, ...(authenticationFailed ? { authenticationFailed } : {}) });

describe('describeFailure and a server’s limits', () => {
  it('takes Gmail’s connection and download limits, and RFC 5530’s, for "not now", even on a failed login', () => {
    for (const words of [
      '[ALERT] Too many simultaneous connections. (Failure)',
      '[OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)',
      '[LIMIT] Too many commands',
      '[UNAVAILABLE] Temporary authentication failure. (Failure)',
      '[INUSE] Mailbox in use',
    ]) {
      const failure = describeFailure(refused(words, true), imap);
      expect(failure.code, words).toBe('server_busy');
      expect(failure.message, words).toContain(words);
      expect(failure.message, words).not.toMatch(/rejected the username or password/);
    }
  });

  it('reads the response code imapflow keeps apart from the words (NO [UNAVAILABLE] at login is "not now")', () => {
    // imapflow 2.10: responseText without the code, the code in serverResponseCode.
    const error = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      serverResponseCode: 'UNAVAILABLE',
      responseText: 'Backend temporarily down',
    });
    expect(describeFailure(error, imap).code).toBe('server_busy');
    expect(serverRefusal(error)?.wait).toBe('long');
  });

  it('still calls a refused password one', () => {
    const failure = describeFailure(refused('[AUTHENTICATIONFAILED] Invalid credentials (Failure)', true), imap);
    expect(failure.code).toBe('auth_failed');
  });
});

// imapflow's error for a tagged BAD (Outlook answers "User is authenticated but not connected." with BAD).
const bad = (responseText: string) => Object.assign(new Error('Command failed'), { responseStatus: 'BAD', responseText });

describe('describeFailure and Microsoft’s throttling', () => {
  const outlook = { host: 'outlook.office365.com', port: 993, label: 'IMAP' };

  it('takes each of Outlook’s throttling answers for "not now", to be asked again soon (short), not for a wrong password', () => {
    for (const error of [
      bad('User is authenticated but not connected.'),
      refused('Server Unavailable. 15'),
      refused('Server Unavailable.'),
      bad('Request is throttled. Suggested Backoff Time: 92415 milliseconds'),
      refused('[THROTTLED] Too many commands, slow down'),
      // LOGIN answered by Outlook while throttling: imapflow marks any refused LOGIN as an authentication failure.
      refused('Server Unavailable. 15', true),
      // A BYE: imapflow's "Connection not available" error carries the server's words as `reason`.
      Object.assign(new Error('Connection not available'), { code: 'NoConnection', reason: 'Server Unavailable. 21' }),
    ]) {
      const failure = describeFailure(error, outlook);
      expect(failure.code, error.message).toBe('server_busy');
      expect(failure.message).toMatch(/this is not about the password/);
      expect(failure.message).not.toMatch(/rejected the username or password/);
      expect(serverRefusal(error)?.wait).toBe('short');
    }
    expect(describeFailure(bad('User is authenticated but not connected.'), outlook).message).toContain(
      'The server said: User is authenticated but not connected.',
    );
    expect(
      describeFailure(Object.assign(new Error('Connection not available'), { reason: 'Server Unavailable. 21' }), outlook).message,
    ).toContain('The server said: Server Unavailable. 21');
  });

  it('keeps Gmail’s and RFC 5530’s limits long, [UNAVAILABLE] included', () => {
    for (const words of [
      '[ALERT] Too many simultaneous connections. (Failure)',
      '[OVERQUOTA] bandwidth',
      '[LIMIT] x',
      '[INUSE] x',
      '[UNAVAILABLE] x',
    ]) {
      expect(serverRefusal(refused(words))?.wait, words).toBe('long');
    }
  });

  it('reads the backoff Microsoft suggests, less what imapflow already waited', () => {
    expect(serverRefusal(bad('Request is throttled. Suggested Backoff Time: 92415 milliseconds'))?.suggestedMs).toBe(92415);
    const waited = Object.assign(bad('Request is throttled. Suggested Backoff Time: 300000 milliseconds'), {
      code: 'ETHROTTLE',
      throttleReset: 300000,
      throttleWaited: 60000,
    });
    expect(serverRefusal(waited)?.suggestedMs).toBe(240000);
    expect(serverRefusal(bad('User is authenticated but not connected.'))?.suggestedMs).toBeUndefined();
  });

  it('is none of these for an ordinary failure', () => {
    expect(serverRefusal(bad('Unknown command'))).toBeNull();
    expect(describeFailure(bad('Unknown command'), outlook).code).toBe('protocol_error');
  });
});

describe('how long a sync waits after a server’s "not now"', () => {
  const middle = () => 0.5; // no jitter

  it('waits long for a lasting limit, and backs off from a minute, doubling, up to the long wait, for a passing one', () => {
    const wait = new ServerBusyWait(SERVER_BUSY_RETRY_MS, middle);
    expect(wait.next(refused('[ALERT] Too many simultaneous connections. (Failure)'))).toBe(SERVER_BUSY_RETRY_MS);
    const throttled = bad('User is authenticated but not connected.');
    const waits = Array.from({ length: 6 }, () => wait.next(throttled));
    expect(waits).toEqual([1, 2, 4, 8, 15, 15].map((m) => m * 60_000));
    expect(waits[0]).toBe(SHORT_BUSY_FIRST_MS);
  });

  it('starts over only when told (a sync pass went through), not at a login', () => {
    const wait = new ServerBusyWait(SERVER_BUSY_RETRY_MS, middle);
    const throttled = refused('Server Unavailable. 15');
    wait.next(throttled);
    wait.next(throttled);
    expect(wait.next(throttled)).toBe(4 * 60_000);
    wait.reset();
    expect(wait.next(throttled)).toBe(60_000);
  });

  it('honours the server’s suggestion within bounds', () => {
    const wait = new ServerBusyWait(SERVER_BUSY_RETRY_MS, middle);
    expect(wait.next(bad('Request is throttled. Suggested Backoff Time: 92415 milliseconds'))).toBe(92415);
    expect(wait.next(bad('Request is throttled. Suggested Backoff Time: 5 milliseconds'))).toBe(30_000);
    expect(wait.next(bad('Request is throttled. Suggested Backoff Time: 999999999 milliseconds'))).toBe(4 * SERVER_BUSY_RETRY_MS);
  });
});
