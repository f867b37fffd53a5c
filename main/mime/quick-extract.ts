// The fast path for what the store keeps at download time (digest.ts): read
// straight from the raw bytes, without mailparser's streams, for the messages
// whose structure and encodings it can read exactly as parseMessage does.
// For anything else it returns undefined and the caller runs parseMessage:
// a digest that differs from parseMessage's is a bug, a message left to the
// slow path is not.
//
// It reads the header block, the Subject and the address fields, finds the
// parts by their boundaries, decodes only the text parts the text comes from
// (the HTML of an alternative only when an image may be inline) and only
// looks at the header of the others. It shares with parseMessage everything that is
// not about reading bytes: the choice of text (body.ts), the snippet, which
// attachments are inline (inline-parts.ts), how addresses are parsed
// (mailparser's own parseAddressHeader). The quick/ files say what they leave
// to the full parser; test/unit/mime/quick-extract.test.ts compares both on
// the corpus and on broken mail.
import { lazyBodyOf } from './body.ts';
import type { MessageDigest } from './digest.ts';
import { fromMailparser } from './envelope.ts';
import { isShownInline, referencedCids } from './inline-parts.ts';
import { mailparser } from './mailparser-lazy.ts';
import { decodeWordsExactly } from './quick/encoded-words.ts';
import { readHeaderBlock } from './quick/header-block.ts';
import { describePart, PART_FIELDS } from './quick/part-info.ts';
import { NotQuick, StructureReader } from './quick/structure.ts';
import { makeSnippet } from './snippet.ts';
import type { Address } from './types.ts';

const ROOT_FIELDS: ReadonlySet<string> = new Set([...PART_FIELDS, 'subject', 'from', 'to', 'cc']);
const NONE: ReadonlySet<string> = new Set();

/**
 * `envelope: false` skips Subject, From, To and Cc (the digest has them empty):
 * the store takes them from the row, which has them already (IMAP ENVELOPE,
 * or the POP3 header record), and parsing addresses was a sixth of the work.
 */
export function quickExtract(raw: Buffer, options: { envelope?: boolean } = {}): MessageDigest | undefined {
  try {
    return extract(raw, options.envelope ?? true);
  } catch (err) {
    if (err instanceof NotQuick) return undefined;
    throw err;
  }
}

function extract(raw: Buffer, envelope: boolean): MessageDigest | undefined {
  const header = readHeaderBlock(raw, 0, envelope ? ROOT_FIELDS : PART_FIELDS);
  if (!header) return undefined;
  const { fields } = header;
  const subject = envelope ? readSubject(fields.get('subject')) : '';
  const root = describePart(fields);
  if (subject === undefined || !root) return undefined;

  const reader = new StructureReader(raw);
  const tree = reader.read(root, header.bodyStart);
  if (!tree) return undefined;
  // every multipart of the tree has parts, so there is no raw body to show instead (parse-message.ts)
  const { text, html } = lazyBodyOf(tree);
  // parseMessage removes NUL and says so; rare enough to leave to it
  if (text.includes('\0') || subject.includes('\0')) return undefined;

  // the HTML matters only to tell inline images from attachments
  const { attachments } = reader;
  const cids = html !== null && attachments.some((a) => a.contentId !== null) ? htmlCids(html()) : NONE;
  if (cids === undefined) return undefined;
  return {
    subject,
    // mailparser keeps the first From, and every To and Cc
    from: addresses(fields.get('from')?.slice(0, 1)),
    to: addresses(fields.get('to')),
    cc: addresses(fields.get('cc')),
    text,
    snippet: makeSnippet(text),
    attachmentNames: attachments.flatMap((a) => (a.filename ? [a.filename] : [])),
    hasAttachments: attachments.some((a) => !isShownInline(a, cids)),
    parsed: true,
  };
}

function htmlCids(html: string): Set<string> | undefined {
  return html.includes('\0') ? undefined : referencedCids(html);
}

/**
 * mailparser's Subject: encoded words decoded, trimmed. One that decodes to
 * nothing, or a repeated Subject (mailparser skips empty ones, the envelope
 * reader does not), is left to parseMessage.
 */
function readSubject(values: string[] | undefined): string | undefined {
  if (!values) return '';
  if (values.length > 1) return undefined;
  const value = values[0] ?? '';
  const decoded = decodeWordsExactly(value);
  if (decoded === undefined || (decoded === '' && value !== '')) return undefined;
  return decoded.trim();
}

/** What readEnvelope takes from mailparser's headers: each field parsed on its own, groups flattened. */
function addresses(values: string[] | undefined): Address[] {
  if (!values) return [];
  return fromMailparser(mailparser().parseAddressHeader(values)) ?? [];
}
