import { THREADS_MIGRATION } from './threads-migration';

// Numbered schema migrations: entry N brings the database from user_version
// N-1 to N. Never edit a migration that has shipped; add a new one.

export const migrations: readonly string[] = [
  // 1: accounts and the certificates the user chose to trust.
  `
  CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    incoming_json TEXT NOT NULL,  -- IncomingSettings (no password, ever)
    outgoing_json TEXT NOT NULL,  -- ServerSettings (no password, ever)
    created_at    TEXT NOT NULL,
    position      INTEGER NOT NULL
  );

  -- A certificate trusted for one host and port only, pinned by fingerprint.
  CREATE TABLE trusted_certificates (
    host           TEXT NOT NULL,
    port           INTEGER NOT NULL,
    fingerprint256 TEXT NOT NULL,
    pem            TEXT NOT NULL,
    trusted_at     TEXT NOT NULL,
    PRIMARY KEY (host, port, fingerprint256)
  );
  `,
  // 2: mail. Folders with their sync state, message metadata, raw sources,
  // the full-text index, the queue of operations waiting for the server, and
  // senders whose remote content the user allowed.
  `
  CREATE TABLE folders (
    id            INTEGER PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    name          TEXT NOT NULL,
    delimiter     TEXT,
    parent_path   TEXT,
    role          TEXT,
    subscribed    INTEGER NOT NULL DEFAULT 1,
    selectable    INTEGER NOT NULL DEFAULT 1,
    uidvalidity   INTEGER,
    uidnext       INTEGER,
    highestmodseq INTEGER,
    synced_at     TEXT,
    UNIQUE (account_id, path)
  );

  CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    folder_id       INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    uid             INTEGER,          -- NULL while a local move waits for the server's new UID
    message_id      TEXT,
    in_reply_to     TEXT,
    references_json TEXT,
    subject         TEXT NOT NULL DEFAULT '',
    from_name       TEXT,
    from_address    TEXT,
    to_json         TEXT,
    cc_json         TEXT,
    reply_to_json   TEXT,
    date            INTEGER NOT NULL, -- ms since epoch: the Date header, else the server's INTERNALDATE
    flags           INTEGER NOT NULL DEFAULT 0, -- bits: see store/flags.ts
    keywords_json   TEXT,
    size            INTEGER NOT NULL DEFAULT 0,
    snippet         TEXT NOT NULL DEFAULT '',
    has_attachments INTEGER NOT NULL DEFAULT 0,
    body_state      INTEGER NOT NULL DEFAULT 0, -- 0 not fetched, 1 parsed, 2 stored but unparsable
    remote_allowed  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (folder_id, uid)
  );
  -- Paging a folder newest first; counting unread; finding bodies to fetch; threading.
  CREATE INDEX messages_by_date ON messages (folder_id, date DESC, id DESC);
  CREATE INDEX messages_unread ON messages (folder_id) WHERE (flags & 1) = 0;
  CREATE INDEX messages_without_body ON messages (account_id, date DESC) WHERE body_state = 0;
  CREATE INDEX messages_by_message_id ON messages (account_id, message_id);

  -- Raw sources apart from the metadata, so that paging never reads them.
  CREATE TABLE message_sources (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    raw        BLOB NOT NULL
  );

  -- Contentless: the text lives in message_sources; rowid = messages.id.
  CREATE VIRTUAL TABLE messages_fts USING fts5 (
    subject, addresses, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = old.id;
  END;

  CREATE TABLE pending_ops (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT
  );
  CREATE INDEX pending_ops_by_account ON pending_ops (account_id, id);

  CREATE TABLE remote_content_senders (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    PRIMARY KEY (account_id, address)
  );
  `,
  // 3: per-account options (JSON of AccountOptions; NULL = the defaults).
  `
  ALTER TABLE accounts ADD COLUMN options_json TEXT;
  `,
  // 4: raw sources move to files (store/source-files.ts). A message's file name
  // is in its row; deleting the row queues the file for removal. Sources
  // stored before this stay in message_sources and are read from there.
  `
  ALTER TABLE messages ADD COLUMN source_file TEXT;
  CREATE TABLE source_garbage (file TEXT PRIMARY KEY) WITHOUT ROWID;
  CREATE TRIGGER messages_source_garbage AFTER DELETE ON messages WHEN old.source_file IS NOT NULL BEGIN
    INSERT OR IGNORE INTO source_garbage (file) VALUES (old.source_file);
  END;
  `,
  // 5: accounts that sign in with OAuth2 name their provider (NULL = password).
  // The refresh token itself lives in the OS keychain, never here.
  `
  ALTER TABLE accounts ADD COLUMN oauth_provider TEXT;
  `,
  // 6: POP3. The unique ids (UIDL) of the messages downloaded from each POP3
  // account's server, written in the same transaction as the message itself:
  // what is listed here is in the store, and will not be downloaded again. The
  // row outlives the message (message_id becomes NULL when it is deleted here),
  // so deleting a message locally never brings it back from the server.
  `
  CREATE TABLE pop3_uidls (
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    uidl          TEXT NOT NULL,
    message_id    INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    downloaded_at INTEGER NOT NULL, -- ms since epoch: when it was committed here ("delete after N days" counts from it)
    PRIMARY KEY (account_id, uidl)
  );
  CREATE INDEX pop3_uidls_by_message ON pop3_uidls (message_id);
  `,
  // 7: writing and sending mail. Identities, compose settings, drafts and
  // their attachments (uploaded in chunks), the outbox with the built message
  // and its submission state.
  `
  CREATE TABLE identities (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    address    TEXT NOT NULL,
    reply_to   TEXT,
    signature  TEXT NOT NULL DEFAULT '',
    is_default INTEGER NOT NULL DEFAULT 0,
    position   INTEGER NOT NULL
  );
  CREATE INDEX identities_by_account ON identities (account_id, position);

  -- NULL columns mean "the default" (see IdentityService.settings in main/compose/identities.ts).
  CREATE TABLE compose_settings (
    account_id       TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    format           TEXT,
    sent_by_server   INTEGER,
    undo_seconds     INTEGER,
    smtp_size_limit  INTEGER,  -- SIZE from the server's EHLO; 0 = no limit announced
    smtp_checked_at  TEXT
  );

  CREATE TABLE drafts (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    fields_json TEXT NOT NULL,  -- DraftFields (shared/compose.ts)
    saved_at    TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
  );

  -- Attachment bytes for drafts, stored as the chunks they were uploaded in.
  -- complete = 0 while an upload is under way.
  CREATE TABLE compose_attachments (
    id           TEXT PRIMARY KEY,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    received     INTEGER NOT NULL DEFAULT 0,
    complete     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
  );
  CREATE TABLE compose_attachment_chunks (
    attachment_id TEXT NOT NULL REFERENCES compose_attachments(id) ON DELETE CASCADE,
    offset        INTEGER NOT NULL,
    data          BLOB NOT NULL,
    PRIMARY KEY (attachment_id, offset)
  );
  -- Which draft uses which attachment (for clean-up of unused uploads).
  CREATE TABLE draft_attachment_refs (
    draft_id      TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    attachment_id TEXT NOT NULL,
    PRIMARY KEY (draft_id, attachment_id)
  );

  -- A message to send: built once (raw), submitted from here. state:
  -- scheduled (waiting for send_at / a retry), submitting (SMTP transaction
  -- started; nothing accepted yet), committing (the final "." is on its way:
  -- the server may have taken it), accepted (250 received; Sent copy to file).
  CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    draft_id        TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    raw             BLOB NOT NULL,
    envelope_json   TEXT NOT NULL,
    subject         TEXT NOT NULL,
    recipients_json TEXT NOT NULL,
    source_json     TEXT,
    state           TEXT NOT NULL,
    send_at         INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error      TEXT,
    created_at      TEXT NOT NULL
  );
  CREATE INDEX outbox_by_account ON outbox (account_id, send_at);
  `,
  // 8: raw sources in packs (store/source-files.ts): many messages a file, each
  // row with its offset and length (NULL: a whole file of an older version).
  // The index answers "does any row still name this pack?" for the garbage
  // collector; a body forgotten (its file lost) queues its pack like a delete.
  // The full-text index merges its segments 8 at a time rather than 4: a
  // first sync adds one segment per batch, and merging them in smaller steps
  // cost 40 % more time (bench/store.ts); searches barely notice.
  `
  ALTER TABLE messages ADD COLUMN source_offset INTEGER;
  ALTER TABLE messages ADD COLUMN source_length INTEGER;
  CREATE INDEX messages_by_source_file ON messages (source_file) WHERE source_file IS NOT NULL;
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 8);
  `,
  // 9: the bodies still to download are read from the index alone (it holds
  // what the downloader asks for: folder, UID, size), not row by row from the
  // table: that lookup was ~0.3 s of the main thread for 20,000 messages.
  // The full-text index merges 16 segments at a time: its merges were the
  // largest part of the body-store worker's SQLite time, the worker is what a
  // first sync waits for, and 16 made bench:sync ~6 % faster (a search reads
  // a few more segments: still milliseconds).
  `
  DROP INDEX messages_without_body;
  CREATE INDEX messages_without_body ON messages (account_id, date DESC, folder_id, uid, size) WHERE body_state = 0;
  INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 16);
  `,
  // 10: Gmail (an IMAP server with X-GM-EXT-1), where a label is a folder and
  // one message shows in each of its labels' folders and in All Mail. A row
  // is still one folder's listing of a message (folder, UID: what paging and
  // the server's UIDs need), but the message's content (its raw source, body
  // state, snippet and index entry) is stored once per X-GM-MSGID and shared
  // by its rows: content_id names the row it was first stored under, which
  // is also its rowid in the full-text index. The index entry goes when the
  // last row sharing it goes (the trigger), so archiving a message out of
  // the Inbox keeps it findable in All Mail. accounts.imap_flavor: 'gmail'
  // once the server advertised X-GM-EXT-1.
  `
  ALTER TABLE accounts ADD COLUMN imap_flavor TEXT;
  ALTER TABLE messages ADD COLUMN gm_msgid TEXT;
  ALTER TABLE messages ADD COLUMN gm_thrid TEXT;
  ALTER TABLE messages ADD COLUMN labels_json TEXT;
  ALTER TABLE messages ADD COLUMN content_id INTEGER;
  UPDATE messages SET content_id = id WHERE body_state != 0;
  CREATE INDEX messages_by_gm_msgid ON messages (account_id, gm_msgid) WHERE gm_msgid IS NOT NULL;
  CREATE INDEX messages_by_content ON messages (content_id) WHERE content_id IS NOT NULL;
  DROP INDEX messages_without_body;
  CREATE INDEX messages_without_body ON messages (account_id, date DESC, folder_id, uid, size, gm_msgid) WHERE body_state = 0;
  DROP TRIGGER messages_fts_delete;
  CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.content_id IS NOT NULL BEGIN
    DELETE FROM messages_fts WHERE rowid = old.content_id
      AND NOT EXISTS (SELECT 1 FROM messages WHERE content_id = old.content_id);
  END;
  `,
  // 11: search (store/search-index.ts). A message enters the full-text index
  // when its header row is stored (search_headers: subject and people), and
  // moves to search_full (the same, with the body's text and the attachments'
  // names) when its body is stored, so that mail is found before and without
  // its body. From, To and Cc have columns of their own (from:, to:, cc:), and
  // so have attachment names (filename:). Both tables are keyed by
  // messages.search_key, the message's date in seconds shifted left 21 bits
  // plus 21 bits of the row id, shared by a Gmail message's rows: the index's
  // order is the date's, so the newest matches are read first instead of
  // every match being sorted. The index on the key also holds what most
  // searches filter on (folder, flags, attachments), so checking a match
  // reads no row (measured: 5× faster for "meeting is:starred"). The old index (messages_fts, keyed by content
  // id) and rows without a key are moved over in the background by the
  // body-store worker (sync/search-backfill.ts), which drops the old table
  // once it is empty; filling the new tables here would stall the start of a
  // large store (measured in bench/search.ts).
  `
  ALTER TABLE messages ADD COLUMN search_key INTEGER;
  CREATE INDEX messages_by_search_key ON messages (search_key, folder_id, flags, has_attachments) WHERE search_key IS NOT NULL;
  CREATE INDEX messages_without_search_key ON messages (id) WHERE search_key IS NULL;
  CREATE VIRTUAL TABLE search_headers USING fts5 (
    subject, sender, to_list, cc_list,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE VIRTUAL TABLE search_full USING fts5 (
    subject, sender, to_list, cc_list, body, files,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO search_full (search_full, rank) VALUES ('automerge', 16);
  INSERT INTO search_headers (search_headers, rank) VALUES ('automerge', 16);
  CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
    WHEN old.search_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages WHERE search_key = old.search_key) BEGIN
    DELETE FROM search_full WHERE rowid = old.search_key;
    DELETE FROM search_headers WHERE rowid = old.search_key;
  END;
  `,
  // 12 (issue 14, paging at 1,000,000 messages): how many messages, unread
  // and starred each folder holds per span of time (date >> 30: about 12.4
  // days), kept by triggers on every insert, delete and change of folder,
  // date or flags, so nothing counts a folder's rows again. A folder's counts
  // are the sum of its spans; so are a unified view's (the spans of its
  // folders); and the row at position N is found by summing spans newest
  // first to the span that holds it, then skipping at most that span's rows
  // (store/message-pages.ts): a jump anywhere in a folder of a million costs
  // about what one span holds, not what lies before it. The backfill is one
  // GROUP BY. The Unread and Starred views walk the two partial indexes
  // newest first (folder_id in them: rows of folders not in the view are
  // skipped without reading the table); the unread index by folder, used only
  // by the counts that the spans replace, goes.
  `
  CREATE TABLE message_spans (
    folder_id INTEGER NOT NULL,
    span      INTEGER NOT NULL, -- date >> 30
    total     INTEGER NOT NULL,
    unread    INTEGER NOT NULL, -- (flags & 1) = 0
    flagged   INTEGER NOT NULL, -- (flags & 2) != 0
    flagged_unread INTEGER NOT NULL, -- (flags & 3) = 2
    PRIMARY KEY (folder_id, span)
  ) WITHOUT ROWID;
  INSERT INTO message_spans (folder_id, span, total, unread, flagged, flagged_unread)
    SELECT folder_id, date >> 30, COUNT(*), SUM((flags & 1) = 0), SUM((flags & 2) != 0), SUM((flags & 3) = 2)
      FROM messages GROUP BY folder_id, date >> 30;
  CREATE TRIGGER message_spans_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_spans (folder_id, span, total, unread, flagged, flagged_unread)
      VALUES (new.folder_id, new.date >> 30, 1, (new.flags & 1) = 0, (new.flags & 2) != 0, (new.flags & 3) = 2)
      ON CONFLICT (folder_id, span) DO UPDATE SET total = total + 1, unread = unread + excluded.unread,
        flagged = flagged + excluded.flagged, flagged_unread = flagged_unread + excluded.flagged_unread;
  END;
  CREATE TRIGGER message_spans_delete AFTER DELETE ON messages BEGIN
    UPDATE message_spans SET total = total - 1, unread = unread - ((old.flags & 1) = 0), flagged = flagged - ((old.flags & 2) != 0),
        flagged_unread = flagged_unread - ((old.flags & 3) = 2)
      WHERE folder_id = old.folder_id AND span = old.date >> 30;
  END;
  CREATE TRIGGER message_spans_update AFTER UPDATE OF folder_id, date, flags ON messages
    WHEN old.folder_id != new.folder_id OR old.date >> 30 != new.date >> 30 OR (old.flags & 3) != (new.flags & 3) BEGIN
    UPDATE message_spans SET total = total - 1, unread = unread - ((old.flags & 1) = 0), flagged = flagged - ((old.flags & 2) != 0),
        flagged_unread = flagged_unread - ((old.flags & 3) = 2)
      WHERE folder_id = old.folder_id AND span = old.date >> 30;
    INSERT INTO message_spans (folder_id, span, total, unread, flagged, flagged_unread)
      VALUES (new.folder_id, new.date >> 30, 1, (new.flags & 1) = 0, (new.flags & 2) != 0, (new.flags & 3) = 2)
      ON CONFLICT (folder_id, span) DO UPDATE SET total = total + 1, unread = unread + excluded.unread,
        flagged = flagged + excluded.flagged, flagged_unread = flagged_unread + excluded.flagged_unread;
  END;
  CREATE TRIGGER message_spans_folder_delete AFTER DELETE ON folders BEGIN
    DELETE FROM message_spans WHERE folder_id = old.id;
  END;
  DROP INDEX messages_unread;
  CREATE INDEX messages_unread_by_date ON messages (date DESC, id DESC, folder_id) WHERE (flags & 1) = 0;
  CREATE INDEX messages_flagged_by_date ON messages (date DESC, id DESC, folder_id) WHERE (flags & 2) != 0;
  `,
  // 13: conversations (store/threads-repo.ts; the schema and why in threads-migration.ts).
  // Written as 12 in issue 14's plan; the search (11) and paging (12) migrations came first.
  THREADS_MIGRATION,
  // 14 (issue 14, a first sync of 100,000): the header-only index
  // (search_headers) loses an entry for every body stored, and FTS5 marks it
  // deleted (a tombstone) in the segment that holds it. By default a segment
  // with 10 % of its entries deleted is merged again; in a first sync that
  // rewrote the header segments over and over as bodies came in, half of what
  // the index cost a body (bench/store.ts). At 50 % a segment is rewritten
  // after half its entries went: the table stays a fraction of the size of
  // search_full, and a search reads past at most as many dead entries as live.
  `
  INSERT INTO search_headers (search_headers, rank) VALUES ('deletemerge', 50);
  `,
  // 15 (issue 15; its branch called it 16): an account's colour (#rrggbb; NULL = the default). Its place in the sidebar is `position`, from migration 1.
  `
  ALTER TABLE accounts ADD COLUMN color TEXT;
  `,
  // 16 (issue 15; its branch called it 17): the global settings
  // (store/settings-repo.ts), one JSON value per key; a key never set has no row.
  `
  CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 17 (issue 15): an identity's formatted signature (HTML as the compose editor writes it); NULL = plain text only.
  // `signature` stays its plain-text form, for plain-text messages.
  `
  ALTER TABLE identities ADD COLUMN signature_html TEXT;
  `,
  // 18 (issue 17; its branch called it 17, but issue 15's signature came first): imports (store/imports-repo.ts). A job is its source and
  // destination (spec_json) and how far it got (progress_json: which part of
  // the source, and where in it), written in the transaction that stores each
  // batch, so a stopped, failed or interrupted import resumes exactly after
  // the last message stored. import_digests holds the SHA-256 of each
  // message imported into a folder: the same bytes imported again (a resume
  // that overlaps, the same file twice) are skipped.
  `
  CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    spec_json     TEXT NOT NULL,
    state         TEXT NOT NULL, -- running | stopped | failed | done
    progress_json TEXT NOT NULL,
    error         TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
  );
  CREATE TABLE import_digests (
    folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    digest    BLOB NOT NULL,
    PRIMARY KEY (folder_id, digest)
  ) WITHOUT ROWID;
  `,
];
