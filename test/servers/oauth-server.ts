// A small OAuth2 authorization server on 127.0.0.1, standing in for Google's
// and Microsoft's (which tests cannot reach). It does what matters to a
// client, strictly: the authorization endpoint (auto-approves, remembers the
// PKCE challenge, answers with `iss` per RFC 9207), the token endpoint (code
// with a verified S256 verifier and the same redirect_uri; refresh with
// rotation), and token introspection (RFC 7662) for Dovecot's oauth2 passdb.
// Tests steer it over HTTP (/test/*), since it runs in vitest's globalSetup
// process: expire a user's access tokens, revoke a user's sign-in, count grants.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OAuthClientRegistration {
  clientId: string;
  /** Required at the token endpoint when set (like Google's desktop clients). */
  clientSecret?: string;
}

export interface OAuthServerOptions {
  clients: OAuthClientRegistration[];
  /** Scope every authorization request must include. */
  requiredScope?: string;
  /** Lifetime of access tokens in seconds (default 3600). */
  accessTokenLifetime?: number;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  username: string;
  scope: string;
  expiresAt: number;
}

interface AccessToken {
  username: string;
  scope: string;
  expiresAt: number;
}

export interface OAuthServerStats {
  codeGrants: number;
  refreshGrants: number;
  refusedRefreshes: number;
  introspections: number;
}

export interface OAuthServerInstance {
  /** http://127.0.0.1:<port>; also the issuer identifier. */
  url: string;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  introspectionEndpoint: string;
  stop(): Promise<void>;
}

export async function startOAuthServer(options: OAuthServerOptions): Promise<OAuthServerInstance> {
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, AccessToken>();
  const refreshTokens = new Map<string, { username: string; scope: string; clientId: string }>();
  const stats: OAuthServerStats = { codeGrants: 0, refreshGrants: 0, refusedRefreshes: 0, introspections: 0 };
  const lifetime = options.accessTokenLifetime ?? 3600;
  let issuer = '';

  const issueTokens = (username: string, scope: string, clientId: string) => {
    const access = `at-${randomBytes(24).toString('base64url')}`;
    const refresh = `rt-${randomBytes(24).toString('base64url')}`;
    accessTokens.set(access, { username, scope, expiresAt: Date.now() + lifetime * 1000 });
    refreshTokens.set(refresh, { username, scope, clientId });
    return { access_token: access, token_type: 'Bearer', expires_in: lifetime, refresh_token: refresh, scope };
  };

  const authorize = (url: URL, response: ServerResponse) => {
    const q = url.searchParams;
    const client = options.clients.find((c) => c.clientId === q.get('client_id'));
    const redirectUri = q.get('redirect_uri') ?? '';
    // Errors before the redirect URI is known to be good are shown, never redirected (RFC 6749 §4.1.2.1).
    if (!client) return json(response, 400, { error: 'invalid_client' });
    if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(redirectUri)) return json(response, 400, { error: 'invalid_redirect_uri' });
    const back = new URL(redirectUri);
    back.searchParams.set('iss', issuer);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const scope = q.get('scope') ?? '';
    const refuse = (error: string) => {
      back.searchParams.set('error', error);
      redirect(response, back);
    };
    if (q.get('response_type') !== 'code') return refuse('unsupported_response_type');
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '')) {
      return refuse('invalid_request');
    }
    if (options.requiredScope && !scope.split(' ').includes(options.requiredScope)) return refuse('invalid_scope');
    // The "user" who signs in: the address the client hinted at.
    const username = q.get('login_hint');
    if (!username) return refuse('login_required');
    const code = `code-${randomBytes(16).toString('base64url')}`;
    codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      challenge: q.get('code_challenge') ?? '',
      username,
      scope,
      expiresAt: Date.now() + 60_000,
    });
    back.searchParams.set('code', code);
    redirect(response, back);
  };

  const token = (form: URLSearchParams, response: ServerResponse) => {
    const client = options.clients.find((c) => c.clientId === form.get('client_id'));
    if (!client || (client.clientSecret !== undefined && form.get('client_secret') !== client.clientSecret)) {
      return json(response, 401, { error: 'invalid_client' });
    }
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? ''); // one use only
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
      if (
        !code ||
        code.expiresAt < Date.now() ||
        code.clientId !== client.clientId ||
        code.redirectUri !== form.get('redirect_uri') ||
        code.challenge !== challenge
      ) {
        return json(response, 400, { error: 'invalid_grant' });
      }
      stats.codeGrants++;
      return json(response, 200, issueTokens(code.username, code.scope, client.clientId));
    }
    if (form.get('grant_type') === 'refresh_token') {
      const old = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(old);
      if (!grant || grant.clientId !== client.clientId) {
        stats.refusedRefreshes++;
        return json(response, 400, { error: 'invalid_grant', error_description: 'The refresh token is invalid or revoked.' });
      }
      // Rotation, as Microsoft does: the old refresh token is spent.
      refreshTokens.delete(old);
      stats.refreshGrants++;
      return json(response, 200, issueTokens(grant.username, grant.scope, client.clientId));
    }
    return json(response, 400, { error: 'unsupported_grant_type' });
  };

  const introspect = (form: URLSearchParams, response: ServerResponse) => {
    stats.introspections++;
    const found = accessTokens.get(form.get('token') ?? '');
    if (!found || found.expiresAt <= Date.now()) return json(response, 200, { active: false });
    return json(response, 200, {
      active: true,
      username: found.username,
      scope: found.scope,
      exp: Math.floor(found.expiresAt / 1000),
    });
  };

  // Test controls.
  const control = (path: string, form: URLSearchParams, response: ServerResponse) => {
    const username = form.get('username');
    if (path === '/test/expire-access-tokens') {
      for (const t of accessTokens.values()) if (t.username === username) t.expiresAt = 0;
      return json(response, 200, { ok: true });
    }
    if (path === '/test/revoke') {
      for (const [k, t] of accessTokens) if (t.username === username) accessTokens.delete(k);
      for (const [k, t] of refreshTokens) if (t.username === username) refreshTokens.delete(k);
      return json(response, 200, { ok: true });
    }
    if (path === '/test/stats') return json(response, 200, stats);
    return json(response, 404, { error: 'not_found' });
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === '/authorize') return authorize(url, response);
    if (request.method !== 'POST') return json(response, 405, { error: 'method_not_allowed' });
    readForm(request).then(
      (form) => {
        if (url.pathname === '/token') return token(form, response);
        if (url.pathname === '/introspect') return introspect(form, response);
        return control(url.pathname, form, response);
      },
      () => json(response, 400, { error: 'invalid_request' }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = url;
  return {
    url,
    issuer,
    authorizationEndpoint: `${url}/authorize`,
    tokenEndpoint: `${url}/token`,
    introspectionEndpoint: `${url}/introspect`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) request.destroy(new Error('too large'));
    });
    request.on('end', () => resolve(new URLSearchParams(body)));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function redirect(response: ServerResponse, to: URL): void {
  response.writeHead(302, { Location: to.toString() });
  response.end();
}
