import { utimesSync } from 'node:fs';
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

// kill -9 of the core in the middle of its first sync, then a restart: the
// store opens, passes integrity_check, and ends with exactly the server's
// messages, each once, with bodies byte-identical.

const servers = inject('servers') as TestServers;
const MESSAGES = 300;
let dataDir = '';
const apps: RunningWebApp[] = [];

afterAll(async () => {
  for (const app of apps) await app.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function storeCounts(): { messages: number; bodies: number } {
  const db = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
  try {
    const messages = (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
    const bodies = (db.prepare('SELECT COUNT(*) AS n FROM messages WHERE body_state != 0').get() as { n: number }).n;
    return { messages, bodies };
  } catch {
    return { messages: 0, bodies: 0 }; // not created yet
  } finally {
    db.close();
  }
}

describe('kill -9 during the initial sync', () => {
  it('resumes after a restart with nothing lost and nothing twice', async () => {
    const user = await newMailUser(servers, 'crash');
    const client = await otherClient(servers, user);
    const filler = 'x'.repeat(70).concat('\r\n').repeat(300); // ~21 KB a message
    const raws = new Map<string, Buffer>();
    for (let i = 0; i < MESSAGES; i++) {
      const subject = `Crash test ${i}`;
      const raw = Buffer.from(
        `From: a@example.test\r\nTo: ${user.address}\r\nSubject: ${subject}\r\nMessage-ID: <crash${i}@example.test>\r\nDate: Tue, 03 Nov 2026 09:00:00 +0000\r\n\r\nMessage ${i}\r\n${filler}`,
      );
      raws.set(subject, raw);
      await client.append('INBOX', raw);
    }
    await client.logout();

    dataDir = await mkdtemp(join(tmpdir(), 'tidings-crash-'));
    const first = await startWebApp(dataDir);
    apps.push(first);
    const api = await connectApi(first.url);
    await api.call<Account>('accounts.add', draftFor(servers, { user }));
    // Wait until the sync is part-way through the bodies, then pull the plug.
    await expect.poll(() => storeCounts().bodies, { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    api.close();
    const atCrash = storeCounts();
    expect(atCrash.bodies).toBeLessThan(MESSAGES); // it really was interrupted
    // The restart comes later (the sweep leaves files younger than a minute alone: they may be commits in progress).
    const sourcesDir = join(dataDir, 'sources');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    for (const file of new SourceFiles(sourcesDir).list()) utimesSync(join(sourcesDir, file), twoMinutesAgo, twoMinutesAgo);

    const second = await startWebApp(dataDir);
    apps.push(second);
    await expect.poll(() => storeCounts(), { timeout: 60_000, interval: 100 }).toEqual({ messages: MESSAGES, bodies: MESSAGES });

    const db = new DatabaseSync(join(dataDir, 'tidings.sqlite'), { readOnly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      const duplicates = db.prepare('SELECT uid, COUNT(*) AS n FROM messages GROUP BY folder_id, uid HAVING n > 1').all();
      expect(duplicates).toEqual([]);
      const rows = db
        .prepare('SELECT subject, source_file, source_offset, source_length FROM messages WHERE source_file IS NOT NULL')
        .all() as {
        subject: string;
        source_file: string;
        source_offset: number;
        source_length: number;
      }[];
      expect(rows).toHaveLength(MESSAGES);
      const sources = new SourceFiles(join(dataDir, 'sources'));
      for (const row of rows) {
        const raw = sources.read({ file: row.source_file, offset: row.source_offset, length: row.source_length });
        expect(raw?.equals(raws.get(row.subject) as Buffer), row.subject).toBe(true);
      }
      // Packs written but never committed when the plug was pulled are swept at the restart.
      expect(sources.list().sort()).toEqual([...new Set(rows.map((row) => row.source_file))].sort());
      const indexed = db.prepare("SELECT COUNT(*) AS n FROM search_full WHERE search_full MATCH 'crash'").get() as { n: number };
      expect(indexed.n).toBe(MESSAGES);
    } finally {
      db.close();
    }
  });
});
