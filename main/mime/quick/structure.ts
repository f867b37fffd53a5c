// The MIME structure of a message for the fast path: parts found by their
// boundary delimiters (RFC 2046 5.1.1), text parts decoded, attachments only
// described (their bodies are skipped, never decoded). It draws the part tree
// mailsplit and mailparser draw, which is what lets body.ts choose the same
// text from it.
//
// A delimiter line is "--" boundary, then "--" for the close delimiter, then
// blanks (transport padding), then the line end; the CRLF before it belongs
// to the delimiter, not to the part (5.1.1). Like mailsplit, a line matches
// the boundary of any multipart still open, the innermost first, and a line
// "end" is LF with any number of CRs before it.
import type { BodyNode } from '../body.ts';
import type { InlineCandidate } from '../inline-parts.ts';
import { decodeBodyBytes, isExactBodyCharset } from './exact-charsets.ts';
import { readHeaderBlock } from './header-block.ts';
import { describePart, PART_FIELDS, type PartInfo } from './part-info.ts';
import { decodeBase64Strictly, decodeQuotedPrintable } from './transfer.ts';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;
const DASH = 0x2d;
const TWO_DASHES = Buffer.from('--');

/** Real mail nests a few levels and has a few dozen parts; beyond, the full parser decides. */
const MAX_DEPTH = 8;
const MAX_PARTS = 100;
/** mailsplit's longest delimiter line but the boundary: "--", "--", 998 blanks, CRLF (its BOUNDARY_LINE_SUFFIX). */
const MAX_DELIMITER_EXTRA = 1004;

export interface QuickNode extends BodyNode {
  contentType: string;
  children: QuickNode[];
  isAttachment: boolean;
}

/** A text part that turned out, once decoded, not to be readable exactly: the fast path gives up. */
export class NotQuick extends Error {}

export interface QuickAttachment extends InlineCandidate {
  filename: string | null;
}

interface Delimiter {
  /** Index in the stack of open boundaries of the one that matched. */
  owner: number;
  closing: boolean;
  /** Where the delimiter line starts, and the first byte after it. */
  start: number;
  next: number;
}

/** A multipart's parts end at its close delimiter (`end` is after it) or at the end of the input. */
type Ending = { end: number } | { end: 'eof' };

export class StructureReader {
  readonly attachments: QuickAttachment[] = [];
  private parts = 0;
  private readonly raw: Buffer;

  constructor(raw: Buffer) {
    this.raw = raw;
  }

  /** The part tree of the message whose header said `root`; its body starts at `bodyStart`. */
  read(root: PartInfo, bodyStart: number): QuickNode | undefined {
    if (!root.boundary) return this.leaf(root, bodyStart, this.raw.length, false);
    // whatever follows the close delimiter is the epilogue, which nobody shows
    return this.multipart(root, bodyStart, [], false, 1)?.node;
  }

  private multipart(
    info: PartInfo,
    bodyStart: number,
    outer: readonly Buffer[],
    inRelated: boolean,
    depth: number,
  ): { node: QuickNode; ending: Ending } | undefined {
    if (depth > MAX_DEPTH || !info.boundary) return undefined;
    const open = [...outer, info.boundary];
    const own = open.length - 1;
    const related = inRelated || info.contentType === 'multipart/related';
    const node: QuickNode = { contentType: info.contentType, children: [], isAttachment: false };
    // the preamble ends at the first delimiter, which has to be ours and open a part
    let delimiter = this.nextDelimiter(bodyStart, open);
    if (!delimiter || delimiter.owner !== own || delimiter.closing) return undefined;
    for (;;) {
      if (++this.parts > MAX_PARTS) return undefined;
      const header = readHeaderBlock(this.raw, delimiter.next, PART_FIELDS);
      if (!header?.ended) return undefined;
      const part = describePart(header.fields);
      if (!part) return undefined;
      let found: Delimiter | null | undefined;
      if (part.boundary) {
        const inner = this.multipart(part, header.bodyStart, open, related, depth + 1);
        if (!inner) return undefined;
        node.children.push(inner.node);
        if (inner.ending.end === 'eof') return { node, ending: inner.ending };
        // the inner multipart's epilogue runs to the next delimiter of ours or an outer one
        found = this.nextDelimiter(inner.ending.end, open);
      } else {
        found = this.nextDelimiter(header.bodyStart, open);
        if (found === undefined) return undefined;
        const end = found ? bodyEnd(this.raw, header.bodyStart, found) : this.raw.length;
        const leaf = this.leaf(part, header.bodyStart, end, related);
        if (!leaf) return undefined;
        node.children.push(leaf);
      }
      if (found === undefined) return undefined;
      if (found === null) return { node, ending: { end: 'eof' } };
      // an outer delimiter before our close delimiter: left to the full parser
      if (found.owner !== own) return undefined;
      if (found.closing) return { node, ending: { end: found.next } };
      delimiter = found;
    }
  }

