// One throwaway Dovecot 2.3 instance (IMAP, POP3, LMTP, auth socket) with its
// own config, base_dir, logs and Maildirs under a work directory. Never reads
// or touches /etc/dovecot or the system instance.
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {
  Daemon,
  execFileAsync,
  freePorts,
  HOST,
  releasePorts,
  retryOnAddressInUse,
  startRelay,
  tail,
  waitForListening,
  waitForPortsClosed,
} from './process';
import type { DovecotPorts, PlainDovecotPorts } from './types';

export type { DovecotPorts, PlainDovecotPorts };

export type SslMode = 'trusted' | 'untrusted' | 'none';

export const DOMAIN = 'example.test';

/** The mail accounts every instance has. */
export const USERS = {
  alice: { address: `alice@${DOMAIN}`, password: 'alice-pass' },
  bob: { address: `bob@${DOMAIN}`, password: 'bob-pass' },
  carol: { address: `carol@${DOMAIN}`, password: 'carol-pass' },
} as const;

type PortsFor<S extends SslMode> = S extends 'none' ? PlainDovecotPorts : DovecotPorts;

export interface DovecotOptions<S extends SslMode = SslMode> {
  /** Created if missing; holds config, sockets, logs and mail. */
  workDir: string;
  ssl: S;
  /** Directory made by make-ca.sh. Required unless ssl is 'none'. */
  caDir?: string;
  /**
   * Instead of passwords, accept only OAuth2 access tokens (SASL XOAUTH2),
   * checked by Dovecot's oauth2 passdb against this RFC 7662 introspection
   * endpoint (test/servers/oauth-server.ts).
   */
  oauth2?: { introspectionUrl: string };
  /** SASL mechanisms offered with passwords (default "plain login"); without "plain", clients fall back to the LOGIN command. */
  mechanisms?: string;
  /**
   * The CAPABILITY list instead of Dovecot's own (`imap_capability`), to play
   * a provider that lacks an extension: without CONDSTORE and QRESYNC
   * (Outlook.com, Yahoo), without SPECIAL-USE. Dovecot still serves what it
   * does not advertise; a client that reads CAPABILITY does not ask for it.
   */
  imapCapability?: string;
  /**
   * Mailbox name → SPECIAL-USE attribute, instead of the default (Drafts, Sent,
   * Trash, Junk, Archive, created for every user). These are not created:
   * a mailbox has its attribute once a client creates it.
   */
  specialUse?: Record<string, string>;
}

export interface DovecotInstance<P = DovecotPorts | PlainDovecotPorts> {
  host: typeof HOST;
  ports: P;
  /** Unix socket for Postfix `smtpd_sasl_type = dovecot` (mode 0666). */
  authSocket: string;
  /** LMTP is served on TCP: this is the port on `host` (same as ports.lmtp). */
  lmtpSocketOrPort: number;
  logFile: string;
  configFile: string;
  pid: number;
  stop(): Promise<void>;
}

// The unprivileged account mail is stored as. `mail` (uid 8) exists on every
// Debian system; Dovecot's own users (dovecot, dovenull) come with its package.
export const MAIL_USER = 'mail';

export async function startDovecot<S extends SslMode>(opts: DovecotOptions<S>): Promise<DovecotInstance<PortsFor<S>>> {
  if (process.getuid?.() !== 0) throw new Error('the Dovecot test server must be started as root');
  if (opts.ssl !== 'none' && !opts.caDir) throw new Error(`ssl '${opts.ssl}' needs caDir`);
  const work = path.resolve(opts.workDir);
  await prepareWorkDir(work);
  return retryOnAddressInUse(`dovecot (${opts.ssl})`, 5, () => startOnce(work, opts));
}

