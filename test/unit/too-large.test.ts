import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UiEvents } from '../../main/base/ui-events';
import { MailService } from '../../main/mailbox/mail-service';
import { transaction } from '../../main/store/database';
import { FoldersRepo } from '../../main/store/folders-repo';
import { RemoteContentRepo } from '../../main/store/remote-content-repo';
import { SyncCounts } from '../../main/store/sync-counts';
import { MAX_DOWNLOAD_BYTES } from '../../shared/mail';
import { messageStoreIn } from '../helpers/message-store';

// A message larger than Tidings downloads (a server's RFC822.SIZE over
// MAX_DOWNLOAD_BYTES, e.g. a 1.2 GB one) is listed with its headers but never
// asked for: the body download passes it by, and the sidebar's figure does
// not wait for it, so the rest of the account syncs and says "Up to date".

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function header(uid: number, size: number) {
  return {
    uid,
    messageId: `<m${uid}@x.test>`,
    inReplyTo: null,
    references: [],
    subject: `Message ${uid}`,
    from: null,
    to: [],
    cc: [],
    replyTo: [],
    date: 1_700_000_000_000 + uid,
    flags: 0,
    keywords: [],
    size,
  };
}

describe('a message too large to download', () => {
  it('is listed, but neither downloaded nor waited for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-too-large-'));
    dirs.push(dir);
    const { db, messages, folderId } = messageStoreIn(dir);
    const huge = Math.round(1.2 * 1024 ** 3);
    transaction(db, () => messages.upsertHeaders('a', folderId, [header(1, 2_000), header(2, huge), header(3, MAX_DOWNLOAD_BYTES)]));
    const listed = messages.byUids(folderId, [1, 2, 3]);
    expect(listed.map((m) => m.size).sort((a, b) => a - b)).toEqual([2_000, MAX_DOWNLOAD_BYTES, huge]);
    // The download asks for the others only (the limit itself is still downloaded).
    const uidsOf = (rows: { uid: number }[]) => rows.map((r) => r.uid).sort();
    expect(uidsOf(messages.withoutBody('a', 10))).toEqual([1, 3]);
    expect(uidsOf(messages.withoutBodyIn('a', folderId, 10))).toEqual([1, 3]);
    // The figure: three messages, two bodies to come; the huge one is not waited for.
    const counts = new SyncCounts(db).bodies('a');
    expect(counts).toEqual({ total: 3, missing: 2 });
  });

  it('opens in the reader as too large to download, without asking the server for it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-too-large-'));
    dirs.push(dir);
    const store = messageStoreIn(dir);
    const huge = Math.round(1.2 * 1024 ** 3);
    transaction(store.db, () => store.messages.upsertHeaders('a', store.folderId, [header(7, huge)]));
    const fetched: number[] = [];
    const mail = new MailService({
      folders: new FoldersRepo(store.db),
      messages: store.messages,
      remote: new RemoteContentRepo(store.db),
      events: new UiEvents(),
      parse: () => Promise.reject(new Error('not needed')),
      fetchBodyNow: async (_accountId, id) => {
        fetched.push(id);
        return false;
      },
      poke: () => undefined,
      dataDir: dir,
      isLocal: () => false,
      usesLabels: () => false,
      searchServer: () => Promise.reject(new Error('not needed')),
    });
    const [row] = store.messages.byUids(store.folderId, [7]);
    const detail = await mail.get(row?.id as number);
    expect(detail).toMatchObject({ body: 'too_large', size: huge, subject: 'Message 7', text: '', html: null });
    expect(fetched).toEqual([]);
  });
});
