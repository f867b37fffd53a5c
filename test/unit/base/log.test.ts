import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLog, levelFromEnv, logger, openLog } from '../../../main/base/log';

// The log file holds no secret and no mail, whatever is handed to the logger;
// it rotates; only its owner can read it.

const PASSWORD = 'hunter2-Pa55word';
const ACCESS_TOKEN = 'ya29.ACCESS-a0b1c2d3e4';
const REFRESH_TOKEN = '1//REFRESH-f5e6d7c8';
const WEB_TOKEN = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const XOAUTH2 = Buffer.from(`user=bob@example.com\x01auth=Bearer ${ACCESS_TOKEN}\x01\x01`).toString('base64');
const PLAIN = Buffer.from(`\0bob@example.com\0${PASSWORD}`).toString('base64');
const LOGIN_USER = Buffer.from('bob@example.com').toString('base64');
const LOGIN_PASSWORD = Buffer.from(PASSWORD).toString('base64');
const BODY = 'Dear Bob, the launch code is 0000. Love, Alice';
const SECRETS = [PASSWORD, ACCESS_TOKEN, REFRESH_TOKEN, WEB_TOKEN, XOAUTH2, PLAIN, LOGIN_PASSWORD, BODY, 'ACCESS-a0b1', 'REFRESH-f5e6'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tidings-log-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text, `the log holds ${secret}`).not.toContain(secret);
}

describe('the log file', () => {
  it('holds no password, token, AUTH/LOGIN payload or message body, whatever the logger is given', () => {
    const handle = createLog({ dir, level: 'trace', stderr: false });
    const log = handle.log.child({ module: 'test' });

    log.info({ accountId: 'a1', password: PASSWORD, accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN }, 'saved');
    log.info({ account: { credentials: { kind: 'password', password: PASSWORD } } }, 'nested one level');
    log.info({ a: { b: { c: { d: { smtpPassword: PASSWORD, oauth: { refresh_token: REFRESH_TOKEN } } } } } }, 'nested deep');
    log.info({ headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'sec-websocket-protocol': `tidings, token.${WEB_TOKEN}` } }, 'headers');
    log.debug({ sent: `A1 LOGIN bob@example.com ${PASSWORD}` }, 'an IMAP LOGIN line as a field');
    log.debug(`C: A1 LOGIN "bob@example.com" "${PASSWORD}"`);
    log.debug({ sent: `A2 AUTHENTICATE XOAUTH2 ${XOAUTH2}` }, 'an XOAUTH2 line');
    log.debug(`C: A2 AUTHENTICATE XOAUTH2 ${XOAUTH2}`);
    log.debug(`C: AUTH PLAIN ${PLAIN}`);
    log.debug({ dialogue: [`AUTH LOGIN ${LOGIN_USER}`, `AUTH LOGIN ${LOGIN_PASSWORD}`] }, 'SMTP AUTH LOGIN');
    log.debug({ continuation: XOAUTH2 }, 'a bare XOAUTH2 continuation');
    log.info(`open http://127.0.0.1:4321/#token=${WEB_TOKEN}`);
    log.info({ url: `https://accounts.example.com/token?refresh_token=${REFRESH_TOKEN}&client_id=tidings` }, 'refreshing');
    log.info({ body: BODY, html: `<p>${BODY}</p>`, raw: Buffer.from(BODY), message: { text: BODY, source: Buffer.from(BODY) } }, 'bodies');
    log.info({ chunk: Buffer.from(BODY), bytes: new Uint8Array(Buffer.from(BODY)) }, 'bytes of any kind');
    log.info(
      {
        connection: new (class ImapFlow {
          options = { auth: { user: 'bob', pass: PASSWORD } };
        })(),
      },
      'a class instance',
    );

    const error = new Error(`Command failed: A1 LOGIN bob ${PASSWORD}`);
    Object.assign(error, { code: 'EAUTH', command: `AUTHENTICATE XOAUTH2 ${XOAUTH2}`, response: `334 ${XOAUTH2}` });
    log.error(error);
    log.warn({ err: error, folder: 'INBOX' }, 'sync failed');
    const bearer = new Error(`token endpoint said {"access_token":"${ACCESS_TOKEN}","refresh_token":"${REFRESH_TOKEN}"}`, {
      cause: new Error(`Authorization: Bearer ${ACCESS_TOKEN}`),
    });
    log.warn({ err: bearer }, 'refresh failed');
    log.error({ error: new AggregateError([new Error(`AUTH PLAIN ${PLAIN}`)], 'all failed') }, 'aggregate');
    log.warn(`sign-in answer: password=${PASSWORD}&access_token=${ACCESS_TOKEN}`);
    log.warn('what a %s said', `server: A9 LOGIN bob ${PASSWORD}`);
    handle.close();

    const text = readFileSync(handle.file as string, 'utf8');
    expectNoSecret(text);
    const written = lines(handle.file as string);
    expect(written).toHaveLength(22);
    // What is not secret is still there to diagnose with.
    expect(text).toContain('"accountId":"a1"');
    expect(text).toContain('"code":"EAUTH"');
    expect(text).toContain('"folder":"INBOX"');
    expect(text).toContain('AUTHENTICATE XOAUTH2 [redacted]');
    expect(text).toContain('A1 LOGIN [redacted]');
    expect(text).toContain('[46 bytes]');
    expect(text).toContain('[ImapFlow]');
    expect(text).toContain('client_id=tidings');
    const failure = written.find((line) => line.msg === 'sync failed') as { err: { message: string; stack: string; type: string } };
    expect(failure.err.type).toBe('Error');
    expect(failure.err.message).toBe('Command failed: A1 LOGIN [redacted]');
    expect(failure.err.stack).toContain('log.test.ts');
    expect(written.every((line) => line.module === 'test')).toBe(true);
  });

  it('writes only lines at or above its level', () => {
    const handle = createLog({ dir, level: 'warn', stderr: false });
    handle.log.debug('not this');
    handle.log.info('nor this');
    handle.log.warn('this');
    handle.log.error('and this');
    handle.close();
    expect(lines(handle.file as string).map((line) => line.msg)).toEqual(['this', 'and this']);
  });

  it('is 0600 in a 0700 folder, also when the file was there with looser rights', () => {
    if (process.platform === 'win32') return;
    const logs = join(dir, 'logs');
    const first = createLog({ dir: logs, stderr: false });
    first.close();
    expect(statSync(logs).mode & 0o777).toBe(0o700);
    expect(statSync(first.file as string).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, 'loose.log'), 'x\n', { mode: 0o644 });
    const second = createLog({ dir, name: 'loose', stderr: false });
    second.log.warn('hello');
    second.close();
    expect(statSync(second.file as string).mode & 0o777).toBe(0o600);
  });

  it('rotates at its size limit, keeping the newest lines and as many old files as asked', () => {
    const handle = createLog({ dir, level: 'info', stderr: false, maxBytes: 400, keep: 2 });
    for (let n = 1; n <= 40; n++) handle.log.info({ n }, 'line');
    handle.close();
    const file = handle.file as string;
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    const numbers = (name: string) => lines(name).map((line) => line.n as number);
    const kept = [...numbers(`${file}.2`), ...numbers(`${file}.1`), ...numbers(file)];
    // The newest lines, in order, with none missing between the files.
    expect(kept.at(-1)).toBe(40);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 41 - kept.length + i));
    for (const name of [`${file}.1`, `${file}.2`]) {
      expect(statSync(name).size).toBeGreaterThanOrEqual(400);
      expect(statSync(name).size).toBeLessThan(400 + 200);
      if (process.platform !== 'win32') expect(statSync(name).mode & 0o777).toBe(0o600);
    }
  });

  it('rotates at start when the file left by the last run is over the limit', () => {
    writeFileSync(join(dir, 'tidings.log'), `${'x'.repeat(500)}\n`, { mode: 0o600 });
    const handle = createLog({ dir, stderr: false, maxBytes: 400, keep: 3 });
    handle.log.warn('fresh');
    handle.close();
    expect(readFileSync(`${handle.file}.1`, 'utf8')).toBe(`${'x'.repeat(500)}\n`);
    expect(lines(handle.file as string).map((line) => line.msg)).toEqual(['fresh']);
  });
});

