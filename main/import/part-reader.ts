import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readMbox } from './mbox-reader';
import { emlxFlags, maildirFlags, mboxFlags } from './source-flags';
import { explain, type SourcePart } from './source-parts';

// The messages of one part of a source, from a position (a byte offset in an
// mbox, an index into a list of files), each with the position after it:
// what the import records with the batch it stores.

export type SourceItem =
  | { kind: 'message'; raw: Buffer; bits: number; next: number; bytes: number }
  /** Not imported: deleted in its client (Thunderbird's expunged, Maildir's T, Apple's deleted). */
  | { kind: 'deleted'; next: number; bytes: number }
  /** Not a message: junk where one should be. */
  | { kind: 'unreadable'; next: number; bytes: number };

export async function* readPart(part: SourcePart, position: number): AsyncGenerator<SourceItem> {
  if (part.kind === 'mbox') {
    for await (const message of readMbox(part.path, part.variant, position)) {
      const bytes = message.end - message.start;
      if (!looksLikeMessage(message.raw)) {
        yield { kind: 'unreadable', next: message.end, bytes };
        continue;
      }
      const { bits, deleted } = mboxFlags(message.raw);
      yield deleted ? { kind: 'deleted', next: message.end, bytes } : { kind: 'message', raw: message.raw, bits, next: message.end, bytes };
    }
    return;
  }
  for (let i = position; i < part.files.length; i++) {
    const path = part.files[i] as string;
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (error) {
      throw explain(error, path);
    }
    const next = i + 1;
    const bytes = data.length;
    if (part.kind === 'emlx') {
      const emlx = readEmlx(data);
      if (!emlx || !looksLikeMessage(emlx.raw)) yield { kind: 'unreadable', next, bytes };
      else {
        const { bits, deleted } = emlxFlags(emlx.flags);
        yield deleted ? { kind: 'deleted', next, bytes } : { kind: 'message', raw: emlx.raw, bits, next, bytes };
      }
      continue;
    }
    if (!looksLikeMessage(data)) {
      yield { kind: 'unreadable', next, bytes };
      continue;
    }
    if (part.kind === 'maildir') {
      const { bits, deleted } = maildirFlags(basename(path));
      // new/ holds mail no client has looked at: unseen whatever its name says
      const unseen = /[\\/]new[\\/][^\\/]+$/.test(path);
      yield deleted ? { kind: 'deleted', next, bytes } : { kind: 'message', raw: data, bits: unseen ? bits & ~1 : bits, next, bytes };
    } else {
      yield { kind: 'message', raw: data, bits: 0, next, bytes };
    }
  }
}

/**
 * An .emlx file: the message's length in bytes on the first line, the
 * message, then an XML property list whose `flags` integer holds Apple Mail's
 * flags. Undefined when the length does not fit the file (cut short).
 */
export function readEmlx(data: Buffer): { raw: Buffer; flags: number } | undefined {
  const lineEnd = data.indexOf(0x0a);
  if (lineEnd < 0) return undefined;
  const length = Number.parseInt(data.subarray(0, lineEnd).toString('latin1').trim(), 10);
  if (!Number.isInteger(length) || length < 0 || lineEnd + 1 + length > data.length) return undefined;
  const raw = data.subarray(lineEnd + 1, lineEnd + 1 + length);
  const plist = data.subarray(lineEnd + 1 + length).toString('utf8');
  const flags = /<key>flags<\/key>\s*<(?:integer|real)>(\d+)/.exec(plist);
  return { raw, flags: flags ? Number(flags[1]) : 0 };
}

/**
 * Whether bytes can be a message: they begin with a header field ("Name:"),
 * and the header block holds no NUL byte. Junk in an mbox (a binary file
 * glued to it, a disk error) fails this and is counted, not stored.
 */
export function looksLikeMessage(raw: Buffer): boolean {
  if (raw.length === 0) return false;
  const firstLine = raw.subarray(0, Math.min(raw.length, 1000)).toString('latin1');
  if (!/^[!-9;-~]+:/.test(firstLine)) return false;
  let end = raw.indexOf('\n\n');
  if (end < 0) end = Math.min(raw.length, 64 * 1024);
  return raw.subarray(0, end).indexOf(0) < 0;
}
