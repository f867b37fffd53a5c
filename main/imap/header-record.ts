import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import type { Address } from '../../shared/mail';
import { flagsToBits } from '../store/flags';
import type { HeaderRecord } from '../store/messages-repo';
import { labelsIn } from './gmail-labels';

// What the store keeps of a message's headers (the list row), from a FETCH of
// UID, FLAGS, ENVELOPE, INTERNALDATE, RFC822.SIZE and the References field:
// read by imapflow (folder-sync.ts) or by the lean bulk connection
// (fetched-headers.ts), which gives the same shape.

/** The items of a header FETCH, as imapflow gives them (Gmail's X-GM-MSGID, X-GM-THRID and X-GM-LABELS as emailId, threadId, labels). */
export type HeaderFetch = Pick<
  FetchMessageObject,
  'uid' | 'flags' | 'envelope' | 'internalDate' | 'size' | 'headers' | 'emailId' | 'threadId' | 'labels'
>;

/**
 * The row of a fetched message. `gmailFolder`: the folder it was fetched
 * from, on Gmail (whose X-GM-MSGID then names the message in every folder).
 */
export function toHeaderRecord(message: HeaderFetch, gmailFolder?: Parameters<typeof labelsIn>[0]): HeaderRecord {
  const envelope = message.envelope;
  const { bits, keywords } = flagsToBits(message.flags ?? []);
  const headerDate = envelope?.date ? new Date(envelope.date).getTime() : Number.NaN;
  const internal = message.internalDate ? new Date(message.internalDate).getTime() : Date.now();
  return {
    uid: message.uid,
    messageId: envelope?.messageId ?? null,
    inReplyTo: envelope?.inReplyTo ?? null,
    references: parseReferences(message.headers),
    subject: envelope?.subject ?? '',
    from: addresses(envelope?.from)[0] ?? null,
    to: addresses(envelope?.to),
    cc: addresses(envelope?.cc),
    replyTo: addresses(envelope?.replyTo),
    // A missing or nonsense Date header sorts by when the server received it.
    date: Number.isFinite(headerDate) ? headerDate : internal,
    flags: bits,
    keywords,
    size: message.size ?? 0,
    gmail:
      gmailFolder && message.emailId
        ? { msgid: message.emailId, thrid: message.threadId ?? null, labels: labelsIn(gmailFolder, message.labels ?? []) }
        : undefined,
  };
}

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? []).filter((a) => a.address || a.name).map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
}

function parseReferences(headers: Buffer | undefined): string[] {
  if (!headers) return [];
  const unfolded = headers.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const line = /^references:(.*)$/im.exec(unfolded)?.[1] ?? '';
  return line.match(/<[^<>\s]+>/g) ?? [];
}
