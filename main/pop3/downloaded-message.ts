import { readEnvelope } from '../mime/envelope';
import { readHeaderBlock } from '../mime/headers';
import type { HeaderRecord } from '../store/messages-repo';

/** Whole messages a POP3 session downloaded, to be stored in one folder (the local Inbox). */
export interface DownloadedBatch {
  accountId: string;
  folderId: number;
  /** When they arrived here (ms): the date of a message without one, and what "delete after N days" counts from. */
  arrivedAt: number;
  messages: { uidl: string; raw: Buffer }[];
}

/**
 * The list row of a message downloaded whole (POP3 has no ENVELOPE): read
 * from its own header block with the same rules the parser uses. Without a
 * readable Date header, the time it arrived here stands in, as IMAP's
 * INTERNALDATE does for IMAP mail. `size` is the message's, when `raw` is
 * only its header block (TOP of a message too large to download).
 */
export function headerRecordOf(raw: Buffer, arrivedAt: number, size = raw.length): Omit<HeaderRecord, 'uid'> {
  const envelope = readEnvelope(readHeaderBlock(raw), []);
  return {
    messageId: envelope.messageId,
    inReplyTo: envelope.inReplyTo,
    references: envelope.references,
    subject: envelope.subject,
    from: envelope.from[0] ?? null,
    to: envelope.to,
    cc: envelope.cc,
    replyTo: envelope.replyTo,
    date: envelope.date ? Date.parse(envelope.date) : arrivedAt,
    flags: 0,
    keywords: [],
    size,
  };
}
