import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceEvents } from '../../main/base/service-events';
import { UiEvents } from '../../main/base/ui-events';
import { LocalFolders } from '../../main/mailbox/local-folders';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { type Database, openDatabase, sql } from '../../main/store/database';
import { FoldersRepo } from '../../main/store/folders-repo';
import { MessagesRepo } from '../../main/store/messages-repo';
import { Pop3UidlsRepo } from '../../main/store/pop3-uidls-repo';
import { SourceFiles } from '../../main/store/source-files';
import { BodyStorePool } from '../../main/sync/body-store-pool';
import { Pop3Sync } from '../../main/sync/pop3-sync';
import { DEFAULT_POP3_OPTIONS, type Pop3Options, type Security } from '../../shared/accounts';
import type { Events } from '../../shared/contract';
import type { TestServers, TestUser } from '../servers/types';

/**
 * One POP3 account's sync on a store of its own, driven check by check: the
 * real Pop3Sync, downloader and store, without the rest of the core.
 */
export interface Pop3Harness {
  sync: Pop3Sync;
  db: Database;
  accountId: string;
  messages: MessagesRepo;
  folders: FoldersRepo;
  progress: Events['sync.progress'][];
  /** The mail.arrived events so far (new unread mail, for notifications). */
  arrived: Events['mail.arrived'][];
  /** Every stored raw message, keyed by Message-ID (duplicates would show up as a count mismatch). */
  stored(): { messageId: string | null; raw: Buffer; folderId: number }[];
  inboxId(): number;
  /** A new Pop3Sync on the same store (as after a restart), with other settings. */
  reopen(options?: HarnessOptions): Pop3Harness;
  close(): Promise<void>;
}

export interface HarnessOptions {
  port?: number;
  security?: Security;
  password?: string;
  user?: TestUser;
  pop3?: Partial<Pop3Options>;
  now?: () => number;
}

export async function pop3Harness(servers: TestServers, user: TestUser, options: HarnessOptions = {}): Promise<Pop3Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-pop3-'));
  const db = openDatabase(join(dir, 'tidings.sqlite'));
  const accounts = new AccountsRepo(db);
  const accountId = 'pop3test';
  accounts.insert({
    id: accountId,
    name: 'POP3 test',
    email: user.address,
    incoming: { protocol: 'pop3', host: servers.dovecot.host, port: servers.dovecot.ports.pop3s, security: 'tls', username: user.address },
    outgoing: { host: servers.postfix.host, port: servers.postfix.ports.submissions, security: 'tls', username: user.address },
    options: { bodyDays: null, pop3: DEFAULT_POP3_OPTIONS },
    createdAt: new Date().toISOString(),
  });
  const folders = new FoldersRepo(db);
  const sourcesDir = join(dir, 'sources');
  const messages = new MessagesRepo(db, new SourceFiles(sourcesDir));
  const uidls = new Pop3UidlsRepo(db);
  const events = new UiEvents();
  const progress: Events['sync.progress'][] = [];
  const arrived: Events['mail.arrived'][] = [];
  events.subscribe((event, payload) => {
    if (event === 'sync.progress') progress.push(payload as Events['sync.progress']);
    if (event === 'mail.arrived') arrived.push(payload as Events['mail.arrived']);
  });
  const localFolders = new LocalFolders(
    folders,
    events,
    new ServiceEvents((_, error) => {
      throw error;
    }),
    () => true,
  );
  // The same path as the core: parsed and stored in the body-store worker thread.
  const bodyStore = new BodyStorePool({ dbFile: join(dir, 'tidings.sqlite'), sourcesDir }, messages);

  const make = (o: HarnessOptions): Pop3Harness => {
    const stored = accounts.get(accountId);
    if (!stored) throw new Error('account gone');
    const account = {
      ...stored,
      incoming: {
        ...stored.incoming,
        port: o.port ?? (o.security === 'starttls' ? servers.dovecot.ports.pop3 : servers.dovecot.ports.pop3s),
        security: o.security ?? 'tls',
        username: (o.user ?? user).address,
      },
      options: { ...stored.options, pop3: { ...DEFAULT_POP3_OPTIONS, ...o.pop3 } },
    };
    const sync = new Pop3Sync({
      account,
      credential: async () => ({ kind: 'password', password: o.password ?? (o.user ?? user).password }),
      trusted: () => [],
      folders,
      messages,
      uidls,
      storeDownloaded: (batch) => bodyStore.storeDownloaded(batch),
      localFolders,
      events,
      reportStatus: () => undefined,
      ...(o.now ? { now: o.now } : {}),
    });
    return {
      sync,
      db,
      accountId,
      messages,
      folders,
      progress,
      arrived,
      stored: () =>
        (
          sql(db, 'SELECT id, message_id, folder_id FROM messages WHERE body_state != 0 ORDER BY id').all() as {
            id: number;
            message_id: string | null;
            folder_id: number;
          }[]
        ).map((r) => ({ messageId: r.message_id, folderId: r.folder_id, raw: Buffer.from(messages.source(r.id) ?? []) })),
      inboxId: () => folders.byRole(accountId, 'inbox')?.id as number,
      reopen: (next = {}) => make(next),
      close: async () => {
        await bodyStore.close();
        db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
  return make(options);
}

/**
 * A relay to a real server that drops the first connection once the server
 * has sent `afterBytes` bytes (mid-RETR), and relays later ones untouched.
 */
export async function startDroppingProxy(
  targetPort: number,
  afterBytes: number,
): Promise<{ port: number; dropped(): boolean; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let dropped = false;
  const server = net.createServer((client) => {
    const first = connections++ === 0;
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let received = 0;
    upstream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (first && received > afterBytes) {
        dropped = true;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.pipe(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
