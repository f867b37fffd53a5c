import { ApiError } from '../../../shared/errors';

// Reading the browser's answer at the loopback redirect (RFC 6749 §4.1.2,
// RFC 9207). Order matters: the issuer first (an answer from another server
// must not even be read as an error of ours), then state (an answer to a
// request we did not make is refused), then the error or the code.

export interface ExpectedAnswer {
  state: string;
  /** The authorization server's issuer, when known. */
  issuer?: string;
  /** The server always sends `iss`: its absence means the answer is not from it. */
  issuerRequired?: boolean;
  /** "Google" or "Microsoft", for messages. */
  label: string;
}

/** Returns the authorization code, or throws ApiError('oauth_failed') saying what went wrong. */
export function readAuthorizationResponse(params: URLSearchParams, expected: ExpectedAnswer): string {
  const iss = params.get('iss');
  if (iss !== null && expected.issuer !== undefined && iss !== expected.issuer) {
    throw new ApiError(
      'oauth_failed',
      `The sign-in answer came from ${clip(iss)}, not from ${expected.label} (issuer mismatch). Nothing was saved; try again.`,
    );
  }
  if (iss === null && expected.issuerRequired) {
    throw new ApiError(
      'oauth_failed',
      `The sign-in answer did not say it came from ${expected.label} (issuer missing). Nothing was saved; try again.`,
    );
  }
  if (params.get('state') !== expected.state) {
    throw new ApiError(
      'oauth_failed',
      'The browser came back from a different sign-in than the one started here (state mismatch). Try again.',
    );
  }
  const error = params.get('error');
  if (error !== null) {
    if (error === 'access_denied') throw new ApiError('oauth_failed', `Signing in with ${expected.label} was declined in the browser.`);
    const description = params.get('error_description');
    throw new ApiError(
      'oauth_failed',
      `${expected.label} refused the sign-in: ${clip(error)}${description ? ` (${clip(description)})` : ''}.`,
    );
  }
  const code = params.get('code');
  if (!code) throw new ApiError('oauth_failed', `${expected.label} came back without an authorization code.`);
  return code;
}

/** Text from the URL is the other side's: keep it short and printable. */
function clip(text: string): string {
  const printable = text.replace(/[^\x20-\x7E]/g, '?');
  return printable.length > 200 ? `${printable.slice(0, 200)}…` : printable;
}
