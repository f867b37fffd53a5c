import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningWebApp, startWebApp } from '../helpers/web-app';

// `npm run web` listens on loopback, where any web page the user visits (and
// any local program) can send it anything. A malformed request gets an error
// answer or a closed socket, never a dead core: after each one below, the
// process is still there and still serves the page. Each test has a process
// of its own, so that one request's crash is not blamed on the next.

let dataDir = '';
let app: RunningWebApp | undefined;
let port = 0;
let token = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tidings-web-malformed-'));
});
beforeEach(async () => {
  app = await startWebApp(dataDir, { TIDINGS_KEYCHAIN: 'memory' });
  const url = new URL(app.url);
  port = Number(url.port);
  token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  expect(token).toMatch(/^[0-9a-f]{64}$/);
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Opens a raw TCP connection to the web server. */
async function rawSocket(): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Writes `bytes` and collects everything the server sends until it closes the connection. */
async function exchange(socket: Socket, bytes: string | Buffer): Promise<string> {
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.once('error', () => resolve()); // a reset also ends it; what came before is what counts
  });
  socket.write(bytes);
  await closed;
  return received;
}

async function sendRaw(request: string): Promise<string> {
  return exchange(await rawSocket(), request);
}

/** A WebSocket opened by hand (Host, Origin and token right), ready for raw frames. */
async function openedWebSocket(): Promise<{ socket: Socket; received(): string }> {
  const socket = await rawSocket();
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  socket.write(
    [
      'GET /api HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      `Origin: http://127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Protocol: tidings, token.${token}`,
      '',
      '',
    ].join('\r\n'),
  );
  await expect.poll(() => received, { timeout: 30_000 }).toContain('\r\n\r\n');
  expect(received).toMatch(/^HTTP\/1\.1 101 /);
  return { socket, received: () => received };
}

/** A masked client frame header (RFC 6455 §5.2) with the given first byte and a 64-bit length. */
function frameHeader(firstByte: number, length: number): Buffer {
  const header = Buffer.alloc(2 + 8 + 4);
  header[0] = firstByte;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  randomBytes(4).copy(header, 10);
  return header;
}

async function stillServes(): Promise<void> {
  expect(app?.child.exitCode).toBeNull();
  const page = await fetch(`http://127.0.0.1:${port}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
}

describe('npm run web, sent malformed requests', () => {
  it('answers GET /% (a broken percent escape) with 400, and keeps serving', async () => {
    const answer = await sendRaw(`GET /% HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await stillServes();
  });

  it('refuses a WebSocket upgrade to // before reading anything else, and keeps serving', async () => {
    const answer = await sendRaw(
      [
        'GET // HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        `Origin: http://127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        `Sec-WebSocket-Protocol: tidings, token.${token}`,
        '',
        '',
      ].join('\r\n'),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    await stillServes();
  });

  it('closes a WebSocket whose message is over the size limit, and keeps serving', async () => {
    const { socket, received } = await openedWebSocket();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(frameHeader(0x81, 64 * 1024 * 1024)); // FIN + text, 64 MB announced
    await closed;
    // A close frame with 1009 (message too big) before the socket went.
    expect(Buffer.from(received(), 'latin1').includes(Buffer.from([0x88, 0x02, 0x03, 0xf1]))).toBe(true);
    await stillServes();
  });

  it('closes a WebSocket that sends a frame with RSV bits set, and keeps serving', async () => {
    const { socket, received } = await openedWebSocket();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(frameHeader(0x80 | 0x40 | 0x20 | 0x01, 0)); // FIN + RSV1 + RSV2 + text, empty
    await closed;
    // A close frame with 1002 (protocol error).
    expect(Buffer.from(received(), 'latin1').includes(Buffer.from([0x88, 0x02, 0x03, 0xea]))).toBe(true);
    await stillServes();
  });

  it('survives a client that resets its socket in the middle of an upgrade', async () => {
    const socket = await rawSocket();
    socket.write(`GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
    socket.resetAndDestroy();
    await stillServes();
  });
});
