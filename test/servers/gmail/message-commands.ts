// Message commands of the Gmail stand-in, by sequence number and by UID:
// FETCH (CONDSTORE's CHANGEDSINCE; bodies streamed, counted, and refused
// past a download limit), STORE (flags, and X-GM-LABELS; UNCHANGEDSINCE),
// SEARCH (ESEARCH's RETURN), COPY and MOVE (label changes, with COPYUID),
// EXPUNGE (the folder's label goes; see mailbox.ts for All Mail and Trash).

import { type FetchItem, flagList, isFullBody, labelList, parseFetchItems, renderItems } from './fetch';
import type { Entry } from './mailbox';
import { parseSearch } from './search';
import type { CommandSpec, Selection, Session } from './session';
import { type Args, BadCommand, type Piece, parseSequenceSet, Refused, type Token, tokenText, toSequenceSet } from './wire';

/** The messages of a sequence set (UIDs when byUid) that this session knows and the folder still has, in order. */
function resolve(selection: Selection, set: string, byUid: boolean): { entry: Entry; seq: number }[] {
  const view = selection.view;
  const out: { entry: Entry; seq: number }[] = [];
  const push = (at: number) => {
    const uid = view[at] as number;
    const entry = selection.folder.byUid.get(uid);
    if (entry) out.push({ entry, seq: at + 1 });
  };
  if (byUid) {
    const ranges = parseSequenceSet(set, view[view.length - 1] ?? 0);
    for (const [from, to] of ranges) {
      let lo = 0;
      let hi = view.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((view[mid] as number) < from) lo = mid + 1;
        else hi = mid;
      }
      for (let at = lo; at < view.length && (view[at] as number) <= to; at++) push(at);
    }
  } else {
    const ranges = parseSequenceSet(set, view.length);
    for (const [from, to] of ranges) for (let seq = from; seq <= Math.min(to, view.length); seq++) push(seq - 1);
  }
  return out;
}

