import { describe, expect, it } from 'vitest';
import type { ServerFolderStatus } from '../../../main/imap/folder-status';
import { type PassFolder, planPass } from '../../../main/sync/pass-plan';

function folder(id: number, over: Partial<PassFolder> = {}): PassFolder {
  return { id, path: `F${id}`, selectable: true, total: 0, uidvalidity: null, uidnext: null, highestmodseq: null, ...over };
}
const synced = { uidvalidity: 7, uidnext: 11, highestmodseq: 100, total: 3 };
const same: ServerFolderStatus = { uidValidity: 7, uidNext: 11, highestModseq: 100, messages: 3 };

describe('planPass', () => {
  it('selects every selectable folder when the server gave no STATUS (no LIST-STATUS)', () => {
    const plan = planPass([folder(1), folder(2, { selectable: false }), folder(3, synced)], undefined);
    expect(plan).toEqual({ sync: [1, 3], firstSyncedEmpty: [] });
  });

  it('stores an empty folder never synced from its STATUS instead of selecting it', () => {
    const status: ServerFolderStatus = { uidValidity: 5, uidNext: 1, highestModseq: 1, messages: 0 };
    const plan = planPass([folder(1)], new Map([['F1', status]]));
    expect(plan).toEqual({ sync: [], firstSyncedEmpty: [{ id: 1, state: { uidvalidity: 5, uidnext: 1, highestmodseq: 1 } }] });
  });

  it('selects a folder never synced that has mail, and one whose first sync began', () => {
    const withMail: ServerFolderStatus = { uidValidity: 5, uidNext: 4, highestModseq: 3, messages: 3 };
    const empty: ServerFolderStatus = { uidValidity: 5, uidNext: 1, highestModseq: 1, messages: 0 };
    const plan = planPass(
      [folder(1), folder(2, { uidvalidity: 5 })],
      new Map([
        ['F1', withMail],
        ['F2', empty],
      ]),
    );
    expect(plan).toEqual({ sync: [1, 2], firstSyncedEmpty: [] });
  });

  it('leaves out a synced folder whose STATUS is what the store knows, and selects one that differs in anything', () => {
    const folders = [
      folder(1, synced),
      folder(2, synced),
      folder(3, synced),
      folder(4, synced),
      folder(5, synced),
      folder(6, { ...synced, uidvalidity: -1 }), // marked for a full re-read
    ];
    const statuses = new Map<string, ServerFolderStatus>([
      ['F1', same],
      ['F2', { ...same, uidNext: 12 }],
      ['F3', { ...same, highestModseq: 101 }],
      ['F4', { ...same, messages: 2 }],
      ['F5', { ...same, uidValidity: 8 }],
      ['F6', same],
    ]);
    expect(planPass(folders, statuses)).toEqual({ sync: [2, 3, 4, 5, 6], firstSyncedEmpty: [] });
  });

  it('without CONDSTORE (no HIGHESTMODSEQ) selects every synced folder: a flag changed elsewhere shows in no STATUS item', () => {
    const plan = planPass([folder(1, { ...synced, highestmodseq: null })], new Map([['F1', { ...same, highestModseq: null }]]));
    expect(plan.sync).toEqual([1]);
  });

  it('selects a folder the server gave no STATUS for', () => {
    expect(planPass([folder(1, synced)], new Map([['F2', same]])).sync).toEqual([1]);
  });
});
