import type { Credentials } from '../auth/credentials';

// What a POP3 login needs besides the username: a password (USER/PASS or
// AUTH PLAIN), or an OAuth2 access token (AUTH XOAUTH2, for Gmail and
// Microsoft): the same credentials as every protocol (auth/credentials.ts).
// The sync asks for them before each connection through a function, so the
// token provider can hand out a fresh token every time.

export type Pop3Credential = Credentials;

export type CredentialSource = () => Promise<Pop3Credential | null>;
