import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemorySecretStore } from '../../main/auth/keychain';
import { fromLine, quoteMboxrd } from '../../main/import/mbox-writer';
import type { Account } from '../../shared/accounts';
import type { Folder, MessagePage } from '../../shared/mail';
import type { ExportFile, ImportJob } from '../../shared/transfer';
import { type TempCore, tempCore } from '../helpers/core';
import { draftFor } from '../helpers/drafts';
import { appleMailBundle, maildirTree, testMessage, thunderbirdProfile } from '../helpers/import-fixtures';
import { newMailUser, otherClient } from '../helpers/mail-users';
import type { TestServers } from '../servers/types';

// Importing into a POP3 account's local folders and into an IMAP folder, and
// exporting, through the core's API as the UI calls it: every source kind,
// flags kept, bytes identical, duplicates skipped, a cut-short mbox resumed.

const servers = inject('servers') as TestServers;
let core: TempCore;
let account: Account;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tidings-import-'));
  const tb = await thunderbirdProfile(join(work, 'thunderbird'));
  core = await tempCore(new MemorySecretStore(), { thunderbirdRoots: [tb] });
  const user = await newMailUser(servers, 'imp');
  account = (await core.dispatch('accounts.add', draftFor(servers, { user, protocol: 'pop3' }))) as Account;
});
afterAll(async () => {
  await core?.dispose();
  await rm(work, { recursive: true, force: true });
});

const call = <T>(method: string, args: unknown) => core.dispatch(method, args) as Promise<T>;

async function folders(accountId = account.id): Promise<Folder[]> {
  return call<Folder[]>('folders.list', { accountId });
}

async function newFolder(name: string, accountId = account.id): Promise<Folder> {
  return call<Folder>('folders.create', { accountId, name });
}

async function finished(job: ImportJob): Promise<ImportJob> {
  await core.services.transfer.idle();
  const done = (await call<ImportJob[]>('import.list', {})).find((j) => j.id === job.id);
  if (!done) throw new Error('the import is gone');
  return done;
}

async function importPath(path: string, folderId: number, variant?: string): Promise<ImportJob> {
  const grant = core.services.transferFiles.grant(path);
  return finished(await call<ImportJob>('import.start', { source: { grant }, folderId, ...(variant ? { variant } : {}) }));
}

async function messagesIn(folder: Folder) {
  const page = await call<MessagePage>('messages.page', { folderId: folder.id, offset: 0, limit: 100 });
  return Promise.all(
    page.items.map(async (item) => ({
      ...item,
      source: Buffer.from((await call<{ source: string }>('messages.source', { id: item.id })).source, 'latin1'),
    })),
  );
}

function byPath(all: Folder[], path: string): Folder {
  const folder = all.find((f) => f.path === path);
  if (!folder) throw new Error(`no folder ${path} in ${all.map((f) => f.path).join(', ')}`);
  return folder;
}

