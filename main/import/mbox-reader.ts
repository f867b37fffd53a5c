import { open } from 'node:fs/promises';
import type { MboxVariant } from '../../shared/transfer';
import { ImportSourceError } from './source-error';

// Reads an mbox file a message at a time, streaming: a chunk of the file is
// in memory, plus the message being cut (a 4 GB mbox costs what its largest
// message does). Each message comes with the offset of its "From " line and
// the offset of the next one, which is what an import records to resume.
//
// The variants differ in how a body line beginning "From " was kept apart
// from the separator (https://www.loc.gov/preservation/digital/formats/fdd/fdd000383.shtml):
// - mboxrd quoted `>*From ` with one more `>`: one `>` is removed from every `>+From ` line;
// - mboxo quoted only `From `: one `>` is removed from `>From ` lines (a `>>From ` stays);
// - mboxcl2 quoted nothing: the Content-Length header says where the body ends.
// Between messages a writer leaves an empty line; it belongs to the
// separator, not the message, so it is taken off (only when the message
// ends with one: a message is never cut short of its last line break).

export interface MboxMessage {
  /** The message as it was before it went into the mbox. */
  raw: Buffer;
  /** The offset of its "From " line, and of the next message's. */
  start: number;
  end: number;
  /** The envelope sender and date of its "From " line (export writes them back). */
  fromLine: string;
}

const CHUNK = 1024 * 1024;
const FROM = Buffer.from('From ');
const NL_FROM = Buffer.from('\nFrom ');
const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;

/**
 * The messages of an mbox from `offset` (0, or where an earlier import
 * stopped: the start of a "From " line). A file that ends inside a message
 * (no line break at its end, or a Content-Length past the end) throws an
 * ImportSourceError after the last whole message, naming that offset.
 */
export async function* readMbox(path: string, variant: MboxVariant, offset = 0): AsyncGenerator<MboxMessage> {
  const file = await open(path, 'r');
  try {
    let buffer = Buffer.alloc(0);
    /** The file offset of buffer[0]. */
    let base = offset;
    let eof = false;
    const fill = async (): Promise<boolean> => {
      if (eof) return false;
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await file.read(chunk, 0, CHUNK, base + buffer.length);
      if (bytesRead === 0) {
        eof = true;
        return false;
      }
      buffer = buffer.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([buffer, chunk.subarray(0, bytesRead)]);
      return true;
    };

    await fill();
    if (buffer.length === 0) return;
    if (!startsWithFrom(buffer, 0)) {
      throw new ImportSourceError(
        offset === 0
          ? 'This is not an mbox file: it does not begin with a "From " line.'
          : `The file changed since the import began: there is no message at byte ${offset}.`,
        offset,
      );
    }
    for (;;) {
      // The "From " line.
      let lineEnd = buffer.indexOf(LF);
      while (lineEnd < 0 && (await fill())) lineEnd = buffer.indexOf(LF);
      if (lineEnd < 0) throw new ImportSourceError('The file ends in the middle of a message.', base);
      const fromLine = buffer.subarray(5, lineEnd).toString('latin1').replace(/\r$/, '');
      const bodyStart = lineEnd + 1;
      let next: number; // index in buffer of the next "From " line, or -1 at the end of the file
      let rawEnd: number; // where the message's own bytes end (before the separator)
      if (variant === 'mboxcl2') {
        const cut = await cutByLength(() => buffer, fill, bodyStart, base);
        next = cut.next;
        rawEnd = cut.rawEnd;
      } else {
        let from = bodyStart - 1;
        let found = buffer.indexOf(NL_FROM, from);
        while (found < 0) {
          from = Math.max(bodyStart - 1, buffer.length - NL_FROM.length);
          if (!(await fill())) break;
          found = buffer.indexOf(NL_FROM, from);
        }
        if (found >= 0) {
          next = found + 1;
          rawEnd = next;
        } else {
          next = -1;
          rawEnd = buffer.length;
          // Cut short: the last line has no line break, or the header block never ends.
          if (buffer[rawEnd - 1] !== LF || headerBlockEnd(buffer, bodyStart) < 0) {
            throw new ImportSourceError('The file ends in the middle of a message (it may have been cut short while copied).', base);
          }
        }
      }
      const body = buffer.subarray(bodyStart, withoutSeparator(buffer, bodyStart, rawEnd));
      const raw = variant === 'mboxcl2' ? Buffer.from(body) : unquote(body, variant);
      const end = next < 0 ? base + buffer.length : base + next;
      yield { raw, start: base, end, fromLine };
      if (next < 0) return;
      buffer = buffer.subarray(next);
      base = end;
    }
  } finally {
    await file.close();
  }
}

