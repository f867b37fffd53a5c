// What a POP3 login needs besides the username: a password (USER/PASS or
// AUTH PLAIN), or an OAuth2 access token (AUTH XOAUTH2, for Gmail and
// Microsoft). The sync asks for it before each connection through a function,
// so a token provider can hand out a fresh token every time.

export type Pop3Credential = { kind: 'password'; password: string } | { kind: 'oauth2'; accessToken: string };

export type CredentialSource = () => Promise<Pop3Credential | null>;
