import { join } from 'node:path';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { type Database, openDatabase } from '../../main/store/database';
import { FoldersRepo } from '../../main/store/folders-repo';
import { MessagesRepo } from '../../main/store/messages-repo';
import type { SearchScope } from '../../main/store/search-plan';
import { SourceFiles } from '../../main/store/source-files';
import type { MessageSummary } from '../../shared/mail';
import { parseSearchQuery } from '../../shared/search-query';

/** A store in `dir` with one IMAP account "a" and its Inbox: for tests and benches of the message store itself. */
export function messageStoreIn(dir: string): {
  db: Database;
  dbFile: string;
  messages: MessagesRepo;
  files: SourceFiles;
  folderId: number;
} {
  const dbFile = join(dir, 'tidings.sqlite');
  const db = openDatabase(dbFile);
  const server = { host: 'h.example', port: 993, security: 'tls' as const, username: 'u' };
  new AccountsRepo(db).insert({
    id: 'a',
    name: 'A',
    email: 'a@x.test',
    incoming: { ...server, protocol: 'imap' },
    outgoing: server,
    options: { bodyDays: null },
    createdAt: '2026-01-01T00:00:00Z',
  });
  const folders = new FoldersRepo(db);
  folders.replaceAll('a', [
    { path: 'INBOX', name: 'Inbox', delimiter: '/', parentPath: null, role: 'inbox', subscribed: true, selectable: true },
  ]);
  const files = new SourceFiles(join(dir, 'sources'));
  return { db, dbFile, messages: new MessagesRepo(db, files), files, folderId: folders.byPath('a', 'INBOX')?.id as number };
}

/** What a search box's text finds in the store (the first `limit` matches): for tests of the store. */
export function searchFor(messages: MessagesRepo, text: string, scope: SearchScope = {}, limit = 100): MessageSummary[] {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(`"${text}" does not parse: ${parsed.error.message}`);
  return messages.search(parsed.query, scope, { offset: 0, limit }).items;
}
