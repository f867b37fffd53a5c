import { LINE_BREAKING_CHARACTERS } from '../../shared/accounts';
import { ConnectionError } from './connection-failure';

// The last check before a username or password goes into a protocol line.
// The API and discovery refuse CR, LF and NUL already (shared/accounts.ts);
// this is for every other way a value can arrive (an old stored account, a
// caller that skipped validation): a POP3 `PASS secret\r\nDELE 1` must never
// reach a server. Nothing is sent when it throws.

/** Throws unless the username and password can go into a protocol line as they are. */
export function assertLoginValues(protocol: 'IMAP' | 'POP3' | 'SMTP', username: string, password?: string): void {
  const which = LINE_BREAKING_CHARACTERS.test(username)
    ? 'username'
    : password !== undefined && LINE_BREAKING_CHARACTERS.test(password)
      ? 'password'
      : null;
  if (!which) return;
  throw new ConnectionError(
    'invalid_argument',
    `The ${which} for the ${protocol} server contains a line break or NUL character, which cannot be sent to a server. Correct it in the account's settings.`,
  );
}
