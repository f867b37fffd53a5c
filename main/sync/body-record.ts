import { logger } from '../base/log';
import type { MessageDigest } from '../mime/digest.ts';
import { digestOf } from '../mime/digest.ts';
import { parseMessage } from '../mime/parse-message.ts';
import { quickExtract } from '../mime/quick-extract.ts';
import { MAX_SEARCH_TEXT_BYTES, truncateUtf8 } from '../mime/search-text.ts';
import type { BodyRecord } from '../store/messages-repo.ts';

// What the store keeps of a fetched body: the raw bytes (always), and from the
// parse the snippet, the attachment marker and the body's text for the
// full-text index and the attachments' names for its files column (the
// subject and address columns come from the row: storeBody). Most mail goes through the fast path, which
// reads only what this needs; the rest through the full parser (see
// mime/quick-extract.ts).

export async function toBodyRecord(raw: Buffer): Promise<BodyRecord> {
  return recordOf(raw, quickDigest(raw) ?? digestOf(await parseMessage(raw)));
}

/** The fast path's digest; none when it leaves the message to the full parser, or fails (a bug must not cost a message). */
function quickDigest(raw: Buffer): MessageDigest | undefined {
  try {
    return quickExtract(raw, { envelope: false });
  } catch (error) {
    logger('mime').warn({ err: error }, 'the quick extractor failed; the full parser reads the message');
    return undefined;
  }
}

export function recordOf(raw: Buffer, digest: MessageDigest): BodyRecord {
  return {
    raw,
    parsed: digest.parsed,
    snippet: digest.snippet,
    hasAttachments: digest.hasAttachments,
    searchText: truncateUtf8(digest.text, MAX_SEARCH_TEXT_BYTES),
    attachmentNames: digest.attachmentNames,
  };
}
