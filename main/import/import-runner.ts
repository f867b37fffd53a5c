import { createHash } from 'node:crypto';
import type { Folder } from '../../shared/mail';
import type { ImportProgress } from '../../shared/transfer';
import type { Logger } from '../base/log';
import { headerRecordOf } from '../pop3/downloaded-message';
import type { FoldersRepo } from '../store/folders-repo';
import type { ImportedMessage, ImportsRepo } from '../store/imports-repo';
import type { MessagesRepo } from '../store/messages-repo';
import { toBodyRecord } from '../sync/body-record';
import { parseWhileWriting } from '../sync/body-store';
import { readPart } from './part-reader';
import { ImportSourceError } from './source-error';
import { imapFlags } from './source-flags';
import type { Source, SourcePart } from './source-parts';

// Runs one import from where its progress says to where it stops: part by
// part, a batch at a time. A batch is parsed (the same parse and index entry
// as synced mail) while its bytes are written to a pack, then stored with the
// progress after it in one transaction (ImportsRepo.storeBatch). Duplicates
// are dropped before anything is written: a message whose SHA-256 was
// imported into the folder before, or whose Message-ID a message in the
// folder has with the same bytes.

export interface RunnerDeps {
  imports: ImportsRepo;
  messages: MessagesRepo;
  folders: FoldersRepo;
  /** Makes a subfolder (a local folder, or one on the IMAP server). */
  createFolder(accountId: string, name: string, parent: Folder): Promise<Folder>;
  /** Whether the account's folders live only here (POP3): else each message is also queued for APPEND. */
  isLocal(accountId: string): boolean;
  /** Called after each batch stored (the UI's store.changed and import.progress). */
  stored(folderId: number, progress: ImportProgress): void;
  log: Logger;
  now?: () => number;
}

/** A batch is stored at this many messages or bytes, whichever comes first. */
const BATCH_MESSAGES = 250;
const BATCH_BYTES = 8 * 1024 * 1024;

export type RunEnd = { state: 'done' } | { state: 'stopped' } | { state: 'failed'; error: string };

export async function runImport(
  id: number,
  accountId: string,
  destination: Folder,
  source: Source,
  start: ImportProgress,
  deps: RunnerDeps,
  stopRequested: () => boolean,
): Promise<{ end: RunEnd; progress: ImportProgress }> {
  const now = deps.now ?? Date.now;
  const progress: ImportProgress = { ...start, parts: source.parts.length };
  if (progress.bytesTotal === 0) progress.bytesTotal = source.parts.reduce((sum, part) => sum + part.bytes, 0);
  while (progress.part < source.parts.length) {
    const part = source.parts[progress.part] as SourcePart;
    const folder = await folderFor(destination, part.folder, deps);
    const append = deps.isLocal(accountId) ? undefined : { folderPath: folder.path };
    let batch: { raw: Buffer; bits: number }[] = [];
    let batchBytes = 0;
    /** Counts and position as they will be once the batch is stored. */
    const pending = { ...progress };
    const flush = async () => {
      const stored = await storeBatch(id, accountId, folder.id, batch, pending, deps, append, now());
      pending.duplicates += batch.length - stored;
      pending.imported += stored;
      Object.assign(progress, pending);
      batch = [];
      batchBytes = 0;
      deps.stored(folder.id, { ...progress });
    };
    try {
      for await (const item of readPart(part, progress.position)) {
        pending.position = item.next;
        pending.bytesDone += item.bytes;
        if (item.kind === 'message') {
          batch.push({ raw: item.raw, bits: item.bits });
          batchBytes += item.raw.length;
        } else if (item.kind === 'unreadable') pending.unreadable++;
        if (batch.length >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) await flush();
        if (stopRequested()) {
          await flush();
          return { end: { state: 'stopped' }, progress };
        }
      }
      await flush();
    } catch (error) {
      if (!(error instanceof ImportSourceError)) throw error;
      // What came before the bad input is whole: keep it, and resume at the bad spot.
      await flush();
      if (error.offset !== undefined) progress.position = error.offset;
      deps.imports.setProgress(id, progress, now());
      const where = part.folder.length > 0 ? ` (${part.folder.join(' / ')})` : '';
      return { end: { state: 'failed', error: `${error.message}${where}` }, progress };
    }
    progress.part++;
    progress.position = 0;
    deps.imports.setProgress(id, progress, now());
  }
  return { end: { state: 'done' }, progress };
}

async function storeBatch(
  id: number,
  accountId: string,
  folderId: number,
  batch: readonly { raw: Buffer; bits: number }[],
  progress: ImportProgress,
  deps: RunnerDeps,
  append: { folderPath: string } | undefined,
  now: number,
): Promise<number> {
  if (batch.length === 0) {
    deps.imports.setProgress(id, progress, now);
    return 0;
  }
  const digests = batch.map(({ raw }) => createHash('sha256').update(raw).digest());
  const seen = deps.imports.seen(folderId, digests);
  const fresh: { raw: Buffer; bits: number; digest: Buffer }[] = [];
  for (const [i, message] of batch.entries()) {
    const digest = digests[i] as Buffer;
    const hex = digest.toString('hex');
    if (seen.has(hex)) continue;
    seen.add(hex);
    fresh.push({ ...message, digest });
  }
  const arrivedAt = now;
  const headers = fresh.map(({ raw, bits }) => ({ ...headerRecordOf(raw, arrivedAt), flags: bits }));
  // The same Message-ID with the same bytes (mail synced or stored here before the import).
  const kept = fresh
    .map((message, i) => ({ message, header: headers[i] as ReturnType<typeof headerRecordOf> }))
    .filter(({ message, header }) => !header.messageId || !sameMessageThere(deps, accountId, folderId, header.messageId, message.digest));
  if (kept.length === 0) {
    deps.imports.setProgress(id, { ...progress, duplicates: progress.duplicates + batch.length }, now);
    return 0;
  }
  const { parsed, files } = await parseWhileWriting(
    deps.messages,
    kept.map(({ message }) => message.raw),
    () => Promise.all(kept.map(({ message }) => toBodyRecord(message.raw))),
  );
  const toStore: ImportedMessage[] = kept.map(({ message, header }, i) => ({
    header,
    body: parsed[i] as ImportedMessage['body'],
    written: files[i] as ImportedMessage['written'],
    digest: message.digest,
    appendFlags: imapFlags(message.bits),
  }));
  const stored = deps.imports.storeBatch(
    id,
    accountId,
    folderId,
    toStore,
    { ...progress, imported: progress.imported + kept.length, duplicates: progress.duplicates + batch.length - kept.length },
    now,
    append,
  );
  return stored;
}

function sameMessageThere(deps: RunnerDeps, accountId: string, folderId: number, messageId: string, digest: Buffer): boolean {
  for (const id of deps.imports.rowsWithMessageId(accountId, folderId, messageId)) {
    const source = deps.messages.source(id);
    if (source && createHash('sha256').update(source).digest().equals(digest)) return true;
  }
  return false;
}

/** The folder a part goes into: the destination, or a subfolder of it (made when missing). */
async function folderFor(destination: Folder, names: readonly string[], deps: RunnerDeps): Promise<Folder> {
  let folder = destination;
  for (const raw of names) {
    const delimiter = folder.delimiter ?? '/';
    const name = raw.split(delimiter).join('_').trim() || '_';
    const path = `${folder.path}${delimiter}${name}`;
    folder = deps.folders.byPath(destination.accountId, path) ?? (await deps.createFolder(destination.accountId, name, folder));
  }
  return folder;
}
