// The record toBodyRecord built before the fast path, straight from
// parseMessage: what the fast path has to match for every message it takes.
// Kept apart from main/ on purpose (no shared assembly code), so that a
// mistake in recordOf cannot hide itself.
import { parseMessage } from '../../../main/mime/parse-message.ts';
import { MAX_SEARCH_TEXT_BYTES, truncateUtf8 } from '../../../main/mime/search-text.ts';
import type { BodyRecord } from '../../../main/store/messages-repo.ts';

export async function recordByParseMessage(raw: Buffer): Promise<BodyRecord> {
  const parsed = await parseMessage(raw);
  const attachmentNames = parsed.attachments.flatMap((a) => (a.filename ? [a.filename] : []));
  return {
    raw,
    parsed: !parsed.parseFailed,
    snippet: parsed.snippet,
    hasAttachments: parsed.hasAttachments,
    // The text for the index's body column; the attachments' names have a column of their own (filename:).
    searchText: truncateUtf8(parsed.text, MAX_SEARCH_TEXT_BYTES),
    attachmentNames,
  };
}