function startsWithFrom(buffer: Buffer, at: number): boolean {
  return buffer.length >= at + FROM.length && buffer.compare(FROM, 0, FROM.length, at, at + FROM.length) === 0;
}

/** The end of a message's bytes without the empty line a writer put after it. */
function withoutSeparator(buffer: Buffer, start: number, end: number): number {
  if (end - start >= 2 && buffer[end - 1] === LF) {
    if (buffer[end - 2] === LF) return end - 1;
    if (end - start >= 4 && buffer[end - 2] === CR && buffer[end - 3] === LF && buffer[end - 4] === CR) return end - 2;
    if (end - start >= 3 && buffer[end - 2] === CR && buffer[end - 3] === LF) return end - 2;
  }
  return end;
}

/** Removes the quoting `>` of `>From ` (mboxo) or `>+From ` (mboxrd) lines; the same Buffer when there are none. */
export function unquote(body: Buffer, variant: 'mboxrd' | 'mboxo'): Buffer {
  const parts: Buffer[] = [];
  let copied = 0;
  let at = body[0] === GT ? 0 : body.indexOf('\n>');
  if (at > 0) at++;
  while (at >= 0 && at < body.length) {
    // `at` is the start of a line beginning with '>'
    let p = at;
    while (body[p] === GT) p++;
    const depth = p - at;
    if (startsWithFrom(body, p) && (variant === 'mboxrd' || depth === 1)) {
      parts.push(body.subarray(copied, at));
      copied = at + 1;
    }
    const nextLine = body.indexOf('\n>', p);
    at = nextLine < 0 ? -1 : nextLine + 1;
  }
  if (copied === 0) return Buffer.from(body);
  parts.push(body.subarray(copied));
  return Buffer.concat(parts);
}

/** mboxcl2: the headers' Content-Length says how long the body is. */
async function cutByLength(
  buffer: () => Buffer,
  fill: () => Promise<boolean>,
  start: number,
  base: number,
): Promise<{ next: number; rawEnd: number }> {
  let headerEnd = headerBlockEnd(buffer(), start);
  while (headerEnd < 0 && (await fill())) headerEnd = headerBlockEnd(buffer(), start);
  if (headerEnd < 0) throw new ImportSourceError('The file ends in the middle of a message.', base);
  const headers = buffer().subarray(start, headerEnd).toString('latin1');
  const match = /(?:^|\n)content-length:[ \t]*(\d+)/i.exec(headers);
  if (!match) throw new ImportSourceError('This mboxcl2 message has no Content-Length header: try the mboxrd variant.', base);
  const rawEnd = headerEnd + Number(match[1]);
  while (buffer().length < rawEnd + 1 && (await fill())) {
    /* read on */
  }
  if (buffer().length < rawEnd)
    throw new ImportSourceError('The file ends in the middle of a message (it may have been cut short while copied).', base);
  // the separator: line breaks up to the next "From " line, or the end
  let next = rawEnd;
  while (next < buffer().length && (buffer()[next] === LF || buffer()[next] === CR)) next++;
  while (buffer().length < next + FROM.length && (await fill())) {
    /* read on */
  }
  if (next >= buffer().length) return { next: -1, rawEnd };
  if (!startsWithFrom(buffer(), next)) {
    throw new ImportSourceError('A Content-Length header does not match the message it heads: try the mboxrd variant.', base);
  }
  return { next, rawEnd };
}

/** The offset just past the empty line that ends a header block, or -1 when not in the buffer yet. */
function headerBlockEnd(buffer: Buffer, start: number): number {
  if (buffer[start] === LF) return start + 1;
  if (buffer[start] === CR && buffer[start + 1] === LF) return start + 2;
  const lf = buffer.indexOf('\n\n', start);
  const crlf = buffer.indexOf('\r\n\r\n', start);
  if (lf < 0) return crlf < 0 ? -1 : crlf + 4;
  if (crlf < 0 || lf < crlf) return lf + 2;
  return crlf + 4;
}
