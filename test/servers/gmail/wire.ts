// The IMAP wire for the Gmail stand-in: framing a client's bytes into commands
// (lines joined by literals, RFC 9051 4.3: "{n}" asks for a "+" first, "{n+}"
// does not, LITERAL- allows the latter up to 4096 bytes), the tokens of a
// command, sequence sets, modified UTF-7 mailbox names, and the strings of a
// response. Every loop here is bounded by the bytes received.

import type { Socket } from 'node:net';

const LF = 0x0a;

// ---- a queue of received chunks, read by lines and by byte counts ----

class ByteQueue {
  private chunks: Buffer[] = [];
  /** Where the search for LF goes on in chunks[0] (bytes before it have none). */
  private scanned = 0;
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Offset of the first LF, or -1 (searching at most `limit` bytes). */
  indexOfLF(limit: number): number {
    let base = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const chunk = this.chunks[i] as Buffer;
      const from = i === 0 ? this.scanned : 0;
      const at = chunk.indexOf(LF, from);
      if (at !== -1) return base + at;
      base += chunk.length;
      if (i === 0) this.scanned = chunk.length;
      if (base > limit) return -1;
    }
    return -1;
  }

  /** Removes and returns the first n bytes (n <= length). */
  take(n: number): Buffer {
    this.length -= n;
    this.scanned = 0;
    const first = this.chunks[0];
    if (first && first.length === n) {
      this.chunks.shift();
      return first;
    }
    if (first && first.length > n) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0] as Buffer;
      const count = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, count);
      filled += count;
      if (count === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(count);
    }
    return out;
  }

  /** Drops up to n bytes; returns how many were dropped. */
  drop(n: number): number {
    const count = Math.min(n, this.length);
    if (count > 0) this.take(count);
    return count;
  }
}

// ---- framing ----

export interface Frame {
  /** Text around the literals (CRLF and "{n}" markers removed); one more than literals. */
  parts: Buffer[];
  literals: Buffer[];
  /** Set when the command could not be framed whole: answer BAD (or NO) with it. */
  error?: { status: 'BAD' | 'NO'; text: string };
}

export interface ReaderLimits {
  maxLineBytes: number;
  maxLiteralBytes: number;
  /** Non-synchronizing literals accepted up to this size (LITERAL-: 4096). */
  maxNonSyncLiteral: number;
}

/**
 * Reads what one client sends, as the session asks for it: a command, a bare
 * line (an AUTHENTICATE answer, IDLE's DONE). Reading is paused while a lot
 * is buffered and nobody asks.
 */
export class CommandReader {
  private readonly queue = new ByteQueue();
  private waiter: (() => void) | undefined;
  private ended = false;
  private discarding = false;
  /** The start of a line being skipped for its length. */
  private skippedHead = Buffer.alloc(0);
  private paused = false;

  constructor(
    private readonly socket: Socket,
    private readonly limits: ReaderLimits,
    /** Sends "+ go ahead" for a synchronizing literal. */
    private readonly onContinue: () => void,
  ) {}

