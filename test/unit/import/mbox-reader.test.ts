import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMbox } from '../../../main/import/mbox-reader';
import { fromLine, quoteMboxrd } from '../../../main/import/mbox-writer';
import { ImportSourceError } from '../../../main/import/source-error';
import { maildirFlags, maildirInfo, mboxFlags } from '../../../main/import/source-flags';
import type { MboxVariant } from '../../../shared/transfer';

// The three mbox variants, each with bodies holding "From " and ">From "
// lines, read back to the messages that went in; and the writer's mboxrd
// read back byte for byte.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidings-mbox-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const messages = [
  'From: a@example.test\nSubject: one\n\nFrom the start.\n>From quoted once\n>>From quoted twice\nend\n',
  'From: b@example.test\r\nSubject: two\r\n\r\nCRLF body\r\nFrom here\r\n\r\n',
  'From: c@example.test\nSubject: three\n\n>>>From deep\nlast line\n',
];

async function readAll(path: string, variant: MboxVariant, offset = 0) {
  const out = [];
  for await (const m of readMbox(path, variant, offset)) out.push(m);
  return out;
}

describe('mbox variants', () => {
  it('mboxrd: one ">" comes off every >+From line', async () => {
    const path = join(dir, 'rd.mbox');
    await writeFile(
      path,
      Buffer.concat(messages.flatMap((m) => [Buffer.from(fromLine('x@example.test', 0)), ...quoteMboxrd(Buffer.from(m))])),
    );
    const read = await readAll(path, 'mboxrd');
    expect(read.map((m) => m.raw.toString('latin1'))).toEqual(messages);
    expect(read[0]?.fromLine).toBe('x@example.test Thu Jan  1 00:00:00 1970');
  });

  it('mboxo: only ">From " loses its ">" (a ">>From " stays as written)', async () => {
    const path = join(dir, 'o.mbox');
    const file =
      'From a Mon Jan  1 00:00:00 2024\nFrom: a@example.test\nSubject: o\n\n>From quoted\n>>From stays\n\n' +
      'From b Mon Jan  1 00:00:00 2024\nFrom: b@example.test\nSubject: p\n\nbody\n';
    await writeFile(path, file);
    const read = await readAll(path, 'mboxo');
    expect(read.map((m) => m.raw.toString())).toEqual([
      'From: a@example.test\nSubject: o\n\nFrom quoted\n>>From stays\n',
      'From: b@example.test\nSubject: p\n\nbody\n',
    ]);
  });

  it('mboxcl2: Content-Length delimits, nothing is unquoted, "From " lines in the body stay', async () => {
    const path = join(dir, 'cl2.mbox');
    const bodies = ['From the body\n>From kept\n\nFrom again\n', 'short\n'];
    const file = bodies
      .map(
        (body, i) => `From x Mon Jan  1 00:00:00 2024\nFrom: n${i}@example.test\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}\n`,
      )
      .join('');
    await writeFile(path, file);
    const read = await readAll(path, 'mboxcl2');
    expect(read.map((m) => m.raw.toString())).toEqual(
      bodies.map((body, i) => `From: n${i}@example.test\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`),
    );
  });

  it('resumes at a recorded offset, and says where a cut-short file stops', async () => {
    const path = join(dir, 'cut.mbox');
    await writeFile(path, Buffer.concat(messages.flatMap((m) => [Buffer.from(fromLine(null, 0)), ...quoteMboxrd(Buffer.from(m))])));
    const all = await readAll(path, 'mboxrd');
    const resumed = await readAll(path, 'mboxrd', all[1]?.start);
    expect(resumed.map((m) => m.raw.toString('latin1'))).toEqual(messages.slice(1));
    await truncate(path, (all[2]?.start ?? 0) + 30);
    const seen: string[] = [];
    let failure: unknown;
    try {
      for await (const m of readMbox(path, 'mboxrd')) seen.push(m.raw.toString('latin1'));
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual(messages.slice(0, 2));
    expect(failure).toBeInstanceOf(ImportSourceError);
    expect((failure as ImportSourceError).offset).toBe(all[2]?.start);
  });

  it('refuses a file that is no mbox', async () => {
    const path = join(dir, 'junk.bin');
    await writeFile(path, Buffer.from([0, 1, 2, 3, 0xff, 0xfe]));
    await expect(readAll(path, 'mboxrd')).rejects.toThrow(/not an mbox file/);
  });
});

describe('flags', () => {
  it('reads X-Mozilla-Status, Status/X-Status and Maildir info', () => {
    expect(mboxFlags(Buffer.from('X-Mozilla-Status: 0005\nSubject: s\n\nb'))).toEqual({ bits: 3, deleted: false });
    expect(mboxFlags(Buffer.from('X-Mozilla-Status: 0009\n\nb')).deleted).toBe(true);
    expect(mboxFlags(Buffer.from('Status: RO\nX-Status: F\n\nb'))).toEqual({ bits: 3, deleted: false });
    expect(maildirFlags('1700000000.M1P2.host:2,FRS')).toEqual({ bits: 1 | 2 | 4, deleted: false });
    expect(maildirFlags(`x${maildirInfo(1 | 2 | 32)}`).bits).toBe(1 | 2 | 32);
  });
});
