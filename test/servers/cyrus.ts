// One throwaway Cyrus IMAP 3.6 instance: its own imapd.conf and cyrus.conf,
// config directory, spool and user database under a work directory, IMAP
// (STARTTLS) and IMAPS on loopback ports, TLS from the run's CA. Never reads
// or touches /etc/imapd.conf, /var/lib/cyrus or the system's service.
//
// Why Cyrus: it is the other common IMAP server, and it differs from Dovecot
// where clients tend to assume: the hierarchy separator is "." and personal
// folders live under "INBOX." (Debian's default: altnamespace and
// unixhierarchysep off, kept here), so "Sent" is "INBOX.Sent" and a name
// cannot hold "." or "/"; IDLE is told of changes by a separate daemon
// (idled); CONDSTORE/QRESYNC, SPECIAL-USE and MOVE are there but behave like
// Cyrus, not Dovecot.
//
// Binaries: master and ctl_cyrusdb come with Debian's cyrus-common; imapd and
// idled are unpacked by test/system-deps.sh into CYRUS_BIN_DIR, because
// installing the cyrus-imapd package would remove dovecot-imapd (both provide
// imap-server, and each Conflicts with it).
//
// Users: a private sasldb (saslpasswd2), checked by imapd itself through the
// sasldb auxprop plugin: no saslauthd, no PAM, no system accounts. Mailboxes:
// created at first login (autocreate_quota), with Drafts, Sent, Trash, Junk
// and Archive marked with their SPECIAL-USE attributes.
//
// Logging: Cyrus logs only to syslog, and test machines have none; the log
// file holds what the master writes to stderr (startup failures). Set
// TIDINGS_CYRUS_TELEMETRY=1 to have imapd write every user's protocol
// exchange to <workDir>/config/log/<user>/ (Cyrus's telemetry logging).
import { execFile } from 'node:child_process';
import { access, chmod, chown, copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  Daemon,
  execFileAsync,
  freePorts,
  HOST,
  releasePorts,
  retryOnAddressInUse,
  tail,
  waitForListening,
  waitForPortsClosed,
} from './process';
import type { CyrusPorts } from './types';

export type { CyrusPorts };

/** Where test/system-deps.sh puts imapd and idled (keep in step). */
export const CYRUS_BIN_DIR = '/usr/local/lib/tidings-test/cyrus';
const CYRUS_LIB_DIR = '/usr/lib/cyrus/bin';
/** The account imapd runs as (made by cyrus-common). */
const CYRUS_USER = 'cyrus';
/** Users log in as local@DOMAIN; Cyrus's servername is the domain, so the sasldb realm is too. */
const DOMAIN = 'example.test';

export interface CyrusOptions {
  /** Created if missing; holds config, spool, user database and log. */
  workDir: string;
  /** Directory made by make-ca.sh. */
  caDir: string;
  /**
   * Cyrus's other hierarchy: "/" separates levels ("INBOX/Sent") and "." may
   * appear inside a name. Default: Debian's, "." separates and a name may
   * hold neither "." nor "/".
   */
  unixHierarchySep?: boolean;
}

