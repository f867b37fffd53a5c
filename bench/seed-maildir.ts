// Fills alice's INBOX on a bench Dovecot with N messages of the varied test
// corpus, written straight into the Maildir (APPENDing 20,000 messages would
// take minutes). Shared by the benchmarks that read one mailbox.
import { spawnSync } from 'node:child_process';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { iterateCorpus } from '../test/corpus/index.ts';
import { MAIL_USER } from '../test/servers/dovecot.ts';

export async function seedMaildir(dovecotWorkDir: string, count: number): Promise<{ totalBytes: number; ms: number }> {
  const maildir = join(dovecotWorkDir, 'mail', 'example.test', 'alice', 'Maildir');
  const uid = Number(spawnSync('id', ['-u', MAIL_USER]).stdout.toString().trim());
  const gid = Number(spawnSync('id', ['-g', MAIL_USER]).stdout.toString().trim());
  for (const sub of ['', 'cur', 'new', 'tmp']) {
    await mkdir(join(maildir, sub), { recursive: true });
    await chown(join(maildir, sub), uid, gid);
  }
  let totalBytes = 0;
  let i = 0;
  const start = performance.now();
  for (const { raw } of iterateCorpus(count)) {
    const file = join(maildir, 'cur', `${1_700_000_000 + i}.M${i}P1.bench,S=${raw.length}:2,`);
    await writeFile(file, raw);
    await chown(file, uid, gid);
    totalBytes += raw.length;
    i++;
  }
  return { totalBytes, ms: performance.now() - start };
}
