// Shared plumbing for the test servers: free ports, spawning a daemon as a
// child process, waiting until it listens, and stopping it (and only it) by
// pid. Linux only: readiness and shutdown are read from /proc.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

export const HOST = '127.0.0.1';

export const execFileAsync = promisify(execFile);

// Ports handed out by this process and not yet released. Several servers are
// started in parallel; without this two of them could be given the same port
// between "bind port 0, close" and the daemon binding it for real.
const reserved = new Set<number>();

/** Asks the kernel for a distinct free port on 127.0.0.1 for each name. */
export async function freePorts<K extends string>(names: readonly K[]): Promise<Record<K, number>> {
  const held: net.Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < names.length) {
      const server = net.createServer();
      held.push(server); // keep it bound so the next listen(0) gets another port
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, HOST, () => resolve());
      });
      const { port } = server.address() as net.AddressInfo;
      if (!reserved.has(port)) ports.push(port);
    }
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
  for (const p of ports) reserved.add(p);
  return Object.fromEntries(names.map((name, i) => [name, ports[i]])) as Record<K, number>;
}

export function releasePorts(ports: Iterable<number>): void {
  for (const p of ports) reserved.delete(p);
}

/** TCP ports on 127.0.0.1 (or 0.0.0.0) in LISTEN state, with their socket inodes. */
async function listeningPorts(): Promise<Map<number, string>> {
  const text = await readFile('/proc/net/tcp', 'utf8');
  const result = new Map<number, string>();
  for (const line of text.split('\n').slice(1)) {
    const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
    if (state !== '0A' || !local || !inode) continue; // 0A = TCP_LISTEN
    const [addr, portHex] = local.split(':');
    if (addr === '0100007F' || addr === '00000000') result.set(Number.parseInt(portHex ?? '', 16), inode);
  }
  return result;
}

/** Inodes of the sockets a process has open. */
async function socketInodes(pid: number): Promise<Set<string>> {
  const result = new Set<string>();
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return result; // exited
  }
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1]) result.add(match[1]);
  }
  return result;
}

/**
 * Polls until `check` returns true, the child exits, or the deadline passes.
 * Polling /proc instead of connecting keeps probe connections out of the logs.
 */
async function pollUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, child?: Daemon) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (child && child.exitCode !== null) throw new DaemonExitedError(child);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Waits until `daemon` itself listens on all `ports`. Checking that the
 * listening sockets are the daemon's (by inode) matters: if another process
 * grabbed one of our ports, the port is "listening" while our daemon is about
 * to die of EADDRINUSE.
 */
export function waitForListening(daemon: Daemon, ports: number[], timeoutMs = 15_000): Promise<void> {
  return pollUntil(
    `${daemon.name} to listen on ${ports.join(', ')}`,
    async () => {
      const listening = await listeningPorts();
      if (!ports.every((p) => listening.has(p))) return false;
      const own = await socketInodes(daemon.pid);
      return ports.every((p) => own.has(listening.get(p) ?? ''));
    },
    timeoutMs,
    daemon,
  );
}

/** Which of `ports` something is listening on right now. */
export async function portsListening(ports: number[]): Promise<number[]> {
  const listening = await listeningPorts();
  return ports.filter((p) => listening.has(p));
}

export async function waitForPortsClosed(ports: number[], timeoutMs = 10_000): Promise<void> {
  await pollUntil(
    `ports ${ports.join(', ')} to close`,
    async () => {
      const listening = await listeningPorts();
      return ports.every((p) => !listening.has(p));
    },
    timeoutMs,
  );
}

export class DaemonExitedError extends Error {
  readonly daemon: Daemon;

  constructor(daemon: Daemon) {
    super(`${daemon.name} exited early (code ${daemon.exitCode}): ${daemon.stderr.trim() || '(no stderr)'}`);
    this.daemon = daemon;
  }
}

/** A long-running server process started by us, stopped by its pid. */
export class Daemon {
  readonly pid: number;
  /** What the process wrote to stderr (bounded), for error messages. */
  stderr = '';
  exitCode: number | string | null = null;
  readonly name: string;
  private readonly exited: Promise<void>;
  private readonly guard: ChildProcess;

