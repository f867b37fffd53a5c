import type { DownloadedBatch } from '../pop3/downloaded-message';
import { headerRecordOf } from '../pop3/downloaded-message';
import { type Database, transaction } from '../store/database';
import type { MessagesRepo } from '../store/messages-repo';
import type { Pop3UidlsRepo } from '../store/pop3-uidls-repo';
import type { SourceRef } from '../store/source-files';
import { toBodyRecord } from './body-record';
import { parseWhileWriting } from './body-store';

/**
 * Parses a batch and stores it in one transaction: each message's row, raw
 * bytes, index entry and UIDL together, so a UIDL is recorded exactly when
 * its message is in the store. Runs in the body-store worker thread
 * (body-store-worker.ts) or, without one, here. Returns how many were stored.
 */
export async function storeDownloaded(
  db: Database,
  repos: { messages: MessagesRepo; uidls: Pop3UidlsRepo },
  batch: DownloadedBatch,
): Promise<number> {
  const { parsed, files } = await parseWhileWriting(
    repos.messages,
    batch.messages.map((m) => m.raw),
    () =>
      Promise.all(
        batch.messages.map(async ({ uidl, raw }) => ({
          uidl,
          header: headerRecordOf(raw, batch.arrivedAt),
          record: await toBodyRecord(raw),
        })),
      ),
  );
  transaction(db, () => {
    parsed.forEach(({ uidl, header, record }, i) => {
      // Idempotent, like storing IMAP bodies: a batch redone (the worker died after committing) adds nothing twice.
      if (repos.uidls.has(batch.accountId, uidl)) {
        repos.messages.releaseSource(files[i] as SourceRef);
        return;
      }
      const id = repos.messages.insertLocal(batch.accountId, batch.folderId, header);
      repos.messages.storeBody(id, record, files[i]);
      repos.uidls.record(batch.accountId, uidl, id, batch.arrivedAt);
    });
  });
  return parsed.length;
}