describe('import', () => {
  it('a Thunderbird profile: nested folders, read and starred flags, expunged mail and .msf files left out', async () => {
    const profiles = await call<{ path: string; isDefault: boolean }[]>('import.thunderbirdProfiles', {});
    expect(profiles).toHaveLength(1);
    expect(profiles[0]?.isDefault).toBe(true);
    const into = await newFolder('Thunderbird');
    const job = await finished(
      await call<ImportJob>('import.start', { source: { thunderbirdProfile: profiles[0]?.path }, folderId: into.id }),
    );
    expect(job).toMatchObject({ state: 'done', kind: 'thunderbird', error: null });
    expect(job.progress).toMatchObject({ imported: 6, duplicates: 0, unreadable: 0, parts: 4 });
    const all = await folders();
    const inbox = await messagesIn(byPath(all, 'Thunderbird/Local Folders/Inbox'));
    expect(inbox.map((m) => [m.subject, m.seen, m.flagged]).sort()).toEqual([
      ['Message 1', true, false],
      ['Message 2', true, true],
      ['Message 3', false, false],
    ]);
    // mboxo: the body's "From " line was written ">From " and is "From " again; the bytes are the message's own
    expect(inbox.find((m) => m.subject === 'Message 1')?.source.toString()).toBe(
      testMessage(1, 'Read it.\nFrom the inbox.\n', 'X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\n'),
    );
    const nested = await messagesIn(byPath(all, 'Thunderbird/Local Folders/Archive/2024'));
    expect(nested.map((m) => [m.subject, m.seen, m.flagged])).toEqual([['Message 6', false, true]]);
    expect((await messagesIn(byPath(all, 'Thunderbird/pop.example.test/Inbox'))).map((m) => m.subject)).toEqual(['Message 7']);
    expect(all.some((f) => f.name.endsWith('.msf') || f.name.endsWith('.dat'))).toBe(false);

    // The same profile again: every message is a duplicate.
    const again = await finished(
      await call<ImportJob>('import.start', { source: { thunderbirdProfile: profiles[0]?.path }, folderId: into.id }),
    );
    expect(again.progress).toMatchObject({ imported: 0, duplicates: 6 });
  });

  it('an Apple Mail bundle: .emlx byte counts, plist flags, a sub-mailbox', async () => {
    const bundle = await appleMailBundle(join(work, 'apple'));
    const into = await newFolder('Apple');
    const job = await importPath(bundle, into.id);
    expect(job).toMatchObject({ state: 'done', kind: 'applemail' });
    expect(job.progress.imported).toBe(3);
    const work_ = await messagesIn(into);
    expect(work_.map((m) => [m.subject, m.seen, m.flagged]).sort()).toEqual([
      ['Message 11', true, true],
      ['Message 12', false, false],
    ]);
    expect(work_.find((m) => m.subject === 'Message 11')?.source.toString()).toBe(testMessage(11, 'Flagged and read.\n', '', true));
    expect((await messagesIn(byPath(await folders(), 'Apple/Clients'))).map((m) => [m.subject, m.seen])).toEqual([['Message 13', true]]);
  });

  it('a Maildir++ tree: .-folders, info flags, new/ unseen, trashed left out', async () => {
    const root = await maildirTree(join(work, 'maildir'));
    const into = await newFolder('Maildir');
    const job = await importPath(root, into.id);
    expect(job).toMatchObject({ state: 'done', kind: 'maildir' });
    expect(job.progress.imported).toBe(4);
    expect((await messagesIn(into)).map((m) => [m.subject, m.seen]).sort()).toEqual([
      ['Message 21', true],
      ['Message 22', false],
    ]);
    const all = await folders();
    expect((await messagesIn(byPath(all, 'Maildir/Lists'))).map((m) => [m.subject, m.seen, m.flagged])).toEqual([
      ['Message 23', true, true],
    ]);
    expect((await messagesIn(byPath(all, 'Maildir/Lists/Rust'))).map((m) => m.subject)).toEqual(['Message 24']);
  });

  it('a cut-short mbox stops with a clear message, keeps what it read, and resumes once whole', async () => {
    const path = join(work, 'cut.mbox');
    const originals = [1, 2, 3, 4, 5].map((n) => testMessage(30 + n, `Part ${n}.\nFrom a line.\n>From another.\n`));
    const entries = originals.map((m) =>
      Buffer.concat([Buffer.from(fromLine('x@example.test', Date.UTC(2026, 0, 1))), ...quoteMboxrd(Buffer.from(m))]),
    );
    const whole = Buffer.concat(entries);
    await writeFile(path, whole);
    const fourth = entries.slice(0, 3).reduce((sum, entry) => sum + entry.length, 0);
    await truncate(path, fourth + 101); // just after a line of the fourth message's headers
    const into = await newFolder('Cut');
    const failed = await importPath(path, into.id, 'mboxrd');
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/ends in the middle of a message/);
    expect(failed.progress.imported).toBe(3);
    expect((await messagesIn(into)).length).toBe(3);

    await writeFile(path, whole);
    await call('import.resume', { id: failed.id });
    const resumed = await finished(failed);
    expect(resumed).toMatchObject({ state: 'done', error: null });
    expect(resumed.progress).toMatchObject({ imported: 5, duplicates: 0 });
    const stored = await messagesIn(into);
    expect(stored.map((m) => m.source.toString()).sort()).toEqual([...originals].sort());
  });

  it('stops when asked, keeps what it stored, and resumes to the end without duplicates', async () => {
    const path = join(work, 'long.mbox');
    const originals = Array.from({ length: 600 }, (_, i) => testMessage(1000 + i, `Long ${i}.\n`));
    await writeFile(path, Buffer.concat(originals.flatMap((m) => [Buffer.from(fromLine(null, 0)), ...quoteMboxrd(Buffer.from(m))])));
    const into = await newFolder('Long');
    const started = await call<ImportJob>('import.start', {
      source: { grant: core.services.transferFiles.grant(path) },
      folderId: into.id,
    });
    await call('import.stop', { id: started.id });
    const stopped = await finished(started);
    expect(stopped.state).toBe('stopped');
    expect(stopped.progress.imported).toBeLessThan(600);
    await call('import.resume', { id: started.id });
    const done = await finished(started);
    expect(done).toMatchObject({ state: 'done', progress: { imported: 600, duplicates: 0 } });
    expect((await folders()).find((f) => f.id === into.id)?.total).toBe(600);
  });

  it('junk inside an mbox is counted and skipped; the mail around it is imported', async () => {
    const path = join(work, 'junk-inside.mbox');
    const junk = Buffer.concat([Buffer.from('\u0000\u0001binary\u0000junk\n'), Buffer.alloc(64, 0xff), Buffer.from('\n')]);
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from(fromLine(null, 0)),
        ...quoteMboxrd(Buffer.from(testMessage(61))),
        Buffer.from(fromLine(null, 0)),
        junk,
        Buffer.from('\n'),
        Buffer.from(fromLine(null, 0)),
        ...quoteMboxrd(Buffer.from(testMessage(62))),
      ]),
    );
    const into = await newFolder('With junk');
    const job = await importPath(path, into.id);
    expect(job).toMatchObject({ state: 'done', progress: { imported: 2, unreadable: 1 } });
  });

  it('junk: a file that is no mail is refused with a reason', async () => {
    const path = join(work, 'photo.jpg');
    await writeFile(path, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]));
    const into = await newFolder('Junk test');
    await expect(
      call('import.start', { source: { grant: core.services.transferFiles.grant(path) }, folderId: into.id }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/not an mbox file/),
    });
  });

  it('uploads in chunks (the browser transport), then imports a single .eml', async () => {
    const eml = Buffer.from(testMessage(41, 'Uploaded.\n', '', true));
    const { uploadId } = await call<{ uploadId: string }>('import.uploadBegin', { files: [{ path: 'dropped.eml', size: eml.length }] });
    await call('import.uploadChunk', { uploadId, file: 0, offset: 0, data: eml.subarray(0, 50).toString('base64') });
    await expect(call('import.uploadChunk', { uploadId, file: 0, offset: 0, data: 'AAAA' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await call('import.uploadChunk', { uploadId, file: 0, offset: 50, data: eml.subarray(50).toString('base64') });
    const into = await newFolder('Dropped');
    const job = await finished(await call<ImportJob>('import.start', { source: { uploadId }, folderId: into.id }));
    expect(job).toMatchObject({ state: 'done', kind: 'eml', title: 'dropped.eml' });
    expect((await messagesIn(into))[0]?.source.equals(eml)).toBe(true);
    await expect(call('import.uploadBegin', { files: [{ path: '../escape', size: 1 }] })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});

describe('export', () => {
  it('round trip: a folder as mboxrd, imported into a new folder, byte-identical', async () => {
    const source = (await folders()).find((f) => f.path === 'Cut') as Folder;
    const before = await messagesIn(source);
    const file = await call<ExportFile>('export.mbox', { scope: { folderId: source.id } });
    expect(file).toMatchObject({ fileName: 'Cut.mbox', messages: 5 });
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < file.size; offset += 1000) {
      chunks.push(
        Buffer.from((await call<{ data: string }>('export.read', { exportId: file.exportId, offset, length: 1000 })).data, 'base64'),
      );
    }
    const path = join(work, 'export.mbox');
    await writeFile(path, Buffer.concat(chunks));
    await call('export.discard', { exportId: file.exportId });
    const into = await newFolder('Round trip');
    const job = await importPath(path, into.id);
    expect(job.progress).toMatchObject({ imported: 5, unreadable: 0 });
    const after = await messagesIn(into);
    const sorted = (list: { source: Buffer }[]) => list.map((m) => m.source.toString('hex')).sort();
    expect(sorted(after)).toEqual(sorted(before));
  });

  it('an account as a Maildir tree, which imports back', async () => {
    const root = join(work, 'export-maildir');
    const grant = core.services.transferFiles.grant(root);
    const { messages } = await call<{ messages: number }>('export.toPath', { grant, what: { maildir: account.id } });
    expect(messages).toBeGreaterThan(10);
    const rust = await readdir(join(root, '.Maildir.Lists.Rust', 'cur'));
    expect(rust).toHaveLength(1);
    expect(await readFile(join(root, '.Maildir.Lists.Rust', 'cur', rust[0] as string), 'utf8')).toBe(testMessage(24));
    const user = await newMailUser(servers, 'imp2');
    const other = (await call<Account>('accounts.add', draftFor(servers, { user, protocol: 'pop3' }))) as Account;
    const into = byPath(await folders(other.id), 'INBOX');
    const job = await importPath(root, into.id);
    expect(job).toMatchObject({ state: 'done' });
    expect(job.progress.imported).toBe(messages);
    const flagged = await messagesIn(byPath(await folders(other.id), 'INBOX/Maildir/Lists'));
    expect(flagged.map((m) => [m.subject, m.seen, m.flagged])).toEqual([['Message 23', true, true]]);
  });
});

describe('import into an IMAP folder', () => {
  it('stores at once and APPENDs to the server with the flags', async () => {
    const user = await newMailUser(servers, 'impimap');
    const imap = await call<Account>('accounts.add', draftFor(servers, { user }));
    await expect.poll(async () => (await folders(imap.id)).some((f) => f.role === 'inbox'), { timeout: 30_000 }).toBe(true);
    const inbox = (await folders(imap.id)).find((f) => f.role === 'inbox') as Folder;
    const path = join(work, 'to-imap.mbox');
    const originals = [testMessage(51, 'One.\n', 'Status: RO\nX-Status: F\n', true), testMessage(52, 'Two.\n', '', true)];
    await writeFile(path, Buffer.concat(originals.flatMap((m) => [Buffer.from(fromLine(null, 0)), ...quoteMboxrd(Buffer.from(m))])));
    const job = await importPath(path, inbox.id);
    expect(job.progress.imported).toBe(2);
    const client = await otherClient(servers, user);
    try {
      await expect
        .poll(
          async () => {
            const lock = await client.getMailboxLock('INBOX');
            try {
              await client.noop(); // imapflow learns of new mail (EXISTS) only in answer to a command
              const found: [string, boolean][] = [];
              for await (const m of client.fetch('1:*', { source: true, flags: true }))
                found.push([m.source?.toString() ?? '', m.flags?.has('\\Flagged') ?? false]);
              return found.sort();
            } finally {
              lock.release();
            }
          },
          { timeout: 60_000 },
        )
        .toEqual([
          [originals[0], true],
          [originals[1], false],
        ]);
    } finally {
      await client.logout();
    }
  });
});
