import https from 'node:https';
import type { LookupFunction } from 'node:net';

// The one way discovery reads a URL: HTTPS only (an autoconfig request carries
// the address, and a config file decides where the password goes, so neither
// may travel in clear), certificates verified, a few redirects that stay on
// HTTPS, a bounded body, and an AbortSignal for the timeout.

export interface HttpAnswer {
  status: number;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

export type HttpGet = (url: string, options: { signal: AbortSignal }) => Promise<HttpAnswer>;

const MAX_BODY = 256 * 1024;
const MAX_REDIRECTS = 3;

export function createHttpGet(lookup?: LookupFunction): HttpGet {
  const getOnce = (url: URL, signal: AbortSignal) =>
    new Promise<{ status: number; body: string; location?: string }>((resolve, reject) => {
      if (url.protocol !== 'https:') return reject(new Error(`Refusing to fetch ${url.protocol} URL ${url.href}: only https is used`));
      const request = https.get(
        url,
        {
          signal,
          headers: { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1', 'user-agent': 'Tidings' },
          minVersion: 'TLSv1.2',
          ...(lookup ? { lookup } : {}),
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const location = response.headers.location;
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) {
              request.destroy(new Error(`${url.href} answered with more than ${MAX_BODY} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8'), ...(location ? { location } : {}) }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
    });

  return async (address, { signal }) => {
    let url = new URL(address);
    for (let hop = 0; ; hop++) {
      const answer = await getOnce(url, signal);
      if (answer.status >= 300 && answer.status < 400 && answer.location && hop < MAX_REDIRECTS) {
        url = new URL(answer.location, url);
        continue;
      }
      return { status: answer.status, body: answer.body, url: url.href };
    }
  };
}