export interface CyrusInstance {
  host: typeof HOST;
  ports: CyrusPorts;
  logFile: string;
  /** The sasldb that addCyrusUser writes. */
  userDb: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startCyrus(opts: CyrusOptions): Promise<CyrusInstance> {
  if (process.getuid?.() !== 0) throw new Error('the Cyrus test server must be started as root');
  for (const binary of [`${CYRUS_BIN_DIR}/imapd`, `${CYRUS_BIN_DIR}/idled`, `${CYRUS_LIB_DIR}/master`]) {
    await access(binary).catch(() => {
      throw new Error(`${binary} is missing: run test/system-deps.sh (cyrus-common, and imapd unpacked from cyrus-imapd)`);
    });
  }
  const work = path.resolve(opts.workDir);
  await prepareWorkDir(work, opts.caDir);
  return retryOnAddressInUse('cyrus', 5, () => startOnce(work, opts));
}

async function startOnce(work: string, opts: CyrusOptions): Promise<CyrusInstance> {
  const ports = await freePorts(['imap', 'imaps'] as const);
  const logFile = path.join(work, 'cyrus.log');
  const imapdConf = path.join(work, 'imapd.conf');
  const cyrusConf = path.join(work, 'cyrus.conf');
  await writeFile(imapdConf, imapdConfig(work, opts), { mode: 0o644 });
  await writeFile(cyrusConf, cyrusConfig(imapdConf, ports), { mode: 0o644 });
  // -D: keep stderr (startup errors land in the log); without -d the master
  // stays in the foreground, so the pid we hold is the master's. It starts
  // as root and its services drop to the cyrus user. Detached: at shutdown
  // the master signals its whole process group, so in ours, stopping the
  // Cyrus a test file started for itself stopped the run's shared Cyrus too
  // (its syslog: "graceful shutdown initiated by unexpected process"), and
  // every later Cyrus test met a refused connection.
  const daemon = await Daemon.spawn(
    'cyrus',
    `${CYRUS_LIB_DIR}/master`,
    ['-C', imapdConf, '-M', cyrusConf, '-p', path.join(work, 'master.pid'), '-D'],
    logFile,
    true,
  );
  try {
    await waitForListening(daemon, [ports.imap, ports.imaps]);
  } catch (err) {
    await daemon.stop();
    releasePorts(Object.values(ports));
    throw new Error(`Cyrus did not start: ${(err as Error).message}\n--- ${logFile}:\n${tail(logFile)}`);
  }
  let stopped: Promise<void> | undefined;
  return {
    host: HOST,
    ports,
    logFile,
    userDb: path.join(work, 'sasldb2'),
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

async function prepareWorkDir(work: string, caDir: string): Promise<void> {
  // imapd runs as the cyrus user: it must traverse the work dir and own what it writes.
  await mkdir(work, { recursive: true, mode: 0o755 });
  await chmod(work, 0o755);
  const { uid, gid } = await lookupUser(CYRUS_USER);
  for (const sub of ['config', 'config/db', 'config/socket', 'config/proc', 'config/lock', 'config/log', 'spool', 'sieve', 'tls']) {
    await mkdir(path.join(work, sub), { recursive: true, mode: 0o750 });
    await chown(path.join(work, sub), uid, gid);
  }
  // A private copy of the key, readable by the cyrus user only.
  for (const file of ['server.pem', 'server.key']) {
    const target = path.join(work, 'tls', file);
    await copyFile(path.join(caDir, file), target);
    await chown(target, uid, gid);
    await chmod(target, 0o600);
  }
  await writeFile(path.join(work, 'cyrus.log'), '', { flag: 'a', mode: 0o644 });
}

async function lookupUser(name: string): Promise<{ uid: number; gid: number }> {
  const { stdout } = await execFileAsync('getent', ['passwd', name]);
  const [, , uid, gid] = stdout.trim().split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const SPECIAL = ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive'];

function imapdConfig(work: string, opts: CyrusOptions): string {
  return `# Generated by test/servers/cyrus.ts for one test run. Not /etc/imapd.conf.
configdirectory: ${work}/config
partition-default: ${work}/spool
defaultpartition: default
proc_path: ${work}/config/proc
mboxname_lockpath: ${work}/config/lock
idlesocket: ${work}/config/socket/idle
notifysocket: ${work}/config/socket/notify
lmtpsocket: ${work}/config/socket/lmtp
sievedir: ${work}/sieve
servername: ${DOMAIN}
# Debian's defaults, spelled out: "." separates levels and personal folders
# are under "INBOX." (unixhierarchysep: yes gives "INBOX/Sent").
altnamespace: no
unixhierarchysep: ${opts.unixHierarchySep ? 'yes' : 'no'}
# Users log in as local@example.test; their domain is the default one.
virtdomains: userid
defaultdomain: ${DOMAIN}
admins: cyrus
# Passwords only after TLS (LOGINDISABLED on the STARTTLS port until then).
allowplaintext: no
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: ${work}/sasldb2
sasl_mech_list: PLAIN LOGIN
# A user's INBOX and special folders are made at first login.
autocreate_quota: 0
autocreate_inbox_folders: ${SPECIAL.join(' | ')}
autocreate_subscribe_folder: ${SPECIAL.join(' | ')}
${SPECIAL.map((name) => `xlist-${name.toLowerCase()}: ${name}`).join('\n')}
tls_server_cert: ${work}/tls/server.pem
tls_server_key: ${work}/tls/server.key
tls_versions: tls1_2 tls1_3
`;
}

function cyrusConfig(imapdConf: string, ports: CyrusPorts): string {
  const bin = (name: string, dir = CYRUS_BIN_DIR) => `${dir}/${name} -C ${imapdConf}`;
  return `# Generated by test/servers/cyrus.ts for one test run. Not /etc/cyrus.conf.
START {
  recover cmd="${bin('ctl_cyrusdb', CYRUS_LIB_DIR)} -r"
}
SERVICES {
  imap  cmd="${bin('imapd')}" listen="${HOST}:${ports.imap}" prefork=0
  imaps cmd="${CYRUS_BIN_DIR}/imapd -s -C ${imapdConf}" listen="${HOST}:${ports.imaps}" prefork=0
}
EVENTS {
}
DAEMON {
  # Tells IDLE sessions of changes at once (without it they poll once a minute).
  idled cmd="${bin('idled')}"
}
`;
}

/**
 * Adds a user (local part or address in example.test) to an instance's
 * sasldb. Takes effect at once: imapd reads the database at every login.
 * With TIDINGS_CYRUS_TELEMETRY=1 the user's sessions are logged.
 */
export async function addCyrusUser(userDb: string, address: string, password: string): Promise<void> {
  const local = address.split('@')[0] as string;
  await runWithInput('saslpasswd2', ['-p', '-c', '-f', userDb, '-u', DOMAIN, local], password);
  const { uid, gid } = await lookupUser(CYRUS_USER);
  await chown(userDb, uid, gid);
  await chmod(userDb, 0o640);
  if (process.env.TIDINGS_CYRUS_TELEMETRY === '1') {
    const dir = path.join(path.dirname(userDb), 'config', 'log', local.toLowerCase());
    await mkdir(dir, { recursive: true });
    await chown(dir, uid, gid);
  }
}

function runWithInput(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = promisify(execFile)(command, args);
    child.child.stdin?.end(input);
    child.then(
      () => resolve(),
      (err: Error & { stderr?: string }) => reject(new Error(`${command} failed: ${err.stderr || err.message}`)),
    );
  });
}
