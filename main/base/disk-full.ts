// A full disk, whichever layer met it: Node's file calls say ENOSPC, SQLite
// says SQLITE_FULL (13, "database or disk is full"). Nothing stored is lost
// then (a transaction SQLite could not finish is rolled back whole), and the
// work is tried again later like any failure, so the user only needs to be
// told what to do.

const SQLITE_FULL = 13;

export const DISK_FULL_MESSAGE =
  'The disk that holds Tidings’ data is full. Nothing already stored is lost; free some space and Tidings goes on by itself.';

/** After the disk was full, work that has to write is tried again this soon (the user is freeing space). */
export const DISK_FULL_RETRY_MS = 20_000;

/** Whether `error` (or what it wraps) is a full disk. */
export function isDiskFull(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown; cause?: unknown };
  if (e.code === 'ENOSPC' || e.errcode === SQLITE_FULL) return true;
  if (typeof e.message === 'string' && /database or disk is full|ENOSPC|no space left on device/i.test(e.message)) return true;
  return isDiskFull(e.cause, depth + 1);
}
