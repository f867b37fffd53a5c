import type { IdentityService } from '../compose/identities';
import { digestOf } from '../mime/digest';
import { parseMessage } from '../mime/parse-message';
import { FLAG } from '../store/flags';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { OutboxRecord } from '../store/outbox-repo';
import { recordOf } from '../sync/body-record';

// Filing what was sent: a row in the account's Sent folder at once (uid NULL,
// adopted by the next sync by Message-ID) and an `append` op for the server,
// unless the provider files sent mail itself; for POP3 accounts the local
// Sent folder is the only copy.

export interface SentCopyDeps {
  identities: Pick<IdentityService, 'sentCopyPolicy'>;
  folders: FoldersRepo;
  messages: MessagesRepo;
}

/**
 * The copy in Sent: shown locally at once; appended on the server through the
 * queue unless the server files it itself. Returns the folders changed, or
 * null when the account's folders are not known yet (sent right after adding
 * it: try again once they are). Safe to run again (found by Message-ID).
 */
export async function fileSentCopy(deps: SentCopyDeps, record: OutboxRecord, raw: Buffer): Promise<number[] | null> {
  const policy = deps.identities.sentCopyPolicy(record.accountId);
  if (policy === 'server') return [];
  // POP3 accounts ('local'): the pop3 module provides a local folder with role 'sent'; the copy lives only there.
  const folder = deps.folders.byRole(record.accountId, 'sent');
  if (!folder) return policy === 'append' && deps.folders.list(record.accountId).length === 0 ? null : [];
  if (deps.messages.byMessageId(folder.id, record.messageId).length > 0) return [folder.id];
  const parsed = await parseMessage(raw);
  const body = recordOf(raw, digestOf(parsed));
  deps.messages.storeCopy(
    record.accountId,
    folder.id,
    {
      messageId: record.messageId,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      subject: parsed.subject,
      from: parsed.from[0] ?? null,
      to: parsed.to,
      cc: parsed.cc,
      replyTo: parsed.replyTo,
      date: parsed.date ? Date.parse(parsed.date) : Date.now(),
      flags: FLAG.seen,
      keywords: [],
      size: raw.length,
    },
    body,
    policy === 'append' ? { folderPath: folder.path, flags: ['\\Seen'] } : undefined,
  );
  return [folder.id];
}
