import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ImapFlow } from 'imapflow';

// What a folder holds, by Message-ID and the two flags a user sees, on the
// server and in Tidings' store: the fault tests compare the two after each
// fault ("same messages, same flags, nothing twice").

export interface FolderState {
  /** "message-id seen flagged" per message, sorted. */
  messages: string[];
  /** Message-IDs held more than once. */
  twice: string[];
}

function stateOf(rows: readonly { messageId: string; seen: boolean; flagged: boolean }[]): FolderState {
  const count = new Map<string, number>();
  for (const row of rows) count.set(row.messageId, (count.get(row.messageId) ?? 0) + 1);
  return {
    messages: rows.map((r) => `${r.messageId} ${r.seen ? 'seen' : '-'} ${r.flagged ? 'flagged' : '-'}`).sort(),
    twice: [...count].filter(([, n]) => n > 1).map(([id]) => id),
  };
}

/** A folder as the server has it now (the client must not have it selected by another lock). */
export async function serverFolderState(client: ImapFlow, path = 'INBOX'): Promise<FolderState> {
  const lock = await client.getMailboxLock(path);
  try {
    await client.noop(); // what other connections changed since this one selected the folder
    const rows: { messageId: string; seen: boolean; flagged: boolean }[] = [];
    if ((client.mailbox ? client.mailbox.exists : 0) > 0) {
      for await (const m of client.fetch('1:*', { envelope: true, flags: true })) {
        rows.push({
          messageId: m.envelope?.messageId ?? '',
          seen: m.flags?.has('\\Seen') ?? false,
          flagged: m.flags?.has('\\Flagged') ?? false,
        });
      }
    }
    return stateOf(rows);
  } finally {
    lock.release();
  }
}

/**
 * Opens the store of a data dir read-only beside the core that writes it
 * (WAL: a reader sees the last committed transaction). Close it after use.
 */
export function openStore(dataDir: string): DatabaseSync {
  const db = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000');
  return db;
}

/** A folder (by path) of an account as the store has it, with how many of its messages still lack a body. */
export function storedFolderState(dataDir: string, accountId: string, path = 'INBOX'): FolderState & { withoutBody: number } {
  const db = openStore(dataDir);
  try {
    const rows = db
      .prepare(
        `SELECT m.message_id AS messageId, m.flags AS flags, m.body_state AS bodyState FROM messages m JOIN folders f ON f.id = m.folder_id
          WHERE m.account_id = ? AND f.path = ?`,
      )
      .all(accountId, path) as { messageId: string | null; flags: number; bodyState: number }[];
    return {
      // The store keeps Message-IDs without angle brackets or with: compare without.
      ...stateOf(rows.map((r) => ({ messageId: bare(r.messageId ?? ''), seen: (r.flags & 1) !== 0, flagged: (r.flags & 2) !== 0 }))),
      withoutBody: rows.filter((r) => r.bodyState === 0).length,
    };
  } finally {
    db.close();
  }
}

/** The server's view in the same form as the store's (Message-IDs without angle brackets). */
export function bareState(state: FolderState): FolderState {
  return {
    messages: state.messages.map((line) => bare(line)).sort(),
    twice: state.twice.map(bare),
  };
}

function bare(text: string): string {
  return text.replace(/^<([^>]*)>/, '$1');
}

/** SQLite's own check of the store's file: "ok" when nothing is damaged. */
export function integrityCheck(dataDir: string): string {
  const db = openStore(dataDir);
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('\n');
  } finally {
    db.close();
  }
}

/** `count` small messages with Message-IDs `<prefix-N@example.test>` and bodies of about `bodyBytes`, for writeMaildirFolder. */
export function numberedMessages(prefix: string, count: number, bodyBytes = 200): Buffer[] {
  const line = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(1)}\r\n`;
  const body = line.repeat(Math.max(1, Math.ceil(bodyBytes / line.length)));
  return Array.from({ length: count }, (_, i) =>
    Buffer.from(
      [
        'From: Sender <sender@example.test>',
        'To: someone@example.test',
        `Subject: ${prefix} ${String(i).padStart(5, '0')}`,
        `Message-ID: <${prefix}-${i}@example.test>`,
        `Date: ${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toUTCString().replace('GMT', '+0000')}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Message ${i}.`,
        body,
      ].join('\r\n'),
    ),
  );
}
