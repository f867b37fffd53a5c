import type { OAuthProvider } from '../../../shared/oauth';
import { assertTokenDestination, type TokenDestination } from './provider-hosts';

// An OAuth2 access token as the protocol clients hold it: sealed. The bearer
// value can only be read for a server, and only for one of the hosts of the
// provider that issued it (provider-hosts.ts), over an encrypted connection.
// So every place that turns a token into XOAUTH2 or OAUTHBEARER (imapflow's
// options, the bulk IMAP connection, nodemailer's auth, the SMTP session, the
// POP3 client) runs the check by construction: there is no other way to the
// value. Printed, logged or serialised it shows no secret.

export class AccessToken {
  readonly #value: string;
  readonly #hosts: readonly string[];

  /** `hosts`: where this run sends the provider's tokens (ProviderSettings.mailHosts). */
  constructor(
    readonly provider: OAuthProvider,
    value: string,
    hosts: readonly string[],
  ) {
    this.#value = value;
    this.#hosts = [...hosts];
  }

  /** The bearer value for a login to `server`; throws ApiError('oauth_host_refused') for any other server. */
  bearerFor(server: TokenDestination): string {
    assertTokenDestination(this.provider, this.#hosts, server);
    return this.#value;
  }

  /** The same check without the value: run it before connecting, so that a refused server is not even contacted. */
  assertUsableAt(server: TokenDestination): void {
    assertTokenDestination(this.provider, this.#hosts, server);
  }

  /** Whether this is the token `value` (the account's tokens compare a refused one with the one they hold). */
  is(value: string): boolean {
    return value === this.#value;
  }

  toString(): string {
    return `[${this.provider} access token]`;
  }

  toJSON(): string {
    return this.toString();
  }
}
