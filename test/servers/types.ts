// The shape of what test/servers/global-setup.ts hands to tests. It crosses a
// process boundary (main process -> test workers), so: plain JSON only.
//
//   import { inject } from 'vitest';
//   const servers = inject('servers'); // TestServers | null (null: TIDINGS_NO_SERVERS=1)

export interface DovecotPorts {
  /**
   * IMAP with STARTTLS (LOGINDISABLED until TLS). On the TLS instances this
   * and `pop3` are served through a small relay in the vitest process, so
   * that Dovecot does not treat 127.0.0.1 -> 127.0.0.1 as "secured" and
   * allow plaintext logins; its log shows rip=127.0.0.2 for them.
   */
  imap: number;
  /** IMAP over implicit TLS. */
  imaps: number;
  /** POP3 with STLS. */
  pop3: number;
  /** POP3 over implicit TLS. */
  pop3s: number;
  /** LMTP (plain TCP) for delivering into mailboxes; see deliverRaw(). */
  lmtp: number;
}

/** The TLS-less Dovecot: no implicit-TLS listeners, no STARTTLS/STLS. */
export type PlainDovecotPorts = Omit<DovecotPorts, 'imaps' | 'pop3s'>;

export interface PostfixPorts {
  /** 587-style: STARTTLS offered, TLS required before AUTH and MAIL. */
  submission: number;
  /** 465-style: implicit TLS, certificate from the trusted test CA. */
  submissions: number;
  /** No TLS offered at all but AUTH advertised: clients must refuse to log in. */
  plainSubmission: number;
  /** 465-style implicit TLS with a certificate from an untrusted CA. */
  untrustedSubmissions: number;
  /** 465-style implicit TLS whose SASL (XOAUTH2 only) goes to the OAuth2 Dovecot. */
  oauthSubmissions?: number;
}

/** Cyrus IMAP (test/servers/cyrus.ts). */
export interface CyrusPorts {
  /** IMAP with STARTTLS (LOGINDISABLED until TLS). */
  imap: number;
  /** IMAP over implicit TLS. */
  imaps: number;
}

export interface ServerEndpoint<P> {
  host: string; // always '127.0.0.1'
  ports: P;
  /** The server's log file: read it when a test fails mysteriously. */
  logFile: string;
}

export interface TestUser {
  address: string;
  password: string;
}

export interface TestServers {
  /** Directory made by make-ca.sh. */
  caDir: string;
  /** The test CA certificate (NODE_EXTRA_CA_CERTS points here). */
  caPem: string;
  /** Certificate from the trusted test CA. Postfix authenticates and delivers here. */
  dovecot: ServerEndpoint<DovecotPorts>;
  /** Certificate from "Untrusted Test CA": every TLS connection must fail verification. */
  dovecotUntrusted: ServerEndpoint<DovecotPorts>;
  /** ssl = no and plaintext auth allowed. */
  dovecotPlain: ServerEndpoint<PlainDovecotPorts>;
  postfix: ServerEndpoint<PostfixPorts>;
  /** Accounts on every Dovecot instance (each instance has its own mailboxes). */
  users: { alice: TestUser; bob: TestUser; carol: TestUser };
  /**
   * The local OAuth2 authorization server (test/servers/oauth-server.ts) with
   * a "google" registration (client secret, as Google's desktop clients have)
   * and a "microsoft" one (public client). Test controls: POST
   * `${url}/test/expire-access-tokens`, `/test/revoke` (form: username=...), `/test/stats`.
   */
  oauth: {
    url: string;
    issuer: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    clients: { google: { clientId: string; clientSecret: string }; microsoft: { clientId: string } };
  };
  /** Accepts only OAuth2 access tokens (XOAUTH2), validated against `oauth` by introspection; certificate from the trusted CA. */
  dovecotOAuth: ServerEndpoint<DovecotPorts>;
  /**
   * Cyrus IMAP 3.6 with Debian's namespace ("." separator, folders under
   * "INBOX."), certificate from the trusted CA, the same users as Dovecot
   * (own mailboxes; Postfix does not deliver here). `userDb`: its sasldb, for
   * test/helpers/mail-users.ts.
   */
  cyrus: ServerEndpoint<CyrusPorts> & { userDb: string };
  /** Everything of this run: configs, logs, Maildirs. */
  workDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: TestServers | null;
  }
}
