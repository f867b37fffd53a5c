import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, transaction } from '../../main/store/database';
import type { BodyRecord, MessagesRepo } from '../../main/store/messages-repo';
import { SourceFiles } from '../../main/store/source-files';
import { messageStoreIn, searchFor } from '../helpers/message-store';

// Raw messages are files beside the database (store/source-files.ts); the
// rows say which. These tests hold the two together: whatever happens to a
// row or a file, nothing is served wrong, nothing is left behind.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

interface Fixture {
  db: Database;
  messages: MessagesRepo;
  files: SourceFiles;
  folderId: number;
  dbFile: string;
}

async function fixture(count: number): Promise<Fixture & { ids: number[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-sources-'));
  dirs.push(dir);
  const { db, dbFile, messages, files, folderId } = messageStoreIn(dir);
  const headers = Array.from({ length: count }, (_, i) => ({
    uid: i + 1,
    messageId: `<m${i}@x.test>`,
    inReplyTo: null,
    references: [],
    subject: `Message ${i}`,
    from: i === 0 ? { name: 'Zoë Quartermaine', address: 'zoe@sender.test' } : null,
    to: i === 0 ? [{ name: '', address: 'first-to@x.test' }] : [],
    cc: i === 0 ? [{ name: 'Carla Ccworth', address: 'carla@cc.test' }] : [],
    replyTo: [],
    date: 1_700_000_000_000 + i,
    flags: 0,
    keywords: [],
    size: 100,
  }));
  transaction(db, () => messages.upsertHeaders('a', folderId, headers));
  const ids = messages.withoutBody('a', count).map((m) => m.id);
  return { db, messages, files, folderId, dbFile, ids };
}

function body(text: string): BodyRecord {
  return {
    raw: Buffer.from(`Subject: x\r\n\r\n${text}\r\n`),
    parsed: true,
    snippet: text,
    hasAttachments: false,
    searchText: text,
  };
}

describe('raw sources as files', () => {
  it('stores each body once, as a file the row names, and serves its exact bytes', async () => {
    const { db, messages, files, ids } = await fixture(2);
    const [first] = ids as [number];
    expect(transaction(db, () => messages.storeBody(first, body('zebra')))).toBe(true);
    // A second copy of the same body (an urgent fetch racing the background one) changes nothing.
    expect(transaction(db, () => messages.storeBody(first, body('other')))).toBe(false);
    expect(Buffer.from(messages.source(first) as Uint8Array).toString()).toBe('Subject: x\r\n\r\nzebra\r\n');
    expect(files.list()).toHaveLength(1);
    expect(searchFor(messages, 'zebra', { accountId: 'a' }).map((m) => m.id)).toEqual([first]);
    expect(searchFor(messages, 'other', { accountId: 'a' })).toEqual([]);
  });

  it("indexes the subject and every address as the row has them (the list's), with the body's text", async () => {
    const { db, messages, ids } = await fixture(2);
    const first = ids.find((id) => messages.get(id)?.subject === 'Message 0') as number;
    transaction(db, () => {
      for (const id of ids) messages.storeBody(id, body('zebra'));
    });
    const found = (query: string) => searchFor(messages, query, { accountId: 'a' }).map((m) => m.id);
    expect(found('"Message 0"')).toEqual([first]); // the row's subject
    expect(found('ccworth zoe zebra')).toEqual([first]); // every word, from any column
    expect(found('zoe')).toEqual([first]); // diacritics folded
    expect(found('quartermaine')).toEqual([first]);
    expect(found('"first-to"')).toEqual([first]);
    expect(found('ccworth')).toEqual([first]);
    expect(found('"carla@cc.test"')).toEqual([first]);
  });

  it('removes the file of a deleted message, and only that one', async () => {
    const { db, messages, files, folderId, ids } = await fixture(3);
    transaction(db, () => {
      for (const id of ids) messages.storeBody(id, body(`text ${id}`));
    });
    const before = files.list();
    expect(before).toHaveLength(3);
    transaction(db, () => messages.deleteUids(folderId, [1]));
    const gone = messages.withoutBody('a', 10).length; // nothing is waiting: the other two keep their bodies
    expect(gone).toBe(0);
    expect(messages.collectSourceGarbage()).toBe(1);
    expect(files.list()).toHaveLength(2);
    for (const id of ids.filter((id) => messages.get(id))) expect(messages.source(id)).toBeDefined();
    expect(messages.collectSourceGarbage()).toBe(0); // the queue is empty afterwards
  });

  it('a file lost (e.g. to a power cut) puts its message back in the download queue and out of the index', async () => {
    const { db, messages, files, ids, dbFile } = await fixture(1);
    const [id] = ids as [number];
    transaction(db, () => messages.storeBody(id, body('walrus')));
    const [name] = files.list() as [string];
    files.remove(name);
    expect(messages.source(id)).toBeUndefined();
    expect(messages.withoutBody('a', 10).map((m) => m.id)).toEqual([id]);
    expect(searchFor(messages, 'walrus', { accountId: 'a' })).toEqual([]);
    // Fetched again, it is whole again.
    expect(transaction(db, () => messages.storeBody(id, body('walrus')))).toBe(true);
    expect(searchFor(messages, 'walrus', { accountId: 'a' }).map((m) => m.id)).toEqual([id]);
    expect(existsSync(dbFile)).toBe(true);
  });

  it('sweeps files no row refers to (a crash between writing and committing), keeping every referenced one', async () => {
    const { db, messages, files, ids } = await fixture(2);
    transaction(db, () => messages.storeBody(ids[0] as number, body('kept')));
    // A batch whose transaction never committed: its file stays behind.
    expect(() =>
      transaction(db, () => {
        messages.storeBody(ids[1] as number, body('lost'));
        throw new Error('crash');
      }),
    ).toThrow('crash');
    const half = join(files.dir, 'ab/0123456789abcdef.eml.tmp'); // and an older version's half-written one
    mkdirSync(dirname(half), { recursive: true });
    writeFileSync(half, 'half');
    writeFileSync(join(files.dir, 'ab/notes.txt'), 'not a source'); // not ours: left alone
    expect(files.list().length).toBe(3);
    // Just written, they may be commits in progress elsewhere: left alone for now.
    expect(messages.sweepOrphanSources()).toBe(0);
    // A minute later (the next start), they are leftovers.
    const aMinuteAgo = new Date(Date.now() - 61_000);
    for (const file of files.list()) utimesSync(join(files.dir, file), aMinuteAgo, aMinuteAgo);
    expect(messages.sweepOrphanSources()).toBe(2);
    expect(files.list()).toHaveLength(1);
    expect(Buffer.from(messages.source(ids[0] as number) as Uint8Array).toString()).toContain('kept');
    expect(messages.withoutBody('a', 10).map((m) => m.id)).toEqual([ids[1]]);
  });

  it('writes a batch as one pack, serves each message from its slice, and frees the pack as its messages go', async () => {
    const { db, messages, files, folderId, ids } = await fixture(4);
    const texts = ids.map((id) => `body of ${id} ${'x'.repeat(id * 37)}`);
    const refs = await messages.writeSources(texts.map((t) => body(t).raw));
    expect(new Set(refs.map((r) => r.file)).size).toBe(1);
    transaction(db, () => {
      ids.forEach((id, i) => {
        messages.storeBody(id, body(texts[i] as string), refs[i]);
      });
    });
    expect(files.list()).toHaveLength(1);
    const served = () =>
      new Map(ids.filter((id) => messages.get(id)).map((id) => [id, Buffer.from(messages.source(id) as Uint8Array).toString()]));
    ids.forEach((id, i) => {
      expect(served().get(id)).toBe(`Subject: x\r\n\r\n${texts[i]}\r\n`);
    });

    // One of four gone: the pack is mostly alive and stays as it is.
    const uidOf = (id: number) => messages.get(id)?.uid as number;
    transaction(db, () => messages.deleteUids(folderId, [uidOf(ids[0] as number)]));
    expect(messages.collectSourceGarbage()).toBe(0);
    expect(files.list()).toEqual([refs[0]?.file]);
    // Three of four gone: the last one moves to a pack of its own, the old pack goes.
    transaction(db, () => messages.deleteUids(folderId, [uidOf(ids[1] as number), uidOf(ids[2] as number)]));
    expect(messages.collectSourceGarbage()).toBe(1);
    const [repacked] = files.list();
    expect(repacked).not.toBe(refs[0]?.file);
    expect(files.size(repacked as string)).toBe(refs[3]?.length);
    expect([...served().entries()]).toEqual([[ids[3], `Subject: x\r\n\r\n${texts[3]}\r\n`]]);
    expect(searchFor(messages, 'body', { accountId: 'a' }).map((m) => m.id)).toEqual([ids[3]]);
    // The last one gone: nothing is left.
    transaction(db, () => messages.deleteUids(folderId, [uidOf(ids[3] as number)]));
    expect(messages.collectSourceGarbage()).toBe(1);
    expect(files.list()).toEqual([]);
  });

  it('bytes written for a body that was stored already are freed, the stored body kept', async () => {
    const { db, messages, files, ids } = await fixture(1);
    const [id] = ids as [number];
    transaction(db, () => messages.storeBody(id, body('first')));
    const [again] = await messages.writeSources([body('second').raw]);
    expect(transaction(db, () => messages.storeBody(id, body('second'), again))).toBe(false);
    expect(files.list()).toHaveLength(2);
    expect(messages.collectSourceGarbage()).toBe(1);
    expect(files.list()).toHaveLength(1);
    expect(Buffer.from(messages.source(id) as Uint8Array).toString()).toContain('first');
  });

  it('a pack cut short serves what it still holds whole, and sends the rest back to the download queue', async () => {
    const { db, messages, files, ids } = await fixture(2);
    const raws = ids.map((id) => body(`text ${id}`).raw);
    const refs = await messages.writeSources(raws);
    transaction(db, () => {
      ids.forEach((id, i) => {
        messages.storeBody(id, body(`text ${id}`), refs[i]);
      });
    });
    const path = join(files.dir, refs[0]?.file as string);
    writeFileSync(path, Buffer.from(raws[0] as Uint8Array)); // the second message's bytes never reached the disk
    expect(messages.source(ids[0] as number)).toBeDefined();
    expect(messages.source(ids[1] as number)).toBeUndefined();
    expect(messages.withoutBody('a', 10).map((m) => m.id)).toEqual([ids[1]]);
  });

  it('refuses a file name that is not its own (names come from the database)', async () => {
    const files = new SourceFiles(join(tmpdir(), 'nowhere'));
    expect(() => files.read({ file: '../../etc/passwd', offset: null, length: null })).toThrow(/not a source file name/);
  });
});
