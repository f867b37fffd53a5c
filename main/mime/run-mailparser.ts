// One run of mailparser's streaming MailParser over a raw message.
//
// Why MailParser and not simpleParser: simpleParser buffers every attachment
// in memory (a 20 MB attachment is 20 MB of Buffer chunks plus their concat)
// and rewrites cid: links in the HTML into data: URLs holding the images
// (the HTML would no longer be what the sender wrote, and could be many MB).
// Streaming, an attachment's bytes are only counted as they flow past (see
// chunk-observer.ts) unless the caller asked for them, so memory stays at the
// input plus the text parts.
//
// Two things we need are not in mailparser's API, and are read from its
// internals (mailparser 3.14 and its splitter @zone-eu/mailsplit 5.4): the
// parsed MIME tree (MailParser#tree), to choose the body parts ourselves and
// to see which charsets failed; and the chunks the splitter hands the parser
// (MailParser#processChunk, see chunk-observer.ts). That knowledge is in these
// two files; test/unit/mime pins the behaviour, so an upgrade that changes the
// internals fails there, not in the field.
import type { AttachmentStream, HeaderLines, Headers, MailParser, MailParserOptions, MessageText } from 'mailparser';
import { type ChunkNotes, observeChunks } from './chunk-observer.ts';
import { type RawHeaderLine, startsWithHeaderBlock } from './headers.ts';
import { mailparser } from './mailparser-lazy.ts';

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
  messageNode?: boolean;
  _parentBoundary: Buffer | false;
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

export interface RunResult {
  headers: Headers;
  headerLines: HeaderLines;
  tree: TreeNode | null;
  text: MessageText | null;
  attachments: FoundAttachment[];
  notes: ChunkNotes;
  /** The message had no header block and was read whole as the body (headers.ts startsWithHeaderBlock). */
  headerless: boolean;
}

export interface RunOptions {
  /**
   * Which attachments' bytes to keep (getAttachment, getInlineParts). Without
   * it, nothing is kept and attachment bodies are only counted, not decoded.
   */
  keepContent?: (attachment: FoundAttachment, index: number) => boolean;
}

// Input is written in slices: mailsplit's chunker concatenates what it is
// given, and one write of a 20 MB message would be copied whole at once.
const WRITE_SLICE = 64 * 1024;

export async function runMailParser(raw: Buffer, { keepContent }: RunOptions = {}): Promise<RunResult> {
  const parser = new (mailparser().MailParser)(OPTIONS);
  // mailparser emits some errors itself (this.emit('error')), also after the
  // iteration below has ended: unheard, one would take the process down.
  // While iterating, the iterator hears them and throws.
  parser.on('error', ignore);
  const observer = observeChunks(parser, { countAttachments: !keepContent });
  const headerless = !startsWithHeaderBlock(raw);
  // An empty header block before it: the whole message is read as the body (the stored source is not changed).
  feed(parser, headerless ? [EMPTY_HEADER_BLOCK, raw] : [raw]);
  let text: MessageText | null = null;
  const attachments: FoundAttachment[] = [];
  for await (const item of parser as AsyncIterable<AttachmentStream | MessageText>) {
    if (item.type === 'text') text = item;
    else attachments.push(await readAttachment(item, attachments.length, keepContent));
  }
  for (const found of attachments) found.size = observer.countedSize(found.partId) ?? found.size;
  const internals = parser as unknown as { tree?: TreeNode | false };
  return {
    headers: parser.headers || new Map(),
    headerLines: parser.headerLines || [],
    tree: internals.tree || null,
    text,
    attachments,
    notes: observer.notes,
    headerless,
  };
}

const EMPTY_HEADER_BLOCK = Buffer.from('\r\n');

function feed(parser: MailParser, buffers: readonly Buffer[]): void {
  let index = 0;
  let offset = 0;
  const write = (): void => {
    for (; index < buffers.length; index++, offset = 0) {
      const raw = buffers[index] as Buffer;
      while (offset < raw.length) {
        const slice = raw.subarray(offset, offset + WRITE_SLICE);
        offset += slice.length;
        if (!parser.write(slice)) {
          parser.once('drain', write);
          return;
        }
      }
    }
    parser.end();
  };
  write();
}

function describe(item: AttachmentStream): FoundAttachment {
  return {
    partId: item.partId,
    filename: item.filename ?? null,
    contentType: item.contentType,
    contentId: item.cid ?? null,
    disposition: item.contentDisposition ?? null,
    related: item.related === true,
    size: 0,
  };
}

async function readAttachment(item: AttachmentStream, index: number, keepContent: RunOptions['keepContent']): Promise<FoundAttachment> {
  const found = describe(item);
  const keep = keepContent?.(found, index) ?? false;
  item.content.on('error', ignore); // the loop below throws the same error
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

function ignore(): void {}
