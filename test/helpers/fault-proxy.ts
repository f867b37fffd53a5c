import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';

/**
 * A TCP relay on 127.0.0.1 between Tidings and a real server (Dovecot,
 * Postfix) that a test uses to break the connection in the ways networks and
 * servers do:
 *
 * - `cutAll()`: every open connection dropped at once (new ones still
 *   accepted: the network blinked);
 * - `stallLiteral()`: the server's next literal that answers a matching
 *   command stops halfway (slow-loris: the connection stays open, nothing
 *   more comes, in either direction);
 * - `slow()`: every chunk from the server held back a while;
 * - `inject()`: a matching command is answered by the test instead of the
 *   server (`* BYE` and a close, `NO [UNAVAILABLE]`, `BAD`), at once or
 *   after some of the server's own untagged answers (BAD in the middle of a
 *   command); the server's real answer to that command is then swallowed, so
 *   the dialogue stays in step.
 *
 * With `tls`, the relay ends TLS itself with the run's server certificate
 * (which Node trusts through NODE_EXTRA_CA_CERTS, like the servers') and
 * speaks TLS to the server: it sees the plain dialogue, which stalls at a
 * literal and injected replies need. Without, it relays bytes as they are
 * (cut, slow and stall by the server's plain text, e.g. Dovecot's TLS-less instance).
 *
 * It reads IMAP responses just enough for that: lines, and `{n}` literals
 * after them, so that a literal's bytes are never taken for lines.
 */
export interface FaultProxy {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Connections open now. */
  open(): number;
  /** What happened, in order, with times (ms since the proxy started): connects, cuts, stalls, injections. */
  readonly log: FaultEvent[];
  /** Every command the client sent through the relay, without its tag, in order (all connections; with `tls`, or a plain server). */
  readonly sent: string[];
  /** Drops every open connection now. */
  cutAll(): number;
  /**
   * The next literal of at least `minBytes` that the server sends in answer to
   * a command matching `command` is forwarded up to `fraction` of its bytes,
   * then the connection goes silent (held open). Resolves when that happened.
   */
  stallLiteral(rule: { command: RegExp; minBytes?: number; fraction?: number }): Promise<void>;
  /**
   * The next `times` commands (default 1) matching `command` get `reply(tag)`
   * from the test after `afterUntagged` of the server's untagged answers
   * (default 0: at once); `close` then ends the connection (after a BYE).
   * Resolves when the last one was sent.
   */
  inject(rule: InjectRule): Promise<void>;
  /** Holds each chunk from the server back this long (0: no longer). */
  slow(ms: number): void;
  close(): Promise<void>;
}

export interface InjectRule {
  command: RegExp;
  reply: (tag: string) => string;
  afterUntagged?: number;
  close?: boolean;
  times?: number;
  /** Sent besides the server's answer, not instead of it (an unsolicited FETCH in the middle of a command's answers). */
  alongside?: boolean;
}

export interface FaultEvent {
  at: number;
  connection: number;
  kind: 'connect' | 'cut' | 'stall' | 'inject' | 'closed';
  detail?: string;
}

export interface FaultProxyOptions {
  targetPort: number;
  targetHost?: string;
  /** End TLS here and speak TLS to the server: the directory with the run's server.key and server.pem (servers.caDir). */
  tlsCaDir?: string;
}

interface StallRule {
  command: RegExp;
  minBytes: number;
  fraction: number;
  done(): void;
}

interface ArmedInject {
  rule: InjectRule;
  tag: string;
  untaggedLeft: number;
  /** Set on the last of a rule's `times`: resolves its promise. */
  done?: () => void;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const started = Date.now();
  const log: FaultEvent[] = [];
  const sent: string[] = [];
  const note = (connection: number, kind: FaultEvent['kind'], detail?: string) =>
    log.push({ at: Date.now() - started, connection, kind, ...(detail ? { detail } : {}) });
  const live = new Set<Relay>();
  const stalls: StallRule[] = [];
  const injects: { rule: InjectRule; left: number; done(): void }[] = [];
  let delayMs = 0;
  let accepted = 0;
  const targetHost = options.targetHost ?? '127.0.0.1';

