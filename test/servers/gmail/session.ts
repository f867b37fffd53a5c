// One client connection of the Gmail stand-in: its state (not
// authenticated, authenticated, selected), the command loop, signing in
// (LOGIN, AUTHENTICATE PLAIN / XOAUTH2 / OAUTHBEARER), IDLE, and what other
// sessions changed in the selected folder (EXISTS, EXPUNGE, FETCH FLAGS),
// told when IMAP allows it: EXPUNGE never during FETCH, STORE or SEARCH
// (RFC 9051 7.5.1), anything at once while idling. The commands themselves
// are in folder-commands.ts and message-commands.ts.

import type { Socket } from 'node:net';
import { flagList } from './fetch';
import { FOLDER_COMMANDS } from './folder-commands';
import { type Folder, type FolderWatcher, GmailError, type Mailbox } from './mailbox';
import { MESSAGE_COMMANDS } from './message-commands';
import { Args, BadCommand, CommandReader, decodeMutf7, type Frame, lowerBound, type Piece, Refused, type Token, tokenize } from './wire';

export const APPEND_LIMIT = 35651584;

const PRE_AUTH_CAPABILITIES =
  'IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 SASL-IR AUTH=XOAUTH2 AUTH=PLAIN AUTH=OAUTHBEARER';
const CAPABILITIES = `IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 UIDPLUS ENABLE MOVE CONDSTORE ESEARCH UTF8=ACCEPT LIST-EXTENDED LIST-STATUS LITERAL- SPECIAL-USE APPENDLIMIT=${APPEND_LIMIT}`;

/** What a session needs from the server around it. */
export interface SessionHooks {
  mailbox: Mailbox;
  /** \Deleted expunges at once (Gmail's Auto-Expunge). */
  autoExpunge: boolean;
  /** The user name to sign in as, when these credentials are good. */
  checkPassword(user: string, password: string): string | undefined;
  checkToken(user: string, token: string): string | undefined;
  /** Why a further session may not sign in now (Gmail's connection limit), or undefined. */
  loginRefusal(): string | undefined;
  authenticated(session: Session): void;
  closed(session: Session): void;
  /** Records a command; what it returns is called with the tagged answer. */
  logCommand(session: Session, name: string, folder: string | null, line: string): ((status: string, text: string) => void) | undefined;
  /** Why no more bodies are sent (a download limit), or undefined. */
  bodyRefusal(): string | undefined;
  bodySent(msgid: string): void;
  appended(record: { folder: string; msgid: string; uid: number; size: number; flags: string[] }): void;
  internalError(error: unknown, context: string): void;
}

/** The selected folder as this session knows it. */
export interface Selection {
  folder: Folder;
  readOnly: boolean;
  /** UIDs this session knows, ascending: its message sequence numbers. */
  view: number[];
  /** UIDs gone from the folder, not yet told. */
  expunged: number[];
  /** UIDs whose flags changed elsewhere, not yet told. */
  changed: Set<number>;
  /** Messages came, not yet told. */
  hasNew: boolean;
}

export type State = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

/** A command: returns the text of its tagged OK (or throws BadCommand / Refused / GmailError). */
export type Handler = (session: Session, args: Args, tag: string) => string | Promise<string>;

export interface CommandSpec {
  states: State[];
  run: Handler;
  /** EXPUNGE responses may not follow it (FETCH, STORE, SEARCH by sequence number). */
  noExpunge?: boolean;
}

const ANY: State[] = ['not-authenticated', 'authenticated', 'selected'];

