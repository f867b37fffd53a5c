// Error codes every API call may fail with. The renderer shows `message`
// (plain words); it branches on `code`, never on the message text.

export const ERROR_CODES = [
  /** An argument failed validation (the renderer sent something malformed). */
  'invalid_argument',
  /** The method name is not part of the contract. */
  'unknown_method',
  /** The thing asked for (account, certificate, ...) does not exist. */
  'not_found',
  /** The server refused the username or password. */
  'auth_failed',
  /** No password for the account is saved on this computer (a copied data dir, a keychain that forgot it): enter it (`accounts.update`). */
  'password_missing',
  /** The server's TLS certificate is not trusted; details carry the certificate. */
  'certificate_untrusted',
  /** No TCP connection could be made (refused, unreachable, unknown host). */
  'connect_failed',
  /** The server does not offer STARTTLS, so we did not send the password. */
  'starttls_unavailable',
  /** The server did not answer in time. */
  'timeout',
  /** The server refuses for now, not for good: too many connections, a download or bandwidth limit, throttling (Microsoft). Tidings tries again later. */
  'server_busy',
  /** The server answered in a way we did not understand or could not use. */
  'protocol_error',
  /** The action no longer applies (e.g. Undo for a message that is being sent already). */
  'conflict',
  /** No OS keychain is reachable; secrets are kept in memory for this run. */
  'keychain_unavailable',
  /** OAuth2: the provider no longer accepts the saved sign-in (revoked or expired): sign in again (`oauth.reauthorize`). */
  'sign_in_required',
  /** OAuth2: signing in through the browser failed (denied, state or issuer mismatch, the token endpoint refused). */
  'oauth_failed',
  /** OAuth2: no client ID is configured for this provider in this build. */
  'not_configured',
  /**
   * OAuth2: the account's server is not one of its sign-in provider's own
   * (imap.gmail.com, outlook.office365.com, ...), or would be reached without
   * encryption, so the provider's token is not sent there. Nothing was sent;
   * signing in again or retrying does not help: the servers must change, or
   * the account must sign in with a password.
   */
  'oauth_host_refused',
  /** The user cancelled (e.g. `oauth.cancel`). */
  'cancelled',
  /** The disk that holds the data dir is full: nothing stored is lost; work goes on once there is room. */
  'disk_full',
  /** Anything else: a bug on our side. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Facts about a certificate the user may choose to trust. */
export interface CertificateInfo {
  host: string;
  port: number;
  subject: string;
  issuer: string;
  /** SHA-256 fingerprint, upper-case hex pairs joined by ':' (as browsers show it). */
  fingerprint256: string;
  validFrom: string;
  validTo: string;
  /** Why verification failed, in OpenSSL's words (e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE). */
  reason: string;
}

/** A certificate the user trusted for one server (Settings lists them; each can be taken back). */
export interface TrustedCertificateInfo extends Omit<CertificateInfo, 'reason'> {
  trustedAt: string;
  /** The accounts that connect to that host and port (incoming or outgoing), by id. */
  accountIds: string[];
}

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  certificate?: CertificateInfo;
}

/** The one error type that crosses the contract. */
export class ApiError extends Error implements ApiErrorShape {
  readonly code: ErrorCode;
  readonly certificate?: CertificateInfo;

  constructor(code: ErrorCode, message: string, certificate?: CertificateInfo) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (certificate) this.certificate = certificate;
  }

  toJSON(): ApiErrorShape {
    return this.certificate
      ? { code: this.code, message: this.message, certificate: this.certificate }
      : { code: this.code, message: this.message };
  }

  static fromJSON(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.certificate);
  }
}
