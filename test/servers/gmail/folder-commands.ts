// Folder commands of the Gmail stand-in: LIST (with RFC 5258 selection and
// RETURN options, SPECIAL-USE and LIST-STATUS), XLIST, LSUB, STATUS,
// SELECT/EXAMINE, UNSELECT, CLOSE, CREATE/DELETE/RENAME (user labels only),
// SUBSCRIBE/UNSUBSCRIBE, NAMESPACE, the QUOTA commands and APPEND.

import { type Folder, GmailError, Mailbox } from './mailbox';
import { removeFromFolder } from './message-commands';
import type { CommandSpec, Session } from './session';
import { type Args, BadCommand, encodeMutf7, parseDateTime, quote, Refused, type Token, tokenText } from './wire';

const DELIMITER = '/';

/** A mailbox name as a response carries it (quoted; modified UTF-7 unless UTF8=ACCEPT). */
function nameText(session: Session, path: string): string {
  return quote(session.utf8 ? path : encodeMutf7(path));
}

function mailboxArg(session: Session, args: Args): string {
  return session.mailboxName(args.astringBytes('mailbox name'));
}

function existing(session: Session, path: string): Folder {
  const folder = session.mailbox.folder(path);
  if (!folder) throw new Refused(`[NONEXISTENT] Unknown Mailbox: ${path} (now in authenticated state) (Failure)`);
  return folder;
}

// ---- LIST ----

interface Listed {
  path: string;
  folder: Folder | undefined;
  hasChildren: boolean;
}