async function startOnce<S extends SslMode>(work: string, opts: DovecotOptions<S>): Promise<DovecotInstance<PortsFor<S>>> {
  const tls = opts.ssl !== 'none';
  // imap and pop3 are what clients are given; on the TLS instances Dovecot
  // itself listens on imapDirect/pop3Direct behind a relay (see startRelay).
  const all = await freePorts(['imap', 'imaps', 'pop3', 'pop3s', 'lmtp', 'imapDirect', 'pop3Direct']);
  const ports: DovecotPorts | PlainDovecotPorts = tls
    ? { imap: all.imap, imaps: all.imaps, pop3: all.pop3, pop3s: all.pop3s, lmtp: all.lmtp }
    : { imap: all.imap, pop3: all.pop3, lmtp: all.lmtp };
  const listen: DovecotPorts = tls ? { ...all, imap: all.imapDirect, pop3: all.pop3Direct } : all;

  const configFile = path.join(work, 'dovecot.conf');
  const logFile = path.join(work, 'dovecot.log');
  await writeFile(configFile, await renderConfig(work, opts, listen));
  if (opts.oauth2) await writeFile(path.join(work, 'oauth2.conf.ext'), oauth2Config(opts.oauth2.introspectionUrl), { mode: 0o644 });

  // -F: stay in the foreground, so the pid we hold is the master's.
  const daemon = await Daemon.spawn(`dovecot (${opts.ssl})`, 'dovecot', ['-F', '-c', configFile], logFile);
  const relays: { stop(): Promise<void> }[] = [];
  try {
    await waitForListening(daemon, tls ? [listen.imap, listen.imaps, listen.pop3, listen.pop3s, listen.lmtp] : Object.values(ports));
    if (tls) relays.push(await startRelay(all.imap, all.imapDirect), await startRelay(all.pop3, all.pop3Direct));
  } catch (err) {
    await Promise.all(relays.map((r) => r.stop()));
    await daemon.stop();
    releasePorts(Object.values(all));
    throw new Error(`Dovecot (${opts.ssl}) did not start: ${(err as Error).message}\n--- ${logFile}:\n${tail(logFile)}`);
  }
  const baseDir = path.join(work, 'run');
  let stopped: Promise<void> | undefined;
  return {
    host: HOST,
    ports: ports as PortsFor<S>,
    authSocket: path.join(baseDir, 'auth-postfix'),
    lmtpSocketOrPort: all.lmtp,
    logFile,
    configFile,
    pid: daemon.pid,
    stop() {
      stopped ??= (async () => {
        await Promise.all(relays.map((r) => r.stop()));
        await daemon.stop();
        // Dovecot's children hold copies of the listening sockets; the ports
        // are only free once all of them are gone.
        await waitForPortsClosed(Object.values(all));
        releasePorts(Object.values(all));
      })();
      return stopped;
    },
  };
}

async function prepareWorkDir(work: string): Promise<void> {
  // Dovecot's login and mail processes run unprivileged and Postfix's smtpd
  // must reach the auth socket: every directory on the way must be searchable.
  await mkdir(work, { recursive: true, mode: 0o755 });
  await chmod(work, 0o755);
  const mailDir = path.join(work, 'mail');
  await mkdir(mailDir, { recursive: true });
  const { uid, gid } = await lookupUser(MAIL_USER);
  await chown(mailDir, uid, gid);
  // Postfix delivers through dovecot-lda, running as the mail user and
  // logging to the same file as the master (root): it must be able to append.
  const logFile = path.join(work, 'dovecot.log');
  await writeFile(logFile, '', { flag: 'a', mode: 0o640 });
  await chown(logFile, uid, gid);
  const users = Object.values(USERS)
    .map((u) => `${u.address}:{PLAIN}${u.password}::::::`)
    .join('\n');
  await writeFile(path.join(work, 'users'), `${users}\n`, { mode: 0o644 });
}

