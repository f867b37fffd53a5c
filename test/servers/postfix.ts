// One throwaway Postfix instance: submission services only, authenticating
// through Dovecot's auth socket and delivering example.test mail into Dovecot
// (through dovecot-lda; see main.cf below for why not LMTP). Nothing else is
// delivered anywhere. Everything (config, queue, data, log) lives under a work
// dir; the system's /etc/postfix is never read for configuration or modified.
//
// We run the master daemon directly (`master -c DIR -d`) as our child instead
// of `postfix -c DIR start`: the `postfix` wrapper spends seconds on
// integrity checks, daemonises (so we would not own the pid), and expects
// alternate config dirs to be registered in /etc/postfix/main.cf.
import { chmod, chown, mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAIL_USER, USERS } from './dovecot';
import {
  Daemon,
  execFileAsync,
  freePorts,
  HOST,
  portsListening,
  releasePorts,
  retryOnAddressInUse,
  tail,
  waitForListening,
  waitForPortsClosed,
} from './process';
import type { PostfixPorts } from './types';

export type { PostfixPorts };

export interface PostfixOptions {
  workDir: string;
  /** Directory made by make-ca.sh. */
  caDir: string;
  /** The Dovecot instance used for SASL and for delivery. */
  dovecot: { authSocket: string; configFile: string };
  /** A Dovecot that accepts OAuth2 tokens (XOAUTH2): SASL of the oauthSubmissions port goes there. */
  oauthDovecot?: { authSocket: string };
}

export interface PostfixInstance {
  host: typeof HOST;
  ports: PostfixPorts;
  logFile: string;
  configDir: string;
  pid: number;
  stop(): Promise<void>;
}

// Debian's locations; `postconf -d` would tell us, but only once a main.cf
// exists, and this harness targets Debian anyway.
const DAEMON_DIRECTORY = '/usr/lib/postfix/sbin';
const DOVECOT_LDA = '/usr/lib/dovecot/dovecot-lda';

export async function startPostfix(opts: PostfixOptions): Promise<PostfixInstance> {
  if (process.getuid?.() !== 0) throw new Error('the Postfix test server must be started as root');
  const work = path.resolve(opts.workDir);
  await prepareDirs(work);
  return retryOnAddressInUse('postfix', 5, () => startOnce(work, opts));
}

async function startOnce(work: string, opts: PostfixOptions): Promise<PostfixInstance> {
  const ports: PostfixPorts = await freePorts([
    'submission',
    'submissions',
    'plainSubmission',
    'untrustedSubmissions',
    ...(opts.oauthDovecot ? (['oauthSubmissions'] as const) : []),
  ]);
  const configDir = path.join(work, 'conf');
  const logFile = path.join(work, 'postfix.log');
  await writeConfig(path.join(configDir, 'main.cf'), mainCf(work, opts));
  await writeConfig(path.join(configDir, 'master.cf'), masterCf(opts, ports));

  // `master -d` stays in the foreground as our child, so we own its pid. At
  // shutdown the master signals its own process group, so it needs one of its
  // own: detached. (In ours it fails with "master_sigdeath: kill process
  // group" and leaves its children behind.)
  const master = path.join(DAEMON_DIRECTORY, 'master');
  const daemon = await Daemon.spawn('postfix', master, ['-c', configDir, '-d'], logFile, true);
  try {
    await waitForListening(daemon, Object.values(ports));
  } catch (err) {
    await daemon.stop();
    releasePorts(Object.values(ports));
    // Errors before postlogd runs (a port already bound, a bad main.cf) go to
    // syslog only, not to stderr nor our log file. Recognise the common one.
    const taken = (await portsListening(Object.values(ports))).join(', ');
    const cause = taken ? `Address already in use (port ${taken} taken by another process)` : '';
    throw new Error(
      `Postfix did not start: ${(err as Error).message} ${cause}\n` +
        `(early Postfix errors only reach syslog; try: ${master} -c ${configDir} -d -v)\n--- ${logFile}:\n${tail(logFile)}`,
    );
  }
  let stopped: Promise<void> | undefined;
  return {
    host: HOST,
    ports,
    logFile,
    configDir,
    pid: daemon.pid,
    stop() {
      stopped ??= (async () => {
        await daemon.stop();
        await waitForPortsClosed(Object.values(ports));
        releasePorts(Object.values(ports));
      })();
      return stopped;
    },
  };
}

/**
 * Postfix re-reads a config file every 300 ms for as long as its mtime is
 * within the last second (it assumes someone is still editing it), which made
 * every start take ~1.5 s. Backdating the mtime skips that.
 */
async function writeConfig(file: string, text: string): Promise<void> {
  await writeFile(file, text);
  const past = new Date(Date.now() - 60_000);
  await utimes(file, past, past);
}

