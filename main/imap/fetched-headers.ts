import type { MessageAddressObject, MessageEnvelopeObject } from 'imapflow';
import { libmime } from '../mime/mailparser-lazy';
import { fetchAttributes, type ImapValue, stringOf } from './fetch-attributes';
import type { HeaderFetch } from './header-record';
import type { ImapResponse } from './response-reader';

// The headers of a first sync, read by the lean bulk connection
// (bulk-connection.ts) instead of imapflow: on a 20,000-message folder
// imapflow's tokenizer and formatting took ~3 s of the main thread, which
// the body download needs at the same time. What comes out is what imapflow
// gives for the same response (its parseEnvelope: encoded words decoded with
// the same libmime, group syntax as a name without address, surrounding
// quotes of a name removed), so that toHeaderRecord makes the same row either
// way; test/integration/bulk-connection.test.ts compares the two on the corpus.

/** The FETCH items of a header sync (folder-sync.ts asks imapflow for the same). */
export const HEADER_ITEMS = 'UID FLAGS ENVELOPE INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (REFERENCES)]';
/** What a Gmail server (X-GM-EXT-1) is asked for besides: the message's id, its conversation, its labels. */
export const GMAIL_HEADER_ITEMS = 'X-GM-MSGID X-GM-THRID X-GM-LABELS';

/**
 * The header items of a FETCH response; undefined for any other response,
 * including one without a UID or an ENVELOPE: a flag change another session
 * made ("* 5 FETCH (UID 12 FLAGS (\Seen))") is not an answer to the header
 * fetch, and taken as one it would store a row with no subject or sender.
 */
export function headerFetchOf(response: ImapResponse): HeaderFetch | undefined {
  const attributes = fetchAttributes(response);
  if (!attributes) return undefined;
  const uid = Number(stringOf(attributes.get('UID')));
  const envelope = attributes.get('ENVELOPE');
  if (!Number.isSafeInteger(uid) || uid <= 0 || !Array.isArray(envelope)) return undefined;
  const message: HeaderFetch = { uid, envelope: envelopeOf(envelope) };
  const flags = attributes.get('FLAGS');
  if (Array.isArray(flags)) message.flags = new Set(flags.map(stringOf).filter((flag): flag is string => !!flag));
  const internalDate = stringOf(attributes.get('INTERNALDATE'));
  if (internalDate !== undefined) message.internalDate = dateOrText(internalDate);
  message.size = Number(stringOf(attributes.get('RFC822.SIZE'))) || 0;
  const msgid = stringOf(attributes.get('X-GM-MSGID'));
  if (msgid) message.emailId = msgid;
  const thrid = stringOf(attributes.get('X-GM-THRID'));
  if (thrid) message.threadId = thrid;
  const labels = attributes.get('X-GM-LABELS');
  if (Array.isArray(labels)) message.labels = new Set(labels.map(stringOf).filter((label): label is string => !!label));
  for (const [name, value] of attributes) {
    if (name.startsWith('BODY[HEADER')) {
      const text = Buffer.isBuffer(value) ? value : typeof value === 'string' ? Buffer.from(value) : undefined;
      if (text) message.headers = text;
    }
  }
  return message;
}

/** RFC 9051 7.5.2: date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id. */
function envelopeOf(fields: ImapValue[]): MessageEnvelopeObject {
  const envelope: MessageEnvelopeObject = {};
  const date = stringOf(fields[0]);
  if (date) envelope.date = dateOrText(date);
  const subject = stringOf(fields[1]);
  if (subject) envelope.subject = libmime().decodeWords(subject);
  const lists = ['from', 'sender', 'replyTo', 'to', 'cc', 'bcc'] as const;
  lists.forEach((key, i) => {
    const list = fields[2 + i];
    if (Array.isArray(list) && list.length) envelope[key] = addressesOf(list);
  });
  const inReplyTo = stringOf(fields[8]);
  if (inReplyTo) envelope.inReplyTo = inReplyTo.trim();
  const messageId = stringOf(fields[9]);
  if (messageId) envelope.messageId = messageId.trim();
  return envelope;
}

/** Each address is (name adl mailbox host); a NIL host marks a group's start (mailbox = its name) or end. */
function addressesOf(list: ImapValue[]): MessageAddressObject[] {
  const addresses: MessageAddressObject[] = [];
  for (const entry of list) {
    if (!Array.isArray(entry)) continue;
    const name = decodeText(stringOf(entry[0]) ?? '');
    const mailbox = stringOf(entry[2]) ?? '';
    const host = stringOf(entry[3]) ?? '';
    const address = host ? { name, address: `${mailbox}@${host}` } : { name: name || (mailbox && decodeText(mailbox)), address: '' };
    if (address.name || address.address) addresses.push(address);
  }
  return addresses;
}

/** A name: encoded words decoded, then the quotes some servers leave around it removed. */
function decodeText(value: string): string {
  const decoded = libmime().decodeWords(value);
  return decoded.length > 2 && decoded.startsWith('"') && decoded.endsWith('"') ? decoded.slice(1, -1) : decoded;
}

function dateOrText(value: string): Date | string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date;
}