  private leaf(info: PartInfo, start: number, end: number, related: boolean): QuickNode | undefined {
    if (info.isAttachment) {
      this.attachments.push({ filename: info.filename, contentId: info.contentId, related, disposition: info.disposition });
      return { contentType: info.contentType, children: [], isAttachment: true };
    }
    if (info.flowed || !isExactBodyCharset(info.charset)) return undefined;
    // decoded only when body.ts asks: the HTML of an alternative mostly is not
    const raw = this.raw;
    const textContent = () => {
      const text = decodeText(raw, start, end, info);
      if (text === undefined) throw new NotQuick();
      return text;
    };
    return { contentType: info.contentType, children: [], isAttachment: false, textContent };
  }

  /**
   * The first delimiter line at or after `from` (a line start, so after a LF) for any of the
   * `open` boundaries, innermost first; null when there is none; undefined
   * when a line looks like one only to mailsplit's more lenient eye.
   */
  private nextDelimiter(from: number, open: readonly Buffer[]): Delimiter | null | undefined {
    const raw = this.raw;
    let p = from;
    for (;;) {
      const q = raw.indexOf(TWO_DASHES, p);
      if (q < 0) return null;
      const before = raw[q - 1];
      if (before === LF) {
        for (let owner = open.length - 1; owner >= 0; owner--) {
          const found = delimiterAt(raw, q, open[owner] as Buffer);
          if (found) return { owner, closing: found.closing, start: q, next: found.next };
        }
      } else if (before === CR && raw[q - 2] === LF) {
        // mailsplit also takes "\r--boundary" at the start of a line for a delimiter
        if (open.some((boundary) => delimiterAt(raw, q, boundary))) return undefined;
      }
      // the rest of a run of dashes does not start a line
      p = q + 2;
      while (raw[p] === DASH) p++;
    }
  }
}

/** A text part's body as mailparser's textContent: transfer encoding and charset undone, line ends \n. */
function decodeText(raw: Buffer, start: number, end: number, info: PartInfo): string | undefined {
  const bytes =
    info.encoding === 'base64'
      ? decodeBase64Strictly(raw, start, end)
      : info.encoding === 'quoted-printable'
        ? decodeQuotedPrintable(raw, start, end)
        : raw.subarray(start, end);
  const text = bytes && decodeBodyBytes(bytes, info.charset);
  return text?.replace(/\r?\n/g, '\n');
}

/** The delimiter line for `boundary` that starts at `q`, if it is one (mailsplit's compareBoundary). */
function delimiterAt(raw: Buffer, q: number, boundary: Buffer): { closing: boolean; next: number } | null {
  const after = q + 2 + boundary.length;
  if (after > raw.length || raw.compare(boundary, 0, boundary.length, q + 2, after) !== 0) return null;
  let i = after;
  let closing = false;
  if (raw[i] === DASH) {
    if (raw[i + 1] !== DASH) return null;
    closing = true;
    i += 2;
  }
  while (i < raw.length && (raw[i] === SP || raw[i] === HTAB)) i++;
  if (i === raw.length) {
    // only the close delimiter may end the input without a line end
    if (!closing) return null;
  } else {
    while (i < raw.length && raw[i] === CR) i++;
    if (i < raw.length) {
      if (raw[i] !== LF) return null;
      i++;
    }
  }
  const length = i - q;
  if (length < boundary.length + 3 || length > boundary.length + MAX_DELIMITER_EXTRA) return null;
  return { closing, next: i };
}

/**
 * Where the body of a part that `delimiter` ends stops: before the line end
 * that precedes the delimiter (LF or CRLF), which belongs to it. Except, as
 * mailsplit has it, when that line end is the whole body and a part follows:
 * then mailsplit hands it on as the body (its trimmed copy is empty and the
 * untrimmed one goes out), and mailparser shows the part as one empty line.
 * At a close delimiter it drops such a body altogether.
 */
function bodyEnd(raw: Buffer, start: number, delimiter: Delimiter): number {
  const end = delimiter.start;
  let e = end;
  if (e > start && raw[e - 1] === LF) {
    e--;
    if (e > start && raw[e - 1] === CR) e--;
  }
  return e === start && !delimiter.closing ? end : e;
}
