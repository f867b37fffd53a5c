// Fills a Tidings data dir with mail from the test corpus, through the core's
// own store code (store-access.ts): two IMAP accounts with the usual special
// folders and a few nested ones, N messages spread over them with read,
// starred and answered flags, their bodies parsed and in the full-text index
// as a sync leaves them. The accounts point at a loopback port where nothing
// answers and have no saved password, so `npm run web -- --data-dir DIR`
// shows the mail without ever syncing. Used by `npm run dev:seed`, the e2e
// test of a seeded mailbox and bench/list-scroll.ts.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { corpusMessage, malformedMessages } from '../../test/corpus/index.ts';
import { DATA_DIR_FILES, SEED_FLAG, type SeedAccount, type SeedFolder, type SeedMessage, SeedStore } from './store-access.ts';

export interface SeedOptions {
  /** How many messages in all (default 2,000). */
  messages?: number;
  /** Empty the dir first when it holds a Tidings store (default: refuse to touch a dir that is not empty). */
  force?: boolean;
  /** Called after each stored batch. */
  onProgress?: (stored: number, total: number) => void;
}

export interface SeededFolder {
  accountId: string;
  path: string;
  /** The name the sidebar shows. */
  name: string;
  role: SeedFolder['role'];
  total: number;
  unread: number;
  starred: number;
  /** Which corpus messages are here (test/corpus: corpusMessage(index)), in the order they were stored. */
  corpusIndexes: number[];
  /** Those of them stored unread, and starred. */
  unreadCorpusIndexes: number[];
  starredCorpusIndexes: number[];
  /** Names of the broken messages from test/corpus/malformed.ts that are here. */
  malformed: string[];
}

export interface SeedResult {
  dataDir: string;
  messages: number;
  accounts: SeedAccount[];
  folders: SeededFolder[];
  /** Wall time of the seeding, ms. */
  ms: number;
}

/** Nothing listens here: the accounts could not sync even with a password. */
const NOWHERE = { host: '127.0.0.1', port: 9 };

export const SEED_ACCOUNTS: readonly SeedAccount[] = [
  { id: 'seed-work', name: 'Ada Lovelace', email: 'ada@work.example.test', ...NOWHERE },
  { id: 'seed-home', name: 'Ada', email: 'ada@home.example.test', ...NOWHERE },
];

/** Each account's folders, with the share of all messages that each one gets. */
const LAYOUT: Record<string, readonly (SeedFolder & { share: number })[]> = {
  'seed-work': [
    { path: 'INBOX', role: 'inbox', share: 0.66 },
    { path: 'Drafts', role: 'drafts', share: 0.003 },
    { path: 'Sent', role: 'sent', share: 0.05 },
    { path: 'Archive', role: 'archive', share: 0.08 },
    { path: 'Junk', role: 'junk', share: 0.01 },
    { path: 'Trash', role: 'trash', share: 0.02 },
    { path: 'Projects', role: null, share: 0.03 },
    { path: 'Projects/Engine', role: null, share: 0.02 },
    { path: 'Projects/Engine/Drawings', role: null, share: 0.01 },
    { path: 'Lists', role: null, share: 0 },
    { path: 'Lists/TypeScript', role: null, share: 0.03 },
    { path: 'Receipts', role: null, share: 0.007 },
  ],
  'seed-home': [
    { path: 'INBOX', role: 'inbox', share: 0.06 },
    { path: 'Sent', role: 'sent', share: 0.01 },
    { path: 'Junk', role: 'junk', share: 0 },
    { path: 'Trash', role: 'trash', share: 0.01 },
  ],
};

/** Messages written in one transaction, as the sync's batches (main/sync). */
const BATCH = 200;
/** The date of a message without a readable Date header ("when it arrived"). */
const ARRIVED_AT = Date.parse('2018-01-02T03:04:05Z');
/** Broken messages join the Inbox from this many messages on (the empty one is left out: no server stores 0 bytes). */
const MALFORMED_FROM = 1000;

