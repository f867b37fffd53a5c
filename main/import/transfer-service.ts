import { basename } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { Folder } from '../../shared/mail';
import type { ExportFile, ImportJob, ImportProgress, ImportSpec, MboxVariant, ThunderbirdProfile } from '../../shared/transfer';
import type { Logger } from '../base/log';
import type { UiEvents } from '../base/ui-events';
import type { FoldersRepo } from '../store/folders-repo';
import type { ExportRow, ImportsRepo } from '../store/imports-repo';
import type { MessagesRepo } from '../store/messages-repo';
import { type ExportResult, writeMaildir, writeMbox } from './export-writers';
import { runImport } from './import-runner';
import { ImportSourceError } from './source-error';
import { detectSource } from './source-parts';
import { findThunderbirdProfiles } from './thunderbird-profiles';
import type { TransferFiles } from './transfer-files';

// Import and export for the API: starts, stops and resumes imports (one at a
// time runs; more wait their turn), announces their progress, and writes
// exports. What is imported where, and how far, is in the store (ImportsRepo),
// so an import outlives the process that started it.

export interface TransferDeps {
  imports: ImportsRepo;
  messages: MessagesRepo;
  folders: FoldersRepo;
  files: TransferFiles;
  events: UiEvents;
  createFolder(accountId: string, name: string, parent: Folder): Promise<Folder>;
  isLocal(accountId: string): boolean;
  /** The ids of a search's matches (all pages), for exporting a search result. */
  searchIds(query: string, accountId: string | undefined, folderId: number | undefined): number[];
  /** After an import into an IMAP folder: replay the queued APPENDs now. */
  poke(accountId: string): void;
  /** Where Thunderbird profiles are looked for (tests pass their own). */
  thunderbirdRoots?: string[];
  log: Logger;
}

interface Spec {
  folderId: number;
  title: string;
  kind: ImportJob['kind'];
  path: string;
  variant?: MboxVariant | undefined;
}

const NO_PROGRESS: ImportProgress = {
  part: 0,
  parts: 0,
  position: 0,
  imported: 0,
  duplicates: 0,
  unreadable: 0,
  bytesDone: 0,
  bytesTotal: 0,
};

