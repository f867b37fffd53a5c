import pino from 'pino';
import { RotatingFile } from './rotating-file';
import { REDACTED, sanitize, scrubLine, serializeError } from './scrub';

// The main process's logger: pino, writing JSON lines to a file in the data
// folder (rotating-file.ts) and, where someone is watching, to stderr.
// Nothing here spawns a thread or loads a file by path, so it works the same
// in Electron's main process, in the core's utilityProcess and in plain Node.
//
//   openLog({ dir, name })   the process's log (core/core.ts and the hosts open it)
//   logger('imap')           a module's logger, for code that has no logger passed in
//   log.child({ accountId }) more fields on every line
//
// Secrets and mail never reach the file: see scrub.ts. Level and stderr:
// TIDINGS_LOG_LEVEL (trace, debug, info, warn, error, fatal, silent; default
// info, warn under tests), TIDINGS_LOG_STDERR=1/0 (default: on when stderr is
// a terminal, off under tests).

export type LogLevel = pino.LevelWithSilent;

/** What callers use; a pino logger is one. */
export interface Logger {
  fatal: pino.LogFn;
  error: pino.LogFn;
  warn: pino.LogFn;
  info: pino.LogFn;
  debug: pino.LogFn;
  trace: pino.LogFn;
  child(bindings: pino.Bindings): Logger;
  isLevelEnabled(level: LogLevel): boolean;
}

export interface LogOptions {
  /** The folder of the log files (made 0700); none: no file. */
  dir?: string;
  /** The file's name without ".log": 'tidings' for the core, 'main' for Electron's main process. */
  name?: string;
  /** Default: TIDINGS_LOG_LEVEL, else 'info' ('warn' under tests). */
  level?: LogLevel;
  /** Also write to stderr. Default: TIDINGS_LOG_STDERR, else whether stderr is a terminal (never under tests). */
  stderr?: boolean;
  /** Rotate at this size (default 5 MB), keeping this many old files (default 3). */
  maxBytes?: number;
  keep?: number;
  /** Where lines go besides (tests read them here). */
  stream?: { write(line: string): void };
}

export interface LogHandle {
  readonly log: Logger;
  /** The file written, if any. */
  readonly file: string | undefined;
  /** Writes nothing more; if this was the process's log, the one before it (or stderr) takes over. */
  close(): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const MAX_BYTES = 5 * 1024 * 1024;
const KEEP = 3;

function underTest(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.VITEST) || env.NODE_ENV === 'test';
}

/** The level asked for in the environment, or the default. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const asked = env.TIDINGS_LOG_LEVEL?.trim().toLowerCase();
  if (asked && (LOG_LEVELS as readonly string[]).includes(asked)) return asked as LogLevel;
  return underTest(env) ? 'warn' : 'info';
}

function stderrFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TIDINGS_LOG_STDERR === '1') return true;
  if (env.TIDINGS_LOG_STDERR === '0') return false;
  return !underTest(env) && process.stderr.isTTY === true;
}

/** Paths pino redacts by itself (the fields callers are most likely to pass); sanitize() covers any depth. */
const REDACT_PATHS = ['password', 'accessToken', 'refreshToken', 'token', 'authorization', 'body', 'html', 'raw', 'source']
  .flatMap((key) => [key, `*.${key}`])
  .concat(['headers.authorization', 'headers.cookie', 'headers["sec-websocket-protocol"]', 'credentials', '*.credentials']);

