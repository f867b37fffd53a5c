// A Gmail stand-in: an IMAP server on 127.0.0.1 that behaves like Gmail's
// (X-GM-EXT-1: labels shown as folders, X-GM-MSGID/X-GM-THRID/X-GM-LABELS,
// X-GM-RAW search; CONDSTORE, UIDPLUS, MOVE, IDLE, ESEARCH, LIST-EXTENDED,
// SPECIAL-USE; Gmail's words for its limits), which Dovecot cannot be made
// to be. One account, one mailbox; tests steer it and read its counters
// through the object startGmailStandIn returns. How it is built:
//   gmail/wire.ts             framing, tokens, sequence sets, modified UTF-7
//   gmail/mime.ts             ENVELOPE, BODYSTRUCTURE, sections, search text
//   gmail/mailbox.ts          messages, labels, folders, UIDs, MODSEQ
//   gmail/session.ts          one connection: states, sign-in, IDLE, notifications
//   gmail/folder-commands.ts  LIST, STATUS, SELECT, APPEND, ...
//   gmail/message-commands.ts FETCH, STORE, SEARCH, COPY, MOVE, EXPUNGE
//   gmail/fetch.ts            FETCH items and one message's answer
//   gmail/search.ts           SEARCH keys and X-GM-RAW
// What is modelled of Gmail and what is not: test/README.md.

import net from 'node:net';
import tls from 'node:tls';
import { type Folder, GmailError, Mailbox, type Message } from './gmail/mailbox';
import { Session } from './gmail/session';

export interface GmailUser {
  user: string;
  password: string;
  /** An OAuth2 access token accepted for XOAUTH2 / OAUTHBEARER. */
  accessToken?: string;
}

export interface GmailStandInOptions {
  /** Who may sign in (all to the one mailbox). Default: DEFAULT_GMAIL_USER. */
  users?: GmailUser[];
  /** Implicit TLS with this key and certificate (PEM); plain TCP without. */
  key?: string | Buffer;
  cert?: string | Buffer;
  /** Signed-in sessions at once; one more is refused at login like Gmail does. Default 15. */
  maxConnections?: number;
  /**
   * Gmail's "Auto-Expunge" setting (on in a new Gmail account): \Deleted set on
   * a message removes it from that folder at once, as EXPUNGE would. Default
   * off: \Deleted waits for EXPUNGE, as on any other server.
   */
  autoExpunge?: boolean;
  /** Called with every line the server reads or writes (credentials masked), for debugging. */
  trace?: (line: string) => void;
}

export const DEFAULT_GMAIL_USER: GmailUser = { user: 'ada@gmail.test', password: 'gmail app password', accessToken: 'ya29.stand-in-token' };

export interface CommandRecord {
  /** Which connection (1, 2, ...). */
  connection: number;
  /** "UID FETCH", "SELECT", ... (upper case). */
  name: string;
  /** The selected folder, or the folder the command names (SELECT, STATUS, APPEND, ...). */
  folder: string | null;
  /** The command as received (literals shown as {size}, sign-in arguments left out), at most 300 chars. */
  line: string;
  /** Its tagged answer (null while it runs, or when the client left before it). */
  status: 'OK' | 'NO' | 'BAD' | null;
  answer: string;
}

export interface AppendRecord {
  folder: string;
  msgid: string;
  uid: number;
  size: number;
  flags: string[];
}

export interface MessageState {
  msgid: string;
  thrid: string;
  /** Labels as X-GM-LABELS spells them (\\Inbox, \\Sent, ..., user labels); \\Starred is the \Flagged flag. */
  labels: string[];
  flags: string[];
  internalDate: Date;
  modseq: number;
  /** The folders it is shown in, with its UID in each. */
  folders: { folder: string; uid: number }[];
}

