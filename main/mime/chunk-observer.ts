// A look at every chunk mailsplit hands MailParser (MailParser#processChunk,
// internal to mailparser 3.14, see run-mailparser.ts), before mailparser
// handles it. It notices what mailparser silently repairs (bad base64, how
// deep parts nest), keeps the raw body of multiparts (shown when no boundary
// matches), and, when attachment bytes are not wanted, counts attachment
// bodies instead of letting mailparser decode them: sizing a base64 body
// needs only its characters counted, and that made attachment-heavy mail
// parse ~25% faster (bench/parse.ts).
import type { MailParser } from 'mailparser';
import type { SplitNode } from './run-mailparser.ts';

export interface ChunkNotes {
  deepestLevel: number;
  /** base64 parts with characters outside the alphabet, or a dangling final character. */
  badBase64: SplitNode[];
  /** Raw bytes of multipart bodies (preamble, or everything when no boundary matches), bounded. */
  multipartBodies: Map<SplitNode, Buffer[]>;
}

export interface Observer {
  notes: ChunkNotes;
  /** Decoded size of an attachment whose body was counted rather than decoded, by IMAP part number. */
  countedSize(partId: string | null): number | undefined;
}

type SplitterChunk = (SplitNode & { type: 'node' }) | { type: 'body' | 'data'; node: SplitNode; value: Buffer };
type ProcessChunk = (chunk: SplitterChunk, done: (err?: Error) => void) => void;
interface ParserInternals {
  processChunk: ProcessChunk;
  /** The tree node MailParser#createNode made last. */
  curnode?: { node: SplitNode; isAttachment?: boolean } | false;
}

const MAX_KEPT_MULTIPART_BYTES = 256 * 1024;

export function observeChunks(parser: MailParser, options: { countAttachments: boolean }): Observer {
  const notes: ChunkNotes = { deepestLevel: 0, badBase64: [], multipartBodies: new Map() };
  const internals = parser as unknown as ParserInternals;
  const original = internals.processChunk.bind(parser);
  const counts = new Map<SplitNode, BodyCount>();
  const counted = new Map<string | null, BodyCount>();
  let kept = 0;

  // mailsplit goes through the parts in order: a new node ends the previous body
  const finish = () => {
    for (const [node, count] of counts) {
      if (count.finish()) notes.badBase64.push(node);
    }
    counts.clear();
  };

  internals.processChunk = (chunk, done) => {
    if (chunk.type === 'node') {
      finish();
      notes.deepestLevel = Math.max(notes.deepestLevel, depthOf(chunk));
      // createNode runs synchronously in there, so curnode is this part's node after it
      original(chunk, done);
      if (chunk.multipart) return;
      const current = internals.curnode;
      const attachment = Boolean(current && current.node === chunk && current.isAttachment) && !isEmbeddedMessage(chunk);
      const base64 = chunk.encoding === 'base64';
      // a quoted-printable attachment is rare, and its size needs decoding: mailparser does that
      const skip = options.countAttachments && attachment && chunk.encoding !== 'quoted-printable';
      if (base64 || skip) counts.set(chunk, new BodyCount(base64, skip));
      if (skip) counted.set(partIdOf(chunk), counts.get(chunk) as BodyCount);
      return;
    }
    if (chunk.type === 'body') {
      const count = counts.get(chunk.node);
      count?.add(chunk.value);
      if (count?.skip) {
        done();
        return;
      }
    } else if (kept < MAX_KEPT_MULTIPART_BYTES) {
      const value = chunk.value.subarray(0, MAX_KEPT_MULTIPART_BYTES - kept);
      kept += value.length;
      const list = notes.multipartBodies.get(chunk.node) ?? [];
      list.push(Buffer.from(value));
      notes.multipartBodies.set(chunk.node, list);
    }
    original(chunk, done);
  };
  parser.once('end', finish);
  return { notes, countedSize: (partId) => counted.get(partId)?.bytes };
}

/** A message/rfc822 part that mailsplit parses as a message (its parts follow), rather than an attachment. */
function isEmbeddedMessage(node: SplitNode): boolean {
  return node.contentType === 'message/rfc822' && node.messageNode === true;
}

/** The part number mailparser gives an attachment (MailParser#processChunk): IMAP style, none at the top. */
function partIdOf(node: SplitNode): string | null {
  if (!node._parentBoundary) return null;
  return (node.partNr || []).filter((n) => typeof n === 'number').join('.') || null;
}

function depthOf(node: SplitNode): number {
  let depth = 0;
  for (let n = node.parentNode; n; n = n.parentNode) depth++;
  return depth;
}

// 1 for the base64 alphabet (RFC 2045 6.8), 2 for line breaks and blanks,
// 3 for the "=" padding, 0 for anything else
const BASE64_CLASS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CLASS[c.charCodeAt(0)] = 1;
for (const c of '\r\n\t ') BASE64_CLASS[c.charCodeAt(0)] = 2;
BASE64_CLASS[0x3d] = 3;

/** The decoded size of a body seen chunk by chunk, and whether its base64 was sound. */
class BodyCount {
  bytes = 0;
  private sextets = 0;
  private bad = false;
  private readonly base64: boolean;
  /** The body does not go on to mailparser: only its size is wanted. */
  readonly skip: boolean;

  constructor(base64: boolean, skip: boolean) {
    this.base64 = base64;
    this.skip = skip;
  }

  add(value: Buffer): void {
    if (!this.base64) {
      this.bytes += value.length;
      return;
    }
    let sextets = this.sextets;
    for (let i = 0; i < value.length; i++) {
      const kind = BASE64_CLASS[value[i] as number];
      if (kind === 1) sextets++;
      else if (kind === 3) {
        // padding ends a run: decoders (libbase64 too) decode what came before on its own
        this.endRun(sextets);
        sextets = 0;
      } else if (kind === 0) this.bad = true;
    }
    this.sextets = sextets;
  }

  /** True when the base64 was bad. */
  finish(): boolean {
    if (this.base64) this.endRun(this.sextets);
    this.sextets = 0;
    return this.bad;
  }

  private endRun(sextets: number): void {
    // four characters make three bytes; a lone character after the last full
    // group of four cannot encode a byte
    if (sextets % 4 === 1) this.bad = true;
    this.bytes += Math.floor((sextets * 3) / 4);
  }
}