  push(chunk: Buffer): void {
    this.queue.push(chunk);
    if (this.queue.length > 4 * 1024 * 1024 + this.limits.maxLiteralBytes && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private async more(): Promise<boolean> {
    if (this.ended) return false;
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    await new Promise<void>((resolve) => {
      this.waiter = resolve;
    });
    return true;
  }

  /**
   * The next line without CR LF; null at the end. A line over the limit is
   * skipped, and only its start (where the tag is) returned, as { tooLong }.
   */
  async readLine(): Promise<Buffer | { tooLong: Buffer } | null> {
    for (;;) {
      const at = this.queue.indexOfLF(this.discarding ? Number.POSITIVE_INFINITY : this.limits.maxLineBytes);
      if (this.discarding) {
        if (at === -1) {
          this.queue.drop(this.queue.length);
          if (!(await this.more())) return null;
          continue;
        }
        this.queue.drop(at + 1);
        this.discarding = false;
        return { tooLong: this.skippedHead };
      }
      if (at !== -1) {
        if (at > this.limits.maxLineBytes) {
          const head = Buffer.from(this.queue.take(Math.min(64, at)));
          this.queue.drop(at + 1 - head.length);
          return { tooLong: head };
        }
        const line = this.queue.take(at + 1);
        const end = line.length >= 2 && line[line.length - 2] === 0x0d ? line.length - 2 : line.length - 1;
        return line.subarray(0, end);
      }
      if (this.queue.length > this.limits.maxLineBytes) {
        this.skippedHead = Buffer.from(this.queue.take(64));
        this.discarding = true;
        continue;
      }
      if (!(await this.more())) return null;
    }
  }

  private async readBytes(n: number): Promise<Buffer | null> {
    while (this.queue.length < n) if (!(await this.more())) return null;
    return this.queue.take(n);
  }

  private async skipBytes(n: number): Promise<boolean> {
    let left = n;
    while (left > 0) {
      left -= this.queue.drop(left);
      if (left > 0 && !(await this.more())) return false;
    }
    return true;
  }

  /** The next whole command; null when the client is gone. */
  async readCommand(): Promise<Frame | null> {
    const frame: Frame = { parts: [], literals: [] };
    let total = 0;
    for (;;) {
      const line = await this.readLine();
      if (line === null) return null;
      if (!Buffer.isBuffer(line)) {
        // Only the line's start is left: enough for the tag of the BAD.
        frame.parts.push(frame.parts.length ? Buffer.alloc(0) : line.tooLong);
        frame.error ??= { status: 'BAD', text: 'Command line too long. (Failure)' };
        return frame;
      }
      const marker = literalMarker(line);
      if (!marker) {
        frame.parts.push(line);
        return frame;
      }
      frame.parts.push(line.subarray(0, line.length - marker.length));
      total += marker.size;
      if (!marker.nonSync) {
        if (marker.size > this.limits.maxLiteralBytes || total > 2 * this.limits.maxLiteralBytes) {
          // The client waits for our "+": without it no literal follows, and the command ends here.
          frame.error ??= { status: 'NO', text: '[TOOBIG] Literal too big. (Failure)' };
          return frame;
        }
        this.onContinue();
        const literal = await this.readBytes(marker.size);
        if (literal === null) return null;
        frame.literals.push(literal);
        continue;
      }
      if (marker.size > this.limits.maxNonSyncLiteral || total > 2 * this.limits.maxLiteralBytes) {
        // RFC 7888: a non-synchronizing literal over LITERAL-'s limit is refused; its bytes still come.
        frame.error ??= { status: 'BAD', text: '[TOOBIG] Non-synchronizing literal too big. (Failure)' };
        if (!(await this.skipBytes(marker.size))) return null;
        frame.literals.push(Buffer.alloc(0));
        continue;
      }
      const literal = await this.readBytes(marker.size);
      if (literal === null) return null;
      frame.literals.push(literal);
    }
  }
}

function literalMarker(line: Buffer): { size: number; nonSync: boolean; length: number } | undefined {
  if (line.length < 3 || line[line.length - 1] !== 0x7d /* } */) return undefined;
  const tail = line.toString('latin1', Math.max(0, line.length - 16));
  const match = /[~]?\{(\d{1,10})(\+?)\}$/.exec(tail);
  if (!match) return undefined;
  return { size: Number(match[1]), nonSync: match[2] === '+', length: match[0].length };
}

// ---- tokens ----

export type Token =
  | { type: 'atom'; value: string }
  | { type: 'string'; value: string; bytes: Buffer; literal: boolean }
  | { type: 'list'; items: Token[] };

/** A client error: answered with a tagged BAD. */
export class BadCommand extends Error {}
/** A refusal: answered with a tagged NO. */
export class Refused extends Error {}

const ATOM_END = new Set([0x20, 0x28, 0x29, 0x7b /* { */, 0x22]);

/**
 * The tokens of a framed command. An atom may hold a bracketed section with
 * spaces and parentheses in it ("BODY.PEEK[HEADER.FIELDS (A B)]<0.10>").
 */
export function tokenize(frame: Frame): Token[] {
  const root: Token[] = [];
  const stack: Token[][] = [root];
  let depth = 0;
  const current = () => stack[stack.length - 1] as Token[];
  for (let p = 0; p < frame.parts.length; p++) {
    const text = frame.parts[p] as Buffer;
    let i = 0;
    while (i < text.length) {
      const c = text[i] as number;
      if (c === 0x20) {
        i++;
      } else if (c === 0x28 /* ( */) {
        if (++depth > 32) throw new BadCommand('Too deeply nested.');
        const list: Token = { type: 'list', items: [] };
        current().push(list);
        stack.push(list.items);
        i++;
      } else if (c === 0x29 /* ) */) {
        if (stack.length === 1) throw new BadCommand('Unbalanced parentheses.');
        stack.pop();
        depth--;
        i++;
      } else if (c === 0x22 /* " */) {
        const bytes: number[] = [];
        i++;
        let closed = false;
        while (i < text.length) {
          const d = text[i] as number;
          if (d === 0x5c /* \ */ && i + 1 < text.length) {
            bytes.push(text[i + 1] as number);
            i += 2;
          } else if (d === 0x22) {
            closed = true;
            i++;
            break;
          } else {
            bytes.push(d);
            i++;
          }
        }
        if (!closed) throw new BadCommand('Unterminated quoted string.');
        const buffer = Buffer.from(bytes);
        current().push({ type: 'string', value: buffer.toString('utf8'), bytes: buffer, literal: false });
      } else {
        const start = i;
        let bracket = 0;
        while (i < text.length) {
          const d = text[i] as number;
          if (d === 0x5b /* [ */) bracket++;
          else if (d === 0x5d /* ] */ && bracket > 0) bracket--;
          else if (bracket === 0 && ATOM_END.has(d)) break;
          else if (d < 0x20 || d === 0x7f) throw new BadCommand('Control character in command.');
          i++;
        }
        if (bracket > 0) throw new BadCommand('Unterminated section.');
        if (i === start) throw new BadCommand('Unexpected character.');
        current().push({ type: 'atom', value: text.toString('utf8', start, i) });
      }
    }
    const literal = frame.literals[p];
    if (literal) current().push({ type: 'string', value: literal.toString('utf8'), bytes: literal, literal: true });
  }
  if (stack.length !== 1) throw new BadCommand('Unbalanced parentheses.');
  return root;
}

/** Reads a command's arguments in order. */
export class Args {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  get done(): boolean {
    return this.at >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  next(what = 'argument'): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new BadCommand(`Missing ${what}.`);
    return token;
  }

  atom(what = 'argument'): string {
    const token = this.next(what);
    if (token.type !== 'atom') throw new BadCommand(`Expected ${what}.`);
    return token.value;
  }

  /** An atom or a string (IMAP astring). */
  astring(what = 'argument'): string {
    const token = this.next(what);
    if (token.type === 'list') throw new BadCommand(`Expected ${what}.`);
    return token.value;
  }

  /** An astring's bytes (a mailbox name, before decoding). */
  astringBytes(what = 'argument'): Buffer {
    const token = this.next(what);
    if (token.type === 'list') throw new BadCommand(`Expected ${what}.`);
    return token.type === 'string' ? token.bytes : Buffer.from(token.value, 'utf8');
  }

  list(what = 'list'): Token[] {
    const token = this.next(what);
    if (token.type !== 'list') throw new BadCommand(`Expected ${what}.`);
    return token.items;
  }

  /** A list, or a single atom/string taken as a list of one. */
  listOrOne(what = 'list'): Token[] {
    const token = this.next(what);
    return token.type === 'list' ? token.items : [token];
  }

  number(what = 'number'): number {
    const value = this.atom(what);
    if (!/^\d{1,15}$/.test(value)) throw new BadCommand(`Expected ${what}.`);
    return Number(value);
  }

  end(): void {
    if (!this.done) throw new BadCommand('Too many arguments.');
  }
}

export function tokenText(token: Token): string {
  if (token.type === 'list') throw new BadCommand('Expected an atom or a string.');
  return token.value;
}

// ---- sequence sets ----

/** Ranges [from, to] (inclusive, from <= to); `*` stands for `star`. */
export type Ranges = [number, number][];

const MAX_NUMBER = 4294967295;

export function parseSequenceSet(text: string, star: number): Ranges {
  if (!/^[\d:*,]+$/.test(text)) throw new BadCommand('Invalid sequence set.');
  const ranges: Ranges = [];
  for (const piece of text.split(',')) {
    const ends = piece.split(':');
    if (ends.length > 2 || ends.some((end) => end === '')) throw new BadCommand('Invalid sequence set.');
    const values = ends.map((end) => {
      if (end === '*') return star;
      if (!/^\d{1,10}$/.test(end)) throw new BadCommand('Invalid sequence set.');
      const n = Number(end);
      if (n === 0 || n > MAX_NUMBER) throw new BadCommand('Invalid sequence set.');
      return n;
    });
    const a = values[0] as number;
    const b = values[values.length - 1] as number;
    ranges.push(a <= b ? [a, b] : [b, a]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: Ranges = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** "1:3,5" from numbers in any order. */
export function toSequenceSet(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) <= (sorted[j] as number) + 1) j++;
    parts.push(sorted[i] === sorted[j] ? `${sorted[i]}` : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Index of the first element >= value in a sorted array. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---- modified UTF-7 (RFC 3501 5.1.3) ----

export function encodeMutf7(name: string): string {
  let out = '';
  let pending: number[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    pending.forEach((unit, i) => {
      bytes.writeUInt16BE(unit, i * 2);
    });
    out += `&${bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      flush();
      out += unit === 0x26 ? '&-' : name.charAt(i);
    } else pending.push(unit);
  }
  flush();
  return out;
}

/** Decodes modified UTF-7; throws BadCommand on a malformed name. */
export function decodeMutf7(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^-]*)-?/g, (whole, encoded: string) => {
    if (!whole.endsWith('-')) throw new BadCommand('Invalid modified UTF-7 mailbox name.');
    if (encoded === '') return '&';
    if (!/^[A-Za-z0-9+,]+$/.test(encoded)) throw new BadCommand('Invalid modified UTF-7 mailbox name.');
    const bytes = Buffer.from(encoded.replace(/,/g, '/'), 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i));
    return out;
  });
}

// ---- response strings ----

/** A response is text (UTF-8) and raw bytes, written in order. */
export type Piece = string | Buffer;

/** An IMAP string of these bytes: quoted when plain printable ASCII, else a literal. */
export function stringOf(bytes: Buffer): Piece[] {
  let plain = bytes.length < 1024;
  for (let i = 0; plain && i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c < 0x20 || c > 0x7e) plain = false;
  }
  if (plain) return [quote(bytes.toString('latin1'))];
  return [`{${bytes.length}}\r\n`, bytes];
}

/** A quoted string ('"' and '\' escaped); the text must be free of CR and LF. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** An atom when the text is one, else a quoted string. */
export function atomOrQuoted(text: string): string {
  return /^[!#$&'+-9;<=>?@A-Z^-z|}~]+$/.test(text) && text.toUpperCase() !== 'NIL' ? text : quote(text);
}

export function nstring(bytes: Buffer | undefined): Piece[] {
  return bytes === undefined ? ['NIL'] : stringOf(bytes);
}

/** "17-Jul-1996 02:44:25 +0000" */
export function imapDate(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}-${months[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

/** An IMAP date ("1-Feb-2024") as midnight UTC. */
export function parseSearchDate(text: string): number {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  const month = match ? MONTHS[(match[2] as string).toLowerCase()] : undefined;
  if (!match || month === undefined) throw new BadCommand('Invalid date.');
  return Date.UTC(Number(match[3]), month, Number(match[1]));
}

/** An IMAP date-time ("17-Jul-1996 02:44:25 -0700"). */
export function parseDateTime(text: string): Date {
  const match = /^\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(text);
  const month = match ? MONTHS[(match[2] as string).toLowerCase()] : undefined;
  if (!match || month === undefined) throw new BadCommand('Invalid date-time.');
  const utc = Date.UTC(Number(match[3]), month, Number(match[1]), Number(match[4]), Number(match[5]), Number(match[6]));
  const offset = (Number(match[8]) * 60 + Number(match[9])) * 60_000 * (match[7] === '+' ? 1 : -1);
  return new Date(utc - offset);
}
