// A minimal MIME tree and its serialization (RFC 5322 + RFC 2046), CRLF only.
// Header values are strings whose characters are bytes (latin1): they are
// ASCII unless a test deliberately puts raw 8-bit bytes in a header.
import { base64Lines, encodeText, quotedPrintable } from './encode.ts';

export type Header = [name: string, value: string];

export interface Leaf {
  headers: Header[];
  /** Already transfer-encoded, ending with CRLF (or empty); pieces are joined as they are. */
  body: Buffer | Buffer[];
}

export interface Multipart {
  headers: Header[];
  boundary: string;
  parts: Part[];
  preamble?: string;
}

export type Part = Leaf | Multipart;

export type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

const CRLF = Buffer.from('\r\n');

export function serialize(part: Part): Buffer {
  const out: Buffer[] = [];
  write(part, out);
  return Buffer.concat(out);
}

function write(part: Part, out: Buffer[]): void {
  out.push(Buffer.from(part.headers.map(([name, value]) => `${name}: ${value}\r\n`).join(''), 'latin1'), CRLF);
  if (!('parts' in part)) {
    if (Array.isArray(part.body)) out.push(...part.body);
    else out.push(part.body);
    return;
  }
  if (part.preamble) out.push(Buffer.from(`${part.preamble}\r\n`));
  // the CRLF that ends a part's body belongs to the next delimiter (RFC 2046 5.1.1)
  for (const child of part.parts) {
    out.push(Buffer.from(`--${part.boundary}\r\n`));
    write(child, out);
  }
  out.push(Buffer.from(`--${part.boundary}--\r\n`));
}

/** Text with any line ends turned into CRLF, ending with one. */
export function crlf(text: string): string {
  const normalized = text.replace(/\r?\n/g, '\r\n');
  return normalized.endsWith('\r\n') ? normalized : `${normalized}\r\n`;
}

export function transferEncode(bytes: Buffer, encoding: TransferEncoding): Buffer {
  if (encoding === 'base64') return base64Lines(bytes);
  if (encoding === 'quoted-printable') return quotedPrintable(bytes);
  return bytes;
}

export interface TextPartOptions {
  subtype?: 'plain' | 'html';
  charset: string;
  encoding: TransferEncoding;
  extra?: Header[];
}

export function textPart(text: string, options: TextPartOptions): Leaf {
  const { subtype = 'plain', charset, encoding } = options;
  return {
    headers: [['Content-Type', `text/${subtype}; charset=${charset}`], ['Content-Transfer-Encoding', encoding], ...(options.extra ?? [])],
    body: transferEncode(encodeText(crlf(text), charset), encoding),
  };
}

export interface BinaryPartOptions {
  contentType: string;
  /** Content-Type and Content-Disposition parameters naming the file, already formatted (see encode.ts). */
  nameParameter?: string;
  filenameParameter?: string;
  disposition: 'attachment' | 'inline' | null;
  contentId?: string;
}

/** A base64 part; `content` is the bytes, or their base64 lines already (see fileData). */
export function binaryPart(content: Buffer | { base64: Buffer[] }, options: BinaryPartOptions): Leaf {
  const type = options.nameParameter ? `${options.contentType};\r\n ${options.nameParameter}` : options.contentType;
  const headers: Header[] = [['Content-Type', type]];
  if (options.disposition) {
    const params = options.filenameParameter ? `;\r\n ${options.filenameParameter}` : '';
    headers.push(['Content-Disposition', `${options.disposition}${params}`]);
  }
  if (options.contentId) headers.push(['Content-ID', `<${options.contentId}>`]);
  headers.push(['Content-Transfer-Encoding', 'base64']);
  return { headers, body: Buffer.isBuffer(content) ? base64Lines(content) : content.base64 };
}

export function multipart(subtype: string, boundary: string, parts: Part[], headers: Header[] = [], parameters = ''): Multipart {
  const type = `multipart/${subtype};${parameters ? ` ${parameters};` : ''} boundary="${boundary}"`;
  return { headers: [...headers, ['Content-Type', type]], boundary, parts };
}
