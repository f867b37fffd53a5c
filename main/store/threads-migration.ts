// The schema of conversations (threads-repo.ts), one migration of its own.
// It is entry 13 of migrations.ts (after search's 11 and paging's 12); self-contained: it
// only adds tables, a column, indexes and triggers, and leaves the rows'
// thread_id NULL: ThreadsRepo.backfill threads the rows of an upgraded store
// in batches, after the migration, not inside it (see threads-repo.ts).
//
// - threads: one row per thread ever made, of one account. merged_into is
//   the union-find link: a thread merged into another (a message linked the
//   two) points to it, so an id handed out earlier (to the UI) still finds
//   its thread.
// - thread_refs: every Message-ID a message of the account has or refers to
//   (References, In-Reply-To), and every X-GM-THRID ("gm:" + the id), with
//   the thread it belongs to (possibly a merged one: follow merged_into). A
//   message that arrives later finds its thread here, whether it is the
//   parent, a child or a sibling through a parent never seen. The key is a
//   64-bit hash of the id (threads-repo.ts: keyHash), not its text: a third
//   of the bytes for ids as long as real ones (40 to 80 characters), and two
//   ids of one account share a hash with a chance of about n²/2⁶⁵ (3·10⁻⁸
//   for a million), which would only put two threads together.
// - messages.thread_id: the row's thread (a live one: merges rewrite it).
// - folder_threads: per thread and folder, the messages there, how many are
//   unread and starred, the newest date (and its row). Its key starts with
//   the thread (a conversation's folders and counts: one range); the index
//   by folder and date is what a folder's conversations page on. Kept by the triggers
//   below on every insert, delete, move, flag change and thread change of a
//   row, in the same transaction, whoever writes the row; a folder's
//   conversations page from its index like messages page from theirs.
// - folder_conversations: how many entries each folder has there (its
//   conversations), kept by triggers on folder_threads, so that a page needs
//   no count.

