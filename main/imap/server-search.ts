import type { ImapFlow, SearchObject } from 'imapflow';
import type { Folder, MessageSummary } from '../../shared/mail';
import type { MessagesRepo } from '../store/messages-repo';
import { fetchHeaders, toSequenceSet } from './folder-sync';

// "Search on server": asks the server, for what the local index cannot find
// (bodies outside the "last N days" window are not downloaded, so not
// indexed). Gmail gets the query as typed, in its own syntax (X-GM-RAW:
// from:, label:, newer_than:2d, ...) over All Mail; other servers IMAP
// SEARCH TEXT in the folder. The newest matches are returned as stored rows;
// any whose headers are not stored yet (a first sync still under way) are
// fetched and stored first, so every result opens like any other message.

export interface ServerSearchDeps {
  messages: MessagesRepo;
  gmail: boolean;
}

export async function searchOnServer(
  client: ImapFlow,
  folder: Pick<Folder, 'id' | 'accountId' | 'path' | 'role'>,
  query: string,
  limit: number,
  deps: ServerSearchDeps,
): Promise<MessageSummary[]> {
  const criteria: SearchObject = deps.gmail ? { gmraw: query } : { text: query };
  const lock = await client.getMailboxLock(folder.path, { readOnly: true });
  try {
    const found = (await client.search(criteria, { uid: true })) || [];
    const newest = [...found].sort((a, b) => b - a).slice(0, limit);
    const stored = new Set(deps.messages.uids(folder.id));
    const missing = newest.filter((uid) => !stored.has(uid));
    if (missing.length > 0) {
      const records = await fetchHeaders(client, toSequenceSet(missing), deps.gmail ? folder : undefined);
      deps.messages.upsertHeaders(folder.accountId, folder.id, records);
    }
    return deps.messages.byUids(folder.id, newest);
  } finally {
    lock.release();
  }
}
