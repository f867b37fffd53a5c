import type { ServerCheck, ServerSettings } from '../../shared/accounts';
import { fillPlaceholders } from './discovery/config-xml';
import { presetForServerHost } from './discovery/presets';

// Some providers take more than one form of username, and which one works
// differs by account: iCloud's IMAP takes the address's local part, and for
// some accounts only the full address (its preset's `incomingUsernames`).
// "Test connection" tries the form discovery filled in; when the server
// refuses it, the provider's other forms for the same address, in order. The
// check that passed says which username it took (`ServerCheck.username`), and
// the wizard saves that one (shared/accounts.ts `withAcceptedUsernames`).
// A username the user typed that is none of the provider's forms is taken
// as meant and not varied.

/** The usernames to try after `server.username` was refused, in order; none when it is not one of its provider's forms for `email`. */
export function otherIncomingUsernames(server: Pick<ServerSettings, 'host' | 'username'>, email: string): string[] {
  const forms = presetForServerHost(server.host)?.incomingUsernames ?? [];
  const filled = [...new Set(forms.map((form) => fillPlaceholders(form, email)))];
  const given = server.username.trim().toLowerCase();
  if (!filled.some((username) => username.toLowerCase() === given)) return [];
  return filled.filter((username) => username.toLowerCase() !== given);
}

/**
 * After an incoming server's check: when it refused the username or password,
 * the check again with each other form of the username (`retest`). The first
 * that passes is returned with the username it took; if none does, the first
 * refusal, saying which usernames were tried.
 */
export async function tryOtherUsernames(
  first: ServerCheck,
  server: Pick<ServerSettings, 'host' | 'username'>,
  email: string,
  retest: (username: string) => Promise<ServerCheck>,
): Promise<ServerCheck> {
  if (first.ok || first.code !== 'auth_failed') return first;
  const others = otherIncomingUsernames(server, email);
  if (others.length === 0) return first;
  for (const username of others) {
    const check = await retest(username);
    if (check.ok) return { ...check, username };
  }
  const tried = [server.username, ...others].map((username) => `“${username}”`).join(' and ');
  return { ...first, message: `${first.message} (Tried the usernames ${tried}.)` };
}