export const THREADS_MIGRATION = `
  CREATE TABLE threads (
    id          INTEGER PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    merged_into INTEGER
  );
  CREATE INDEX threads_by_account ON threads (account_id);

  CREATE TABLE thread_refs (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    key        INTEGER NOT NULL,
    thread_id  INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
  ) WITHOUT ROWID;

  ALTER TABLE messages ADD COLUMN thread_id INTEGER;
  CREATE INDEX messages_by_thread ON messages (thread_id, folder_id, date DESC, id DESC) WHERE thread_id IS NOT NULL;
  -- What the backfill has still to thread (empty once it is done: new rows are threaded as they are inserted).
  CREATE INDEX messages_unthreaded ON messages (id) WHERE thread_id IS NULL;

  CREATE TABLE folder_threads (
    folder_id   INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    thread_id   INTEGER NOT NULL,
    messages    INTEGER NOT NULL,
    unread      INTEGER NOT NULL,
    flagged     INTEGER NOT NULL,
    newest_date INTEGER NOT NULL,
    newest_id   INTEGER NOT NULL,
    PRIMARY KEY (thread_id, folder_id)
  ) WITHOUT ROWID;
  CREATE INDEX folder_threads_by_date ON folder_threads (folder_id, newest_date DESC, thread_id DESC);

  CREATE TABLE folder_conversations (
    folder_id     INTEGER PRIMARY KEY REFERENCES folders(id) ON DELETE CASCADE,
    conversations INTEGER NOT NULL
  );
  CREATE TRIGGER folder_conversations_add AFTER INSERT ON folder_threads BEGIN
    INSERT INTO folder_conversations (folder_id, conversations) VALUES (new.folder_id, 1)
    ON CONFLICT (folder_id) DO UPDATE SET conversations = conversations + 1;
  END;
  CREATE TRIGGER folder_conversations_remove AFTER DELETE ON folder_threads BEGIN
    UPDATE folder_conversations SET conversations = conversations - 1 WHERE folder_id = old.folder_id;
  END;

  -- A row joins its folder's entry of its thread (flag bits: 1 seen, 2 flagged; store/flags.ts).
  CREATE TRIGGER folder_threads_insert AFTER INSERT ON messages WHEN new.thread_id IS NOT NULL BEGIN
    INSERT INTO folder_threads (folder_id, thread_id, messages, unread, flagged, newest_date, newest_id)
    VALUES (new.folder_id, new.thread_id, 1, (new.flags & 1) = 0, (new.flags & 2) != 0, new.date, new.id)
    ON CONFLICT (thread_id, folder_id) DO UPDATE SET
      messages = messages + 1,
      unread = unread + excluded.unread,
      flagged = flagged + excluded.flagged,
      newest_id = CASE WHEN (excluded.newest_date, excluded.newest_id) > (newest_date, newest_id) THEN excluded.newest_id ELSE newest_id END,
      newest_date = MAX(newest_date, excluded.newest_date);
  END;

  -- A row leaves it: the counts go down, the entry goes with its last row, the newest is looked up again when it was this one.
  CREATE TRIGGER folder_threads_delete AFTER DELETE ON messages WHEN old.thread_id IS NOT NULL BEGIN
    UPDATE folder_threads SET messages = messages - 1, unread = unread - ((old.flags & 1) = 0), flagged = flagged - ((old.flags & 2) != 0)
      WHERE folder_id = old.folder_id AND thread_id = old.thread_id;
    DELETE FROM folder_threads WHERE folder_id = old.folder_id AND thread_id = old.thread_id AND messages <= 0;
    UPDATE folder_threads SET (newest_date, newest_id) = (SELECT date, id FROM messages
        WHERE thread_id = old.thread_id AND folder_id = old.folder_id ORDER BY date DESC, id DESC LIMIT 1)
      WHERE folder_id = old.folder_id AND thread_id = old.thread_id AND newest_id = old.id;
  END;

  -- Moved to another folder, given a thread (backfill) or another one (a merge), or redated: leaves the old entry, joins the new.
  CREATE TRIGGER folder_threads_move AFTER UPDATE OF folder_id, thread_id, date ON messages
    WHEN old.folder_id IS NOT new.folder_id OR old.thread_id IS NOT new.thread_id OR old.date IS NOT new.date BEGIN
    UPDATE folder_threads SET messages = messages - 1, unread = unread - ((old.flags & 1) = 0), flagged = flagged - ((old.flags & 2) != 0)
      WHERE folder_id = old.folder_id AND thread_id = old.thread_id;
    DELETE FROM folder_threads WHERE folder_id = old.folder_id AND thread_id = old.thread_id AND messages <= 0;
    UPDATE folder_threads SET (newest_date, newest_id) = (SELECT date, id FROM messages
        WHERE thread_id = old.thread_id AND folder_id = old.folder_id ORDER BY date DESC, id DESC LIMIT 1)
      WHERE folder_id = old.folder_id AND thread_id = old.thread_id AND newest_id = old.id;
    INSERT INTO folder_threads (folder_id, thread_id, messages, unread, flagged, newest_date, newest_id)
    SELECT new.folder_id, new.thread_id, 1, (new.flags & 1) = 0, (new.flags & 2) != 0, new.date, new.id WHERE new.thread_id IS NOT NULL
    ON CONFLICT (thread_id, folder_id) DO UPDATE SET
      messages = messages + 1,
      unread = unread + excluded.unread,
      flagged = flagged + excluded.flagged,
      newest_id = CASE WHEN (excluded.newest_date, excluded.newest_id) > (newest_date, newest_id) THEN excluded.newest_id ELSE newest_id END,
      newest_date = MAX(newest_date, excluded.newest_date);
  END;

  -- Read or starred in place: only the counts change.
  CREATE TRIGGER folder_threads_flags AFTER UPDATE OF flags ON messages
    WHEN new.thread_id IS NOT NULL AND old.thread_id IS new.thread_id AND old.folder_id = new.folder_id AND old.date = new.date
      AND (old.flags & 3) != (new.flags & 3) BEGIN
    UPDATE folder_threads SET unread = unread + ((new.flags & 1) = 0) - ((old.flags & 1) = 0),
        flagged = flagged + ((new.flags & 2) != 0) - ((old.flags & 2) != 0)
      WHERE folder_id = new.folder_id AND thread_id = new.thread_id;
  END;
`;
