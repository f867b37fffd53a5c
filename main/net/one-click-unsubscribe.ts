import { ApiError } from '../../shared/errors';
import { logger } from '../base/log';

// RFC 8058's one-click unsubscribe: a POST of "List-Unsubscribe=One-Click"
// to the https URI of the message's List-Unsubscribe header. The request
// carries nothing of the user's: no cookies (Node's fetch has no jar), no
// credentials, no Referer; redirects are not followed (a list that redirects
// a POST is not doing one-click). TLS is verified as everywhere.

const TIMEOUT_MS = 20_000;
const log = logger('unsubscribe');

export async function postOneClickUnsubscribe(uri: string): Promise<void> {
  const url = new URL(uri);
  if (url.protocol !== 'https:') throw new ApiError('invalid_argument', 'One-click unsubscribe needs an https address.');
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
      credentials: 'omit',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    log.warn({ host: url.host, err: error }, 'the one-click unsubscribe request failed');
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
      throw new ApiError('timeout', `${url.host} did not answer the unsubscribe request in time.`);
    throw new ApiError('connect_failed', `Cannot reach ${url.host} to unsubscribe.`);
  }
  await response.body?.cancel();
  // 2xx is done; a redirect means the list took the request and points at a page about it.
  if (response.status >= 400 || response.status < 200)
    throw new ApiError('protocol_error', `${url.host} refused the unsubscribe request (HTTP ${response.status}).`);
}
