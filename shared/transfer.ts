import { z } from 'zod';
import { accountIdSchema } from './accounts';

// Import and export (issue 17): the calls, their arguments and results, and
// the progress event. How they work: main/import/README.md.

/** Where the mail comes from. */
export type ImportSourceKind = 'mbox' | 'maildir' | 'thunderbird' | 'applemail' | 'eml';

/** How `>From ` lines in an mbox are undone: mboxrd removes one `>` of `>+From `, mboxo one of `>From ` only, mboxcl2 none (Content-Length delimits). */
export type MboxVariant = 'mboxrd' | 'mboxo' | 'mboxcl2';

const idSchema = z.number().int().positive();

const sourceSchema = z.union([
  /** Files uploaded with import.uploadBegin/uploadChunk (the browser transport). */
  z.object({ uploadId: z.string().regex(/^[a-z0-9-]{8,64}$/) }).strict(),
  /** A path the desktop app's native dialog gave (main/app: the dialog's answer is granted to the core under this token). */
  z.object({ grant: z.string().regex(/^[a-z0-9-]{8,64}$/) }).strict(),
  /** A Thunderbird profile the core found itself (import.thunderbirdProfiles). */
  z.object({ thunderbirdProfile: z.string().min(1).max(4096) }).strict(),
]);

export const importSpecSchema = z
  .object({
    source: sourceSchema,
    /** Unset: told by the source itself (main/import/detect-source.ts). */
    variant: z.enum(['mboxrd', 'mboxo', 'mboxcl2']).optional(),
    /** The folder the mail goes into; a source's own folders become subfolders of it. */
    folderId: idSchema,
  })
  .strict();

export type ImportSpec = z.output<typeof importSpecSchema>;

export interface ImportProgress {
  /** The parts of the source (its folders, files) and the one being read. */
  part: number;
  parts: number;
  /** Where in the part to go on: a byte offset (mbox) or a file index (folders of files). */
  position: number;
  imported: number;
  duplicates: number;
  /** Messages that could not be read (junk where a message should be), skipped. */
  unreadable: number;
  /** Bytes of the source read so far and in all (estimated for folders of files). */
  bytesDone: number;
  bytesTotal: number;
}

export interface ImportJob {
  id: number;
  accountId: string;
  folderId: number;
  /** What is imported, in words: "Local Folders (Thunderbird)", "archive.mbox". */
  title: string;
  kind: ImportSourceKind | null;
  state: 'running' | 'stopped' | 'failed' | 'done';
  progress: ImportProgress;
  /** Why it failed or stopped (plain words); what was imported stays and it can be resumed. */
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ThunderbirdProfile {
  name: string;
  path: string;
  isDefault: boolean;
}

/** One uploaded file: its name relative to what was chosen (a folder upload keeps its tree), and its size. */
const uploadFileSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(1024)
      .refine((p) => !p.split('/').some((part) => part === '' || part === '.' || part === '..') && !p.includes('\\') && !p.includes('\0'), {
        message: 'A relative path without . or .. parts',
      }),
    size: z
      .number()
      .int()
      .min(0)
      .max(64 * 1024 ** 3),
  })
  .strict();

/** The largest chunk of an upload or an export read, in bytes (base64 on the wire stays under the WebSocket's 4 MB). */
export const TRANSFER_CHUNK_BYTES = 1024 * 1024;

const exportScopeSchema = z.union([
  z.object({ folderId: idSchema }).strict(),
  /** A search result: the same query and scope as messages.search. */
  z.object({ query: z.string().min(1).max(1000), accountId: accountIdSchema.optional(), folderId: idSchema.optional() }).strict(),
]);

export const transferMethodSchemas = {
  /** The imports, newest first, with their progress. */
  'import.list': z.object({}).strict(),
  /** Start importing; returns the job (progress follows as `import.progress`). */
  'import.start': importSpecSchema,
  /** Stop an import after the batch it is storing; it can be resumed. */
  'import.stop': z.object({ id: idSchema }).strict(),
  /** Go on with a stopped or failed import from where it got to. */
  'import.resume': z.object({ id: idSchema }).strict(),
  /** Forget a finished or stopped import (its mail stays). */
  'import.forget': z.object({ id: idSchema }).strict(),
  /** The Thunderbird profiles found where Thunderbird keeps them on this OS. */
  'import.thunderbirdProfiles': z.object({}).strict(),
  /** Begin an upload of files to import (the browser transport); chunks follow, in order per file. */
  'import.uploadBegin': z.object({ files: z.array(uploadFileSchema).min(1).max(100_000) }).strict(),
  'import.uploadChunk': z
    .object({
      uploadId: z.string().regex(/^[a-z0-9-]{8,64}$/),
      file: z.number().int().min(0),
      offset: z.number().int().min(0),
      data: z
        .string()
        .max(Math.ceil(TRANSFER_CHUNK_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/),
    })
    .strict(),
  /** Write a folder or a search result as an mboxrd file; read it with export.read, then export.discard. */
  'export.mbox': z.object({ scope: exportScopeSchema }).strict(),
  'export.read': z
    .object({
      exportId: z.string().regex(/^[a-z0-9-]{8,64}$/),
      offset: z.number().int().min(0),
      length: z.number().int().min(1).max(TRANSFER_CHUNK_BYTES),
    })
    .strict(),
  'export.discard': z.object({ exportId: z.string().regex(/^[a-z0-9-]{8,64}$/) }).strict(),
  /** Desktop: write a folder or search result as mboxrd, or an account's local folders as a Maildir tree, to a path the native dialog gave. */
  'export.toPath': z
    .object({
      grant: z.string().regex(/^[a-z0-9-]{8,64}$/),
      what: z.union([z.object({ mbox: exportScopeSchema }).strict(), z.object({ maildir: accountIdSchema }).strict()]),
    })
    .strict(),
} as const;

export interface ExportFile {
  exportId: string;
  fileName: string;
  size: number;
  messages: number;
}

export interface TransferMethodResults {
  'import.list': ImportJob[];
  'import.start': ImportJob;
  'import.stop': ImportJob;
  'import.resume': ImportJob;
  'import.forget': { forgotten: true };
  'import.thunderbirdProfiles': ThunderbirdProfile[];
  'import.uploadBegin': { uploadId: string; chunkBytes: number };
  'import.uploadChunk': { received: number };
  'export.mbox': ExportFile;
  'export.read': { data: string };
  'export.discard': { discarded: true };
  'export.toPath': { messages: number; path: string };
}

export interface TransferEvents {
  /** An import moved on, stopped, failed or finished. */
  'import.progress': ImportJob;
}
