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
];
