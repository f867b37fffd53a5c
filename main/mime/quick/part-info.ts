// What the header fields of one MIME part say about it, for the fast path:
// the same conclusions mailsplit (MimeNode#parseHeaders) and mailparser
// (MailParser#createNode) draw, for the forms the fast path reads. Undefined
// means "not sure": the full parser takes the message.
import { decodeWordsExactly } from './encoded-words.ts';
import { parseStructured, type StructuredValue } from './params.ts';

/** The fields a part's header is read for. */
export const PART_FIELDS: ReadonlySet<string> = new Set(['content-type', 'content-transfer-encoding', 'content-disposition', 'content-id']);

// what a part without Content-Type is (RFC 2045 5.2, but without the charset: mailparser reads it as UTF-8)
const PLAIN_TEXT: StructuredValue = { value: 'text/plain', params: new Map(), assembled: new Set() };

// mailparser's text types, without message/delivery-status (left to the full parser)
const TEXT_TYPES = new Set(['text/plain', 'text/html']);

export interface PartInfo {
  /** Lowercase type/subtype. */
  contentType: string;
  /** The boundary of a multipart (RFC 2046 5.1.1), null for any other part. */
  boundary: Buffer | null;
  charset: string | undefined;
  /** Lowercase Content-Transfer-Encoding, '' when absent. */
  encoding: string;
  /** Lowercase Content-Disposition value as written, null when absent. */
  disposition: string | null;
  /** RFC 2231 / RFC 2047 decoded; null when the part names no file. */
  filename: string | null;
  /** Without angle brackets; null when absent. */
  contentId: string | null;
  /** Listed rather than shown: not text/plain or text/html, or not inline. */
  isAttachment: boolean;
  /** text/plain with format=flowed (RFC 3676), which mailparser unwraps. */
  flowed: boolean;
}

export function describePart(fields: ReadonlyMap<string, string[]>): PartInfo | undefined {
  const first = (name: string) => fields.get(name)?.[0];
  const typeHeader = first('content-type');
  const dispositionHeader = first('content-disposition');
  // without Content-Type, mailsplit guesses from a Content-Disposition file name
  if (typeHeader === undefined && dispositionHeader !== undefined) return undefined;
  const type: StructuredValue | undefined = typeHeader === undefined ? PLAIN_TEXT : parseStructured(typeHeader);
  const disposition = dispositionHeader === undefined ? undefined : parseStructured(dispositionHeader);
  if (!type || (dispositionHeader !== undefined && !disposition)) return undefined;

  const contentType = type.value.toLowerCase();
  // an empty type is text/plain at the root and an attachment below it (mailparser); leave both
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(contentType)) return undefined;
  const encoding = (first('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding.includes('(')) return undefined;
  const dispositionValue = disposition?.value.toLowerCase() || null;
  if (dispositionValue?.includes('=?')) return undefined;
  const filename = fileName(type, disposition);
  if (filename === undefined) return undefined;

  // RFC 2046 5.1.1: bchars are ASCII, and no trailing blank (mailsplit drops it)
  const boundaryParam = (type.params.get('boundary') ?? '').trimEnd();
  let boundary: Buffer | null = null;
  if (contentType.startsWith('multipart/')) {
    if (!boundaryParam || !/^[\x20-\x7e]+$/.test(boundaryParam)) return undefined;
    boundary = Buffer.from(boundaryParam, 'latin1');
  } else if (boundaryParam) {
    // mailsplit splits any part by its boundary parameter, whatever its type
    return undefined;
  } else if (contentType.startsWith('message/')) {
    // mailsplit parses a message/rfc822 as an embedded message (its parts
    // join ours, with a forwarded-message header) unless it is marked
    // "Content-Disposition: attachment" or its body is transfer-encoded; only
    // those, left whole as an attachment, are read here
    const opaque = dispositionValue === 'attachment' || !['', '7bit', '8bit', 'binary'].includes(encoding);
    if (contentType !== 'message/rfc822' || !opaque) return undefined;
  }

  // mailparser: a disposition other than inline/attachment means attachment; a
  // part without one is inline when it is text, an attachment otherwise
  const text = TEXT_TYPES.has(contentType);
  const shown = dispositionValue === null ? text : dispositionValue === 'inline';
  const format = type.params.get('format');
  return {
    contentType,
    boundary,
    charset: type.params.get('charset') || undefined,
    encoding,
    disposition: dispositionValue,
    filename,
    contentId: contentId(fields.get('content-id')),
    isAttachment: boundary === null && (!text || !shown),
    flowed: contentType === 'text/plain' && format !== undefined && format.toLowerCase().trim() === 'flowed',
  };
}

/**
 * mailsplit: the Content-Disposition filename, else the Content-Type name,
 * with RFC 2047 words decoded unless RFC 2231 sections were (not both).
 */
function fileName(type: StructuredValue, disposition: StructuredValue | undefined): string | null | undefined {
  const fromDisposition = disposition?.params.get('filename');
  const name = fromDisposition || type.params.get('name');
  if (!name) return null;
  const decoded = fromDisposition ? disposition?.assembled.has('filename') : type.assembled.has('name');
  const filename = decoded ? name : decodeWordsExactly(name);
  return filename === undefined ? undefined : filename || null;
}

/** mailparser: the first non-empty Content-ID, without its angle brackets. */
function contentId(values: string[] | undefined): string | null {
  const value = values?.find((v) => v !== '');
  return value === undefined ? null : value.trim().replace(/^<|>$/g, '').trim();
}
