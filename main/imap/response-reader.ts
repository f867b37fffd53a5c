// Splits the bytes an IMAP server sends into whole responses: a line, or
// lines joined by literals ("{1234}\r\n" then 1234 bytes, RFC 9051 4.3).
// Used by the lean bulk connection (bulk-connection.ts), which receives
// hundreds of MB of literals: each literal is copied once, straight from the
// socket's chunks into a buffer of its own, and nothing else about it is
// looked at. A response is handed over as its text parts and its literals;
// literal i comes right after text part i.

export interface ImapResponse {
  /** The text around the literals (latin1, CRLF removed); one more part than literals. */
  parts: string[];
  literals: Buffer[];
}

export interface ResponseLimits {
  /** Longest line (without literals) accepted. */
  maxLineBytes: number;
  /** Largest literal accepted. */
  maxLiteralBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

export class ResponseReader {
  private lineChunks: Buffer[] = [];
  private lineBytes = 0;
  private parts: string[] = [];
  private literals: Buffer[] = [];
  /** The literal being filled, and how much of it is. */
  private literal: Buffer | undefined;
  private literalFilled = 0;
  /**
   * Where a literal's bytes go: by default a buffer of its own (not a slice
   * of Node's shared pool), which can be moved to another thread without a
   * copy; the body download gives memory shared with the worker (base/body-arena.ts).
   */
  allocate: (size: number) => Buffer = (size) => Buffer.allocUnsafeSlow(size);

  constructor(
    private readonly limits: ResponseLimits,
    private readonly onResponse: (response: ImapResponse) => void,
  ) {}

  /** Nothing is half-read: safe to switch the stream under it (STARTTLS). */
  get idle(): boolean {
    return this.lineBytes === 0 && this.parts.length === 0 && this.literal === undefined;
  }

  /**
   * Feeds bytes as they arrive; throws when the server breaks the limits (the
   * connection is then unusable). Nothing of `chunk` is kept after this
   * returns (a socket may read into the same memory again).
   */
  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.literal) {
        const n = Math.min(chunk.length - at, this.literal.length - this.literalFilled);
        chunk.copy(this.literal, this.literalFilled, at, at + n);
        this.literalFilled += n;
        at += n;
        if (this.literalFilled === this.literal.length) {
          this.literals.push(this.literal);
          this.literal = undefined;
        }
        continue;
      }
      const end = chunk.indexOf(LF, at);
      const stop = end === -1 ? chunk.length : end + 1;
      this.lineBytes += stop - at;
      if (this.lineBytes > this.limits.maxLineBytes)
        throw new Error(`The server sent a line longer than ${this.limits.maxLineBytes} bytes.`);
      // A line cut by the chunk's end is copied: the chunk's memory may be reused for the next read.
      this.lineChunks.push(end === -1 ? Buffer.from(chunk.subarray(at, stop)) : chunk.subarray(at, stop));
      at = stop;
      if (end !== -1) this.endOfLine();
    }
  }

  private endOfLine(): void {
    const bytes = this.lineChunks.length === 1 ? (this.lineChunks[0] as Buffer) : Buffer.concat(this.lineChunks);
    this.lineChunks = [];
    this.lineBytes = 0;
    let stop = bytes.length - 1; // the LF
    if (stop > 0 && bytes[stop - 1] === CR) stop--;
    const text = bytes.toString('latin1', 0, stop);
    const size = literalSize(text);
    if (size === undefined) {
      this.parts.push(text);
      const response = { parts: this.parts, literals: this.literals };
      this.parts = [];
      this.literals = [];
      this.onResponse(response);
      return;
    }
    if (size > this.limits.maxLiteralBytes)
      throw new Error(`The server sent a literal of ${size} bytes, more than ${this.limits.maxLiteralBytes}.`);
    this.parts.push(text.slice(0, text.lastIndexOf('{')));
    const literal = this.allocate(size);
    if (size === 0) this.literals.push(literal);
    else {
      this.literal = literal;
      this.literalFilled = 0;
    }
  }
}

/** The size N when a line ends with a literal's announcement "{N}" (or "{N+}", "~{N}"), else undefined. */
function literalSize(line: string): number | undefined {
  if (line.charCodeAt(line.length - 1) !== 0x7d /* } */) return undefined;
  const match = /\{(\d{1,10})\+?\}$/.exec(line);
  return match ? Number(match[1]) : undefined;
}