async function lookupUser(name: string): Promise<{ uid: number; gid: number }> {
  const { stdout } = await execFileAsync('getent', ['passwd', name]);
  const [, , uid, gid] = stdout.trim().split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function renderConfig(work: string, opts: DovecotOptions, ports: DovecotPorts): Promise<string> {
  const tls = opts.ssl !== 'none';
  const cert = opts.ssl === 'untrusted' ? 'untrusted-server' : 'server';
  const { uid } = await lookupUser(MAIL_USER);
  const specialUse = opts.specialUse
    ? Object.entries(opts.specialUse)
        .map(([name, flag]) => `  mailbox "${name}" {\n    special_use = ${flag}\n  }`)
        .join('\n')
    : ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive']
        .map((name) => `  mailbox ${name} {\n    special_use = \\${name}\n    auto = subscribe\n  }`)
        .join('\n');
  // A port of 0 disables a listener. The built-in defaults define imaps (993)
  // and pop3s (995) listeners, so the plain instance must switch them off
  // explicitly or it would try to bind the real ports.
  const tlsPort = (p: number) => (tls ? p : 0);

  return `# Generated by test/servers/dovecot.ts for one test run. Not /etc/dovecot.
instance_name = tidings-test-${opts.ssl}-${process.pid}-${ports.imap}
base_dir = ${work}/run
# Keeps Dovecot from registering the instance in /var/lib/dovecot.
state_dir = ${work}/state
log_path = ${work}/dovecot.log
info_log_path = ${work}/dovecot.log
auth_verbose = yes
protocols = imap pop3 lmtp
listen = ${HOST}

default_internal_user = dovecot
default_login_user = dovenull
# The mail user (uid ${uid}) is a system account below the default limit of 500.
first_valid_uid = ${Math.min(uid, 500)}
first_valid_gid = 1

${
  tls
    ? `ssl = required
ssl_cert = <${opts.caDir}/${cert}.pem
ssl_key = <${opts.caDir}/${cert}.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes`
    : `ssl = no
# Deliberately insecure: lets a client that wrongly sends a password in the
# clear succeed, so tests can prove our client refuses before that happens.
disable_plaintext_auth = no`
}
# Failed logins answer at once instead of after the default 2 s.
auth_failure_delay = 0
${
  opts.oauth2
    ? `# OAuth2 only: XOAUTH2 (what Gmail and Outlook offer; imapflow would pick
# OAUTHBEARER when offered, so it is left out to exercise XOAUTH2).
auth_mechanisms = xoauth2
passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = ${work}/oauth2.conf.ext
}`
    : `auth_mechanisms = ${opts.mechanisms ?? 'plain login'}
passdb {
  driver = passwd-file
  args = ${work}/users
}`
}
# static userdb checks the passdb to decide whether a user exists, so LMTP
# rejects unknown recipients.
userdb {
  driver = static
  # The oauth2 passdb cannot look users up without a token: there, every user exists.
  args = uid=${MAIL_USER} gid=${MAIL_USER} home=${work}/mail/%Ld/%Ln${opts.oauth2 ? ' allow_all_users=yes' : ''}
}
mail_location = maildir:~/Maildir
${opts.imapCapability ? `imap_capability = ${opts.imapCapability}\n` : ''}
namespace inbox {
  inbox = yes
  separator = /
${specialUse}
}

service imap-login {
  inet_listener imap {
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = ${tlsPort(ports.imaps)}
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = ${ports.pop3}
  }
  inet_listener pop3s {
    port = ${tlsPort(ports.pop3s)}
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = ${HOST}
    port = ${ports.lmtp}
  }
}
service auth {
  # For Postfix's smtpd (runs as user postfix, without chroot).
  unix_listener auth-postfix {
    mode = 0666
  }
}
# No auth penalty: Dovecot delays logins from an IP after failed ones (2 s,
# doubling up to 15 s), and every test connects from the same IP, so one
# wrong-password test would slow down all later logins. The auth process
# (user dovecot) disables the penalty when it cannot reach this socket.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
# dovecot-lda (run by Postfix as the mail user) reports to the stats service.
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

/** Dovecot's oauth2 passdb: every token is introspected (RFC 7662, POST token=...), none is cached. */
function oauth2Config(introspectionUrl: string): string {
  return `# Generated by test/servers/dovecot.ts.
introspection_mode = post
introspection_url = ${introspectionUrl}
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
`;
}

/** Where to reach an instance's LMTP: the live instance or the injected info. */
export interface LmtpTarget {
  host: string;
  ports: { lmtp: number };
}

/**
 * Delivers `raw` (a complete RFC 5322 message) into `user`'s INBOX through the
 * instance's LMTP service, as an MTA would. `user` is an address or a bare
 * local part of example.test. Resolves once Dovecot has stored the message.
 */
export async function deliverRaw(target: LmtpTarget, user: string, raw: string | Uint8Array, envelopeFrom = ''): Promise<void> {
  const rcpt = user.includes('@') ? user : `${user}@${DOMAIN}`;
  const lmtp = await LmtpSession.connect(target.host, target.ports.lmtp);
  try {
    await lmtp.expect(220);
    await lmtp.command('LHLO tidings.test', 250);
    await lmtp.command(`MAIL FROM:<${envelopeFrom}>`, 250);
    await lmtp.command(`RCPT TO:<${rcpt}>`, 250);
    await lmtp.command('DATA', 354);
    lmtp.write(dotStuff(typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw)));
    await lmtp.command('.', 250); // one reply per recipient; we have one
    await lmtp.command('QUIT', 221);
  } finally {
    lmtp.close();
  }
}

/** CRLF line endings, leading dots doubled, terminated by CRLF (before the "."). */
function dotStuff(message: Buffer): Buffer {
  const text = message.toString('latin1').replace(/\r?\n/g, '\r\n');
  const body = text.replace(/^\./gm, '..');
  return Buffer.from(body.endsWith('\r\n') ? body : `${body}\r\n`, 'latin1');
}

/** Just enough of an SMTP/LMTP client for deliverRaw. */
class LmtpSession {
  private buffer = '';
  private waiters: (() => void)[] = [];
  private error: Error | undefined;

  private readonly socket: net.Socket;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      this.wake();
    });
    socket.on('error', (err) => {
      this.error = err;
      this.wake();
    });
    socket.on('close', () => {
      this.error ??= new Error('LMTP connection closed');
      this.wake();
    });
  }

  static connect(host: string, port: number): Promise<LmtpSession> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new LmtpSession(socket)));
      socket.once('error', reject);
    });
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  write(data: string | Buffer) {
    this.socket.write(data);
  }

  async command(line: string, code: number): Promise<void> {
    this.write(`${line}\r\n`);
    await this.expect(code, line);
  }

  /** Reads one (possibly multi-line) reply and checks its code. */
  async expect(code: number, after = 'connect'): Promise<void> {
    for (;;) {
      // A reply ends with a line "NNN text" (space, not hyphen, after the code).
      const match = /^(\d{3}) [^\r\n]*\r\n/m.exec(this.buffer);
      if (match) {
        const reply = this.buffer.slice(0, match.index + match[0].length);
        this.buffer = this.buffer.slice(reply.length);
        if (Number(match[1]) !== code) throw new Error(`LMTP: expected ${code} after ${after}, got: ${reply.trim()}`);
        return;
      }
      if (this.error) throw this.error;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  close() {
    this.socket.destroy();
  }
}