/** A number in [0, 1) that depends only on (index, salt). */
function unit(index: number, salt: number): number {
  let h = Math.imul(index ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

interface Slot {
  accountId: string;
  folder: SeedFolder;
}

const SLOTS: { upTo: number; slot: Slot }[] = (() => {
  let sum = 0;
  return Object.entries(LAYOUT).flatMap(([accountId, folders]) =>
    folders
      .filter((f) => f.share > 0)
      .map((folder) => {
        sum += folder.share;
        return { upTo: sum, slot: { accountId, folder } };
      }),
  );
})();

function placeOf(index: number): Slot {
  const u = unit(index, 0) * (SLOTS.at(-1)?.upTo ?? 1);
  return (SLOTS.find((s) => u < s.upTo) ?? SLOTS.at(-1))?.slot as Slot;
}

function flagsOf(index: number, role: SeedFolder['role']): number {
  if (role === 'drafts') return SEED_FLAG.seen | SEED_FLAG.draft;
  if (role === 'sent' || role === 'trash') return SEED_FLAG.seen;
  let flags = unit(index, 1) < 0.12 ? 0 : SEED_FLAG.seen;
  if (unit(index, 2) < 0.04) flags |= SEED_FLAG.flagged;
  if (flags & SEED_FLAG.seen && unit(index, 3) < 0.1) flags |= SEED_FLAG.answered;
  return flags;
}

/** The message with its From header replaced: what the account itself sent or is writing. */
export function withFrom(raw: Buffer, from: string): Buffer {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const start = /(^|\r\n)From:/i.exec(head);
  if (!start) return raw;
  const at = start.index + (start[1] ?? '').length;
  // The field ends at the first line break not followed by folding white space.
  const next = /\r\n(?![ \t])/g;
  next.lastIndex = at;
  const stop = next.exec(head)?.index ?? head.length;
  return Buffer.concat([raw.subarray(0, at), Buffer.from(`From: ${from}`, 'latin1'), raw.subarray(stop)]);
}

/** Refuses a dir that is not empty, unless forced and it is a Tidings data dir (then empties it). */
function prepare(dataDir: string, force: boolean): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    if (!force) throw new Error(`${dataDir} is not empty; pass --force to replace the Tidings data in it`);
    if (!existsSync(`${dataDir}/${DATA_DIR_FILES.database}`))
      throw new Error(`${dataDir} is not empty and holds no ${DATA_DIR_FILES.database}: not a Tidings data dir, left alone`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
}

/** Fills `dataDir` (created if needed) with seeded mail; see the top of this file. */
export async function seedDataDir(dataDir: string, options: SeedOptions = {}): Promise<SeedResult> {
  const total = options.messages ?? 2000;
  if (!Number.isInteger(total) || total < 0) throw new Error(`messages must be a whole number ≥ 0, not ${total}`);
  const started = performance.now();
  prepare(dataDir, options.force ?? false);
  const store = new SeedStore(dataDir);
  try {
    const createdAt = '2026-01-01T00:00:00.000Z';
    const folders = new Map<string, SeededFolder & { id: number; lastUid: number }>();
    for (const account of SEED_ACCOUNTS) {
      store.addAccount(account, createdAt);
      const ids = store.addFolders(account.id, LAYOUT[account.id] ?? []);
      for (const folder of LAYOUT[account.id] ?? []) {
        const name = folder.role === 'inbox' ? 'Inbox' : (folder.path.split('/').at(-1) as string);
        folders.set(`${account.id}/${folder.path}`, {
          accountId: account.id,
          path: folder.path,
          name,
          role: folder.role,
          total: 0,
          unread: 0,
          starred: 0,
          corpusIndexes: [],
          unreadCorpusIndexes: [],
          starredCorpusIndexes: [],
          malformed: [],
          id: ids.get(folder.path) as number,
          lastUid: 0,
        });
      }
    }

    const malformed = total >= MALFORMED_FROM ? malformedMessages().filter((m) => m.raw.length > 0) : [];
    const corpusCount = total - malformed.length;
    const pending = new Map<string, SeedMessage[]>(SEED_ACCOUNTS.map((a) => [a.id, []]));
    let stored = 0;
    const flush = async (accountId: string) => {
      const batch = pending.get(accountId) ?? [];
      if (batch.length === 0) return;
      pending.set(accountId, []);
      await store.addMessages(accountId, batch, ARRIVED_AT);
      stored += batch.length;
      options.onProgress?.(stored, total);
    };
    const add = async (slot: Slot, raw: Buffer, flags: number, what: { corpus: number } | { malformed: string }) => {
      const folder = folders.get(`${slot.accountId}/${slot.folder.path}`);
      if (!folder) throw new Error(`no folder ${slot.folder.path}`);
      folder.lastUid++;
      folder.total++;
      if (!(flags & SEED_FLAG.seen)) folder.unread++;
      if (flags & SEED_FLAG.flagged) folder.starred++;
      if ('corpus' in what) {
        folder.corpusIndexes.push(what.corpus);
        if (!(flags & SEED_FLAG.seen)) folder.unreadCorpusIndexes.push(what.corpus);
        if (flags & SEED_FLAG.flagged) folder.starredCorpusIndexes.push(what.corpus);
      } else folder.malformed.push(what.malformed);
      const batch = pending.get(slot.accountId) as SeedMessage[];
      batch.push({ folderId: folder.id, uid: folder.lastUid, raw, flags });
      if (batch.length >= BATCH) await flush(slot.accountId);
    };

    const accountOf = new Map(SEED_ACCOUNTS.map((a) => [a.id, a]));
    for (let index = 0; index < corpusCount; index++) {
      const slot = placeOf(index);
      let raw = corpusMessage(index).raw;
      if (slot.folder.role === 'sent' || slot.folder.role === 'drafts') {
        const me = accountOf.get(slot.accountId) as SeedAccount;
        raw = withFrom(raw, `${me.name} <${me.email}>`);
      }
      await add(slot, raw, flagsOf(index, slot.folder.role), { corpus: index });
    }
    const inbox = { accountId: 'seed-work', folder: LAYOUT['seed-work']?.[0] as SeedFolder };
    for (const m of malformed) await add(inbox, m.raw, 0, { malformed: m.name });
    for (const account of SEED_ACCOUNTS) await flush(account.id);

    for (const folder of folders.values()) store.markSynced(folder.id, folder.lastUid);
    return {
      dataDir,
      messages: total,
      accounts: [...SEED_ACCOUNTS],
      folders: [...folders.values()].map(({ id: _id, lastUid: _uid, ...folder }) => folder),
      ms: performance.now() - started,
    };
  } finally {
    store.close();
  }
}
