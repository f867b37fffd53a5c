import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type { ImportJob, ThunderbirdProfile } from '../../../shared/transfer';
import { useApi } from '../api/context';
import { read } from './client';

// Import and export (shared/transfer.ts): the imports with their live
// progress, Thunderbird profiles found by the core, uploading files to
// import (in chunks), and an mbox export read back in chunks for download.

const importsKey = ['imports'] as const;
const profilesKey = ['thunderbird-profiles'] as const;

/** The imports, newest first; each `import.progress` event replaces its job in place. */
export function useImports(): { jobs: ImportJob[]; loaded: boolean } {
  const api = useApi();
  const client = useQueryClient();
  const { data } = useQuery({ queryKey: importsKey, queryFn: () => read(() => api.call('import.list', {})) });
  useEffect(
    () =>
      api.on('import.progress', (job) => {
        client.setQueryData<ImportJob[]>(importsKey, (jobs) => {
          if (!jobs) return [job];
          const at = jobs.findIndex((j) => j.id === job.id);
          return at < 0 ? [job, ...jobs] : jobs.map((j) => (j.id === job.id ? job : j));
        });
      }),
    [api, client],
  );
  return { jobs: data ?? [], loaded: data !== undefined };
}

export function useThunderbirdProfiles(): ThunderbirdProfile[] {
  const api = useApi();
  const { data } = useQuery({ queryKey: profilesKey, queryFn: () => read(() => api.call('import.thunderbirdProfiles', {})) });
  return data ?? [];
}

/** A file to upload, with its path inside what was chosen (a chosen folder keeps its tree). */
export interface FileToUpload {
  path: string;
  file: Blob;
}

export interface TransferActions {
  /** Uploads files in chunks (progress as bytes sent of all), then starts importing them into a folder. */
  uploadAndImport(files: readonly FileToUpload[], folderId: number, onProgress?: (sent: number, total: number) => void): Promise<ImportJob>;
  importThunderbird(profilePath: string, folderId: number): Promise<ImportJob>;
  /** Desktop: a path the native dialog gave, under the token the app granted it. */
  importGranted(grant: string, folderId: number): Promise<ImportJob>;
  stop(id: number): Promise<void>;
  resume(id: number): Promise<void>;
  forget(id: number): Promise<void>;
  /** Desktop: an export written straight to a path the native dialog gave. */
  exportToPath(grant: string, what: { mbox: { folderId: number } } | { maildir: string }): Promise<{ messages: number; path: string }>;
  /** Writes an mboxrd export in the core and reads it back: the file's bytes and name. */
  exportMbox(
    scope: { folderId: number } | { query: string; accountId?: string },
  ): Promise<{ bytes: Blob; fileName: string; messages: number }>;
}

export function useTransferActions(): TransferActions {
  const api = useApi();
  const client = useQueryClient();
  const refresh = useCallback(() => client.invalidateQueries({ queryKey: importsKey }), [client]);
  const started = useCallback(
    (job: ImportJob) => {
      client.setQueryData<ImportJob[]>(importsKey, (jobs) => [job, ...(jobs ?? []).filter((j) => j.id !== job.id)]);
      return job;
    },
    [client],
  );
  return {
    async uploadAndImport(files, folderId, onProgress) {
      const total = files.reduce((sum, f) => sum + f.file.size, 0);
      const { uploadId, chunkBytes } = await api.call('import.uploadBegin', {
        files: files.map((f) => ({ path: f.path, size: f.file.size })),
      });
      let sent = 0;
      for (const [index, { file }] of files.entries()) {
        for (let offset = 0; offset < file.size; offset += chunkBytes) {
          const data = await toBase64(file.slice(offset, Math.min(file.size, offset + chunkBytes)));
          await api.call('import.uploadChunk', { uploadId, file: index, offset, data });
          sent += Math.min(chunkBytes, file.size - offset);
          onProgress?.(sent, total);
        }
      }
      return started(await api.call('import.start', { source: { uploadId }, folderId }));
    },
    async importThunderbird(profilePath, folderId) {
      return started(await api.call('import.start', { source: { thunderbirdProfile: profilePath }, folderId }));
    },
    async importGranted(grant, folderId) {
      return started(await api.call('import.start', { source: { grant }, folderId }));
    },
    async stop(id) {
      started(await api.call('import.stop', { id }));
    },
    async resume(id) {
      started(await api.call('import.resume', { id }));
    },
    async forget(id) {
      await api.call('import.forget', { id });
      await refresh();
    },
    async exportToPath(grant, what) {
      return api.call('export.toPath', { grant, what });
    },
    async exportMbox(scope) {
      const file = await api.call('export.mbox', { scope });
      const parts: BlobPart[] = [];
      try {
        const step = 1024 * 1024;
        for (let offset = 0; offset < file.size; offset += step) {
          const { data } = await api.call('export.read', { exportId: file.exportId, offset, length: Math.min(step, file.size - offset) });
          parts.push(fromBase64(data));
        }
      } finally {
        await api.call('export.discard', { exportId: file.exportId }).catch(() => undefined);
      }
      return { bytes: new Blob(parts, { type: 'application/mbox' }), fileName: file.fileName, messages: file.messages };
    },
  };
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Offers bytes for download (a download, never a page: see reader/save-file.ts for why). */
export function offerDownload(fileName: string, bytes: Blob): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