/** "1:3,7,5": consecutive runs compressed, order kept (COPYUID pairs source and target sets by position). */
function orderedSet(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] as number) + 1) j++;
    parts.push(i === j ? `${numbers[i]}` : `${numbers[i]}:${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function writable(selection: Selection): void {
  if (selection.readOnly) throw new Refused('[READ-ONLY] The folder is read-only. (Failure)');
}

// ---- FETCH ----

async function fetch(session: Session, args: Args, byUid: boolean): Promise<string> {
  const selection = session.selection();
  const set = args.atom('sequence set');
  const items: FetchItem[] = parseFetchItems(args.next('fetch items'));
  let changedSince: number | undefined;
  if (!args.done) {
    const modifiers = args.list('fetch modifiers');
    for (let i = 0; i < modifiers.length; i++) {
      const name = tokenText(modifiers[i] as Token).toUpperCase();
      if (name !== 'CHANGEDSINCE') throw new BadCommand(`Unknown fetch modifier ${name}.`);
      const value = tokenText(modifiers[++i] ?? { type: 'atom', value: '' });
      if (!/^\d{1,20}$/.test(value)) throw new BadCommand('Invalid CHANGEDSINCE.');
      changedSince = Number(value);
      session.condstore = true;
    }
  }
  args.end();
  if (items.some((item) => item.kind === 'MODSEQ')) session.condstore = true;
  const wants = new Set(items.map((item) => item.kind));
  const fullBody = items.some(isFullBody);
  const marksSeen = !selection.readOnly && items.some((item) => item.kind === 'section' && !item.peek);
  const ctx = { mailbox: session.mailbox, folder: selection.folder, utf8: session.utf8, condstore: session.condstore };
  for (const { entry, seq } of resolve(selection, set, byUid)) {
    if (session.gone) break;
    if (entry.message.modseq <= (changedSince ?? -1)) continue;
    if (!selection.folder.byUid.has(entry.uid)) continue; // gone while we waited for the client to read
    if (fullBody) {
      const refusal = session.hooks.bodyRefusal();
      if (refusal) throw new Refused(refusal);
    }
    let seen = false;
    if (marksSeen && !entry.message.flags.has('\\Seen')) {
      const flags = new Set(entry.message.flags).add('\\Seen');
      seen = session.mailbox.applyChange(entry.message, entry.message.labels, flags, session);
    }
    const pieces: Piece[] = [`* ${seq} FETCH (`];
    if (byUid && !wants.has('UID')) pieces.push(`UID ${entry.uid} `);
    pieces.push(...renderItems(entry, items, ctx));
    if (seen && !wants.has('FLAGS')) pieces.push(` FLAGS ${flagList(entry)}`);
    if ((changedSince !== undefined || (session.condstore && (wants.has('FLAGS') || seen))) && !wants.has('MODSEQ')) {
      pieces.push(` MODSEQ (${entry.message.modseq})`);
    }
    pieces.push(')\r\n');
    session.write(pieces);
    if (fullBody) session.hooks.bodySent(entry.message.msgid);
    await session.drain();
  }
  return 'Success';
}

// ---- STORE ----

function store(session: Session, args: Args, byUid: boolean): string {
  const selection = session.selection();
  const set = args.atom('sequence set');
  let unchangedSince: number | undefined;
  if (args.peek()?.type === 'list') {
    const modifiers = args.list('store modifiers');
    if (modifiers.length !== 2 || tokenText(modifiers[0] as Token).toUpperCase() !== 'UNCHANGEDSINCE') {
      throw new BadCommand('Unknown store modifier.');
    }
    const value = tokenText(modifiers[1] as Token);
    if (!/^\d{1,20}$/.test(value)) throw new BadCommand('Invalid UNCHANGEDSINCE.');
    unchangedSince = Number(value);
    session.condstore = true;
  }
  const item = /^([+-]?)(FLAGS|X-GM-LABELS)(\.SILENT)?$/i.exec(args.atom('store item'));
  if (!item) throw new BadCommand('Invalid store item.');
  const labels = (item[2] as string).toUpperCase() === 'X-GM-LABELS';
  const values = args.listOrOne('flags').map((token) => {
    if (token.type === 'list') throw new BadCommand('Invalid flag.');
    // A label is spelt like a mailbox name (modified UTF-7 unless UTF8=ACCEPT); system labels as they are.
    return labels && !token.value.startsWith('\\')
      ? session.mailboxName(token.type === 'string' ? token.bytes : Buffer.from(token.value))
      : token.value;
  });
  args.end();
  writable(selection);
  const op = item[1] as '' | '+' | '-';
  const silent = item[3] !== undefined;
  const mailbox = session.mailbox;
  const modified: number[] = [];
  const lines: string[] = [];
  for (const { entry, seq } of resolve(selection, set, byUid)) {
    const message = entry.message;
    if (unchangedSince !== undefined && message.modseq > unchangedSince) {
      modified.push(byUid ? entry.uid : seq);
      continue;
    }
    const nextFlags = new Set(op === '' && !labels ? [] : message.flags);
    const nextLabels = new Set(op === '' && labels ? [] : message.labels);
    if (labels && op === '') nextFlags.delete('\\Flagged'); // a full label set says whether it is starred
    let deleted = entry.deleted;
    if (!labels && op === '') deleted = false;
    for (const value of values) {
      if (labels) {
        if (op === '-') mailbox.removeLabel(nextLabels, nextFlags, value);
        else mailbox.addLabel(nextLabels, nextFlags, value);
      } else if (value.toLowerCase() === '\\deleted') deleted = op !== '-';
      else if (op === '-') {
        const probe = new Set<string>();
        mailbox.addFlag(probe, value);
        for (const flag of probe) nextFlags.delete(flag);
      } else mailbox.addFlag(nextFlags, value);
    }
    mailbox.setDeleted(entry, deleted, session);
    mailbox.applyChange(message, nextLabels, nextFlags, session);
    if (deleted && session.hooks.autoExpunge && selection.folder.byUid.get(entry.uid) === entry) {
      removeFromFolder(session, entry);
      continue;
    }
    if (silent && !session.condstore) continue;
    const uid = byUid ? `UID ${entry.uid} ` : '';
    const modseq = session.condstore ? ` MODSEQ (${message.modseq})` : '';
    if (silent) lines.push(`* ${seq} FETCH (${uid}MODSEQ (${message.modseq}))\r\n`);
    else if (labels) lines.push(`* ${seq} FETCH (${uid}X-GM-LABELS ${labelList(message, selection.folder, session.utf8)}${modseq})\r\n`);
    else lines.push(`* ${seq} FETCH (${uid}FLAGS ${flagList(entry)}${modseq})\r\n`);
  }
  session.write(lines);
  return modified.length ? `[MODIFIED ${toSequenceSet(modified)}] Conditional STORE failed (Failure)` : 'Success';
}

// ---- SEARCH ----

function search(session: Session, args: Args, byUid: boolean, tag: string): string {
  const selection = session.selection();
  const tokens: Token[] = [];
  while (!args.done) tokens.push(args.next());
  let returns: string[] | undefined;
  if (tokens[0]?.type === 'atom' && tokens[0].value.toUpperCase() === 'RETURN') {
    const list = tokens[1];
    if (list?.type !== 'list') throw new BadCommand('Expected RETURN options.');
    returns = list.items.map((token) => tokenText(token).toUpperCase());
    for (const option of returns)
      if (!['MIN', 'MAX', 'COUNT', 'ALL'].includes(option)) throw new BadCommand(`Unknown return option ${option}.`);
    if (returns.length === 0) returns = ['ALL'];
    tokens.splice(0, 2);
  }
  const view = selection.view;
  const parsed = parseSearch(tokens, {
    mailbox: session.mailbox,
    folder: selection.folder,
    maxSeq: view.length,
    maxUid: view[view.length - 1] ?? 0,
    utf8: session.utf8,
  });
  if (parsed.modseq) session.condstore = true;
  const found: number[] = [];
  let highest = 0;
  for (let at = 0; at < view.length; at++) {
    const entry = selection.folder.byUid.get(view[at] as number);
    if (!entry || !parsed.predicate(entry, at + 1)) continue;
    found.push(byUid ? entry.uid : at + 1);
    highest = Math.max(highest, entry.message.modseq);
  }
  const modseq = parsed.modseq && found.length ? ` (MODSEQ ${highest})` : '';
  if (!returns) {
    session.write([`* SEARCH${found.map((n) => ` ${n}`).join('')}${modseq}\r\n`]);
    return 'SEARCH completed (Success)';
  }
  const parts: string[] = [`* ESEARCH (TAG "${tag}")`];
  if (byUid) parts.push(' UID');
  if (found.length) {
    if (returns.includes('MIN')) parts.push(` MIN ${found[0]}`);
    if (returns.includes('MAX')) parts.push(` MAX ${found[found.length - 1]}`);
  }
  if (returns.includes('COUNT')) parts.push(` COUNT ${found.length}`);
  if (found.length && returns.includes('ALL')) parts.push(` ALL ${toSequenceSet(found)}`);
  if (parsed.modseq && found.length) parts.push(` MODSEQ ${highest}`);
  session.write([`${parts.join('')}\r\n`]);
  return 'SEARCH completed (Success)';
}

// ---- COPY, MOVE, EXPUNGE ----

function copyOrMove(session: Session, args: Args, byUid: boolean, move: boolean): string {
  const selection = session.selection();
  const set = args.atom('sequence set');
  const path = session.mailboxName(args.astringBytes('mailbox name'));
  args.end();
  if (move) writable(selection);
  const target = session.mailbox.folder(path);
  if (!target) throw new Refused("[TRYCREATE] Folder doesn't exist. (Failure)");
  const mailbox = session.mailbox;
  const from: number[] = [];
  const to: number[] = [];
  for (const { entry } of resolve(selection, set, byUid)) {
    const message = entry.message;
    if (target !== selection.folder) {
      const next = move ? mailbox.labelsForMove(message, selection.folder, target) : mailbox.labelsForCopy(message, target);
      // No origin: the session hears of flags changed this way (COPY to Starred stars the message) like any other.
      mailbox.applyChange(message, next.labels, next.flags, null);
    }
    const landed = target.byMsgid.get(message.msgid);
    if (landed) {
      from.push(entry.uid);
      to.push(landed.uid);
    }
  }
  if (from.length === 0) return 'Success';
  const copyUid = `[COPYUID ${target.uidValidity} ${orderedSet(from)} ${orderedSet(to)}]`;
  if (!move) return `${copyUid} (Success)`;
  // MOVE: COPYUID comes untagged, before the EXPUNGEs of the moved messages (RFC 6851).
  session.write([`* OK ${copyUid} (Success)\r\n`]);
  return 'Success';
}

function expunge(session: Session, args: Args, byUid: boolean): string {
  const selection = session.selection();
  const set = byUid ? args.atom('UID set') : undefined;
  args.end();
  writable(selection);
  const entries = set === undefined ? [...selection.folder.byUid.values()] : resolve(selection, set, true).map(({ entry }) => entry);
  for (const entry of entries) if (entry.deleted) removeFromFolder(session, entry);
  return 'Success';
}

/** What EXPUNGE does to one message of the selected folder: the folder's label goes (mailbox.ts). */
export function removeFromFolder(session: Session, entry: Entry): void {
  const mailbox = session.mailbox;
  const folder = session.selection().folder;
  const next = mailbox.labelsForRemoval(entry.message, folder);
  if (next) mailbox.applyChange(entry.message, next.labels, next.flags, session);
  else mailbox.destroy(entry.message, session);
}

const SELECTED: CommandSpec['states'] = ['selected'];

export const MESSAGE_COMMANDS: Record<string, CommandSpec> = {
  FETCH: { states: SELECTED, noExpunge: true, run: (s, args) => fetch(s, args, false) },
  'UID FETCH': { states: SELECTED, run: (s, args) => fetch(s, args, true) },
  STORE: { states: SELECTED, noExpunge: true, run: (s, args) => store(s, args, false) },
  'UID STORE': { states: SELECTED, run: (s, args) => store(s, args, true) },
  SEARCH: { states: SELECTED, noExpunge: true, run: (s, args, tag) => search(s, args, false, tag) },
  'UID SEARCH': { states: SELECTED, run: (s, args, tag) => search(s, args, true, tag) },
  COPY: { states: SELECTED, run: (s, args) => copyOrMove(s, args, false, false) },
  'UID COPY': { states: SELECTED, run: (s, args) => copyOrMove(s, args, true, false) },
  MOVE: { states: SELECTED, run: (s, args) => copyOrMove(s, args, false, true) },
  'UID MOVE': { states: SELECTED, run: (s, args) => copyOrMove(s, args, true, true) },
  EXPUNGE: { states: SELECTED, run: (s, args) => expunge(s, args, false) },
  'UID EXPUNGE': { states: SELECTED, run: (s, args) => expunge(s, args, true) },
};
