import { expect } from 'vitest';
import { quickExtract } from '../../../main/mime/quick-extract.ts';
import { recordOf } from '../../../main/sync/body-record.ts';
import { recordByParseMessage } from './oracle.ts';

// Shared by the fast path's oracle tests (quick-extract*.test.ts), which are
// split over files so that vitest runs them side by side.

/** The fast path's record, or null when it leaves the message to parseMessage. */
export function quickRecord(raw: Buffer) {
  const digest = quickExtract(raw);
  return digest ? recordOf(raw, digest) : null;
}

/** Every message the fast path takes gets parseMessage's record; returns how many it took. */
export async function expectSameRecords(messages: Iterable<{ raw: Buffer; name: string }>): Promise<{ taken: number; total: number }> {
  let taken = 0;
  let total = 0;
  for (const { raw, name } of messages) {
    total++;
    const quick = quickRecord(raw);
    if (!quick) continue;
    taken++;
    // the name goes along so that a failure says which message
    expect({ name, record: quick }).toEqual({ name, record: await recordByParseMessage(raw) });
  }
  return { taken, total };
}

export const share = ({ taken, total }: { taken: number; total: number }) => `${taken}/${total} (${((taken / total) * 100).toFixed(1)}%)`;