export class TransferService {
  private readonly stopping = new Set<number>();
  private readonly queue: number[] = [];
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly deps: TransferDeps) {
    deps.imports.stopInterrupted(Date.now());
  }

  list(): ImportJob[] {
    return this.deps.imports.list().map((s) => s.job);
  }

  async thunderbirdProfiles(): Promise<ThunderbirdProfile[]> {
    return findThunderbirdProfiles(this.deps.thunderbirdRoots);
  }

  async start(spec: ImportSpec): Promise<ImportJob> {
    const folder = this.deps.folders.get(spec.folderId);
    if (!folder) throw new ApiError('not_found', 'That folder does not exist (any more).');
    const { path, title } = await this.resolve(spec.source);
    let kind: ImportJob['kind'] = null;
    try {
      kind = (await detectSource(path, spec.variant)).kind;
    } catch (error) {
      if (error instanceof ImportSourceError) throw new ApiError('invalid_argument', error.message);
      throw error;
    }
    const stored: Spec = { folderId: folder.id, title, kind, path, variant: spec.variant };
    const id = this.deps.imports.create(folder.accountId, stored, NO_PROGRESS, Date.now());
    this.enqueue(id);
    return this.job(id);
  }

  stop(id: number): ImportJob {
    const job = this.job(id);
    const waiting = this.queue.indexOf(id);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      this.deps.imports.setState(id, 'stopped', null, Date.now());
      this.announce(id);
    } else if (job.state === 'running') this.stopping.add(id);
    return this.job(id);
  }

  resume(id: number): ImportJob {
    const job = this.job(id);
    if (job.state === 'done') throw new ApiError('invalid_argument', 'That import is finished.');
    if (job.state !== 'running') {
      this.deps.imports.setState(id, 'running', null, Date.now());
      this.enqueue(id);
    }
    return this.job(id);
  }

  async forget(id: number): Promise<void> {
    const stored = this.deps.imports.get(id);
    if (!stored) return;
    if (stored.job.state === 'running') throw new ApiError('invalid_argument', 'Stop the import first.');
    this.deps.imports.forget(id);
    await this.deps.files.removeIfUpload((stored.spec as Spec).path);
  }

  /** Resolves when no import runs any more (tests, close). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const id of this.queue) this.stopping.add(id);
    this.queue.length = 0;
    const current = this.running;
    if (current) {
      for (const job of this.list()) if (job.state === 'running') this.stopping.add(job.id);
      await current;
    }
  }

  // ---- export ----

  async exportMbox(
    scope: { folderId: number } | { query: string; accountId?: string | undefined; folderId?: number | undefined },
  ): Promise<ExportFile> {
    const { rows, name } = this.exportScope(scope);
    const { exportId, path } = this.deps.files.newExport();
    await this.deps.files.ensureExportsDir();
    const result = await writeMbox(path, rows, (id) => this.deps.messages.source(id));
    return { exportId, fileName: `${name}.mbox`, size: await this.deps.files.size(path), messages: result.messages };
  }

  async exportMboxTo(path: string, scope: Parameters<TransferService['exportMbox']>[0]): Promise<ExportResult> {
    return writeMbox(path, this.exportScope(scope).rows, (id) => this.deps.messages.source(id));
  }

  /** An account's folders (a POP3 account's local folders, or what is stored of an IMAP account's) as a Maildir++ tree. */
  async exportMaildir(root: string, accountId: string): Promise<ExportResult> {
    const folders = this.deps.folders.list(accountId).filter((f) => f.selectable);
    if (folders.length === 0) throw new ApiError('not_found', 'That account has no folders.');
    return writeMaildir(
      root,
      folders,
      (folderId) => this.deps.imports.exportRows(folderId),
      (id) => this.deps.messages.source(id),
    );
  }

  private exportScope(scope: Parameters<TransferService['exportMbox']>[0]): { rows: ExportRow[]; name: string } {
    if ('query' in scope) {
      return { rows: this.deps.imports.exportRowsOf(this.deps.searchIds(scope.query, scope.accountId, scope.folderId)), name: 'search' };
    }
    const folder = this.deps.folders.get(scope.folderId);
    if (!folder) throw new ApiError('not_found', 'That folder does not exist (any more).');
    return { rows: this.deps.imports.exportRows(folder.id), name: folder.name.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'folder' };
  }

  // ---- running ----

  private async resolve(source: ImportSpec['source']): Promise<{ path: string; title: string }> {
    if ('uploadId' in source) {
      const path = this.deps.files.takeUpload(source.uploadId);
      const detected = await detectSource(path).catch(() => undefined);
      const only = detected?.parts.length === 1 ? detected.parts[0] : undefined;
      return { path, title: only ? basename(only.kind === 'mbox' ? only.path : (only.files[0] ?? only.path)) : 'Uploaded files' };
    }
    if ('grant' in source) {
      const path = this.deps.files.granted(source.grant);
      return { path, title: basename(path) };
    }
    const profiles = await this.thunderbirdProfiles();
    const profile = profiles.find((p) => p.path === source.thunderbirdProfile);
    if (!profile) throw new ApiError('not_found', 'That Thunderbird profile was not found.');
    return { path: profile.path, title: `${profile.name} (Thunderbird)` };
  }

  private job(id: number): ImportJob {
    const stored = this.deps.imports.get(id);
    if (!stored) throw new ApiError('not_found', 'That import does not exist (any more).');
    return stored.job;
  }

  private announce(id: number): void {
    const stored = this.deps.imports.get(id);
    if (stored) this.deps.events.emit('import.progress', stored.job);
  }

  private enqueue(id: number): void {
    if (!this.queue.includes(id)) this.queue.push(id);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id !== undefined && !this.closed; id = this.queue.shift()) {
      await this.runOne(id);
    }
  }

  private async runOne(id: number): Promise<void> {
    const stored = this.deps.imports.get(id);
    if (!stored) return;
    const spec = stored.spec as Spec;
    const { accountId } = stored.job;
    const now = () => Date.now();
    this.deps.imports.setState(id, 'running', null, now());
    this.announce(id);
    let end: { state: ImportJob['state']; error: string | null };
    try {
      const destination = this.deps.folders.get(spec.folderId);
      if (!destination) throw new ImportSourceError('The folder the mail was going into was deleted.');
      const source = await detectSource(spec.path, spec.variant);
      const result = await runImport(
        id,
        accountId,
        destination,
        source,
        stored.job.progress,
        {
          imports: this.deps.imports,
          messages: this.deps.messages,
          folders: this.deps.folders,
          createFolder: this.deps.createFolder,
          isLocal: this.deps.isLocal,
          log: this.deps.log,
          stored: (folderId) => {
            this.deps.events.emit('store.changed', { accountId, folderIds: [folderId] });
            this.announce(id);
          },
        },
        () => this.stopping.has(id),
      );
      end = { state: result.end.state, error: result.end.state === 'failed' ? result.end.error : null };
    } catch (error) {
      if (error instanceof ImportSourceError) end = { state: 'failed', error: error.message };
      else if (error instanceof ApiError) end = { state: 'failed', error: error.message };
      else {
        this.deps.log.error({ err: error, importId: id }, 'an import failed');
        end = {
          state: 'failed',
          error: 'Something went wrong inside Tidings (the details are in its log). What was imported stays; resume to go on.',
        };
      }
    }
    this.stopping.delete(id);
    this.deps.imports.setState(id, end.state, end.error, now());
    this.announce(id);
    if (!this.deps.isLocal(accountId)) this.deps.poke(accountId);
  }
}
