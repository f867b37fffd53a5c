import { describe, expect, it } from 'vitest';
import { OneTimeCodes } from '../../main/web/one-time-codes';

// The one-time codes of `npm run web`'s addresses: each works once, and not
// after its lifetime (a clock of the test's own: nothing here waits).

describe('one-time codes', () => {
  it('are redeemed once', () => {
    const codes = new OneTimeCodes(60_000);
    const code = codes.issue();
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
    expect(codes.redeem('0'.repeat(32))).toBe(false);
    expect(codes.redeem('')).toBe(false);
  });

  it('are dead after their lifetime, and spent by a late try', () => {
    let now = 1_000_000;
    const codes = new OneTimeCodes(60_000, () => now);
    const late = codes.issue();
    const inTime = codes.issue();
    now += 59_999;
    expect(codes.redeem(inTime)).toBe(true);
    now += 1;
    expect(codes.redeem(late)).toBe(false);
  });

  it('keep at most 16 waiting: the oldest goes', () => {
    const codes = new OneTimeCodes(60_000);
    const all = Array.from({ length: 17 }, () => codes.issue());
    expect(codes.redeem(all[0] ?? '')).toBe(false);
    for (const code of all.slice(1)) expect(codes.redeem(code)).toBe(true);
  });
});
