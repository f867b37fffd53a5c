// What the sync engine keeps of a message when its body is downloaded: the
// snippet, the attachment marker and the text for the full-text index. Built
// by the fast path (quick-extract.ts) when it can read the message, else from
// parseMessage; both must give the same digest for the same bytes.
import type { Address, ParsedMessage } from './types.ts';

export interface MessageDigest {
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  /** Plain text of the body, as ParsedMessage.text. */
  text: string;
  snippet: string;
  /** File names of the attachments that have one, inline ones included, in order. */
  attachmentNames: string[];
  hasAttachments: boolean;
  /** False when only the headers could be read (ParsedMessage.parseFailed). */
  parsed: boolean;
}

export function digestOf(parsed: ParsedMessage): MessageDigest {
  return {
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    text: parsed.text,
    snippet: parsed.snippet,
    attachmentNames: parsed.attachments.flatMap((a) => (a.filename ? [a.filename] : [])),
    hasAttachments: parsed.hasAttachments,
    parsed: !parsed.parseFailed,
  };
}
