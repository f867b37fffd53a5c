// Which attachments "Open" may hand to the user's default program. An
// allow-list, not a blocklist: the set of file types that some program on
// some system runs, or that carries macros, keeps growing (.chm, .xll, .one,
// .library-ms, .docm…), while the set of types people want to glance at does
// not. Everything not listed here is "Save only". The core refuses the rest
// and the reader shows the same decision, so both use this one function.

/** Extensions whose default programs show the file rather than run it. */
const VIEWABLE_EXTENSIONS = new Set([
  // Images (not SVG: it is a document with scripts, opened by a browser).
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'bmp',
  'tif',
  'tiff',
  'heic',
  'heif',
  'avif',
  // PDF.
  'pdf',
  // Plain text (not CSV: spreadsheets evaluate formulas and DDE in it).
  'txt',
  'text',
  'log',
  // Office documents in formats that cannot carry macros (OOXML without the
  // "m" suffix; the old binary .doc/.xls/.ppt and OpenDocument files can).
  'docx',
  'xlsx',
  'pptx',
]);

/**
 * The name as the file system will store it: Windows drops trailing dots and
 * spaces, so "invoice.exe. " is written as, and run as, "invoice.exe".
 */
export function effectiveFilename(filename: string): string {
  return filename.replace(/[.\s]+$/, '');
}

/** Whether "Open" may hand this attachment to the system; everything else is Save only. */
export function isViewableAttachment(filename: string): boolean {
  const name = effectiveFilename(filename);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false; // no extension (or only a dot-file name): the system would guess
  return VIEWABLE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** Why an attachment is Save only, for the reader's title and the core's refusal. */
export function saveOnlyReason(filename: string): string {
  return `Tidings opens only images, PDFs, plain text and Office documents without macros. ${filename} may be a program, script or macro document: save it if you trust the sender and know what it does.`;
}
