import { describe, expect, it } from 'vitest';
import { shouldDelete } from '../../main/pop3/downloader';
import { DEFAULT_POP3_OPTIONS } from '../../shared/accounts';

// What leaves the POP3 server: the account's rules, except for a message of
// which only the headers are here (too large to download): the server's copy
// is the only one, so only the user's own delete here lets it go.

const DAY = 86_400_000;
const now = Date.parse('2026-12-07T12:00:00Z');
const old = { downloadedAt: now - 30 * DAY, deletedHere: false };

describe('shouldDelete', () => {
  it('follows the rules for a message downloaded whole', () => {
    expect(shouldDelete(old, { ...DEFAULT_POP3_OPTIONS, leaveOnServer: false }, now)).toBe(true);
    expect(shouldDelete(old, { ...DEFAULT_POP3_OPTIONS, leaveOnServer: true, deleteAfterDays: 14 }, now)).toBe(true);
  });

  it('keeps a message only listed by its headers on the server, whatever the rules, until it is deleted here', () => {
    const headersOnly = { ...old, headersOnly: true };
    expect(shouldDelete(headersOnly, { ...DEFAULT_POP3_OPTIONS, leaveOnServer: false }, now)).toBe(false);
    expect(shouldDelete(headersOnly, { ...DEFAULT_POP3_OPTIONS, leaveOnServer: true, deleteAfterDays: 14 }, now)).toBe(false);
    const deleted = { ...headersOnly, deletedHere: true };
    expect(shouldDelete(deleted, { ...DEFAULT_POP3_OPTIONS, leaveOnServer: true, deleteWhenDeletedHere: true }, now)).toBe(true);
    expect(shouldDelete(deleted, { ...DEFAULT_POP3_OPTIONS, leaveOnServer: true, deleteWhenDeletedHere: false }, now)).toBe(false);
  });
});