export class Session implements FolderWatcher {
  state: State = 'not-authenticated';
  user: string | undefined;
  utf8 = false;
  condstore = false;
  selected: Selection | undefined;
  private idling = false;
  private flushQueued = false;
  private ended = false;
  readonly reader: CommandReader;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly hooks: SessionHooks,
  ) {
    this.reader = new CommandReader(socket, { maxLineBytes: 1024 * 1024, maxLiteralBytes: APPEND_LIMIT, maxNonSyncLiteral: 4096 }, () =>
      this.write(['+ go ahead\r\n']),
    );
    socket.on('data', (chunk: Buffer) => this.reader.push(chunk));
    socket.on('end', () => this.reader.end());
    socket.on('error', () => this.reader.end()); // 'close' follows
    socket.on('close', () => {
      this.reader.end();
      this.finish();
    });
  }

  /** The client went (or was sent away). */
  get gone(): boolean {
    return this.ended;
  }

  get mailbox(): Mailbox {
    return this.hooks.mailbox;
  }

  /** Serves the connection until the client goes or logs out. */
  async run(remote: string): Promise<void> {
    this.write([`* OK Gimap ready for requests from ${remote}\r\n`]);
    try {
      while (this.state !== 'logout' && !this.ended) {
        const frame = await this.reader.readCommand();
        if (!frame) break;
        await this.handle(frame);
      }
    } catch (error) {
      this.hooks.internalError(error, 'session');
    } finally {
      this.close();
    }
  }

  close(): void {
    if (!this.socket.destroyed) this.socket.end();
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.unselect();
    this.hooks.closed(this);
  }

  // ---- writing ----

  /** Writes text (UTF-8) and bytes in order. */
  write(pieces: readonly Piece[]): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    let text = '';
    this.socket.cork();
    for (const piece of pieces) {
      if (typeof piece === 'string') text += piece;
      else {
        if (text) this.socket.write(text);
        text = '';
        this.socket.write(piece);
      }
    }
    if (text) this.socket.write(text);
    this.socket.uncork();
  }

  /** Waits while much is queued on the socket (a client reading slowly). */
  async drain(): Promise<void> {
    if (this.socket.writableLength < 1024 * 1024 || this.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  // ---- commands ----

  private async handle(frame: Frame): Promise<void> {
    const first = (frame.parts[0] ?? Buffer.alloc(0)).toString('latin1');
    const space = first.indexOf(' ');
    const tag = space === -1 ? first : first.slice(0, space);
    if (!/^[\x21-\x7e]+$/.test(tag) || /[(){%*"\\+\]]/.test(tag)) {
      this.hooks.logCommand(this, '(none)', null, lineOf(frame).slice(0, 300))?.('BAD', 'Invalid tag.');
      this.write(['* BAD [CLIENTBUG] Invalid tag. (Failure)\r\n']);
      return;
    }
    let done: ((status: string, text: string) => void) | undefined;
    const reply = (status: 'OK' | 'NO' | 'BAD', text: string) => {
      done?.(status, text);
      this.write([`${tag} ${status} ${text}\r\n`]);
    };
    if (frame.error) {
      done = this.hooks.logCommand(this, '(unreadable)', null, lineOf(frame).slice(0, 300));
      reply(frame.error.status, frame.error.text);
      return;
    }
    let tokens: Token[];
    try {
      tokens = tokenize(frame).slice(1);
    } catch (error) {
      done = this.hooks.logCommand(this, '(unparsable)', null, lineOf(frame).slice(0, 300));
      reply('BAD', `${error instanceof BadCommand ? error.message : 'Could not parse command'} (Failure)`);
      return;
    }
    const args = new Args(tokens);
    let name = '';
    const commandToken = args.peek();
    if (commandToken?.type === 'atom') name = args.atom().toUpperCase();
    if (name === 'UID') {
      const next = args.peek();
      name = next?.type === 'atom' ? `UID ${args.atom().toUpperCase()}` : 'UID';
    }
    done = this.log(name || '(none)', tokens, frame);
    const spec = name ? COMMANDS[name] : undefined;
    if (!spec) {
      reply('BAD', `${name ? 'Unknown command' : 'Missing command'} (Failure)`);
      return;
    }
    if (!spec.states.includes(this.state)) {
      reply('BAD', `${name} not allowed now. (Failure)`);
      return;
    }
    let ok: string;
    try {
      ok = await spec.run(this, args, tag);
    } catch (error) {
      if (this.ended) return;
      this.flush(!spec.noExpunge);
      if (error instanceof BadCommand) reply('BAD', `${error.message} (Failure)`);
      else if (error instanceof Refused) reply('NO', error.message);
      else if (error instanceof GmailError) reply(error.status, error.message);
      else {
        this.hooks.internalError(error, `${name} ${lineOf(frame).slice(0, 200)}`);
        reply('NO', '[SERVERBUG] Internal error. (Failure)');
      }
      return;
    }
    if (this.ended) return;
    this.flush(!spec.noExpunge);
    reply('OK', ok);
  }

  /** Logs a command; returns what records its answer. */
  private log(name: string, tokens: Token[], frame: Frame): ((status: string, text: string) => void) | undefined {
    let folder = this.selected?.folder.path ?? null;
    if (['SELECT', 'EXAMINE', 'STATUS', 'APPEND', 'CREATE', 'DELETE', 'RENAME', 'SUBSCRIBE', 'UNSUBSCRIBE'].includes(name)) {
      const arg = tokens[1];
      if (arg && arg.type !== 'list') {
        try {
          folder = this.mailboxName(arg.type === 'string' ? arg.bytes : Buffer.from(arg.value));
        } catch {
          folder = null;
        }
      }
    }
    const line = name === 'LOGIN' || name.startsWith('AUTHENTICATE') ? name : lineOf(frame).slice(0, 300);
    return this.hooks.logCommand(this, name, folder, line);
  }

  /** A mailbox name argument, decoded (modified UTF-7 unless UTF8=ACCEPT) and with INBOX in capitals. */
  mailboxName(bytes: Buffer): string {
    const text = bytes.toString('utf8');
    const name = this.utf8 ? text : decodeMutf7(text);
    return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
  }

  /** The selected folder (throws when none). */
  selection(): Selection {
    if (!this.selected) throw new BadCommand('No mailbox selected.');
    return this.selected;
  }

  select(folder: Folder, readOnly: boolean): Selection {
    this.unselect();
    const selection: Selection = { folder, readOnly, view: folder.uids(), expunged: [], changed: new Set(), hasNew: false };
    this.selected = selection;
    this.state = 'selected';
    folder.watchers.add(this);
    return selection;
  }

  unselect(): void {
    this.selected?.folder.watchers.delete(this);
    this.selected = undefined;
    if (this.state === 'selected') this.state = 'authenticated';
  }

  // ---- what other sessions changed ----

  added(folder: Folder): void {
    if (this.selected?.folder !== folder) return;
    this.selected.hasNew = true;
    this.poke();
  }

  removed(folder: Folder, uid: number): void {
    if (this.selected?.folder !== folder) return;
    this.selected.expunged.push(uid);
    this.poke();
  }

  changed(folder: Folder, uid: number, origin: unknown): void {
    if (this.selected?.folder !== folder || origin === this) return;
    this.selected.changed.add(uid);
    this.poke();
  }

  deleted(folder: Folder, origin: unknown): void {
    if (this.selected?.folder !== folder) return;
    if (origin === this) {
      this.unselect();
      return;
    }
    // As Dovecot does: the session cannot go on in a folder that is gone.
    this.flush(true);
    this.write(['* BYE Selected mailbox was deleted, have to disconnect. (Failure)\r\n']);
    this.close();
  }

  private poke(): void {
    if (!this.idling || this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      if (this.idling) this.flush(true);
    });
  }

  /** Tells what changed in the selected folder: EXPUNGE (when allowed), EXISTS, FETCH (FLAGS). */
  flush(expunges: boolean): void {
    const selection = this.selected;
    if (!selection || this.ended) return;
    const lines: string[] = [];
    if (expunges && selection.expunged.length > 0) {
      const gone = new Set(selection.expunged);
      selection.expunged = [];
      const positions: number[] = [];
      for (const uid of gone) {
        const at = lowerBound(selection.view, uid);
        if (selection.view[at] === uid) positions.push(at);
        selection.changed.delete(uid);
      }
      // Highest first: each EXPUNGE then leaves the numbers of the others as they were.
      positions.sort((a, b) => b - a);
      for (const at of positions) lines.push(`* ${at + 1} EXPUNGE\r\n`);
      if (positions.length) selection.view = selection.view.filter((uid) => !gone.has(uid));
    }
    if (selection.hasNew) {
      selection.hasNew = false;
      const more = selection.folder.uidsAbove(selection.view[selection.view.length - 1] ?? 0);
      for (const uid of more) selection.view.push(uid);
      if (more.length) lines.push(`* ${selection.view.length} EXISTS\r\n`);
    }
    if (selection.changed.size > 0) {
      for (const uid of selection.changed) {
        const entry = selection.folder.byUid.get(uid);
        const at = lowerBound(selection.view, uid);
        if (!entry || selection.view[at] !== uid) continue;
        const modseq = this.condstore ? ` MODSEQ (${entry.message.modseq})` : '';
        lines.push(`* ${at + 1} FETCH (UID ${uid} FLAGS ${flagList(entry)}${modseq})\r\n`);
      }
      selection.changed.clear();
    }
    if (lines.length) this.write(lines);
  }

  // ---- signing in ----

  signIn(user: string): string {
    const refusal = this.hooks.loginRefusal();
    if (refusal) throw new Refused(refusal);
    this.user = user;
    this.state = 'authenticated';
    this.hooks.authenticated(this);
    this.write([`* CAPABILITY ${CAPABILITIES}\r\n`]);
    return `${user} authenticated (Success)`;
  }

  capabilities(): string {
    return this.state === 'not-authenticated' ? PRE_AUTH_CAPABILITIES : CAPABILITIES;
  }

  /** Reads one line answering a "+" (an AUTHENTICATE response, IDLE's DONE); null when the client went. */
  async readLine(): Promise<string | null> {
    const line = await this.reader.readLine();
    if (line === null) return null;
    if (!Buffer.isBuffer(line)) throw new BadCommand('Line too long.');
    return line.toString('latin1');
  }

  async idle(): Promise<string> {
    this.write(['+ idling\r\n']);
    this.idling = true;
    try {
      this.flush(true);
      const line = await this.readLine();
      if (line === null) return 'IDLE terminated (Success)';
      if (line.trim().toUpperCase() !== 'DONE') throw new BadCommand('Expected DONE.');
      return 'IDLE terminated (Success)';
    } finally {
      this.idling = false;
    }
  }
}

const INVALID_CREDENTIALS = '[AUTHENTICATIONFAILED] Invalid credentials (Failure)';

async function authenticate(session: Session, args: Args): Promise<string> {
  const mechanism = args.atom('mechanism').toUpperCase();
  const initialToken = args.done ? undefined : args.astring('initial response');
  args.end();
  const response = async (): Promise<Buffer> => {
    let text = initialToken;
    if (text === undefined) {
      session.write(['+ \r\n']);
      const line = await session.readLine();
      if (line === null) throw new BadCommand('Connection closed.');
      text = line;
    }
    if (text.trim() === '*') throw new BadCommand('Authentication aborted.');
    if (text === '=') return Buffer.alloc(0);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.trim())) throw new BadCommand('Invalid base64.');
    return Buffer.from(text.trim(), 'base64');
  };
  /** A refused token: the error as a "+" challenge, the client's (empty) answer, then NO. */
  const refuseToken = async (challenge: object): Promise<never> => {
    session.write([`+ ${Buffer.from(JSON.stringify(challenge)).toString('base64')}\r\n`]);
    await session.readLine();
    throw new Refused(INVALID_CREDENTIALS);
  };
  switch (mechanism) {
    case 'PLAIN': {
      const [, user = '', password = ''] = (await response()).toString('utf8').split('\0');
      const signed = session.hooks.checkPassword(user, password);
      if (!signed) throw new Refused(INVALID_CREDENTIALS);
      return session.signIn(signed);
    }
    case 'XOAUTH2': {
      const fields = (await response()).toString('utf8').split('\x01');
      const user = fields.find((f) => f.startsWith('user='))?.slice(5) ?? '';
      const token = /^auth=Bearer (.*)$/i.exec(fields.find((f) => /^auth=/i.test(f)) ?? '')?.[1] ?? '';
      const signed = session.hooks.checkToken(user, token);
      if (!signed) return refuseToken({ status: '400', schemes: 'Bearer', scope: 'https://mail.google.com/' });
      return session.signIn(signed);
    }
    case 'OAUTHBEARER': {
      const text = (await response()).toString('utf8');
      const [gs2 = '', ...fields] = text.split('\x01');
      const user = (/(?:^|,)a=([^,]*)/.exec(gs2)?.[1] ?? '').replace(/=2C/g, ',').replace(/=3D/g, '=');
      const token = /^auth=Bearer (.*)$/i.exec(fields.find((f) => /^auth=/i.test(f)) ?? '')?.[1] ?? '';
      const signed = session.hooks.checkToken(user, token);
      if (!signed) return refuseToken({ status: 'invalid_token', schemes: 'Bearer', scope: 'https://mail.google.com/' });
      return session.signIn(signed);
    }
    default:
      throw new Refused('[CANNOT] Unsupported authentication mechanism. (Failure)');
  }
}

