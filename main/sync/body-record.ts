import { parseMessage } from '../mime/parse-message';
import type { Address, ParsedMessage } from '../mime/types';
import type { BodyRecord } from '../store/messages-repo';

// What the store keeps of a fetched body: the raw bytes (always), and from the
// parse the snippet, the attachment marker and the text for the full-text index.

/** Bound on the body text indexed per message: enough for search, not a novel. */
const MAX_INDEXED_BODY = 256 * 1024;

export async function toBodyRecord(raw: Buffer): Promise<BodyRecord> {
  const parsed = await parseMessage(raw);
  return {
    raw,
    parsed: !isUnparsable(parsed),
    snippet: parsed.snippet,
    hasAttachments: parsed.hasAttachments,
    search: {
      subject: parsed.subject,
      addresses: [...parsed.from, ...parsed.to, ...parsed.cc].map(formatAddress).join(' '),
      body: parsed.text.slice(0, MAX_INDEXED_BODY),
    },
  };
}

export function isUnparsable(parsed: ParsedMessage): boolean {
  return (parsed as ParsedMessage & { unparsable?: boolean }).unparsable === true;
}

function formatAddress(address: Address): string {
  return `${address.name} ${address.address}`.trim();
}
