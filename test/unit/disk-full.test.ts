import { describe, expect, it } from 'vitest';
import { toErrorShape } from '../../main/api/dispatcher';
import { isDiskFull } from '../../main/base/disk-full';
import { describeFailure } from '../../main/net/connection-failure';

// A full disk is told as such wherever it is met: an API call, a sync.

describe('a full disk', () => {
  const sqliteFull = Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 });
  const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

  it('is recognised from SQLite, from Node, and wrapped', () => {
    expect(isDiskFull(sqliteFull)).toBe(true);
    expect(isDiskFull(enospc)).toBe(true);
    expect(isDiskFull(new Error('storing failed', { cause: enospc }))).toBe(true);
    expect(isDiskFull(new Error('database is locked'))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
  });

  it('reaches the user as disk_full, in words, not as an internal error or a server problem', () => {
    expect(toErrorShape(sqliteFull)).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/disk .* is full/) });
    expect(describeFailure(enospc, { host: 'imap.example.com', port: 993, label: 'IMAP' })).toMatchObject({ code: 'disk_full' });
  });
});
