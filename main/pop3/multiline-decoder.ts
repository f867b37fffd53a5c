// Decodes a POP3 multi-line response body as it arrives (RFC 1939 section 3):
// a line that begins with "." had one more "." put in front by the server
// ("dot-stuffing"), and the body ends with a line holding only ".". Chunks are
// split wherever TCP splits them, so the terminator and a stuffed dot may both
// straddle two chunks; the decoder keeps only the one, two or three bytes it
// cannot decide yet, never a whole line or message.

const DOT = 0x2e;
const CR = 0x0d;
const LF = 0x0a;

export interface DecodeResult {
  /** Decoded body bytes of this chunk (views into it: copy before the chunk is reused). */
  parts: Buffer[];
  /** Set once the terminating "." line was read: whatever followed it in the chunk. */
  rest?: Buffer;
}

export class MultilineDecoder {
  private atLineStart = true;
  /** Bytes at a line start that begin with "." but cannot be decided yet ("." or ".\r"). */
  private carry: Buffer | undefined;

  push(chunk: Buffer): DecodeResult {
    let data = chunk;
    if (this.carry) {
      data = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    const parts: Buffer[] = [];
    let i = 0;
    while (i < data.length) {
      if (this.atLineStart && data[i] === DOT) {
        // ".\r\n" (or a bare ".\n") ends the body; "..." at a line start is a stuffed dot.
        const next = data[i + 1];
        if (next === undefined || (next === CR && data[i + 2] === undefined)) {
          this.carry = data.subarray(i);
          return { parts };
        }
        if (next === LF) return { parts, rest: data.subarray(i + 2) };
        if (next === CR && data[i + 2] === LF) return { parts, rest: data.subarray(i + 3) };
        i += 1; // drop the stuffing dot; the rest of the line is body
      }
      const end = data.indexOf(LF, i);
      if (end < 0) {
        parts.push(data.subarray(i));
        this.atLineStart = false;
        return { parts };
      }
      parts.push(data.subarray(i, end + 1));
      this.atLineStart = true;
      i = end + 1;
    }
    return { parts };
  }
}

/**
 * Collects a message's bytes into one buffer sized from the server's LIST
 * size, growing only if the server under-reported: a large message is held
 * once, not once in chunks and again when joined.
 */
export class ByteSink {
  private buffer: Buffer;
  private length = 0;

  // allocUnsafeSlow: never a slice of Node's shared pool, so the bytes can be
  // handed to the body-store worker without a copy (a transferable ArrayBuffer).
  constructor(expected: number) {
    this.buffer = Buffer.allocUnsafeSlow(Math.max(1024, expected));
  }

  write(part: Buffer): void {
    if (this.length + part.length > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + part.length));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    part.copy(this.buffer, this.length);
    this.length += part.length;
  }

  /** The bytes written; a view when the buffer is mostly used, else a trimmed copy (the rest is freed). */
  bytes(): Buffer {
    if (this.length >= this.buffer.length * 0.75) return this.buffer.subarray(0, this.length);
    const trimmed = Buffer.allocUnsafeSlow(this.length);
    this.buffer.copy(trimmed, 0, 0, this.length);
    return trimmed;
  }
}
