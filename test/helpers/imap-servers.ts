import type { TestServers } from '../servers/types';

// The real IMAP servers a test can run against, and what a test must know of
// each to name folders on it. Dovecot here: "/" separator, folders at the top
// level. Cyrus (Debian's defaults): "." separator, personal folders under
// "INBOX.", neither "." nor "/" allowed inside a name.

export type ImapServerName = 'dovecot' | 'cyrus';

/** For describe.each: every test in it runs against each server. */
export const IMAP_SERVERS: readonly ImapServerName[] = ['dovecot', 'cyrus'];

export interface ImapServer {
  name: string;
  host: string;
  /** Implicit TLS. */
  imaps: number;
  /** STARTTLS. */
  imap: number;
  delimiter: string;
  /** Where personal folders live: "" or "INBOX." (with the delimiter). */
  prefix: string;
}

/** The run's server of that name (or `name` itself: a server a test file started for itself). */
export function imapServer(servers: TestServers, name: ImapServerName | ImapServer): ImapServer {
  if (typeof name === 'object') return name;
  if (name === 'cyrus') {
    return {
      name,
      host: servers.cyrus.host,
      imaps: servers.cyrus.ports.imaps,
      imap: servers.cyrus.ports.imap,
      delimiter: '.',
      prefix: 'INBOX.',
    };
  }
  return {
    name,
    host: servers.dovecot.host,
    imaps: servers.dovecot.ports.imaps,
    imap: servers.dovecot.ports.imap,
    delimiter: '/',
    prefix: '',
  };
}

/**
 * A personal folder's path on `server`, from its levels ("Lists", "Rust"):
 * "Lists/Rust" on Dovecot, "INBOX.Lists.Rust" on Cyrus. INBOX is INBOX.
 */
export function folderPath(server: ImapServer, ...levels: string[]): string {
  if (levels.length === 1 && levels[0]?.toUpperCase() === 'INBOX') return 'INBOX';
  return server.prefix + levels.join(server.delimiter);
}