const BASE_COMMANDS: Record<string, CommandSpec> = {
  CAPABILITY: {
    states: ANY,
    run: (s, args) => {
      args.end();
      s.write([`* CAPABILITY ${s.capabilities()}\r\n`]);
      return 'Thats all she wrote! (Success)';
    },
  },
  NOOP: {
    states: ANY,
    run: (_s, args) => {
      args.end();
      return 'Success';
    },
  },
  CHECK: { states: ['selected'], run: () => 'Success' },
  LOGOUT: {
    states: ANY,
    run: (s, args) => {
      args.end();
      s.write(['* BYE LOGOUT Requested\r\n']);
      s.unselect();
      s.state = 'logout';
      return '73 good day (Success)';
    },
  },
  ID: {
    states: ANY,
    run: (s, args) => {
      const given = args.next('parameter list');
      if (!(given.type === 'list' || (given.type === 'atom' && given.value.toUpperCase() === 'NIL')))
        throw new BadCommand('Invalid ID parameters.');
      args.end();
      s.write([
        '* ID ("name" "GImap" "vendor" "Google, Inc." "support-url" "https://support.google.com/mail" "remote-host" "127.0.0.1")\r\n',
      ]);
      return 'Success';
    },
  },
  LOGIN: {
    states: ['not-authenticated'],
    run: (s, args) => {
      const user = args.astring('user name');
      const password = args.astring('password');
      args.end();
      const signed = s.hooks.checkPassword(user, password);
      if (!signed) throw new Refused(INVALID_CREDENTIALS);
      return s.signIn(signed);
    },
  },
  AUTHENTICATE: { states: ['not-authenticated'], run: (s, args) => authenticate(s, args) },
  ENABLE: {
    states: ['authenticated', 'selected'],
    run: (s, args) => {
      const enabled: string[] = [];
      if (args.done) throw new BadCommand('Missing capability.');
      while (!args.done) {
        const name = args.atom('capability').toUpperCase();
        if (name === 'CONDSTORE' && !s.condstore) {
          s.condstore = true;
          enabled.push(name);
        } else if (name === 'UTF8=ACCEPT' && !s.utf8) {
          s.utf8 = true;
          enabled.push(name);
        }
      }
      s.write([`* ENABLED${enabled.map((name) => ` ${name}`).join('')}\r\n`]);
      return 'Success';
    },
  },
  IDLE: {
    states: ['authenticated', 'selected'],
    run: (s, args) => {
      args.end();
      return s.idle();
    },
  },
};

const COMMANDS: Record<string, CommandSpec> = { ...BASE_COMMANDS, ...FOLDER_COMMANDS, ...MESSAGE_COMMANDS };

/** The command's text as received, literals shown by their size. */
function lineOf(frame: Frame): string {
  return frame.parts
    .map((part, i) => part.toString('latin1') + (i < frame.literals.length ? `{${frame.literals[i]?.length ?? 0}}` : ''))
    .join('');
}