  private constructor(name: string, child: ChildProcess, logFile: string) {
    this.name = name;
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    this.pid = child.pid;
    this.guard = startGuard(this.pid);
    const capture = (chunk: Buffer) => {
      if (this.stderr.length < 16_384) this.stderr += chunk.toString();
      // Keep early output (config errors before logging is set up) with the log.
      appendFileSync(logFile, chunk);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? signal ?? 'unknown';
        resolve();
      });
    });
  }

  /**
   * `detached` puts the daemon in a process group of its own, for daemons
   * that signal their whole group at shutdown. Otherwise it stays in ours, so
   * a Ctrl-C in the terminal reaches it as well.
   */
  static spawn(name: string, command: string, args: string[], logFile: string, detached = false): Promise<Daemon> {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached });
    return new Promise((resolve, reject) => {
      child.once('error', reject); // e.g. ENOENT: binary not installed
      child.once('spawn', () => resolve(new Daemon(name, child, logFile)));
    });
  }

  /**
   * SIGTERM to the master (it stops its own children), then wait for it to
   * exit. Children that outlive it, known by their parent pid taken before
   * the signal, get SIGKILL by pid. Never touches any other process.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    await cancelGuard(this.guard);
    if (this.exitCode !== null) return;
    const children = await childPids(this.pid);
    try {
      process.kill(this.pid, 'SIGTERM');
    } catch {
      // exited in the meantime
    }
    // A cancellable timer: a pending sleep() would keep vitest alive after teardown.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      process.kill(this.pid, 'SIGKILL');
      await this.exited;
    }
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: the normal case
      }
    }
  }
}

/**
 * A watchdog so that no server outlives the test runner, however it ends
 * (Ctrl-C, crash, even SIGKILL): a tiny shell waiting on a pipe from us. When
 * we die the pipe closes, `read` fails and the shell sends SIGTERM to the pid
 * (both masters stop their own children on TERM). A normal stop() first
 * sends it a line, and it exits without killing anything. Detached, so a
 * Ctrl-C does not kill it before it has done its job; unref'd, so it does
 * not keep vitest running.
 */
function startGuard(pid: number): ChildProcess {
  const guard = spawn('sh', ['-c', 'read -r line || kill -TERM "$1" 2>/dev/null', 'tidings-test-guard', String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  guard.unref();
  (guard.stdin as net.Socket | null)?.unref();
  return guard;
}

async function cancelGuard(guard: ChildProcess): Promise<void> {
  if (guard.exitCode !== null || guard.signalCode !== null) return;
  const exited = new Promise((resolve) => guard.once('exit', resolve));
  guard.stdin?.end('stop\n');
  await exited;
}

/** Pids whose parent is `ppid`, from /proc/PID/stat. */
async function childPids(ppid: number): Promise<number[]> {
  const result: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ..." — comm may contain spaces, so split after ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) result.push(Number(entry));
    } catch {
      // process vanished while we were looking
    }
  }
  return result;
}

/** Last lines of a log file, for error messages. */
export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Calls `attempt` until it does not fail with "address in use", at most `tries` times. */
export async function retryOnAddressInUse<T>(what: string, tries: number, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      const inUse = /address already in use|EADDRINUSE/i.test(String((err as Error).message));
      if (!inUse || i >= tries) throw err;
      console.warn(`[test servers] ${what}: port taken by someone else, retrying (${i}/${tries})`);
    }
  }
}

/**
 * A TCP relay on 127.0.0.1:`port` to 127.0.0.1:`target` that connects from
 * source address 127.0.0.2.
 *
 * Why: Dovecot treats any connection whose remote IP equals its local IP as
 * "secured" (login-common: `secured = ssl || trusted || remote_ip == local_ip`)
 * and then allows plaintext logins without TLS and hides LOGINDISABLED. Every
 * test connection is 127.0.0.1 -> 127.0.0.1, so without the relay the TLS
 * instances would accept passwords in the clear, unlike any real server.
 * (Dovecot's log therefore shows rip=127.0.0.2 for these ports.)
 */
export async function startRelay(port: number, target: number): Promise<{ stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: HOST, port: target, localAddress: RELAY_SOURCE });
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // Either side going away ends the pair; errors are the peer's business.
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject); // EADDRINUSE: the caller retries with new ports
    server.listen(port, HOST, () => resolve());
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

const RELAY_SOURCE = '127.0.0.2';