  /** One client connection and its upstream. */
  class Relay {
    readonly id = ++accepted;
    private upstream: net.Socket;
    /** Commands sent and not answered yet: tag → command line. */
    private readonly commands = new Map<string, string>();
    private clientLine = '';
    // The server's side: the line being read, or the literal bytes still to come.
    private serverLine: Buffer[] = [];
    private literalLeft = 0;
    private literalStall: { keep: number; rule: StallRule } | undefined;
    private literalCommand: string | undefined;
    /** Drop the server's output until its tagged answer with this tag (an injected answer replaced it). */
    private swallowUntil: string | undefined;
    private armed: ArmedInject | undefined;
    private stalled = false;
    private ended = false;
    private sending: Promise<void> = Promise.resolve();

    constructor(private readonly client: net.Socket) {
      note(this.id, 'connect');
      this.upstream = options.tlsCaDir
        ? tls.connect({ host: targetHost, port: options.targetPort })
        : net.connect({ host: targetHost, port: options.targetPort });
      client.on('data', (chunk: Buffer) => this.fromClient(chunk));
      this.upstream.on('data', (chunk: Buffer) => this.fromServer(chunk));
      for (const socket of [client, this.upstream]) {
        socket.on('error', () => this.end());
        socket.on('close', () => this.end());
      }
    }

    end(why?: 'cut'): void {
      if (this.ended) return;
      this.ended = true;
      note(this.id, why ?? 'closed');
      live.delete(this);
      this.client.destroy();
      this.upstream.destroy();
    }

    private fromClient(chunk: Buffer): void {
      if (this.stalled) return;
      this.upstream.write(chunk);
      this.clientLine += chunk.toString('latin1');
      let newline = this.clientLine.indexOf('\n');
      while (newline >= 0) {
        const line = this.clientLine.slice(0, newline).replace(/\r$/, '');
        this.clientLine = this.clientLine.slice(newline + 1);
        this.command(line);
        newline = this.clientLine.indexOf('\n');
      }
      if (this.clientLine.length > 64 * 1024) this.clientLine = ''; // a long literal (APPEND): not a command
    }

    private command(line: string): void {
      const match = /^(\S+) (.+)$/.exec(line);
      if (!match) return;
      const [, tag, text] = match as unknown as [string, string, string];
      this.commands.set(tag, text);
      sent.push(text);
      if (this.armed) return;
      const index = injects.findIndex((i) => i.left > 0 && i.rule.command.test(text));
      const found = injects[index];
      if (!found) return;
      found.left--;
      if (found.left === 0) injects.splice(index, 1);
      this.armed = {
        rule: found.rule,
        tag,
        untaggedLeft: found.rule.afterUntagged ?? 0,
        ...(found.left === 0 ? { done: found.done } : {}),
      };
      if (this.armed.untaggedLeft === 0) this.fire(!found.rule.alongside);
    }

    /**
     * Sends the injected answer now. `swallow`: the server's own answer to
     * that command is still to come, and is dropped when it does.
     */
    private fire(swallow: boolean): void {
      const armed = this.armed;
      if (!armed) return;
      this.armed = undefined;
      const reply = armed.rule.reply(armed.tag);
      note(this.id, 'inject', reply.trim());
      this.toClient(Buffer.from(reply.endsWith('\r\n') ? reply : `${reply}\r\n`, 'latin1'));
      if (swallow) this.swallowUntil = armed.tag;
      if (armed.rule.close) void this.sending.then(() => this.client.end(() => this.end()));
      armed.done?.();
    }