/** Every folder and the \Noselect folders above nested ones ("[Gmail]"), INBOX first. */
function listing(session: Session): Listed[] {
  const folders = session.mailbox.allFolders();
  const paths = new Set(folders.map((f) => f.path));
  for (const folder of folders) {
    const segments = folder.path.split(DELIMITER);
    for (let i = 1; i < segments.length; i++) paths.add(segments.slice(0, i).join(DELIMITER));
  }
  const sorted = [...paths].sort((a, b) => (a === 'INBOX' ? -1 : b === 'INBOX' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const parents = new Set<string>();
  for (const path of sorted) {
    const cut = path.lastIndexOf(DELIMITER);
    if (cut > 0) parents.add(path.slice(0, cut));
  }
  return sorted.map((path) => ({ path, folder: session.mailbox.folder(path), hasChildren: parents.has(path) }));
}

function patternMatcher(reference: string, pattern: string): (path: string) => boolean {
  const full = reference + pattern;
  let source = '';
  for (const c of full) source += c === '*' ? '.*' : c === '%' ? '[^/]*' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const regex = new RegExp(`^${source}$`);
  const inboxRegex = new RegExp(`^${source}$`, 'i');
  return (path) => (path === 'INBOX' ? inboxRegex.test(path) : regex.test(path));
}

function listFlags(entry: Listed, command: 'LIST' | 'XLIST' | 'LSUB', subscribedFlag: boolean): string[] {
  const flags = [entry.hasChildren ? '\\HasChildren' : '\\HasNoChildren'];
  if (!entry.folder) flags.push('\\Noselect');
  else if (entry.folder.kind !== 'label') {
    const info = Mailbox.systemInfo(entry.folder.kind);
    const flag = command === 'XLIST' ? info?.xlist : info?.specialUse;
    if (flag) flags.push(flag);
  }
  if (subscribedFlag && entry.folder?.subscribed) flags.push('\\Subscribed');
  return flags.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

function statusItems(session: Session, folder: Folder, items: string[]): string {
  const values: string[] = [];
  for (const item of items) {
    switch (item) {
      case 'MESSAGES':
        values.push(`MESSAGES ${folder.size}`);
        break;
      case 'RECENT':
        values.push('RECENT 0');
        break;
      case 'UIDNEXT':
        values.push(`UIDNEXT ${folder.uidNext}`);
        break;
      case 'UIDVALIDITY':
        values.push(`UIDVALIDITY ${folder.uidValidity}`);
        break;
      case 'UNSEEN': {
        let unseen = 0;
        for (const entry of folder.byUid.values()) if (!entry.message.flags.has('\\Seen')) unseen++;
        values.push(`UNSEEN ${unseen}`);
        break;
      }
      case 'HIGHESTMODSEQ':
        session.condstore = true;
        values.push(`HIGHESTMODSEQ ${folder.highestModseq}`);
        break;
      default:
        throw new BadCommand(`Unknown status item ${item}.`);
    }
  }
  return `(${values.join(' ')})`;
}

function statusList(tokens: Token[]): string[] {
  const items = tokens.map((token) => tokenText(token).toUpperCase());
  if (items.length === 0) throw new BadCommand('Empty status list.');
  return items;
}

function list(session: Session, args: Args, command: 'LIST' | 'XLIST' | 'LSUB'): string {
  let selectSubscribed = false;
  let selectSpecialUse = false;
  if (command === 'LIST' && args.peek()?.type === 'list') {
    for (const option of args.list('selection options')) {
      const name = tokenText(option).toUpperCase();
      if (name === 'SUBSCRIBED') selectSubscribed = true;
      else if (name === 'SPECIAL-USE') selectSpecialUse = true;
      else if (name !== 'REMOTE' && name !== 'RECURSIVEMATCH') throw new BadCommand(`Unknown selection option ${name}.`);
    }
  }
  const reference = session.mailboxName(args.astringBytes('reference'));
  const patternTokens = command === 'LIST' ? args.listOrOne('mailbox pattern') : [args.next('mailbox pattern')];
  const patterns = patternTokens.map((token) => {
    if (token.type === 'list') throw new BadCommand('Invalid mailbox pattern.');
    return session.mailboxName(token.type === 'string' ? token.bytes : Buffer.from(token.value));
  });
  let returnSubscribed = selectSubscribed;
  let returnStatus: string[] | undefined;
  if (command === 'LIST' && !args.done) {
    if (args.atom('RETURN').toUpperCase() !== 'RETURN') throw new BadCommand('Expected RETURN.');
    const options = args.list('return options');
    for (let i = 0; i < options.length; i++) {
      const name = tokenText(options[i] as Token).toUpperCase();
      if (name === 'SUBSCRIBED') returnSubscribed = true;
      else if (name === 'STATUS') {
        const next = options[++i];
        if (next?.type !== 'list') throw new BadCommand('Expected a status list.');
        returnStatus = statusList(next.items);
      } else if (name !== 'CHILDREN' && name !== 'SPECIAL-USE') throw new BadCommand(`Unknown return option ${name}.`);
    }
  }
  args.end();
  if (patterns.length === 1 && patterns[0] === '' && command !== 'LSUB') {
    session.write([`* ${command} (\\Noselect) "${DELIMITER}" ""\r\n`]);
    return 'Success';
  }
  const matchers = patterns.map((pattern) => patternMatcher(reference, pattern));
  const lines: string[] = [];
  for (const entry of listing(session)) {
    if (!matchers.some((match) => match(entry.path))) continue;
    if ((selectSubscribed || command === 'LSUB') && !entry.folder?.subscribed) continue;
    if (selectSpecialUse && (!entry.folder || entry.folder.kind === 'label' || entry.folder.kind === 'inbox')) continue;
    const flags = listFlags(entry, command, returnSubscribed);
    lines.push(`* ${command} (${flags.join(' ')}) "${DELIMITER}" ${nameText(session, entry.path)}\r\n`);
    if (returnStatus && entry.folder) {
      lines.push(`* STATUS ${nameText(session, entry.path)} ${statusItems(session, entry.folder, returnStatus)}\r\n`);
    }
  }
  session.write(lines);
  return 'Success';
}

// ---- SELECT ----

function select(session: Session, args: Args, readOnly: boolean): string {
  const path = mailboxArg(session, args);
  if (!args.done) {
    const params = args.list('select parameters');
    for (const param of params) {
      const name = tokenText(param).toUpperCase();
      if (name === 'CONDSTORE') session.condstore = true;
      else throw new BadCommand(`Unknown select parameter ${name}.`);
    }
  }
  args.end();
  session.unselect();
  const folder = existing(session, path);
  const selection = session.select(folder, readOnly);
  const keywords = [...session.mailbox.keywords].join(' ');
  session.write([
    `* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen ${keywords})\r\n`,
    `* OK [PERMANENTFLAGS (${readOnly ? '' : `\\Answered \\Flagged \\Draft \\Deleted \\Seen ${keywords} \\*`})] Flags permitted.\r\n`,
    `* OK [UIDVALIDITY ${folder.uidValidity}] UIDs valid.\r\n`,
    `* ${selection.view.length} EXISTS\r\n`,
    '* 0 RECENT\r\n',
    `* OK [UIDNEXT ${folder.uidNext}] Predicted next UID.\r\n`,
    `* OK [HIGHESTMODSEQ ${folder.highestModseq}]\r\n`,
  ]);
  return `[${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${path} selected. (Success)`;
}

/** Expunges this session's \Deleted messages without telling (CLOSE). */
export function silentExpunge(session: Session): void {
  const selection = session.selected;
  if (!selection || selection.readOnly) return;
  for (const entry of [...selection.folder.byUid.values()]) if (entry.deleted) removeFromFolder(session, entry);
}

// ---- APPEND ----

function append(session: Session, args: Args): string {
  const path = mailboxArg(session, args);
  const folder = session.mailbox.folder(path);
  if (!folder) throw new Refused("[TRYCREATE] Folder doesn't exist. (Failure)");
  const flags = new Set<string>();
  let deleted = false;
  let internalDate: Date | undefined;
  let token = args.next('message');
  if (token.type === 'list') {
    for (const flag of token.items) {
      const name = tokenText(flag);
      if (name.toLowerCase() === '\\deleted') deleted = true;
      else session.mailbox.addFlag(flags, name);
    }
    token = args.next('message');
  }
  if (token.type === 'string' && !token.literal) {
    internalDate = parseDateTime(token.value);
    token = args.next('message');
  }
  if (token.type !== 'string' || !token.literal) throw new BadCommand('Expected the message as a literal.');
  args.end();
  const mailbox = session.mailbox;
  const { labels, flags: finalFlags } = mailbox.labelsForCopy(
    { msgid: '', thrid: '', raw: token.bytes, internalDate: new Date(), flags, labels: new Set(), modseq: 0, cache: new Map() },
    folder,
  );
  const message = mailbox.addMessage({ raw: token.bytes, labels, flags: finalFlags, ...(internalDate ? { internalDate } : {}) });
  const entry = folder.byMsgid.get(message.msgid);
  if (!entry) throw new GmailError('NO', 'Append failed. (Failure)');
  if (deleted) mailbox.setDeleted(entry, true, undefined);
  session.hooks.appended({ folder: folder.path, msgid: message.msgid, uid: entry.uid, size: token.bytes.length, flags: [...finalFlags] });
  return `[APPENDUID ${folder.uidValidity} ${entry.uid}] (Success)`;
}

const AUTHED: CommandSpec['states'] = ['authenticated', 'selected'];

export const FOLDER_COMMANDS: Record<string, CommandSpec> = {
  LIST: { states: AUTHED, run: (s, args) => list(s, args, 'LIST') },
  XLIST: { states: AUTHED, run: (s, args) => list(s, args, 'XLIST') },
  LSUB: { states: AUTHED, run: (s, args) => list(s, args, 'LSUB') },
  STATUS: {
    states: AUTHED,
    run: (s, args) => {
      const path = mailboxArg(s, args);
      const items = statusList(args.list('status items'));
      args.end();
      const folder = existing(s, path);
      s.write([`* STATUS ${nameText(s, folder.path)} ${statusItems(s, folder, items)}\r\n`]);
      return 'Success';
    },
  },
  SELECT: { states: AUTHED, run: (s, args) => select(s, args, false) },
  EXAMINE: { states: AUTHED, run: (s, args) => select(s, args, true) },
  UNSELECT: {
    states: ['selected'],
    run: (s, args) => {
      args.end();
      s.unselect();
      return 'Returned to authenticated state. (Success)';
    },
  },
  CLOSE: {
    states: ['selected'],
    run: (s, args) => {
      args.end();
      silentExpunge(s);
      s.unselect();
      return 'Returned to authenticated state. (Success)';
    },
  },
  CREATE: {
    states: AUTHED,
    run: (s, args) => {
      const path = mailboxArg(s, args);
      args.end();
      s.mailbox.createFolder(path);
      return 'Success';
    },
  },
  DELETE: {
    states: AUTHED,
    run: (s, args) => {
      const path = mailboxArg(s, args);
      args.end();
      s.mailbox.deleteFolder(path, s);
      return 'Success';
    },
  },
  RENAME: {
    states: AUTHED,
    run: (s, args) => {
      const from = mailboxArg(s, args);
      const to = mailboxArg(s, args);
      args.end();
      s.mailbox.renameFolder(from, to, s);
      return 'Success';
    },
  },
  SUBSCRIBE: {
    states: AUTHED,
    run: (s, args) => {
      const path = mailboxArg(s, args);
      args.end();
      existing(s, path).subscribed = true;
      return 'Success';
    },
  },
  UNSUBSCRIBE: {
    states: AUTHED,
    run: (s, args) => {
      const path = mailboxArg(s, args);
      args.end();
      existing(s, path).subscribed = false;
      return 'Success';
    },
  },
  NAMESPACE: {
    states: AUTHED,
    run: (s, args) => {
      args.end();
      s.write([`* NAMESPACE (("" "${DELIMITER}")) NIL NIL\r\n`]);
      return 'Success';
    },
  },
  GETQUOTAROOT: {
    states: AUTHED,
    run: (s, args) => {
      const path = mailboxArg(s, args);
      args.end();
      existing(s, path);
      s.write([`* QUOTAROOT ${nameText(s, path)} ""\r\n`, quotaLine(s)]);
      return 'Success';
    },
  },
  GETQUOTA: {
    states: AUTHED,
    run: (s, args) => {
      const root = args.astring('quota root');
      args.end();
      if (root !== '') throw new Refused('[NONEXISTENT] Unknown quota root. (Failure)');
      s.write([quotaLine(s)]);
      return 'Success';
    },
  },
  APPEND: { states: AUTHED, run: (s, args) => append(s, args) },
};

function quotaLine(session: Session): string {
  let bytes = 0;
  for (const message of session.mailbox.messages.values()) bytes += message.raw.length;
  return `* QUOTA "" (STORAGE ${Math.ceil(bytes / 1024)} 15728640)\r\n`;
}
