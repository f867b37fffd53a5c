import type { ImapFlow } from 'imapflow';

/** Whether the folder at `path` holds a message with this Message-ID (a header SEARCH on the server). */
export async function folderHasMessageId(client: ImapFlow, path: string, messageId: string): Promise<boolean> {
  const lock = await client.getMailboxLock(path);
  try {
    const found = await client.search({ header: { 'Message-ID': messageId } }, { uid: true });
    return Array.isArray(found) && found.length > 0;
  } finally {
    lock.release();
  }
}
