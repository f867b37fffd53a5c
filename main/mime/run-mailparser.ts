// One run of mailparser's streaming MailParser over a raw message.
//
// Why MailParser and not simpleParser: simpleParser buffers every attachment
// in memory (a 20 MB attachment is 20 MB of Buffer chunks plus their concat)
// and rewrites cid: links in the HTML into data: URLs holding the images
// (the HTML would no longer be what the sender wrote, and could be many MB).
// Streaming, an attachment is only counted as it flows past, unless the caller
// asked for its bytes, so memory stays at the input plus the text parts.
//
// Two things we need are not in mailparser's API, and are read from its
// internals (mailparser 3.14 and its splitter @zone-eu/mailsplit 5.4): the
// parsed MIME tree (MailParser#tree), to choose the body parts ourselves and
// to see which charsets failed; and the chunks the splitter hands the parser
// (MailParser#processChunk), to notice bad base64 and keep the raw body of a
// multipart whose boundary is never found. All of that knowledge is in this
// file; test/unit/mime pins the behaviour, so an upgrade that changes the
// internals fails there, not in the field.
import type { AttachmentStream, HeaderLines, Headers, MailParserOptions, MessageText } from 'mailparser';
import { MailParser } from 'mailparser';
import type { RawHeaderLine } from './headers.ts';

const OPTIONS: MailParserOptions = {
  // mailparser's derived outputs we do not use cost most of its time:
  // html-to-text on every HTML part, text-to-HTML with link detection, an
  // md5 of every attachment, cid: links to data: URLs
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: false,
  // a message/rfc822 part without Content-Disposition is a forwarded mail to
  // show and index, not a file (as Thunderbird and Apple Mail treat it)
  defaultInlineEmbedded: true,
};

/** mailsplit's MimeNode: the fields read here. */
export interface SplitNode {
  contentType: string | false;
  multipart: string | false;
  _boundary: Buffer | false;
  charset: string | false;
  encoding: string | false;
  partNr: (string | number)[] | false;
  parentNode: SplitNode | false;
}

/** MailParser's tree node (built in MailParser#createNode): the fields read here. */
export interface TreeNode {
  node: SplitNode;
  headers: Map<string, unknown>;
  /** Raw header lines of this part, as for the root. */
  headerLines?: RawHeaderLine[];
  contentType?: string;
  children: TreeNode[];
  isAttachment?: boolean;
  /** Set on inline text/plain and text/html parts once decoded (charset applied, line ends \n). */
  textContent?: string;
  /** libmime's charset decoder when the part was not UTF-8/ASCII; `supported` is false for an unknown charset. */
  contentStream?: { supported?: boolean };
  /** The root of an embedded message/rfc822. */
  showMeta?: boolean;
}

export interface FoundAttachment {
  partId: string | null;
  filename: string | null;
  contentType: string;
  contentId: string | null;
  disposition: string | null;
  /** Has a Content-ID inside multipart/related. */
  related: boolean;
  size: number;
  /** Only when the caller asked for it. */
  content?: Buffer;
}

/** What the splitter's chunks told us (see observeChunk). */
export interface ChunkNotes {
  deepestLevel: number;
  /** base64 parts with characters outside the alphabet, or a dangling final character. */
  badBase64: SplitNode[];
  /** Raw bytes of multipart bodies (preamble and everything when no boundary matches), bounded. */
  multipartBodies: Map<SplitNode, Buffer[]>;
}

export interface RunResult {
  headers: Headers;
  headerLines: HeaderLines;
  tree: TreeNode | null;
  text: MessageText | null;
  attachments: FoundAttachment[];
  notes: ChunkNotes;
}

type KeepContent = (attachment: FoundAttachment, index: number) => boolean;

// Input is written in slices: mailsplit's chunker concatenates what it is
// given, and one write of a 20 MB message would be copied whole at once.
const WRITE_SLICE = 64 * 1024;

export async function runMailParser(raw: Buffer, keepContent: KeepContent = () => false): Promise<RunResult> {
  const parser = new MailParser(OPTIONS);
  const notes = observeChunks(parser);
  feed(parser, raw);
  let text: MessageText | null = null;
  const attachments: FoundAttachment[] = [];
  for await (const item of parser as AsyncIterable<AttachmentStream | MessageText>) {
    if (item.type === 'text') text = item;
    else attachments.push(await readAttachment(item, attachments.length, keepContent));
  }
  const internals = parser as unknown as { tree?: TreeNode | false };
  return {
    headers: parser.headers || new Map(),
    headerLines: parser.headerLines || [],
    tree: internals.tree || null,
    text,
    attachments,
    notes,
  };
}

