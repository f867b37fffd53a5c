import { ATTACHMENT_CHUNK_BYTES, type DraftAttachment, MAX_ATTACHMENT_BYTES } from '../../../shared/compose';
import type { TidingsApi } from '../../../shared/contract';
import { formatSize } from '../common/format';

// Files the user attaches: checked here first (so a 2 GB video is refused at
// once, in words), then uploaded to the core in pieces it can take
// (drafts.attachmentBegin/Chunk/Finish), and the message's size estimated
// against the server's SIZE limit.

/** A media type the contract accepts, else the generic one (browsers give "" for unknown files). */
export function uploadContentType(type: string): string {
  const bare = type.split(';')[0]?.trim() ?? '';
  return /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/.test(bare) ? bare : 'application/octet-stream';
}

/** The file's name without control characters, cut to 255 characters, never empty. */
export function uploadFilename(name: string): string {
  const clean = [...name]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return (clean || 'attachment').slice(0, 255);
}

/** Why a file cannot be attached, or null. */
export function refuseFile(file: { name: string; size: number }): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return `${file.name} is ${formatSize(file.size)}; attachments can be at most ${formatSize(MAX_ATTACHMENT_BYTES)}. Share it through a link instead.`;
  }
  return null;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...) with a million arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Uploads one file in order, reporting bytes sent; resolves with the stored attachment. */
export async function uploadFile(
  api: TidingsApi,
  file: Blob & { name: string },
  onProgress: (sent: number) => void,
  cancelled: () => boolean,
): Promise<DraftAttachment | null> {
  const begun = await api.call('drafts.attachmentBegin', {
    filename: uploadFilename(file.name),
    contentType: uploadContentType(file.type),
    size: file.size,
  });
  const step = Math.max(1, Math.min(begun.chunkBytes, ATTACHMENT_CHUNK_BYTES));
  for (let offset = 0; offset < file.size; offset += step) {
    if (cancelled()) return null;
    const bytes = new Uint8Array(await file.slice(offset, offset + step).arrayBuffer());
    await api.call('drafts.attachmentChunk', { uploadId: begun.uploadId, offset, base64: bytesToBase64(bytes) });
    onProgress(offset + bytes.length);
  }
  if (cancelled()) return null;
  return api.call('drafts.attachmentFinish', { uploadId: begun.uploadId });
}

/**
 * About how big the sent message will be: attachments grow by a third in
 * base64 (plus line breaks), the body goes twice (HTML and text), and the
 * headers take a little. Close enough to warn before the server refuses.
 */
export function estimateMessageBytes(attachmentBytes: number[], bodyChars: number): number {
  const attachments = attachmentBytes.reduce((sum, size) => sum + Math.ceil(size / 3) * 4 * (78 / 76) + 300, 0);
  return Math.round(attachments + bodyChars * 2 + 2_000);
}
