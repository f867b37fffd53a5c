// vitest globalSetup: starts the real mail servers once per test run and hands
// their addresses to tests as inject('servers') (typed in ./types.ts).
//
//   Dovecot "trusted"   certificate from the test CA; Postfix's SASL + delivery target
//   Dovecot "untrusted" certificate from an unrelated CA
//   Dovecot "plain"     no TLS at all, plaintext logins allowed
//   Dovecot "oauth"     OAuth2 (XOAUTH2) only, tokens introspected at the local OAuth2 server
//   Cyrus               a second IMAP server: "." separator, INBOX. prefix (test/servers/cyrus.ts)
//   Postfix             submission / submissions / plain / untrusted / OAuth2 submission
//   OAuth2 server       test/servers/oauth-server.ts, standing in for Google and Microsoft
//
// Environment:
//   TIDINGS_TEST_CA_DIR   CA made by make-ca.sh (test/run.sh sets it together
//                         with NODE_EXTRA_CA_CERTS=$TIDINGS_TEST_CA_DIR/ca.pem)
//   TIDINGS_NO_SERVERS=1  start nothing; inject('servers') is null
//   TIDINGS_TEST_WORK_DIR put configs, logs and mail here and keep them
//                         (default: a temp dir, deleted at teardown)
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { addCyrusUser, startCyrus } from './cyrus';
import { startDovecot, USERS } from './dovecot';
import { startOAuthServer } from './oauth-server';
import { startPostfix } from './postfix';
import type { ServerEndpoint, TestServers } from './types';

interface Running {
  info: TestServers;
  stop(): Promise<void>;
}

// vitest runs a root-level globalSetup once per run, for the root project,
// even when only some projects are selected (--project unit). Unit tests need
// no servers, so they are not started when nothing but 'unit' was selected.
const PROJECTS_WITHOUT_SERVERS = new Set(['unit']);

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const selected = project.vitest.projects.map((p) => p.name);
  if (process.env.TIDINGS_NO_SERVERS === '1' || selected.every((name) => PROJECTS_WITHOUT_SERVERS.has(name))) {
    project.provide('servers', null);
    return undefined;
  }
  const running = await startAll();
  project.provide('servers', running.info);
  return () => running.stop();
}