function feed(parser: MailParser, raw: Buffer): void {
  let offset = 0;
  const write = (): void => {
    while (offset < raw.length) {
      const slice = raw.subarray(offset, offset + WRITE_SLICE);
      offset += slice.length;
      if (!parser.write(slice)) {
        parser.once('drain', write);
        return;
      }
    }
    parser.end();
  };
  write();
}

async function readAttachment(item: AttachmentStream, index: number, keepContent: KeepContent): Promise<FoundAttachment> {
  const found: FoundAttachment = {
    partId: item.partId,
    filename: item.filename ?? null,
    contentType: item.contentType,
    contentId: item.cid ?? null,
    disposition: item.contentDisposition ?? null,
    related: item.related === true,
    size: 0,
  };
  const keep = keepContent(found, index);
  const chunks: Buffer[] = [];
  for await (const chunk of item.content as AsyncIterable<Buffer>) {
    found.size += chunk.length;
    if (keep) chunks.push(chunk);
  }
  // the parser waits for this before it goes on with the rest of the message
  item.release?.();
  if (keep) found.content = Buffer.concat(chunks);
  return found;
}

type SplitterChunk = (SplitNode & { type: 'node' }) | { type: 'body' | 'data'; node: SplitNode; value: Buffer };
type ProcessChunk = (chunk: SplitterChunk, done: (err?: Error) => void) => void;

const MAX_KEPT_MULTIPART_BYTES = 256 * 1024;

/** Wraps MailParser#processChunk to look at every chunk before mailparser handles it. */
function observeChunks(parser: MailParser): ChunkNotes {
  const notes: ChunkNotes = { deepestLevel: 0, badBase64: [], multipartBodies: new Map() };
  const target = parser as unknown as { processChunk: ProcessChunk };
  const original = target.processChunk.bind(parser);
  const base64 = new Map<SplitNode, Base64Check>();
  let kept = 0;
  target.processChunk = (chunk, done) => {
    if (chunk.type === 'node') {
      notes.deepestLevel = Math.max(notes.deepestLevel, depthOf(chunk));
      if (chunk.encoding === 'base64' && !chunk.multipart) base64.set(chunk, { sextets: 0, invalid: false });
      // the previous base64 part (mailsplit goes through parts in order) is complete now
      finishBase64(base64, chunk, notes);
    } else if (chunk.type === 'body') {
      const check = base64.get(chunk.node);
      if (check) scanBase64(chunk.value, check);
    } else if (chunk.type === 'data' && kept < MAX_KEPT_MULTIPART_BYTES) {
      const value = chunk.value.subarray(0, MAX_KEPT_MULTIPART_BYTES - kept);
      kept += value.length;
      const list = notes.multipartBodies.get(chunk.node) ?? [];
      list.push(Buffer.from(value));
      notes.multipartBodies.set(chunk.node, list);
    }
    original(chunk, done);
  };
  parser.once('end', () => finishBase64(base64, null, notes));
  return notes;
}

function depthOf(node: SplitNode): number {
  let depth = 0;
  for (let n = node.parentNode; n; n = n.parentNode) depth++;
  return depth;
}

interface Base64Check {
  sextets: number;
  invalid: boolean;
}

// 1 for the base64 alphabet (RFC 2045 6.8), 2 for what may stand between
// (line breaks, spaces, the "=" padding), 0 for anything else
const BASE64_CLASS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CLASS[c.charCodeAt(0)] = 1;
for (const c of '\r\n\t =') BASE64_CLASS[c.charCodeAt(0)] = 2;

function scanBase64(value: Buffer, check: Base64Check): void {
  for (let i = 0; i < value.length; i++) {
    const kind = BASE64_CLASS[value[i] as number];
    if (kind === 1) check.sextets++;
    else if (kind === 0) check.invalid = true;
  }
}

function finishBase64(open: Map<SplitNode, Base64Check>, except: SplitNode | null, notes: ChunkNotes): void {
  for (const [node, check] of open) {
    if (node === except) continue;
    // a lone character after the last full group of four cannot encode a byte
    if (check.invalid || check.sextets % 4 === 1) notes.badBase64.push(node);
    open.delete(node);
  }
}
