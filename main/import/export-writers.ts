import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Folder } from '../../shared/mail';
import type { ExportRow } from '../store/imports-repo';
import { fromLine, quoteMboxrd } from './mbox-writer';
import { maildirInfo } from './source-flags';

// Exports: messages as one mboxrd file, an account's folders as a Maildir++
// tree. Each message's bytes are its stored source, unchanged; a message
// whose body was never downloaded (outside what the account keeps offline)
// has none here and is counted as left out.

export interface ExportResult {
  messages: number;
  /** Messages without a stored source (not downloaded): not in the export. */
  missing: number;
}

type SourceOf = (id: number) => Uint8Array | undefined;

/** Writes `rows` to an mboxrd file at `path`, streaming (one message in memory at a time). */
export async function writeMbox(path: string, rows: readonly ExportRow[], sourceOf: SourceOf): Promise<ExportResult> {
  const out = createWriteStream(path);
  const result: ExportResult = { messages: 0, missing: 0 };
  try {
    for (const row of rows) {
      const raw = sourceOf(row.id);
      if (!raw) {
        result.missing++;
        continue;
      }
      const chunks = [Buffer.from(fromLine(row.from_address, row.date), 'latin1'), ...quoteMboxrd(raw)];
      for (const chunk of chunks) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
      result.messages++;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return result;
}

/**
 * Writes folders as a Maildir++ tree under `root`: the Inbox is the root
 * itself, every other folder `.A.B` for the path A/B (dots in a name become
 * underscores), each message a file in cur/ named as Maildir says, with its
 * flags in the info suffix.
 */
export async function writeMaildir(
  root: string,
  folders: readonly Folder[],
  rowsOf: (folderId: number) => ExportRow[],
  sourceOf: SourceOf,
): Promise<ExportResult> {
  const result: ExportResult = { messages: 0, missing: 0 };
  let counter = 0;
  const unique = randomBytes(4).toString('hex');
  for (const folder of folders) {
    const dir = folder.role === 'inbox' ? root : join(root, maildirFolderName(folder));
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
    for (const row of rowsOf(folder.id)) {
      const raw = sourceOf(row.id);
      if (!raw) {
        result.missing++;
        continue;
      }
      const seconds = Math.floor((Number.isFinite(row.date) ? row.date : Date.now()) / 1000);
      const name = `${seconds}.M${counter++}P${process.pid}_${unique}.tidings${maildirInfo(row.flags)}`;
      await writeFile(join(dir, 'cur', name), raw);
      result.messages++;
    }
  }
  return result;
}

function maildirFolderName(folder: Folder): string {
  const delimiter = folder.delimiter ?? '/';
  return `.${folder.path
    .split(delimiter)
    .map((name) => name.replaceAll('.', '_').replaceAll('/', '_'))
    .join('.')}`;
}
