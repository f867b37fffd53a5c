import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOAuthSettings, type OAuthSettings } from '../../../main/auth/oauth/provider-settings';
import { SignInFlows } from '../../../main/auth/oauth/sign-in-flows';
import { type OAuthServerInstance, startOAuthServer } from '../../servers/oauth-server';

// The loopback redirect listener of a sign-in is on 127.0.0.1 for minutes,
// where any web page the user visits can send it requests. None of them may
// take the core down, and none but the provider's answer to this sign-in (its
// `state`) may end the sign-in: a page that guesses the port and sends a
// wrong state gets a 404, and the real answer still signs in.

const CLIENT = { clientId: 'unit-client' };
let instance: OAuthServerInstance;
let settings: OAuthSettings;

beforeAll(async () => {
  instance = await startOAuthServer({ clients: [CLIENT], accessTokenLifetime: 3600 });
  const endpoints = {
    authorizationEndpoint: instance.authorizationEndpoint,
    tokenEndpoint: instance.tokenEndpoint,
    issuer: instance.issuer,
  };
  const base = loadOAuthSettings({ shipped: {}, env: {} });
  settings = { google: { ...base.google, ...endpoints, client: CLIENT }, microsoft: { ...base.microsoft, ...endpoints, client: CLIENT } };
});
afterAll(async () => instance?.stop());

/** Sends `request` as raw bytes and returns what came back before the server closed the connection. */
function sendRaw(redirectUri: string, request: string): Promise<string> {
  const { port } = new URL(redirectUri);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.write(request);
  });
}

describe('the loopback listener of a sign-in, sent requests that are not the answer', () => {
  it('answers GET // with 404 and keeps waiting; the real answer then signs in', async () => {
    const flows = new SignInFlows(settings);
    const { flowId, authorizationUrl } = await flows.begin('google', 'slashes@example.test');
    const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';
    const answer = await sendRaw(redirectUri, `GET // HTTP/1.1\r\nHost: ${new URL(redirectUri).host}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    const bare = await sendRaw(
      redirectUri,
      `GET //?code=x&state=y HTTP/1.1\r\nHost: ${new URL(redirectUri).host}\r\nConnection: close\r\n\r\n`,
    );
    expect(bare).toMatch(/^HTTP\/1\.1 404 /);

    const redirect = await fetch(authorizationUrl, { redirect: 'manual' });
    expect((await fetch(redirect.headers.get('location') ?? '')).status).toBe(200);
    expect((await flows.wait(flowId)).tokens.refreshToken).toMatch(/^rt-/);
    flows.closeAll();
  });

  it('answers a wrong or missing state with 404 without using up the sign-in', async () => {
    const flows = new SignInFlows(settings);
    const { flowId, authorizationUrl } = await flows.begin('microsoft', 'state@example.test');
    const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';
    const forged = await fetch(`${redirectUri}/?code=forged&state=not-the-state&iss=${encodeURIComponent(instance.issuer)}`);
    expect(forged.status).toBe(404);
    expect((await fetch(`${redirectUri}/?error=access_denied`)).status).toBe(404);
    expect((await fetch(`${redirectUri}/?code=forged`)).status).toBe(404);

    const redirect = await fetch(authorizationUrl, { redirect: 'manual' });
    const page = await fetch(redirect.headers.get('location') ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in');
    expect((await flows.wait(flowId)).tokens.refreshToken).toMatch(/^rt-/);
    flows.closeAll();
  });

  it('survives a client that resets its connection mid-request', async () => {
    const flows = new SignInFlows(settings);
    const { flowId, authorizationUrl } = await flows.begin('google', 'reset@example.test');
    const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';
    const { port } = new URL(redirectUri);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET /?code=');
    socket.resetAndDestroy();

    const redirect = await fetch(authorizationUrl, { redirect: 'manual' });
    expect((await fetch(redirect.headers.get('location') ?? '')).status).toBe(200);
    expect((await flows.wait(flowId)).tokens.refreshToken).toMatch(/^rt-/);
    flows.closeAll();
  });
});
