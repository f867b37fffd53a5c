import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessPolicy } from './access';
import type { OneTimeCodes } from './one-time-codes';

// POST /session: the page trades the one-time code of its address for the
// run's access token (one-time-codes.ts says why). Only our own page may ask
// (its Origin; a page elsewhere cannot fake that header, and the JSON content
// type makes a browser ask first before sending one across origins), the code
// works once, and the answer is never cached.

export const SESSION_PATH = '/session';
const MAX_BODY_BYTES = 1024;
const CODE_PATTERN = /^[0-9a-f]{32}$/;

export function exchangeCode(request: IncomingMessage, response: ServerResponse, policy: AccessPolicy, codes: OneTimeCodes): void {
  if (request.headers.origin !== `http://${policy.hostPort}` || !/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
    request.resume();
    answer(response, 403, { error: 'not from this page' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      answer(response, 413, { error: 'too large' });
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (response.headersSent) return;
    const code = codeOf(Buffer.concat(chunks).toString('utf8'));
    if (code === null || !codes.redeem(code)) answer(response, 403, { error: 'This address was used already or is too old.' });
    else answer(response, 200, { token: policy.token });
  });
}

function codeOf(body: string): string | null {
  try {
    const value = JSON.parse(body) as { code?: unknown };
    return typeof value.code === 'string' && CODE_PATTERN.test(value.code) ? value.code : null;
  } catch {
    return null; // not JSON: refused like a wrong code
  }
}

function answer(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(text);
}
