import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startWebServer, type WebServer } from '../../main/web/server';
import type { ServerMessage } from '../../shared/contract';
import { tempCore } from '../helpers/core';

// `npm run web` listens on loopback, but any page in the user's browser and
// any local program could try it: only our own origin with the token gets in.

let core: Awaited<ReturnType<typeof tempCore>>;
let server: WebServer;
let staticDir: string;

beforeAll(async () => {
  core = await tempCore();
  staticDir = await mkdtemp(join(tmpdir(), 'tidings-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Tidings</title>');
  server = await startWebServer({ core, staticDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  await core.dispose();
  await rm(staticDir, { recursive: true, force: true });
});

function connect(options: { token?: string; origin?: string; path?: string }): Promise<{ ws?: WebSocket; status?: number }> {
  const protocols = ['tidings', ...(options.token !== undefined ? [`token.${options.token}`] : [])];
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${options.path ?? '/api'}`, protocols, {
    headers: options.origin ? { Origin: options.origin } : {},
  });
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

const ownOrigin = () => `http://127.0.0.1:${server.port}`;

describe('web transport', () => {
  it('gives out loopback addresses that carry a one-time code in the fragment, never the token', () => {
    const first = server.newPageUrl();
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[0-9a-f]{32}$/);
    expect(server.newPageUrl()).not.toBe(first);
    expect(first).not.toContain(server.token);
    expect(server.newPageUrl('mailto=mailto%3Aa%40b.example')).toMatch(/#code=[0-9a-f]{32}&mailto=mailto%3Aa%40b\.example$/);
  });

  it('trades an address’s code for the token once, and only for our own page', async () => {
    const code = new URLSearchParams(new URL(server.newPageUrl()).hash.slice(1)).get('code') ?? '';
    const trade = (origin: string | undefined, body: string, type = 'application/json') =>
      fetch(`${ownOrigin()}/session`, {
        method: 'POST',
        headers: { 'Content-Type': type, ...(origin ? { Origin: origin } : {}) },
        body,
      });
    // Not from our page: refused, and the code is not spent by it.
    expect((await trade('http://evil.example', JSON.stringify({ code }))).status).toBe(403);
    expect((await trade(undefined, JSON.stringify({ code }))).status).toBe(403);
    expect((await trade(ownOrigin(), `code=${code}`, 'application/x-www-form-urlencoded')).status).toBe(403);
    expect((await trade(ownOrigin(), JSON.stringify({ code: 'f'.repeat(32) }))).status).toBe(403);
    expect((await trade(ownOrigin(), '{not json')).status).toBe(403);
    expect((await trade(ownOrigin(), JSON.stringify({ code: 'x'.repeat(5000) }))).status).toBe(413);

    const answer = await trade(ownOrigin(), JSON.stringify({ code }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await answer.json()).toEqual({ token: server.token });
    // Once.
    expect((await trade(ownOrigin(), JSON.stringify({ code }))).status).toBe(403);
  });

  it('refuses a connection without a token', async () => {
    expect((await connect({ origin: ownOrigin() })).status).toBe(401);
  });

  it('refuses a wrong token', async () => {
    expect((await connect({ origin: ownOrigin(), token: 'f'.repeat(64) })).status).toBe(401);
    expect((await connect({ origin: ownOrigin(), token: server.token.slice(0, 10) })).status).toBe(401);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    expect((await connect({ origin: 'http://evil.example', token: server.token })).status).toBe(403);
    expect((await connect({ origin: 'http://localhost:1', token: server.token })).status).toBe(403);
    expect((await connect({ token: server.token })).status).toBe(403);
  });

  it('refuses another path', async () => {
    expect((await connect({ origin: ownOrigin(), token: server.token, path: '/other' })).status).toBe(403);
  });

  it('answers calls and errors over an accepted connection', async () => {
    const { ws } = await connect({ origin: ownOrigin(), token: server.token });
    if (!ws) throw new Error('not connected');
    expect(ws.protocol).toBe('tidings');
    const answers: ServerMessage[] = [];
    ws.on('message', (data) => answers.push(JSON.parse(data.toString()) as ServerMessage));
    ws.send(JSON.stringify({ id: 1, method: 'accounts.list', args: {} }));
    ws.send(JSON.stringify({ id: 2, method: 'accounts.remove', args: { id: 7 } }));
    await expect.poll(() => answers.length).toBe(2);
    expect(answers.find((a) => 'id' in a && a.id === 1)).toEqual({ id: 1, ok: true, result: [] });
    const error = answers.find((a) => 'id' in a && a.id === 2);
    expect(error).toMatchObject({ id: 2, ok: false, error: { code: 'invalid_argument' } });
    ws.close();
  });

  it('serves the renderer only to its own Host name (no DNS rebinding) and never files outside it', async () => {
    const own = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-security-policy')).toContain("script-src 'self'");
    // fetch() will not let a Host header be set; node:http will, as an attacker's page after DNS rebinding would.
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: server.port, path: '/', headers: { Host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(403);
    const traversal = await fetch(`http://127.0.0.1:${server.port}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(traversal.status).toBe(404);
  });
});