    private toClient(bytes: Buffer): void {
      if (bytes.length === 0) return;
      if (delayMs === 0) {
        this.sending = this.sending.then(() => {
          if (!this.ended) this.client.write(bytes);
        });
        return;
      }
      const wait = delayMs;
      this.sending = this.sending.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (!this.ended) this.client.write(bytes);
              resolve();
            }, wait),
          ),
      );
    }

    private fromServer(chunk: Buffer): void {
      let at = 0;
      while (at < chunk.length && !this.stalled && !this.ended) {
        if (this.literalLeft > 0) {
          const take = Math.min(this.literalLeft, chunk.length - at);
          let part = chunk.subarray(at, at + take);
          const stall = this.literalStall;
          if (stall && part.length >= stall.keep) {
            part = part.subarray(0, stall.keep);
            if (!this.swallowUntil) this.toClient(part);
            // Silent from now on, both ways, but still reading: a close from either side is heard.
            this.stalled = true;
            note(this.id, 'stall', `${this.literalCommand ?? ''} after ${stall.keep} bytes of a literal`);
            stall.rule.done();
            return;
          }
          if (stall) stall.keep -= part.length;
          if (!this.swallowUntil) this.toClient(part);
          this.literalLeft -= take;
          at += take;
          continue;
        }
        const newline = chunk.indexOf(10, at);
        if (newline < 0) {
          this.serverLine.push(chunk.subarray(at));
          return;
        }
        this.serverLine.push(chunk.subarray(at, newline + 1));
        at = newline + 1;
        const line = Buffer.concat(this.serverLine);
        this.serverLine = [];
        this.serverLineDone(line);
      }
    }

    private serverLineDone(line: Buffer): void {
      const text = line.toString('latin1');
      const literal = /\{(\d+)\}\r?\n$/.exec(text);
      const tagged = /^(\S+) (OK|NO|BAD)\b/i.exec(text);
      const tag = tagged && tagged[1] !== '*' && tagged[1] !== '+' ? tagged[1] : undefined;
      if (this.swallowUntil) {
        if (tag === this.swallowUntil) this.swallowUntil = undefined;
        if (tag) this.commands.delete(tag);
        if (literal) this.literalLeft = Number(literal[1]);
        return;
      }
      if (this.armed && tag === this.armed.tag) {
        // The command ended before the untagged answers the rule waited for: the injected answer replaces the server's (or goes before it).
        const alongside = this.armed.rule.alongside === true;
        this.fire(false);
        if (!alongside) {
          this.commands.delete(tag);
          return;
        }
      }
      this.toClient(line);
      if (tag) this.commands.delete(tag);
      if (literal) {
        this.literalLeft = Number(literal[1]);
        this.literalStall = undefined;
        // The command this literal answers: the oldest one still open (this client waits for each answer).
        const [command] = this.commands.values();
        this.literalCommand = command;
        const index = stalls.findIndex((s) => command !== undefined && s.command.test(command) && this.literalLeft >= s.minBytes);
        const rule = stalls[index];
        if (rule) {
          stalls.splice(index, 1);
          this.literalStall = { keep: Math.max(1, Math.floor(this.literalLeft * rule.fraction)), rule };
        }
      }
      // An untagged answer (a line that is not the continuation of a literal) counts toward an armed BAD.
      if (this.armed && /^\* /.test(text)) {
        this.armed.untaggedLeft--;
        if (this.armed.untaggedLeft <= 0 && this.literalLeft === 0) this.fire(!this.armed.rule.alongside);
      } else if (this.armed && this.armed.untaggedLeft <= 0 && this.literalLeft === 0) this.fire(!this.armed.rule.alongside);
    }
  }

  const onClient = (client: net.Socket) => {
    const relay = new Relay(client);
    live.add(relay);
  };
  const server = options.tlsCaDir
    ? tls.createServer(
        { key: readFileSync(join(options.tlsCaDir, 'server.key')), cert: readFileSync(join(options.tlsCaDir, 'server.pem')) },
        onClient,
      )
    : net.createServer(onClient);
  server.on('tlsClientError', () => undefined); // a client that gave up during the handshake
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => accepted,
    open: () => live.size,
    log,
    sent,
    cutAll() {
      const relays = [...live];
      for (const relay of relays) relay.end('cut');
      return relays.length;
    },
    stallLiteral(rule) {
      return new Promise<void>((resolve) =>
        stalls.push({ command: rule.command, minBytes: rule.minBytes ?? 1, fraction: rule.fraction ?? 0.5, done: resolve }),
      );
    },
    inject(rule) {
      return new Promise<void>((resolve) => injects.push({ rule, left: rule.times ?? 1, done: resolve }));
    },
    slow(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const relay of [...live]) relay.end();
        server.close(() => resolve());
      }),
  };
}
