// Names for files Tidings writes from mail (attachments saved or opened): what a
// sender chose, made safe for every OS's file system, never empty.

/**
 * A file name that is safe to offer for saving: no directories, no control
 * characters, no leading dots, something sensible when the sender gave none.
 */
export function safeFilename(name: string | null, contentType: string): string {
  const base = (name ?? '')
    .replace(/[\\/]/g, '_')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  if (base) return base;
  const extension = contentType
    .split('/')[1]
    ?.replace(/[^a-z0-9]/gi, '')
    .slice(0, 10);
  return extension ? `attachment.${extension}` : 'attachment';
}