async function prepareDirs(work: string): Promise<void> {
  await mkdir(path.join(work, 'conf'), { recursive: true });
  await chmod(work, 0o755);
  const postfix = await lookupId('passwd', 'postfix');
  const postdrop = await lookupId('group', 'postdrop');
  // The queue layout `postfix check` would create (see /etc/postfix/postfix-files):
  // root-owned queue and pid dirs, everything else owned by the mail_owner.
  const queue = path.join(work, 'queue');
  await mkdir(path.join(queue, 'pid'), { recursive: true, mode: 0o755 });
  for (const dir of ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace']) {
    await mkdirOwned(path.join(queue, dir), 0o700, postfix, 0);
  }
  await mkdirOwned(path.join(queue, 'maildrop'), 0o730, postfix, postdrop);
  await mkdirOwned(path.join(queue, 'public'), 0o710, postfix, postdrop);
  await mkdirOwned(path.join(work, 'data'), 0o700, postfix, 0);
}

async function mkdirOwned(dir: string, mode: number, uid: number, gid: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chown(dir, uid, gid);
  await chmod(dir, mode); // mkdir's mode is masked by umask
}

async function lookupId(db: 'passwd' | 'group', name: string): Promise<number> {
  const { stdout } = await execFileAsync('getent', [db, name]);
  return Number(stdout.trim().split(':')[2]);
}

function mainCf(work: string, opts: PostfixOptions): string {
  const recipients = Object.values(USERS)
    .map((u) => `${u.address}=ok`)
    .join(', ');
  return `# Generated by test/servers/postfix.ts for one test run. Not /etc/postfix.
compatibility_level = 3.6
queue_directory = ${work}/queue
data_directory = ${work}/data
mail_owner = postfix
setgid_group = postdrop

# Log to a file of our own (through the postlog service in master.cf), not syslog.
maillog_file = ${work}/postfix.log
maillog_file_prefixes = ${work}

myhostname = smtp.tidings.test
mydomain = tidings.test
myorigin = $myhostname
inet_interfaces = ${HOST}
inet_protocols = ipv4
mynetworks = ${HOST}/32

# Nothing is delivered anywhere except into Dovecot: no local delivery, no relaying.
mydestination =
relayhost =
relay_domains =
default_transport = error:outbound mail is disabled in the test server
relay_transport = error:outbound mail is disabled in the test server
local_transport = error:local delivery is disabled in the test server
alias_maps =
alias_database =
virtual_mailbox_domains = example.test
# Only these exist; anything else @example.test is rejected at RCPT time
# (smtpd_reject_unlisted_recipient, and explicitly below).
virtual_mailbox_maps = inline:{ ${recipients} }
# Delivery through dovecot-lda (pipe), not LMTP: Dovecot 2.3's LMTP does not
# offer SMTPUTF8, so Postfix would bounce every message whose client asked for
# SMTPUTF8 ("SMTPUTF8 is required, but was not offered").
virtual_transport = dovecot
dovecot_destination_recipient_limit = 1
smtputf8_enable = yes

smtpd_banner = $myhostname ESMTP Tidings test server
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${opts.dovecot.authSocket}
smtpd_sasl_security_options = noanonymous
smtpd_sasl_tls_security_options = noanonymous
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = reject_unlisted_recipient, permit_sasl_authenticated, reject

smtpd_tls_chain_files = ${opts.caDir}/server.key, ${opts.caDir}/server.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes

# Test speed: no artificial delays after errors or under load.
smtpd_error_sleep_time = 0
in_flow_delay = 0
biff = no
`;
}

function masterCf(opts: PostfixOptions, ports: PostfixPorts): string {
  const { caDir } = opts;
  // chroot is "n" everywhere: Debian defaults to chroot in /var/spool/postfix,
  // which would hide our work dir and Dovecot's auth socket.
  const smtpd = (port: number, name: string, options: string[]) =>
    [`${HOST}:${port} inet n - n - - smtpd`, `  -o syslog_name=postfix/${name}`, ...options.map((o) => `  -o ${o}`)].join('\n');
  return `# Generated by test/servers/postfix.ts for one test run. Not /etc/postfix.
# service type  private unpriv  chroot  wakeup  maxproc command
${smtpd(ports.submission, 'submission', ['smtpd_tls_security_level=encrypt', 'smtpd_tls_auth_only=yes'])}
${smtpd(ports.submissions, 'submissions', ['smtpd_tls_wrappermode=yes'])}
${smtpd(ports.plainSubmission, 'plain-submission', ['smtpd_tls_security_level=none', 'smtpd_tls_auth_only=no'])}
${smtpd(ports.untrustedSubmissions, 'untrusted-submissions', [
  'smtpd_tls_wrappermode=yes',
  `smtpd_tls_chain_files=${caDir}/untrusted-server.key,${caDir}/untrusted-server.pem`,
])}${
  opts.oauthDovecot && ports.oauthSubmissions
    ? `\n${smtpd(ports.oauthSubmissions, 'oauth-submissions', ['smtpd_tls_wrappermode=yes', `smtpd_sasl_path=${opts.oauthDovecot.authSocket}`])}`
    : ''
}
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
# Local delivery into the trusted Dovecot's Maildirs, as its mail user.
dovecot   unix  -       n       n       -       -       pipe
  flags=DRhu user=${MAIL_USER}:${MAIL_USER} argv=${DOVECOT_LDA} -c ${opts.dovecot.configFile} -f \${sender} -a \${original_recipient} -d \${recipient}
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;
}