describe('the process log', () => {
  it('logger() writes to the log opened last, and to the one before once that is closed', () => {
    const imap = logger('imap', { accountId: 'a1' });
    const outer = openLog({ dir, name: 'outer', level: 'info', stderr: false });
    imap.info('one');
    const inner = openLog({ dir, name: 'inner', level: 'info', stderr: false });
    imap.child({ folder: 'INBOX' }).warn('two');
    inner.close();
    imap.info('three');
    outer.close();
    imap.error('nowhere (no log open, and stderr is quiet under tests)');
    expect(lines(outer.file as string).map((line) => [line.msg, line.module, line.accountId])).toEqual([
      ['one', 'imap', 'a1'],
      ['three', 'imap', 'a1'],
    ]);
    expect(lines(inner.file as string)).toMatchObject([{ msg: 'two', module: 'imap', accountId: 'a1', folder: 'INBOX' }]);
  });

  it('logs a crash and lets it happen: an unhandled rejection still ends plain Node, and the log has it first', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'log-crash-child.ts'), dir, PASSWORD], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.status).toBe(1);
    const text = readFileSync(join(dir, 'tidings.log'), 'utf8');
    expectNoSecret(text);
    expect(lines(join(dir, 'tidings.log'))).toMatchObject([
      { level: 60, module: 'test', origin: 'unhandledRejection', msg: 'uncaught exception', err: { message: 'lost: A1 LOGIN [redacted]' } },
    ]);
  });

  it('takes its level from TIDINGS_LOG_LEVEL, else info (warn under tests)', () => {
    expect(levelFromEnv({ TIDINGS_LOG_LEVEL: 'debug' })).toBe('debug');
    expect(levelFromEnv({ TIDINGS_LOG_LEVEL: ' Silent ' })).toBe('silent');
    expect(levelFromEnv({ TIDINGS_LOG_LEVEL: 'loud' })).toBe('info');
    expect(levelFromEnv({})).toBe('info');
    expect(levelFromEnv({ VITEST: 'true' })).toBe('warn');
  });
});
