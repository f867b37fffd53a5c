// Attachment bytes on demand: the listing (parseMessage) only counts them.
// Indexes are those of ParsedMessage.attachments: both come from the same run
// of the same parser over the same bytes.
import { runMailParser } from './run-mailparser.ts';

export interface AttachmentContent {
  filename: string | null;
  contentType: string;
  content: Buffer;
}

export async function getAttachment(raw: Buffer, index: number): Promise<AttachmentContent> {
  const run = await runMailParser(raw, { keepContent: (_attachment, i) => i === index });
  const found = run.attachments[index];
  if (!found?.content) throw new RangeError(`the message has no attachment ${index} (it has ${run.attachments.length})`);
  return { filename: found.filename, contentType: found.contentType, content: found.content };
}

/** The parts a cid: URL can name (RFC 2392), keyed by Content-ID without angle brackets. */
export async function getInlineParts(raw: Buffer): Promise<Map<string, { contentType: string; content: Buffer }>> {
  const run = await runMailParser(raw, { keepContent: (attachment) => attachment.contentId !== null });
  const parts = new Map<string, { contentType: string; content: Buffer }>();
  for (const a of run.attachments) {
    // the first part with a given Content-ID wins, as in a browser's cid: lookup
    if (a.contentId !== null && a.content && !parts.has(a.contentId))
      parts.set(a.contentId, { contentType: a.contentType, content: a.content });
  }
  return parts;
}
