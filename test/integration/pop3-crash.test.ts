import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SourceFiles } from '../../main/store/source-files';
import type { Account } from '../../shared/accounts';
import { connectApi } from '../helpers/api-client';
import { draftFor } from '../helpers/drafts';
import { newMailUser, otherClient } from '../helpers/mail-users';
import { type RunningWebApp, startWebApp } from '../helpers/web-app';
import type { TestServers } from '../servers/types';

// kill -9 of the core in the middle of a POP3 download, then a restart: the
// store opens clean and ends with every message of the server exactly once,
// byte for byte, each with its UIDL recorded.

const servers = inject('servers') as TestServers;
const MESSAGES = 400;
let dataDir = '';
const apps: RunningWebApp[] = [];

afterAll(async () => {
  for (const app of apps) await app.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function storeCounts(): { messages: number; uidls: number } {
  const db = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
  try {
    const messages = (db.prepare('SELECT COUNT(*) AS n FROM messages WHERE body_state != 0').get() as { n: number }).n;
    const uidls = (db.prepare('SELECT COUNT(*) AS n FROM pop3_uidls').get() as { n: number }).n;
    return { messages, uidls };
  } catch {
    return { messages: 0, uidls: 0 }; // not created yet
  } finally {
    db.close();
  }
}

describe('kill -9 during a POP3 download', () => {
  it('resumes after a restart with every message exactly once', async () => {
    const user = await newMailUser(servers, 'popcrash');
    const client = await otherClient(servers, user);
    const filler = 'x'.repeat(70).concat('\r\n').repeat(300); // ~21 KB a message
    const raws = new Map<string, Buffer>();
    for (let i = 0; i < MESSAGES; i++) {
      const subject = `Pop crash ${i}`;
      const raw = Buffer.from(
        `From: a@example.test\r\nTo: ${user.address}\r\nSubject: ${subject}\r\nMessage-ID: <popcrash${i}@example.test>\r\nDate: Tue, 03 Nov 2026 09:00:00 +0000\r\n\r\nMessage ${i}\r\n.${filler}`,
      );
      raws.set(subject, raw);
      await client.append('INBOX', raw);
    }
    await client.logout();

    dataDir = await mkdtemp(join(tmpdir(), 'tidings-popcrash-'));
    const first = await startWebApp(dataDir);
    apps.push(first);
    const api = await connectApi(first.url);
    await api.call<Account>('accounts.add', draftFor(servers, { user, protocol: 'pop3' }));
    // Wait until part of the mail is committed, then pull the plug.
    await expect.poll(() => storeCounts().messages, { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    api.close();
    const atCrash = storeCounts();
    expect(atCrash.messages).toBeLessThan(MESSAGES); // it really was interrupted
    expect(atCrash.uidls).toBe(atCrash.messages); // a UIDL is recorded exactly when its message is

    const second = await startWebApp(dataDir);
    apps.push(second);
    await expect.poll(() => storeCounts(), { timeout: 60_000, interval: 100 }).toEqual({ messages: MESSAGES, uidls: MESSAGES });

    const db = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      const rows = (
        db.prepare('SELECT subject, source_file, source_offset, source_length FROM messages WHERE source_file IS NOT NULL').all() as {
          subject: string;
          source_file: string;
          source_offset: number;
          source_length: number;
        }[]
      ).map((r) => ({
        subject: r.subject,
        raw: new SourceFiles(join(dataDir, 'sources')).read({
          file: r.source_file,
          offset: r.source_offset,
          length: r.source_length,
        }) as Buffer,
      }));
      expect(rows).toHaveLength(MESSAGES);
      expect(new Set(rows.map((r) => r.subject)).size).toBe(MESSAGES);
      for (const row of rows) expect(Buffer.from(row.raw).equals(raws.get(row.subject) as Buffer), row.subject).toBe(true);
      const indexed = db.prepare("SELECT COUNT(*) AS n FROM search_full WHERE search_full MATCH 'crash'").get() as { n: number };
      expect(indexed.n).toBe(MESSAGES);
    } finally {
      db.close();
    }
  });
});
