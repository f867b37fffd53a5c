// Fills a Tidings data dir with mail from the test corpus, through the core's
// own store code (store-access.ts): two IMAP accounts with the usual special
// folders and a few nested ones, N messages spread over them with read,
// starred and answered flags, their bodies parsed and in the full-text index
// as a sync leaves them. The accounts point at a loopback port where nothing
// answers and have no saved password, so `npm run web -- --data-dir DIR`
// shows the mail without ever syncing. Used by `npm run dev:seed`, the e2e
// test of a seeded mailbox and bench/list-scroll.ts.
//
// With `gmail`, the first account is Gmail-like instead (imap_flavor 'gmail',
// `npm run dev:seed -- --gmail`): its folders are labels (Work, Receipts,
// Receipts/2024) and Gmail's own under the "[Gmail]" container, and each
// message is stored as a Gmail sync stores it, once in the folder of each of
// its labels and in All Mail (not when in Spam or Trash), every row carrying
// X-GM-MSGID and the labels, one body shared between them.
//
// With `conversation`, four more messages make one conversation of the work
// account (SEED_CONVERSATION): three in its Inbox and the account's own reply
// in its Sent, newer than all the corpus (the top of the Inbox), the newest
// one unread.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { type CorpusMessage, corpusMessage, malformedMessages } from '../../test/corpus/index.ts';
import {
  DATA_DIR_FILES,
  SEED_FLAG,
  type SeedAccount,
  type SeedFolder,
  type SeedHeader,
  type SeedMessage,
  SeedStore,
} from './store-access.ts';

export interface SeedOptions {
  /** How many messages in all (default 2,000). */
  messages?: number;
  /** Empty the dir first when it holds a Tidings store (default: refuse to touch a dir that is not empty). */
  force?: boolean;
  /** Called after each stored batch. */
  onProgress?: (stored: number, total: number) => void;
  /** The first account is a Gmail one (GMAIL_ACCOUNT) instead of the work account: see the top of this file. */
  gmail?: boolean;
  /**
   * Header rows only, as a sync leaves the mail outside its "last N days" (no
   * body, no snippet, not in the full-text index), written from what the
   * corpus says of each message without building or parsing it: a million
   * messages in a few minutes and a few hundred MB, where whole ones take
   * hours and 35 GB (bench/first-page.ts, bench:list-scroll at 1M).
   */
  headersOnly?: boolean;
  /** Four more messages, one conversation of the work account (SEED_CONVERSATION): see the top of this file. */
  conversation?: boolean;
}

/** The conversation `conversation` adds, oldest first: its subject, and who wrote each message, where it is, whether it is read, what it says. */
export const SEED_CONVERSATION = {
  subject: 'Engine trial on Thursday',
  messages: [
    {
      from: 'Charles Babbage <charles@engine.example.test>',
      folder: 'INBOX',
      seen: true,
      body: 'Shall we run the engine trial on Thursday at ten?',
    },
    { from: null, folder: 'Sent', seen: true, body: 'Thursday suits me; I will bring the notes on the Bernoulli numbers.' },
    {
      from: 'Mary Somerville <mary@science.example.test>',
      folder: 'INBOX',
      seen: true,
      body: 'May I come too? I would like to see the mill turn.',
    },
    {
      from: 'Charles Babbage <charles@engine.example.test>',
      folder: 'INBOX',
      seen: false,
      body: 'Of course, Mary. Thursday at ten, then: the workshop door is open.',
    },
  ],
} as const;

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
  /** With `gmail`: the labels each Gmail message was stored with (Gmail's own too, as "\\Inbox"), by corpus index. */
  gmailLabels?: Map<number, string[]>;
}

