import { randomUUID } from 'node:crypto';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { ApiError } from '../../shared/errors';
import { TRANSFER_CHUNK_BYTES } from '../../shared/transfer';

// The files of imports and exports that are not the user's own paths:
// uploads (the browser transport sends a source in chunks; it lands in
// dataDir/transfer/uploads/<id>/, keeping a chosen folder's tree), export
// files waiting to be downloaded (dataDir/transfer/exports/<id>.mbox), and
// the paths the desktop app's native dialog gave (granted by main/app under
// a token: the renderer names a path only through one, never itself).

interface Upload {
  dir: string;
  files: { path: string; size: number; received: number }[];
}

export class TransferFiles {
  private readonly uploads = new Map<string, Upload>();
  private readonly grants = new Map<string, string>();
  readonly uploadsDir: string;
  readonly exportsDir: string;

  constructor(dataDir: string) {
    this.uploadsDir = join(dataDir, 'transfer', 'uploads');
    this.exportsDir = join(dataDir, 'transfer', 'exports');
  }

  /** Exports of an earlier run were never downloaded or discarded: they go. */
  async clearExports(): Promise<void> {
    await rm(this.exportsDir, { recursive: true, force: true });
  }

  async beginUpload(files: readonly { path: string; size: number }[]): Promise<{ uploadId: string; chunkBytes: number }> {
    const uploadId = randomUUID();
    const dir = join(this.uploadsDir, uploadId);
    const entries = files.map(({ path, size }) => {
      const target = resolve(dir, ...path.split('/'));
      if (!target.startsWith(dir + sep)) throw new ApiError('invalid_argument', `Not a file name: ${path}`);
      return { path: target, size, received: 0 };
    });
    for (const entry of entries) {
      await mkdir(dirname(entry.path), { recursive: true });
      await (await open(entry.path, 'w')).close();
    }
    this.uploads.set(uploadId, { dir, files: entries });
    return { uploadId, chunkBytes: TRANSFER_CHUNK_BYTES };
  }

  /** Appends a chunk; chunks of a file come in order (`offset` is what was received so far). */
  async uploadChunk(uploadId: string, file: number, offset: number, data: string): Promise<number> {
    const upload = this.uploads.get(uploadId);
    const entry = upload?.files[file];
    if (!entry) throw new ApiError('not_found', 'That upload is not going on (any more).');
    const bytes = Buffer.from(data, 'base64');
    if (offset !== entry.received) throw new ApiError('invalid_argument', `Expected the chunk at ${entry.received}, got ${offset}.`);
    if (entry.received + bytes.length > entry.size) throw new ApiError('invalid_argument', 'More bytes than the file was said to have.');
    const handle = await open(entry.path, 'a');
    try {
      await handle.write(bytes);
    } finally {
      await handle.close();
    }
    entry.received += bytes.length;
    return entry.received;
  }

  /** The folder of a finished upload (it is taken: an import owns it now); throws when a file is incomplete. */
  takeUpload(uploadId: string): string {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new ApiError('not_found', 'That upload is not there (any more): choose the files again.');
    const missing = upload.files.find((f) => f.received !== f.size);
    if (missing) throw new ApiError('invalid_argument', 'The upload is not complete: choose the files again.');
    this.uploads.delete(uploadId);
    return upload.dir;
  }

  /** Removes an import's upload once the import is forgotten (a user's own path is never touched). */
  async removeIfUpload(path: string): Promise<void> {
    if (path.startsWith(this.uploadsDir + sep)) await rm(path, { recursive: true, force: true });
  }

  /** main/app: a path the user chose in a native dialog, under a new token the renderer passes back. */
  grant(path: string): string {
    const token = randomUUID();
    this.grants.set(token, path);
    return token;
  }

  /** Called by main/app with a token it made itself (its message to the core carries both). */
  grantAs(token: string, path: string): void {
    this.grants.set(token, path);
  }

  granted(token: string): string {
    const path = this.grants.get(token);
    if (!path) throw new ApiError('not_found', 'That choice of file has expired: choose it again.');
    return path;
  }

  newExport(): { exportId: string; path: string } {
    const exportId = randomUUID();
    return { exportId, path: join(this.exportsDir, `${exportId}.mbox`) };
  }

  exportPath(exportId: string): string {
    return join(this.exportsDir, `${exportId}.mbox`);
  }

  async readExport(exportId: string, offset: number, length: number): Promise<string> {
    const handle = await open(this.exportPath(exportId), 'r').catch(() => {
      throw new ApiError('not_found', 'That export is not there (any more).');
    });
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead).toString('base64');
    } finally {
      await handle.close();
    }
  }

  async discardExport(exportId: string): Promise<void> {
    await rm(this.exportPath(exportId), { force: true });
  }

  async size(path: string): Promise<number> {
    return (await stat(path)).size;
  }

  async ensureExportsDir(): Promise<void> {
    await mkdir(this.exportsDir, { recursive: true });
  }
}
