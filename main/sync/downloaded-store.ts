import type { DownloadedBatch } from '../pop3/downloaded-message';
import { headerRecordOf } from '../pop3/downloaded-message';
import type { MessagesRepo } from '../store/messages-repo';
import type { SourceRef } from '../store/source-files';
import { toBodyRecord } from './body-record';
import { parseWhileWriting } from './body-store';

/**
 * Parses a batch and stores it in one transaction: each message's row, raw
 * bytes, index entry and UIDL together, so a UIDL is recorded exactly when
 * its message is in the store (MessagesRepo.storeDownloaded). Runs in the
 * body-store worker thread (body-store-worker.ts) or, without one, here.
 * Returns how many were stored.
 */
export async function storeDownloaded(messages: MessagesRepo, batch: DownloadedBatch): Promise<number> {
  const { parsed, files } = await parseWhileWriting(
    messages,
    batch.messages.map((m) => m.raw),
    () =>
      Promise.all(
        batch.messages.map(async ({ uidl, raw }) => ({
          uidl,
          header: headerRecordOf(raw, batch.arrivedAt),
          body: await toBodyRecord(raw),
        })),
      ),
  );
  messages.storeDownloaded(
    batch.accountId,
    batch.folderId,
    batch.arrivedAt,
    parsed.map((message, i) => ({ ...message, written: files[i] as SourceRef })),
  );
  return parsed.length;
}
