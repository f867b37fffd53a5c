import { parseMessage } from '../mime/parse-message';
import { MAX_SEARCH_TEXT_BYTES, truncateUtf8 } from '../mime/search-text';
import type { Address } from '../mime/types';
import type { BodyRecord } from '../store/messages-repo';

// What the store keeps of a fetched body: the raw bytes (always), and from the
// parse the snippet, the attachment marker and the text for the full-text
// index (subject, addresses and body in their own columns, so a search can
// weigh or restrict them later).

export async function toBodyRecord(raw: Buffer): Promise<BodyRecord> {
  const parsed = await parseMessage(raw);
  const attachmentNames = parsed.attachments.flatMap((a) => (a.filename ? [a.filename] : []));
  return {
    raw,
    parsed: !parsed.parseFailed,
    snippet: parsed.snippet,
    hasAttachments: parsed.hasAttachments,
    search: {
      subject: parsed.subject,
      addresses: [...parsed.from, ...parsed.to, ...parsed.cc].map(formatAddress).join(' '),
      body: truncateUtf8([parsed.text, ...attachmentNames].join('\n'), MAX_SEARCH_TEXT_BYTES),
    },
  };
}

function formatAddress(address: Address): string {
  return `${address.name} ${address.address}`.trim();
}
