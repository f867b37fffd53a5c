import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, transaction } from '../../main/store/database';
import { DraftsRepo } from '../../main/store/drafts-repo';
import { FLAG } from '../../main/store/flags';
import { FoldersRepo } from '../../main/store/folders-repo';
import { IdentitiesRepo } from '../../main/store/identities-repo';
import type { BodyRecord, HeaderRecord, MessagesRepo } from '../../main/store/messages-repo';
import { OpsRepo, type ServerOp } from '../../main/store/ops-repo';
import { OutboxRepo } from '../../main/store/outbox-repo';
import { Pop3UidlsRepo } from '../../main/store/pop3-uidls-repo';
import type { SourceRef } from '../../main/store/source-files';
import type { DraftFields, Identity } from '../../shared/compose';
import { messageStoreIn, searchFor } from '../helpers/message-store';

// The repositories own their transactions (store/README.md): each method
// that writes lands whole or not at all, also when it writes several tables.
// A failure is made inside each one with a temporary trigger that aborts a
// chosen statement; whatever the method wrote before it must be gone.

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function store(): Promise<{ db: Database; messages: MessagesRepo; folderId: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-store-tx-'));
  dirs.push(dir);
  return messageStoreIn(dir);
}

/** Makes the next writes that match fail, as a full disk or a broken constraint would, until the returned function is called. */
function failOn(db: Database, table: string, event: 'INSERT' | 'UPDATE' | 'DELETE', when = '1'): () => void {
  const name = `fail_${table}_${event.toLowerCase()}`;
  db.exec(`CREATE TEMP TRIGGER ${name} BEFORE ${event} ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  return () => db.exec(`DROP TRIGGER temp.${name}`);
}

function count(db: Database, table: string, where = '1'): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
}

function header(uid: number, extra: Partial<HeaderRecord> = {}): HeaderRecord {
  return {
    uid,
    messageId: `<m${uid}@x.test>`,
    inReplyTo: null,
    references: [],
    subject: `Message ${uid}`,
    from: { name: 'Zoë Quartermaine', address: 'zoe@sender.test' },
    to: [],
    cc: [],
    replyTo: [],
    date: 1_700_000_000_000 + uid,
    flags: 0,
    keywords: [],
    size: 100,
    ...extra,
  };
}

function body(text: string): BodyRecord {
  return { raw: Buffer.from(`Subject: x\r\n\r\n${text}\r\n`), parsed: true, snippet: text, hasAttachments: false, searchText: text };
}

/** `n` messages in the Inbox; their ids, in UID order. */
function withMessages(messages: MessagesRepo, folderId: number, n: number): number[] {
  messages.upsertHeaders(
    'a',
    folderId,
    Array.from({ length: n }, (_, i) => header(i + 1)),
  );
  return messages
    .withoutBody('a', n)
    .sort((x, y) => x.uid - y.uid)
    .map((m) => m.id);
}

const flagsOp = (uids: number[]): ServerOp => ({
  accountId: 'a',
  op: { kind: 'flags', folderPath: 'INBOX', uidvalidity: 1, uids, add: ['\\Seen'], remove: [] },
});

describe('transaction()', () => {
  it('nests as a savepoint: an inner failure undoes only the inner writes, an outer one undoes everything', async () => {
    const { db } = await store();
    const ops = new OpsRepo(db);
    transaction(db, () => {
      ops.enqueue('a', flagsOp([1]).op);
      expect(() =>
        transaction(db, () => {
          ops.enqueue('a', flagsOp([2]).op);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      transaction(db, () => ops.enqueue('a', flagsOp([3]).op));
    });
    expect(ops.next('a').map((q) => (q.op as { uids: number[] }).uids[0])).toEqual([1, 3]);

    expect(() =>
      transaction(db, () => {
        transaction(db, () => ops.enqueue('a', flagsOp([4]).op));
        throw new Error('outer');
      }),
    ).toThrow('outer');
    expect(ops.count('a')).toBe(2);
    expect(db.isTransaction).toBe(false);
  });

  it('passes on the error itself when SQLite rolled the transaction back already (a full disk does)', async () => {
    const { db } = await store();
    const ops = new OpsRepo(db);
    // As SQLITE_FULL leaves it: the transaction gone, then the error thrown.
    const full = () => {
      db.exec('ROLLBACK');
      throw new Error('database or disk is full');
    };
    expect(() => transaction(db, full)).toThrow('database or disk is full');
    expect(() =>
      transaction(db, () => {
        ops.enqueue('a', flagsOp([5]).op);
        transaction(db, full);
      }),
    ).toThrow('database or disk is full');
    expect(db.isTransaction).toBe(false);
    // And the connection goes on working.
    transaction(db, () => ops.enqueue('a', flagsOp([6]).op));
    expect(ops.next('a').map((q) => (q.op as { uids: number[] }).uids[0])).toEqual([6]);
  });
});

describe('MessagesRepo', () => {
  it('stores a batch of headers whole or not at all', async () => {
    const { db, messages, folderId } = await store();
    const stop = failOn(db, 'messages', 'INSERT', 'new.uid = 3');
    expect(() => messages.upsertHeaders('a', folderId, [header(1), header(2), header(3)])).toThrow('injected failure');
    expect(count(db, 'messages')).toBe(0);
    stop();
    expect(messages.upsertHeaders('a', folderId, [header(1), header(2), header(3)])).toBe(3);
  });

  it('deletes UIDs and applies server flags in one transaction each', async () => {
    const { db, messages, folderId } = await store();
    withMessages(messages, folderId, 3);
    const stop = failOn(db, 'messages', 'DELETE', 'old.uid = 2');
    expect(() => messages.deleteUids(folderId, [1, 2])).toThrow('injected failure');
    expect(messages.uids(folderId)).toEqual([1, 2, 3]);
    stop();
    expect(messages.deleteUids(folderId, [1, 2, 9])).toBe(2);
    expect(messages.uids(folderId)).toEqual([3]);

    messages.upsertHeaders('a', folderId, [header(4), header(5)]);
    const stopFlags = failOn(db, 'messages', 'UPDATE', 'new.uid = 5');
    expect(() =>
      messages.setServerFlags(folderId, [
        { uid: 4, flags: FLAG.seen, keywords: [] },
        { uid: 5, flags: FLAG.seen, keywords: [] },
      ]),
    ).toThrow('injected failure');
    expect(count(db, 'messages', 'flags != 0')).toBe(0);
    stopFlags();
    // Counted: only what changed (5 is unchanged the second time, 3 gains a keyword).
    expect(
      messages.setServerFlags(folderId, [
        { uid: 4, flags: FLAG.seen, keywords: [] },
        { uid: 5, flags: FLAG.seen, keywords: [] },
      ]),
    ).toBe(2);
    expect(
      messages.setServerFlags(folderId, [
        { uid: 5, flags: FLAG.seen, keywords: [] },
        { uid: 3, flags: 0, keywords: ['$Work'] },
      ]),
    ).toBe(1);
  });

  it('stores a batch of bodies with their index entries whole or not at all', async () => {
    const { db, messages, folderId } = await store();
    const ids = withMessages(messages, folderId, 3);
    const texts = ['walrus', 'narwhal', 'dugong'];
    const written = await messages.writeSources(texts.map((t) => body(t).raw));
    const batch = ids.map((id, i) => ({ id, body: body(texts[i] as string), written: written[i] }));
    const stop = failOn(db, 'messages', 'UPDATE', `new.id = ${ids[2]} AND new.body_state != 0`);
    expect(() => messages.storeBodies(batch)).toThrow('injected failure');
    expect(count(db, 'messages', 'body_state != 0 OR source_file IS NOT NULL')).toBe(0);
    expect(searchFor(messages, 'walrus', { accountId: 'a' })).toEqual([]);
    stop();
    // Newest first, as the downloader hands them over: stored all the same.
    expect(messages.storeBodies([...batch].reverse())).toBe(3);
    expect(searchFor(messages, 'narwhal', { accountId: 'a' }).map((m) => m.id)).toEqual([ids[1]]);
    expect(Buffer.from(messages.source(ids[2] as number) ?? []).toString()).toContain('dugong');
    // Stored already: nothing twice.
    expect(messages.storeBodies(batch)).toBe(0);
  });

  it('applies a local change and queues its op in one transaction', async () => {
    const { db, messages, folderId } = await store();
    const [first, second] = withMessages(messages, folderId, 2) as [number, number];
    const ops = new OpsRepo(db);

    const stop = failOn(db, 'pending_ops', 'INSERT');
    expect(() => messages.setLocalFlags([first, second], FLAG.seen, 0, [flagsOp([1, 2])])).toThrow('injected failure');
    expect(() => messages.deleteLocal([first], [flagsOp([1])])).toThrow('injected failure');
    expect(count(db, 'messages', `(flags & ${FLAG.seen}) != 0`)).toBe(0);
    expect(count(db, 'messages')).toBe(2);
    stop();

    messages.setLocalFlags([first, second], FLAG.seen, 0, [flagsOp([1, 2])]);
    expect(count(db, 'messages', `(flags & ${FLAG.seen}) != 0`)).toBe(2);
    expect(ops.count('a')).toBe(1);

    const trash = new FoldersRepo(db).addLocal('a', {
      path: 'Trash',
      name: 'Trash',
      delimiter: '/',
      parentPath: null,
      role: 'trash',
      subscribed: true,
      selectable: true,
    });
    const stopMove = failOn(db, 'messages', 'UPDATE', `new.id = ${second}`);
    expect(() => messages.moveLocal([first, second], trash, [flagsOp([9])])).toThrow('injected failure');
    expect(messages.get(first)?.folder_id).toBe(folderId);
    expect(ops.count('a')).toBe(1);
    stopMove();
    messages.moveLocal([first, second], trash, [flagsOp([9])]);
    expect(messages.get(first)).toMatchObject({ folder_id: trash, uid: null });
    expect(ops.count('a')).toBe(2);

    messages.setUids([
      { id: first, uid: 41 },
      { id: second, uid: 42 },
    ]);
    expect(messages.uids(trash)).toEqual([41, 42]);
  });

  it('stores a copy of a sent message with its APPEND, once', async () => {
    const { db, messages, folderId } = await store();
    const { uid: _uid, ...record } = header(7, { messageId: '<sent@x.test>', flags: FLAG.seen });
    const copy = { ...record, messageId: '<sent@x.test>' };
    const stop = failOn(db, 'pending_ops', 'INSERT');
    expect(() => messages.storeCopy('a', folderId, copy, body('kept'), { folderPath: 'INBOX', flags: ['\\Seen'] })).toThrow(
      'injected failure',
    );
    expect(count(db, 'messages')).toBe(0);
    stop();

    const rowId = messages.storeCopy('a', folderId, copy, body('kept'), { folderPath: 'INBOX', flags: ['\\Seen'] });
    expect(rowId).toBeTypeOf('number');
    expect(messages.get(rowId as number)).toMatchObject({ uid: null, body_state: 1 });
    expect(new OpsRepo(db).next('a').map((q) => q.op)).toEqual([
      { kind: 'append', folderPath: 'INBOX', rowId, messageId: '<sent@x.test>', flags: ['\\Seen'] },
    ]);
    expect(messages.storeCopy('a', folderId, copy, body('kept'))).toBeUndefined();
    expect(count(db, 'messages')).toBe(1);
  });

  it('stores downloaded messages with their UIDLs whole or not at all, and a batch twice only once', async () => {
    const { db, messages, folderId } = await store();
    const uidls = new Pop3UidlsRepo(db);
    const texts = ['one', 'two'];
    const written = await messages.writeSources(texts.map((t) => body(t).raw));
    const batch = texts.map((text, i) => {
      const { uid: _uid, ...record } = header(i + 1);
      return { uidl: `uidl-${text}`, header: record, body: body(text), written: written[i] as SourceRef };
    });
    const stop = failOn(db, 'pop3_uidls', 'INSERT', "new.uidl = 'uidl-two'");
    expect(() => messages.storeDownloaded('a', folderId, 1_000, batch)).toThrow('injected failure');
    expect(count(db, 'messages')).toBe(0);
    expect(uidls.downloaded('a').size).toBe(0);
    stop();

    messages.storeDownloaded('a', folderId, 1_000, batch);
    messages.storeDownloaded('a', folderId, 2_000, batch);
    expect(count(db, 'messages', 'body_state = 1')).toBe(2);
    expect([...uidls.downloaded('a').keys()].sort()).toEqual(['uidl-one', 'uidl-two']);
    expect(searchFor(messages, 'two', { accountId: 'a' })).toHaveLength(1);

    const stopForget = failOn(db, 'pop3_uidls', 'DELETE', "old.uidl = 'uidl-two'");
    expect(() => uidls.forget('a', ['uidl-one', 'uidl-two'])).toThrow('injected failure');
    expect(uidls.downloaded('a').size).toBe(2);
    stopForget();
    uidls.forget('a', ['uidl-one', 'uidl-two']);
    expect(uidls.downloaded('a').size).toBe(0);
  });
});

describe('FoldersRepo', () => {
  const folder = (path: string, parentPath: string | null = null) => ({
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    delimiter: '/',
    parentPath,
    role: null,
    subscribed: true,
    selectable: true,
  });

  it('replaces the tree, renames a subtree and adds local folders in one transaction each', async () => {
    const { db } = await store();
    const folders = new FoldersRepo(db);
    const paths = () =>
      folders
        .list('a')
        .map((f) => f.path)
        .sort();
    const inbox = { ...folder('INBOX'), role: 'inbox' as const };

    const stop = failOn(db, 'folders', 'INSERT', "new.path = 'B'");
    expect(() => folders.replaceAll('a', [inbox, folder('A'), folder('B')])).toThrow('injected failure');
    expect(() => folders.addLocalAll('a', [folder('A'), folder('B')])).toThrow('injected failure');
    expect(paths()).toEqual(['INBOX']);
    stop();
    expect(folders.replaceAll('a', [inbox, folder('A'), folder('A/x', 'A'), folder('A/x/y', 'A/x')])).toBe(true);

    const stopRename = failOn(db, 'folders', 'UPDATE', "old.path = 'A/x/y'");
    expect(() => folders.renamePath('a', 'A', 'Z', '/')).toThrow('injected failure');
    expect(paths()).toEqual(['A', 'A/x', 'A/x/y', 'INBOX']);
    stopRename();
    folders.renamePath('a', 'A', 'Z', '/');
    expect(paths()).toEqual(['INBOX', 'Z', 'Z/x', 'Z/x/y']);
  });
});

describe('IdentitiesRepo', () => {
  it('replaces an account’s identities whole or not at all', async () => {
    const { db } = await store();
    const identities = new IdentitiesRepo(db);
    const identity = (id: string, isDefault = false): Identity => ({
      id,
      accountId: 'a',
      name: id,
      address: `${id}@x.test`,
      replyTo: null,
      signature: '',
      signatureHtml: null,
      isDefault,
    });
    identities.replace('a', [identity('i_old', true)]);
    const stop = failOn(db, 'identities', 'INSERT', "new.id = 'i_two'");
    expect(() => identities.replace('a', [identity('i_one', true), identity('i_two')])).toThrow('injected failure');
    expect(identities.list('a').map((i) => i.id)).toEqual(['i_old']);
    stop();
    identities.replace('a', [identity('i_one', true), identity('i_two')]);
    expect(identities.list('a').map((i) => i.id)).toEqual(['i_one', 'i_two']);
  });
});

describe('DraftsRepo and OutboxRepo', () => {
  const fields: DraftFields = {
    accountId: 'a',
    identityId: null,
    to: [{ name: '', address: 'bob@x.test' }],
    cc: [],
    bcc: [],
    subject: 'Hello',
    body: { format: 'plain', text: 'Hi' },
    attachments: [],
    inReplyTo: null,
    references: [],
    source: null,
  };
  const draftOp = (draftId: string): ServerOp => ({ accountId: 'a', op: { kind: 'draft', folderPath: 'Drafts', draftId } });

  it('saves and deletes a draft with its server copy’s op, whole or not at all', async () => {
    const { db } = await store();
    const drafts = new DraftsRepo(db);
    const ops = new OpsRepo(db);
    const stop = failOn(db, 'pending_ops', 'INSERT');
    expect(() => drafts.put('d_1', fields, '2026-01-01T00:00:00Z', [draftOp('d_1')])).toThrow('injected failure');
    expect(drafts.get('d_1')).toBeUndefined();
    stop();
    // Saved twice: one op waits (the latest version is what gets uploaded).
    drafts.put('d_1', fields, '2026-01-01T00:00:00Z', [draftOp('d_1')]);
    expect(drafts.put('d_1', fields, '2026-01-01T00:01:00Z', [draftOp('d_1')])).toBe(2);
    expect(ops.count('a')).toBe(1);

    const stopDelete = failOn(db, 'pending_ops', 'INSERT');
    expect(() => drafts.delete('d_1', [draftOp('d_1')])).toThrow('injected failure');
    expect(drafts.get('d_1')).toBeDefined();
    stopDelete();
    expect(drafts.delete('d_1', [draftOp('d_1')])).toBe(true);
    expect(drafts.get('d_1')).toBeUndefined();
    expect(ops.count('a')).toBe(1);
  });

  it('stores an uploaded chunk or a whole attachment whole or not at all', async () => {
    const { db } = await store();
    const drafts = new DraftsRepo(db);
    const stop = failOn(db, 'compose_attachments', 'UPDATE', 'new.complete = 1');
    expect(() => drafts.putAttachment('a_1', 'x.txt', 'text/plain', Buffer.from('hello'))).toThrow('injected failure');
    expect(drafts.attachment('a_1')).toBeUndefined();
    expect(count(db, 'compose_attachment_chunks')).toBe(0);
    stop();

    drafts.beginAttachment('a_2', 'y.txt', 'text/plain', 10);
    const stopChunk = failOn(db, 'compose_attachments', 'UPDATE');
    expect(() => drafts.appendChunk('a_2', 0, Buffer.from('hello'))).toThrow('injected failure');
    expect(count(db, 'compose_attachment_chunks')).toBe(0);
    stopChunk();
    drafts.appendChunk('a_2', 0, Buffer.from('hello'));
    expect(drafts.attachment('a_2')?.received).toBe(5);
  });

  it('takes a sent message out of the outbox together with its draft', async () => {
    const { db } = await store();
    const drafts = new DraftsRepo(db);
    const outbox = new OutboxRepo(db);
    drafts.put('d_1', fields, '2026-01-01T00:00:00Z');
    outbox.insert(
      {
        id: 'o_1',
        accountId: 'a',
        draftId: 'd_1',
        messageId: '<o1@x.test>',
        envelope: { from: 'a@x.test', to: ['bob@x.test'] },
        subject: 'Hello',
        recipients: [{ name: '', address: 'bob@x.test' }],
        source: null,
        state: 'accepted',
        sendAt: 0,
        createdAt: '2026-01-01T00:00:00Z',
      },
      Buffer.from('Subject: Hello\r\n\r\nHi\r\n'),
    );
    const stop = failOn(db, 'drafts', 'DELETE');
    expect(() => outbox.finish('o_1', { id: 'd_1', serverCopies: [draftOp('d_1')] })).toThrow('injected failure');
    expect(outbox.get('o_1')).toBeDefined();
    expect(new OpsRepo(db).count('a')).toBe(0);
    stop();
    outbox.finish('o_1', { id: 'd_1', serverCopies: [draftOp('d_1')] });
    expect(outbox.get('o_1')).toBeUndefined();
    expect(drafts.get('d_1')).toBeUndefined();
    expect(new OpsRepo(db).count('a')).toBe(1);
  });
});
