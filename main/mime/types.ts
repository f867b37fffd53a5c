// What parsing one incoming message yields: everything the sync engine stores
// for the message list, the reader and the full-text index.
import type { UnsubscribeMethods } from './list-unsubscribe.ts';

export interface Address {
  /** Display name, RFC 2047 decoded; '' when the header has none. */
  name: string;
  /** addr-spec as written (an IDN domain decoded from punycode); '' only for a name without address. */
  address: string;
}

export interface AttachmentInfo {
  /** IMAP part number (e.g. "2", "1.3"), for fetching BODY[partId] later; absent for a single-part message. */
  partId?: string;
  /** RFC 2231 / RFC 2047 decoded; null when the part names no file. */
  filename: string | null;
  contentType: string;
  /** Decoded size in bytes (not the transfer-encoded size). */
  size: number;
  /** Content-ID without angle brackets, as a cid: URL names it (RFC 2392); null when absent. */
  contentId: string | null;
  /** Shown inside the HTML body (referenced by cid:, or part of multipart/related) rather than listed. */
  inline: boolean;
}

export interface ParsedMessage {
  /** Message-IDs keep their angle brackets, so that they compare equal to References entries. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  /** ISO 8601 in UTC, or null when the Date header is missing or unreadable. */
  date: string | null;
  from: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  /** How a mailing list says it can be left (List-Unsubscribe, RFC 2369/8058); null when it does not. */
  unsubscribe: UnsubscribeMethods | null;
  /** Plain text of the body: the text/plain parts, else the HTML with tags stripped. */
  text: string;
  /** HTML as the sender wrote it, charset-decoded, NOT sanitized (the renderer sanitizes); null when there is none. */
  html: string | null;
  /** First ~200 characters of the text, whitespace collapsed, quotes and signatures left out. */
  snippet: string;
  attachments: AttachmentInfo[];
  /** At least one attachment that is not inline. */
  hasAttachments: boolean;
  /** What went wrong but was survived, in plain words; [] for a clean message. */
  problems: string[];
  /** mailparser gave up: only the headers could be read (text is '', no attachments), problems says why. */
  parseFailed: boolean;
}