/** A logger of its own; openLog() also makes it the process's. */
export function createLog(options: LogOptions = {}): LogHandle {
  const level = options.level ?? levelFromEnv();
  const file =
    options.dir !== undefined
      ? new RotatingFile({
          dir: options.dir,
          name: options.name ?? 'tidings',
          maxBytes: options.maxBytes ?? MAX_BYTES,
          keep: options.keep ?? KEEP,
        })
      : undefined;
  const streams: pino.StreamEntry[] = [];
  if (file) streams.push({ level: 'trace', stream: file });
  if (options.stderr ?? stderrFromEnv()) streams.push({ level: 'trace', stream: pino.destination({ fd: 2, sync: true }) });
  if (options.stream) streams.push({ level: 'trace', stream: options.stream });
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: serializeError, error: serializeError },
      formatters: { log: (fields) => sanitizeFields(fields) },
      hooks: { streamWrite: scrubLine },
    },
    // No stream at all: a logger that writes nowhere (tests, before a log is opened).
    streams.length > 0 ? pino.multistream(streams) : { write: () => undefined },
  );
  let closed = false;
  const handle: LogHandle = {
    log,
    file: file?.path,
    close() {
      if (closed) return;
      closed = true;
      file?.close();
      const at = opened.indexOf(handle);
      if (at >= 0) opened.splice(at, 1);
      if (current === handle) install(opened.at(-1));
    },
  };
  return handle;
}

function sanitizeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const safe = sanitize(fields);
  return typeof safe === 'object' && safe !== null && !Array.isArray(safe) ? (safe as Record<string, unknown>) : { value: safe };
}

// The process's log: what logger() writes to. Before openLog(), stderr where
// someone is watching (nothing under tests).
let current: LogHandle | undefined;
let fallback: LogHandle | undefined;
let generation = 0;
/** The logs openLog() opened and nobody closed yet, latest last. */
const opened: LogHandle[] = [];

function install(handle: LogHandle | undefined): void {
  current = handle;
  generation++;
}

function processLog(): Logger {
  if (current) return current.log;
  fallback ??= createLog({ stderr: stderrFromEnv() });
  return fallback.log;
}

/**
 * Opens the log file `dir/name.log` and makes it the process's log: every
 * logger() writes there from now on, until it is closed.
 */
export function openLog(options: LogOptions & { dir: string }): LogHandle {
  const handle = createLog(options);
  opened.push(handle);
  install(handle);
  return handle;
}

/**
 * The logger of a module ('imap', 'store', ...), writing to whatever is the
 * process's log at the time of each call (so it may be taken at import time).
 * Services get theirs passed in by core/core.ts instead.
 */
export function logger(module: string, bindings: pino.Bindings = {}): Logger {
  return new ProcessLogger({ module, ...bindings });
}

class ProcessLogger implements Logger {
  private target: Logger | undefined;
  private targetGeneration = -1;

  constructor(private readonly bindings: pino.Bindings) {}

  readonly fatal = this.method('fatal');
  readonly error = this.method('error');
  readonly warn = this.method('warn');
  readonly info = this.method('info');
  readonly debug = this.method('debug');
  readonly trace = this.method('trace');

  child(bindings: pino.Bindings): Logger {
    return new ProcessLogger({ ...this.bindings, ...bindings });
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.resolve().isLevelEnabled(level);
  }

  private resolve(): Logger {
    if (!this.target || this.targetGeneration !== generation) {
      this.target = processLog().child(this.bindings);
      this.targetGeneration = generation;
    }
    return this.target;
  }

  private method(level: pino.Level): pino.LogFn {
    return ((...args: unknown[]) => (this.resolve()[level] as (...a: unknown[]) => void)(...args)) as pino.LogFn;
  }
}

/**
 * Logs what would otherwise only reach stderr, without changing what happens
 * next: an uncaught exception, through the monitor event (the process then
 * ends, or Electron shows its dialog, as before; the line is on disk first,
 * the file is written synchronously). In plain Node an unhandled rejection
 * ends the process the same way, so it is logged as one. Electron's main
 * process only warns about one (--unhandled-rejections=warn-with-error-code),
 * so there a listener logs it instead of the warning.
 */
export function logProcessFailures(log: Logger): void {
  process.on('uncaughtExceptionMonitor', (error, origin) => log.fatal({ err: error, origin }, 'uncaught exception'));
  if ((process as { type?: string }).type === 'browser') {
    process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  }
}