async function startAll(): Promise<Running> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The integration/e2e mail servers (Dovecot, Postfix) must be started as root. ' +
        'Run as root, or set TIDINGS_NO_SERVERS=1 to run only tests that need no servers.',
    );
  }
  const started = Date.now();
  const keep = Boolean(process.env.TIDINGS_TEST_WORK_DIR);
  const workDir = keep
    ? path.resolve(process.env.TIDINGS_TEST_WORK_DIR as string)
    : await mkdtemp(path.join(os.tmpdir(), 'tidings-servers-'));
  if (keep) {
    // A kept dir from an earlier run: start from empty mailboxes and queues.
    // Only our own subdirectories, in case the variable points somewhere shared.
    for (const sub of ['ca', 'dovecot', 'dovecot-untrusted', 'dovecot-plain', 'dovecot-oauth', 'cyrus', 'postfix']) {
      await rm(path.join(workDir, sub), { recursive: true, force: true });
    }
  }
  // mkdtemp makes it 0700, but the servers' unprivileged processes (dovenull,
  // mail, postfix) must traverse it to reach certificates, sockets and mail.
  await mkdir(workDir, { recursive: true });
  await chmod(workDir, 0o755);
  // Unix sockets (Dovecot's auth socket and friends) have a ~107 byte path limit.
  if (`${workDir}/dovecot-untrusted/run/login/imap-urlauth`.length > 100) {
    throw new Error(`work dir path too long for unix sockets: ${workDir}`);
  }
  const caDir = await resolveCaDir(workDir);

  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    // Postfix first: it talks to the trusted Dovecot.
    for (const stop of stoppers.reverse()) await stop().catch((e) => console.error('[test servers] stop:', e));
    stoppers.length = 0;
    if (!keep) await rm(workDir, { recursive: true, force: true });
  };

  try {
    const track = <T extends { stop(): Promise<void> }>(p: Promise<T>) =>
      p.then((instance) => {
        stoppers.push(() => instance.stop());
        return instance;
      });
    const oauthClients = {
      google: { clientId: 'tidings-test-google.apps.example', clientSecret: 'tidings-test-google-secret' },
      microsoft: { clientId: '00000000-0000-4000-8000-7e57c11e0000' },
    };
    const oauthServer = await track(startOAuthServer({ clients: [oauthClients.google, oauthClients.microsoft] }));
    // The Dovecots are independent: start them side by side. Let all of
    // them settle before failing, so that the ones that did start get stopped.
    const starting = [
      track(startDovecot({ workDir: path.join(workDir, 'dovecot'), ssl: 'trusted', caDir })),
      track(startDovecot({ workDir: path.join(workDir, 'dovecot-untrusted'), ssl: 'untrusted', caDir })),
      track(startDovecot({ workDir: path.join(workDir, 'dovecot-plain'), ssl: 'none' })),
      track(
        startDovecot({
          workDir: path.join(workDir, 'dovecot-oauth'),
          ssl: 'trusted',
          caDir,
          oauth2: { introspectionUrl: oauthServer.introspectionEndpoint },
        }),
      ),
      track(startCyrus({ workDir: path.join(workDir, 'cyrus'), caDir })),
    ] as const;
    await Promise.allSettled(starting);
    const [dovecot, dovecotUntrusted, dovecotPlain, dovecotOAuth, cyrus] = await Promise.all(starting);
    for (const user of Object.values(USERS)) await addCyrusUser(cyrus.userDb, user.address, user.password);
    // Stop all Dovecots (and Cyrus) in parallel (each takes ~1 s to shut down), after Postfix.
    const dovecots = stoppers.splice(0);
    stoppers.push(() => Promise.all(dovecots.map((stop) => stop())).then(() => {}));
    const postfix = await track(startPostfix({ workDir: path.join(workDir, 'postfix'), caDir, dovecot, oauthDovecot: dovecotOAuth }));

    const info: TestServers = {
      caDir,
      caPem: path.join(caDir, 'ca.pem'),
      dovecot: endpoint(dovecot),
      dovecotUntrusted: endpoint(dovecotUntrusted),
      dovecotPlain: endpoint(dovecotPlain),
      postfix: endpoint(postfix),
      oauth: {
        url: oauthServer.url,
        issuer: oauthServer.issuer,
        authorizationEndpoint: oauthServer.authorizationEndpoint,
        tokenEndpoint: oauthServer.tokenEndpoint,
        clients: oauthClients,
      },
      dovecotOAuth: endpoint(dovecotOAuth),
      cyrus: { ...endpoint(cyrus), userDb: cyrus.userDb },
      users: {
        alice: { ...USERS.alice },
        bob: { ...USERS.bob },
        carol: { ...USERS.carol },
      },
      workDir,
    };
    console.log(`[test servers] started in ${Date.now() - started} ms, work dir ${workDir}`);
    return { info, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function endpoint<P>(instance: { host: string; ports: P; logFile: string }): ServerEndpoint<P> {
  return { host: instance.host, ports: { ...instance.ports }, logFile: instance.logFile };
}

/** The CA the servers' certificates come from, and make sure workers trust it. */
async function resolveCaDir(workDir: string): Promise<string> {
  let caDir = process.env.TIDINGS_TEST_CA_DIR;
  if (!caDir) {
    caDir = path.join(workDir, 'ca');
    const script = fileURLToPath(new URL('./make-ca.sh', import.meta.url));
    await promisify(execFile)('bash', [script, caDir]);
  }
  caDir = path.resolve(caDir);
  const caPem = path.join(caDir, 'ca.pem');
  if (process.env.NODE_EXTRA_CA_CERTS !== caPem) {
    // Node reads NODE_EXTRA_CA_CERTS once at startup. Test workers are forked
    // after this runs and inherit process.env, so they will trust the CA; this
    // process (and anything started before now) will not.
    console.warn(
      `[test servers] NODE_EXTRA_CA_CERTS is not ${caPem}; setting it for the test workers. ` +
        'Run tests via `npm test` (test/run.sh) so every process trusts the test CA.',
    );
    process.env.NODE_EXTRA_CA_CERTS = caPem;
  }
  return caDir;
}