export interface GmailStandIn {
  port: number;
  /** The account's address (the first user's). */
  user: string;
  /** Closes every connection and the listener. */
  stop(): Promise<void>;
  /** A message as delivered to the account; labels like ['\\Inbox', 'Work']. */
  addMessage(input: {
    raw: string | Buffer;
    labels?: string[];
    flags?: string[];
    internalDate?: Date;
    /** X-GM-THRID to give (default: the thread of a message it refers to, else its own X-GM-MSGID). */
    threadId?: string;
  }): { msgid: string; thrid: string };
  /** Sets a message's labels as another client would: MODSEQ bumped, folders updated, IDLE sessions told. */
  setLabels(msgid: string, labels: string[]): void;
  /** Sets a message's flags (\Seen, \Flagged, ..., keywords) likewise. */
  setFlags(msgid: string, flags: string[]): void;
  message(msgid: string): MessageState | undefined;
  /** Every message of the account, in the order they came. */
  allMessages(): MessageState[];
  /** The UIDs of a folder, ascending ([] for a folder that does not exist). */
  folderUids(folder: string): number[];
  /** The folders that exist (selectable ones). */
  folders(): string[];
  /** Full bodies sent (BODY[] / BODY.PEEK[] / RFC822, not partial), in total. */
  bodyFetches(): number;
  bodyFetchesByMsgid(): Map<string, number>;
  appends(): AppendRecord[];
  /** Signed-in sessions now, and the most at once. */
  connections(): number;
  mostAtOnce(): number;
  commands(): CommandRecord[];
  /** Once n full bodies were sent, a FETCH of a full body answers NO with this text (null: no limit). */
  refuseBodiesAfter(n: number | null, text?: string): void;
  /** Errors the server ran into (bugs of the stand-in: a test may assert there are none). */
  internalErrors(): string[];
}

