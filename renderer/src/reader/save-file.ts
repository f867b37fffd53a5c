// Saving an attachment: the bytes become a download, never a page. A Blob URL
// has the app's origin, so an HTML or SVG attachment shown from one could run
// script with the app's powers; hence the download attribute, and a type that
// no browser renders should anything navigate to the URL anyway.

/** The bytes of a base64 string (what messages.attachment sends). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Not revoked at once: the download started by the click may still be reading
// the Blob; a few seconds later it is done with it (or has its own copy).
const REVOKE_AFTER_MS = 10_000;

/** Offers `bytes` for download as `filename` (the core already made the name safe). */
export function saveFile(filename: string, bytes: Uint8Array<ArrayBuffer>): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** The bytes of a string that holds one byte per character (messages.source sends the raw message so: latin1). */
export function latin1ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** A file name for a message saved as .eml: its subject, without what file systems refuse. */
export function emlFileName(subject: string): string {
  const name = subject
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 100)
    .trim();
  return `${name || 'message'}.eml`;
}