/** SEED_CONVERSATION's messages as raw mail (the account's own reply from `me`), each answering the one before. */
function conversationMessages(me: string): { raw: Buffer; folder: string; seen: boolean }[] {
  const ids = SEED_CONVERSATION.messages.map((_, i) => `<engine-trial-${i}@seed.example.test>`);
  return SEED_CONVERSATION.messages.map((m, i) => {
    const date = new Date(Date.UTC(2026, 1, 2 + i, 9, 30)).toUTCString().replace('GMT', '+0000');
    const headers = [
      `From: ${m.from ?? me}`,
      'To: Ada Lovelace <ada@work.example.test>',
      `Subject: ${i === 0 ? '' : 'Re: '}${SEED_CONVERSATION.subject}`,
      `Date: ${date}`,
      `Message-ID: ${ids[i]}`,
      ...(i > 0 ? [`In-Reply-To: ${ids[i - 1]}`, `References: ${ids.slice(0, i).join(' ')}`] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
    ];
    return { raw: Buffer.from(`${headers.join('\r\n')}\r\n\r\n${m.body}\r\n`), folder: m.folder, seen: m.seen };
  });
}

/** Nothing listens here: the accounts could not sync even with a password. */
const NOWHERE = { host: '127.0.0.1', port: 9 };

export const SEED_ACCOUNTS: readonly SeedAccount[] = [
  { id: 'seed-work', name: 'Ada Lovelace', email: 'ada@work.example.test', ...NOWHERE },
  { id: 'seed-home', name: 'Ada', email: 'ada@home.example.test', ...NOWHERE },
];

/** With `gmail`, in place of the work account. */
export const GMAIL_ACCOUNT: SeedAccount = { id: 'seed-gmail', name: 'Ada Lovelace', email: 'ada.lovelace@gmail.example.test', ...NOWHERE };

/** Gmail's folders as its LIST shows them: labels, and Gmail's own under a \Noselect "[Gmail]". */
const GMAIL_FOLDERS: readonly SeedFolder[] = [
  { path: 'INBOX', role: 'inbox' },
  { path: 'Work', role: null },
  { path: 'Receipts', role: null },
  { path: 'Receipts/2024', role: null },
  { path: '[Gmail]', role: null, selectable: false },
  { path: '[Gmail]/All Mail', role: 'all' },
  { path: '[Gmail]/Drafts', role: 'drafts' },
  { path: '[Gmail]/Important', role: null },
  { path: '[Gmail]/Sent Mail', role: 'sent' },
  { path: '[Gmail]/Spam', role: 'junk' },
  { path: '[Gmail]/Starred', role: 'flagged' },
  { path: '[Gmail]/Trash', role: 'trash' },
];

/** The folder of each of Gmail's own labels; a user's label is the folder of its name. */
const GMAIL_SYSTEM_FOLDER: Record<string, string> = {
  '\\Inbox': 'INBOX',
  '\\Draft': '[Gmail]/Drafts',
  '\\Important': '[Gmail]/Important',
  '\\Sent': '[Gmail]/Sent Mail',
  '\\Spam': '[Gmail]/Spam',
  '\\Trash': '[Gmail]/Trash',
};

/** Where a Gmail message is: Gmail's own label (none: archived, in All Mail only), with the share of the account's mail. */
const GMAIL_PLACES: readonly { label: string | null; role: SeedFolder['role']; share: number }[] = [
  { label: '\\Inbox', role: 'inbox', share: 0.62 },
  { label: null, role: null, share: 0.2 },
  { label: '\\Sent', role: 'sent', share: 0.1 },
  { label: '\\Draft', role: 'drafts', share: 0.005 },
  { label: '\\Spam', role: 'junk', share: 0.03 },
  { label: '\\Trash', role: 'trash', share: 0.045 },
];

/** A user's labels and how often a message (not in Spam, Trash or Drafts) has each; Important only in the Inbox. */
const GMAIL_USER_LABELS: readonly { label: string; share: number }[] = [
  { label: 'Work', share: 0.18 },
  { label: 'Receipts', share: 0.08 },
  { label: 'Receipts/2024', share: 0.06 },
];

/** X-GM-MSGID of corpus message i: this plus i (Gmail's are 64-bit decimals). */
const GMAIL_MSGID_BASE = 1_700_000_000_000_000_000n;

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
/**
 * Header rows only: larger transactions than the sync's. The same time at 100k
 * (19.5 s against 19.7 s with 1,000, most of it building the corpus) but a
 * fifth of the bytes written (0.25 GB against 1.2 GB: fewer WAL frames of the
 * same index pages).
 */
const HEADER_BATCH = 10_000;
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

/** A place for the Gmail account's messages as a whole (where in it: gmailLabelsOf). */
const GMAIL_SLOT: Slot = { accountId: GMAIL_ACCOUNT.id, folder: GMAIL_FOLDERS[0] as SeedFolder };
/** The Gmail account's share of the messages: what the work account gets otherwise. */
const GMAIL_SHARE = (LAYOUT['seed-work'] ?? []).reduce((sum, f) => sum + f.share, 0);

function slotsOf(gmail: boolean): { upTo: number; slot: Slot }[] {
  let sum = 0;
  return Object.entries(LAYOUT).flatMap(([accountId, folders]) => {
    if (gmail && accountId === 'seed-work') {
      sum += GMAIL_SHARE;
      return [{ upTo: sum, slot: GMAIL_SLOT }];
    }
    return folders
      .filter((f) => f.share > 0)
      .map((folder) => {
        sum += folder.share;
        return { upTo: sum, slot: { accountId, folder } };
      });
  });
}

function placeOf(index: number, slots: { upTo: number; slot: Slot }[]): Slot {
  const u = unit(index, 0) * (slots.at(-1)?.upTo ?? 1);
  return (slots.find((s) => u < s.upTo) ?? slots.at(-1))?.slot as Slot;
}

/** A Gmail message's labels (sorted, as the store keeps them) and the role of the folder it is mainly in. */
function gmailLabelsOf(index: number): { labels: string[]; role: SeedFolder['role'] } {
  const total = GMAIL_PLACES.reduce((sum, p) => sum + p.share, 0);
  const u = unit(index, 4) * total;
  let upTo = 0;
  const place =
    GMAIL_PLACES.find((p) => {
      upTo += p.share;
      return u < upTo;
    }) ?? (GMAIL_PLACES[0] as (typeof GMAIL_PLACES)[number]);
  const labels = place.label ? [place.label] : [];
  if (place.role === null || place.role === 'inbox' || place.role === 'sent') {
    GMAIL_USER_LABELS.forEach(({ label, share }, at) => {
      if (unit(index, 10 + at) < share) labels.push(label);
    });
  }
  if (place.role === 'inbox' && unit(index, 9) < 0.25) labels.push('\\Important');
  return { labels: labels.sort(), role: place.role };
}

/** The folders a Gmail message is listed in: each label's, All Mail (unless in Spam or Trash), Starred when starred. */
function gmailFoldersOf(labels: readonly string[], flags: number): string[] {
  const paths = labels.map((label) => GMAIL_SYSTEM_FOLDER[label] ?? label);
  if (!labels.includes('\\Spam') && !labels.includes('\\Trash')) paths.push('[Gmail]/All Mail');
  if (flags & SEED_FLAG.flagged) paths.push('[Gmail]/Starred');
  return paths;
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

/** What the header sync stores of a corpus message, from what the corpus says is in it (no building, no parsing). */
function headerOf(message: CorpusMessage, me?: SeedAccount): SeedHeader {
  const { expected } = message;
  return {
    messageId: expected.messageId,
    inReplyTo: expected.inReplyTo,
    references: expected.references,
    subject: expected.subject,
    from: me ? { name: me.name, address: me.email } : { name: expected.fromName, address: expected.fromAddress },
    to: expected.toAddresses.map((address) => ({ name: '', address })),
    cc: [],
    replyTo: [],
    date: Date.parse(expected.date),
    size: message.raw.length,
  };
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
  const gmail = options.gmail ?? false;
  const accounts = gmail ? SEED_ACCOUNTS.map((a) => (a.id === 'seed-work' ? GMAIL_ACCOUNT : a)) : [...SEED_ACCOUNTS];
  const layoutOf = (accountId: string): readonly SeedFolder[] =>
    accountId === GMAIL_ACCOUNT.id ? GMAIL_FOLDERS : (LAYOUT[accountId] ?? []);
  const slots = slotsOf(gmail);
  const gmailLabels = new Map<number, string[]>();
  prepare(dataDir, options.force ?? false);
  const store = new SeedStore(dataDir);
  try {
    const createdAt = '2026-01-01T00:00:00.000Z';
    const folders = new Map<string, SeededFolder & { id: number; lastUid: number; selectable: boolean }>();
    for (const account of accounts) {
      store.addAccount(account, createdAt);
      if (account.id === GMAIL_ACCOUNT.id) store.setGmail(account.id);
      const ids = store.addFolders(account.id, layoutOf(account.id));
      for (const folder of layoutOf(account.id)) {
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
          selectable: folder.selectable ?? true,
        });
      }
    }

    const malformed = total >= MALFORMED_FROM ? malformedMessages().filter((m) => m.raw.length > 0) : [];
    const corpusCount = total - malformed.length;
    const pending = new Map<string, SeedMessage[]>(accounts.map((a) => [a.id, []]));
    // Messages, not rows: a Gmail message is a row in each of its folders.
    let stored = 0;
    const messagesIn = new Map<string, number>(accounts.map((a) => [a.id, 0]));
    let lastMsgid: string | undefined;
    const flush = async (accountId: string) => {
      const batch = pending.get(accountId) ?? [];
      if (batch.length === 0) return;
      pending.set(accountId, []);
      await store.addMessages(accountId, batch, ARRIVED_AT);
      stored += messagesIn.get(accountId) ?? 0;
      messagesIn.set(accountId, 0);
      options.onProgress?.(stored, total);
    };
    const add = async (
      slot: Slot,
      content: Pick<SeedMessage, 'raw' | 'header'>,
      flags: number,
      what: { corpus: number } | { malformed: string } | { extra: true },
      gmailIdentity?: SeedMessage['gmail'],
    ) => {
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
      } else if ('malformed' in what) folder.malformed.push(what.malformed);
      const batch = pending.get(slot.accountId) as SeedMessage[];
      batch.push({ folderId: folder.id, uid: folder.lastUid, ...content, flags, ...(gmailIdentity ? { gmail: gmailIdentity } : {}) });
      if (!gmailIdentity || gmailIdentity.msgid !== lastMsgid) messagesIn.set(slot.accountId, (messagesIn.get(slot.accountId) ?? 0) + 1);
      lastMsgid = gmailIdentity?.msgid;
      if (batch.length >= (options.headersOnly ? HEADER_BATCH : BATCH)) await flush(slot.accountId);
    };
    /** A Gmail message: a row in each folder it is listed in, all of one X-GM-MSGID. */
    const addToGmail = async (
      msgid: bigint,
      labels: string[],
      content: Pick<SeedMessage, 'raw' | 'header'>,
      flags: number,
      what: { corpus: number } | { malformed: string },
    ) => {
      const identity = { msgid: String(msgid), thrid: String(msgid), labels };
      for (const path of gmailFoldersOf(labels, flags))
        await add({ accountId: GMAIL_ACCOUNT.id, folder: { path, role: null } }, content, flags, what, identity);
    };

    const accountOf = new Map(accounts.map((a) => [a.id, a]));
    const fromMe = (accountId: string, raw: Buffer) => {
      const me = accountOf.get(accountId) as SeedAccount;
      return withFrom(raw, `${me.name} <${me.email}>`);
    };
    /** The message's content as stored: whole, or its header only (see headersOnly), From the account's own when `mine`. */
    const contentOf = (message: CorpusMessage, accountId: string, mine: boolean): Pick<SeedMessage, 'raw' | 'header'> => {
      if (options.headersOnly) return { header: headerOf(message, mine ? accountOf.get(accountId) : undefined) };
      return { raw: mine ? fromMe(accountId, message.raw) : message.raw };
    };
    for (let index = 0; index < corpusCount; index++) {
      const slot = placeOf(index, slots);
      const message = corpusMessage(index);
      if (slot === GMAIL_SLOT) {
        const { labels, role } = gmailLabelsOf(index);
        gmailLabels.set(index, labels);
        const content = contentOf(message, slot.accountId, role === 'sent' || role === 'drafts');
        await addToGmail(GMAIL_MSGID_BASE + BigInt(index), labels, content, flagsOf(index, role), { corpus: index });
        continue;
      }
      const content = contentOf(message, slot.accountId, slot.folder.role === 'sent' || slot.folder.role === 'drafts');
      await add(slot, content, flagsOf(index, slot.folder.role), { corpus: index });
    }
    const inbox = { accountId: 'seed-work', folder: LAYOUT['seed-work']?.[0] as SeedFolder };
    for (const [at, m] of malformed.entries()) {
      if (gmail) await addToGmail(GMAIL_MSGID_BASE - BigInt(at + 1), ['\\Inbox'], { raw: m.raw }, 0, { malformed: m.name });
      else await add(inbox, { raw: m.raw }, 0, { malformed: m.name });
    }
    if (options.conversation) {
      const work = accountOf.get('seed-work');
      if (!work) throw new Error('the conversation goes to the work account, which --gmail replaces');
      for (const m of conversationMessages(`${work.name} <${work.email}>`)) {
        const folder = LAYOUT['seed-work']?.find((f) => f.path === m.folder) as SeedFolder;
        await add({ accountId: work.id, folder }, { raw: m.raw }, m.seen ? SEED_FLAG.seen : 0, { extra: true });
      }
    }
    for (const account of accounts) await flush(account.id);

    for (const folder of folders.values()) if (folder.selectable) store.markSynced(folder.id, folder.lastUid);
    return {
      dataDir,
      messages: total,
      accounts,
      folders: [...folders.values()].map(({ id: _id, lastUid: _uid, selectable: _selectable, ...folder }) => folder),
      ms: performance.now() - started,
      ...(gmail ? { gmailLabels } : {}),
    };
  } finally {
    store.close();
  }
}