export async function startGmailStandIn(options: GmailStandInOptions = {}): Promise<GmailStandIn> {
  const users = options.users ?? [DEFAULT_GMAIL_USER];
  const maxConnections = options.maxConnections ?? 15;
  const mailbox = new Mailbox();
  const signedIn = new Set<Session>();
  const sockets = new Set<net.Socket>();
  const commandLog: CommandRecord[] = [];
  const appendLog: AppendRecord[] = [];
  const errors: string[] = [];
  const bodiesByMsgid = new Map<string, number>();
  let bodies = 0;
  let mostAtOnce = 0;
  let bodyLimit: { after: number; text: string } | null = null;
  let nextId = 1;

  const userFor = (name: string) => users.find((u) => u.user.toLowerCase() === name.toLowerCase());
  const hooks = {
    mailbox,
    autoExpunge: options.autoExpunge ?? false,
    checkPassword: (user: string, password: string) => {
      const found = userFor(user);
      return found && found.password === password ? found.user : undefined;
    },
    checkToken: (user: string, token: string) => {
      const found = userFor(user);
      return found?.accessToken && found.accessToken === token ? found.user : undefined;
    },
    loginRefusal: () => (signedIn.size >= maxConnections ? '[ALERT] Too many simultaneous connections. (Failure)' : undefined),
    authenticated: (session: Session) => {
      signedIn.add(session);
      mostAtOnce = Math.max(mostAtOnce, signedIn.size);
    },
    closed: (session: Session) => {
      signedIn.delete(session);
    },
    logCommand: (session: Session, name: string, folder: string | null, line: string) => {
      options.trace?.(`C${session.id}: ${line}`);
      if (commandLog.length >= 200_000) return undefined;
      const record: CommandRecord = { connection: session.id, name, folder, line, status: null, answer: '' };
      commandLog.push(record);
      return (status: string, text: string) => {
        record.status = status as CommandRecord['status'];
        record.answer = text;
      };
    },
    bodyRefusal: () => (bodyLimit && bodies >= bodyLimit.after ? bodyLimit.text : undefined),
    bodySent: (msgid: string) => {
      bodies++;
      bodiesByMsgid.set(msgid, (bodiesByMsgid.get(msgid) ?? 0) + 1);
    },
    appended: (record: AppendRecord) => appendLog.push(record),
    internalError: (error: unknown, context: string) => {
      errors.push(`${context}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    },
  };

  const serve = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // the session sees the close
    socket.setNoDelay(true);
    const session = new Session(nextId++, socket, hooks);
    if (options.trace) {
      const trace = options.trace;
      const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
      socket.write = ((chunk: unknown, ...rest: unknown[]) => {
        const text = Buffer.isBuffer(chunk) ? `<${chunk.length} bytes>` : String(chunk);
        trace(`S${session.id}: ${text.length > 500 ? `${text.slice(0, 500)}...` : text.trimEnd()}`);
        return write(chunk, ...rest);
      }) as typeof socket.write;
    }
    void session.run(socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1');
  };

  const tlsOptions = options.key && options.cert ? { key: options.key, cert: options.cert } : undefined;
  const server = tlsOptions ? tls.createServer(tlsOptions, serve) : net.createServer(serve);
  server.on('tlsClientError', () => undefined); // a client that gave up on our certificate
  server.on('error', (error) => hooks.internalError(error, 'listener'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;

  const find = (msgid: string): Message => {
    const message = mailbox.messages.get(msgid);
    if (!message) throw new Error(`No message ${msgid}`);
    return message;
  };
  const toBuffer = (raw: string | Buffer) => (Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'));
  const labelsAndFlags = (labels: string[], flags: Iterable<string>) => {
    const labelSet = new Set<string>();
    const flagSet = new Set(flags);
    try {
      for (const label of labels) mailbox.addLabel(labelSet, flagSet, label);
    } catch (error) {
      throw new Error(error instanceof GmailError ? error.message : String(error));
    }
    return { labelSet, flagSet };
  };

  const stateOf = (msgid: string): MessageState | undefined => {
    const message = mailbox.messages.get(msgid);
    if (!message) return undefined;
    const folders = mailbox.allFolders().flatMap((folder: Folder) => {
      const entry = folder.byMsgid.get(msgid);
      return entry ? [{ folder: folder.path, uid: entry.uid }] : [];
    });
    return {
      msgid,
      thrid: message.thrid,
      labels: [...message.labels, ...(message.flags.has('\\Flagged') ? ['\\Starred'] : [])].sort(),
      flags: [...message.flags].sort(),
      internalDate: message.internalDate,
      modseq: message.modseq,
      folders,
    };
  };

  return {
    port,
    user: (users[0] as GmailUser).user,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    addMessage: (input) => {
      const message = mailbox.addMessage({
        raw: toBuffer(input.raw),
        labels: input.labels ?? [],
        flags: input.flags ?? [],
        ...(input.internalDate ? { internalDate: input.internalDate } : {}),
        ...(input.threadId ? { threadId: input.threadId } : {}),
      });
      return { msgid: message.msgid, thrid: message.thrid };
    },
    setLabels: (msgid, labels) => {
      const message = find(msgid);
      const flags = new Set(message.flags);
      flags.delete('\\Flagged'); // \Starred among the labels says whether it is starred
      const { labelSet, flagSet } = labelsAndFlags(labels, flags);
      mailbox.applyChange(message, labelSet, flagSet, undefined);
    },
    setFlags: (msgid, flags) => {
      const message = find(msgid);
      const flagSet = new Set<string>();
      for (const flag of flags) mailbox.addFlag(flagSet, flag);
      mailbox.applyChange(message, message.labels, flagSet, undefined);
    },
    message: (msgid) => stateOf(msgid),
    allMessages: () => [...mailbox.messages.keys()].map((msgid) => stateOf(msgid) as MessageState),
    folderUids: (folder) => mailbox.folder(folder)?.uids() ?? [],
    folders: () => mailbox.allFolders().map((folder) => folder.path),
    bodyFetches: () => bodies,
    bodyFetchesByMsgid: () => new Map(bodiesByMsgid),
    appends: () => appendLog.slice(),
    connections: () => signedIn.size,
    mostAtOnce: () => mostAtOnce,
    commands: () => commandLog.slice(),
    refuseBodiesAfter: (n, text = '[OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)') => {
      bodyLimit = n === null ? null : { after: n, text };
    },
    internalErrors: () => errors.slice(),
  };
}
