import type { Logger } from '../base/log';
import type { IdentityService } from '../compose/identities';
import type { OutboxRecord } from '../store/outbox-repo';

// The fate of a message that was 'committing' when Tidings stopped: the final
// "." was on its way, and whether the server took it is unknown. Where the
// server files sent mail itself, its Sent folder says (by Message-ID).
// Elsewhere the server had the whole message and most likely took it: it is
// not sent twice, and the user is told.

export type UnknownFate =
  /** Sent is there to look in, and the message is in it. */
  | 'sent'
  /** Sent is there to look in, and the message is not: send it again. */
  | 'not-sent'
  /** No way to look (this server does not file Sent): taken as sent, and the user told. */
  | 'assumed-sent'
  /** Sent cannot be looked in now (offline): ask again later. */
  | 'cannot-tell';

export interface UnknownFateDeps {
  identities: Pick<IdentityService, 'sentCopyPolicy'>;
  /** Whether Sent on the server holds this Message-ID; null when that cannot be checked now. */
  findInSent(accountId: string, messageId: string): Promise<boolean | null>;
}

export async function unknownFate(deps: UnknownFateDeps, record: OutboxRecord, log: Logger): Promise<UnknownFate> {
  if (deps.identities.sentCopyPolicy(record.accountId) !== 'server') return 'assumed-sent';
  const found = await deps.findInSent(record.accountId, record.messageId).catch((error: unknown) => {
    log.debug({ accountId: record.accountId, outboxId: record.id, err: error }, 'could not look in Sent');
    return null;
  });
  if (found === null) return 'cannot-tell';
  return found ? 'sent' : 'not-sent';
}
