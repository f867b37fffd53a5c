// SEARCH for the Gmail stand-in: the RFC 9051 keys (flags, dates, sizes,
// header and text substrings, UID and sequence sets, NOT/OR), CONDSTORE's
// MODSEQ, and Gmail's X-GM-MSGID, X-GM-THRID, X-GM-LABELS and X-GM-RAW. The
// last is a small subset of Gmail's search language: words and "phrases"
// (in subject, addresses and text), from: to: cc: bcc: subject: label: in: is:
// has:attachment newer_than: older_than: after: before: rfc822msgid:,
// "-" for not, OR between two terms, and ( ) for grouping. Matching is
// case-insensitive substring matching, where Gmail matches whole words.

import { type Entry, type Folder, GmailError, type Mailbox, type Message, normalizeLabel } from './mailbox';
import { bodyText, decodeHeader, hasAttachment, headerText } from './mime';
import { BadCommand, decodeMutf7, parseSearchDate, parseSequenceSet, type Ranges, type Token, tokenText } from './wire';

export type Predicate = (entry: Entry, seq: number) => boolean;

export interface SearchContext {
  mailbox: Mailbox;
  folder: Folder;
  /** Number of messages the session knows (for "*" in a sequence set). */
  maxSeq: number;
  /** The highest UID the session knows (for "*" in a UID set). */
  maxUid: number;
  /** UTF8=ACCEPT is on (else label names come in modified UTF-7). */
  utf8: boolean;
}

export interface ParsedSearch {
  predicate: Predicate;
  /** A MODSEQ key was used: the answer carries (MODSEQ n). */
  modseq: boolean;
}

const DAY = 86_400_000;

function within(ranges: Ranges, value: number): boolean {
  for (const [from, to] of ranges) if (value >= from && value <= to) return true;
  return false;
}

/** Decoded header values by lower-cased name, lower-cased, cached on the message. */
function headersOf(ctx: SearchContext, message: Message): Map<string, string[]> {
  let found = message.cache.get('search-headers') as Map<string, string[]> | undefined;
  if (!found) {
    found = new Map();
    for (const field of ctx.mailbox.mime(message).fields) {
      const list = found.get(field.name) ?? [];
      list.push(decodeHeader(field.value).toLowerCase());
      found.set(field.name, list);
    }
    message.cache.set('search-headers', found);
  }
  return found;
}

function textOf(ctx: SearchContext, message: Message): string {
  let found = message.cache.get('search-text') as string | undefined;
  if (found === undefined) {
    found = bodyText(message.raw, ctx.mailbox.mime(message));
    message.cache.set('search-text', found);
  }
  return found;
}

function headerContains(ctx: SearchContext, message: Message, name: string, needle: string): boolean {
  const values = headersOf(ctx, message).get(name.toLowerCase());
  if (!values) return false;
  const lower = needle.toLowerCase();
  return values.some((value) => value.includes(lower));
}

function sentDate(ctx: SearchContext, message: Message): number | undefined {
  const value = headersOf(ctx, message).get('date')?.[0];
  const time = value ? new Date(value.replace(/\([^)]*\)/g, '').trim()).getTime() : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

const dayOf = (time: number) => Math.floor(time / DAY) * DAY;

export function parseSearch(tokens: Token[], ctx: SearchContext): ParsedSearch {
  const state = { modseq: false, depth: 0 };
  let at = 0;
  if (tokens[0]?.type === 'atom' && tokens[0].value.toUpperCase() === 'CHARSET') {
    const charset = tokens[1] ? tokenText(tokens[1]).toUpperCase() : '';
    if (charset !== 'UTF-8' && charset !== 'US-ASCII')
      throw new GmailError('NO', '[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset. (Failure)');
    at = 2;
  }
  const keys: Predicate[] = [];
  const cursor = { tokens, at };
  while (cursor.at < tokens.length) keys.push(parseKey(cursor, ctx, state));
  if (keys.length === 0) throw new BadCommand('Missing search criteria.');
  return { predicate: all(keys), modseq: state.modseq };
}

function all(keys: Predicate[]): Predicate {
  return keys.length === 1 ? (keys[0] as Predicate) : (entry, seq) => keys.every((key) => key(entry, seq));
}

function parseKey(cursor: { tokens: Token[]; at: number }, ctx: SearchContext, state: { modseq: boolean; depth: number }): Predicate {
  if (++state.depth > 200) throw new BadCommand('Search criteria nested too deeply.');
  try {
    return parseOneKey(cursor, ctx, state);
  } finally {
    state.depth--;
  }
}

function parseOneKey(cursor: { tokens: Token[]; at: number }, ctx: SearchContext, state: { modseq: boolean; depth: number }): Predicate {
  const token = cursor.tokens[cursor.at++];
  if (!token) throw new BadCommand('Missing search key.');
  if (token.type === 'list') {
    const inner = { tokens: token.items, at: 0 };
    const keys: Predicate[] = [];
    while (inner.at < token.items.length) keys.push(parseKey(inner, ctx, state));
    if (keys.length === 0) throw new BadCommand('Empty search list.');
    return all(keys);
  }
  const arg = (what: string) => {
    const next = cursor.tokens[cursor.at++];
    if (!next) throw new BadCommand(`Missing ${what}.`);
    return tokenText(next);
  };
  const number = (what: string) => {
    const value = arg(what);
    if (!/^\d{1,20}$/.test(value)) throw new BadCommand(`Invalid ${what}.`);
    return value;
  };
  const flag = (name: string, present: boolean): Predicate => {
    if (name === '\\Deleted') return (entry) => entry.deleted === present;
    return (entry) => entry.message.flags.has(name) === present;
  };
  const key = token.type === 'atom' ? token.value.toUpperCase() : '';
  switch (key) {
    case 'ALL':
    case 'OLD':
      return () => true;
    case 'NEW':
    case 'RECENT':
      return () => false;
    case 'ANSWERED':
      return flag('\\Answered', true);
    case 'UNANSWERED':
      return flag('\\Answered', false);
    case 'DELETED':
      return flag('\\Deleted', true);
    case 'UNDELETED':
      return flag('\\Deleted', false);
    case 'DRAFT':
      return flag('\\Draft', true);
    case 'UNDRAFT':
      return flag('\\Draft', false);
    case 'FLAGGED':
      return flag('\\Flagged', true);
    case 'UNFLAGGED':
      return flag('\\Flagged', false);
    case 'SEEN':
      return flag('\\Seen', true);
    case 'UNSEEN':
      return flag('\\Seen', false);
    case 'KEYWORD':
      return flag(arg('keyword'), true);
    case 'UNKEYWORD':
      return flag(arg('keyword'), false);
    case 'BCC':
    case 'CC':
    case 'FROM':
    case 'TO':
    case 'SUBJECT': {
      const needle = arg('string');
      return (entry) => headerContains(ctx, entry.message, key.toLowerCase(), needle);
    }
    case 'HEADER': {
      const name = arg('header name');
      const needle = arg('string');
      return (entry) => headerContains(ctx, entry.message, name, needle);
    }
    case 'BODY': {
      const needle = arg('string').toLowerCase();
      return (entry) => textOf(ctx, entry.message).includes(needle);
    }
    case 'TEXT': {
      const needle = arg('string').toLowerCase();
      return (entry) =>
        headerText(ctx.mailbox.mime(entry.message)).toLowerCase().includes(needle) || textOf(ctx, entry.message).includes(needle);
    }
    case 'BEFORE': {
      const day = parseSearchDate(arg('date'));
      return (entry) => dayOf(entry.message.internalDate.getTime()) < day;
    }
    case 'ON': {
      const day = parseSearchDate(arg('date'));
      return (entry) => dayOf(entry.message.internalDate.getTime()) === day;
    }
    case 'SINCE': {
      const day = parseSearchDate(arg('date'));
      return (entry) => dayOf(entry.message.internalDate.getTime()) >= day;
    }
    case 'SENTBEFORE':
    case 'SENTON':
    case 'SENTSINCE': {
      const day = parseSearchDate(arg('date'));
      return (entry) => {
        const sent = sentDate(ctx, entry.message);
        if (sent === undefined) return false;
        const d = dayOf(sent);
        return key === 'SENTBEFORE' ? d < day : key === 'SENTON' ? d === day : d >= day;
      };
    }
    case 'LARGER': {
      const size = Number(number('size'));
      return (entry) => entry.message.raw.length > size;
    }
    case 'SMALLER': {
      const size = Number(number('size'));
      return (entry) => entry.message.raw.length < size;
    }
    case 'NOT': {
      const inner = parseKey(cursor, ctx, state);
      return (entry, seq) => !inner(entry, seq);
    }
    case 'OR': {
      const a = parseKey(cursor, ctx, state);
      const b = parseKey(cursor, ctx, state);
      return (entry, seq) => a(entry, seq) || b(entry, seq);
    }
    case 'UID': {
      const ranges = parseSequenceSet(arg('UID set'), ctx.maxUid);
      return (entry) => within(ranges, entry.uid);
    }
    case 'MODSEQ': {
      // MODSEQ ["/flags/\\Seen" all|priv|shared] n
      let value = arg('mod-sequence');
      if (value.startsWith('/')) {
        arg('entry type');
        value = number('mod-sequence');
      } else if (!/^\d{1,20}$/.test(value)) throw new BadCommand('Invalid mod-sequence.');
      state.modseq = true;
      const since = Number(value);
      return (entry) => entry.message.modseq >= since;
    }
    case 'X-GM-MSGID': {
      const id = BigInt(number('X-GM-MSGID')).toString();
      return (entry) => entry.message.msgid === id;
    }
    case 'X-GM-THRID': {
      const id = BigInt(number('X-GM-THRID')).toString();
      return (entry) => entry.message.thrid === id;
    }
    case 'X-GM-LABELS': {
      const name = arg('label');
      const label = normalizeLabel(name.startsWith('\\') || ctx.utf8 ? name : decodeMutf7(name));
      return (entry) => hasLabel(entry.message, label);
    }
    case 'X-GM-RAW':
      return gmailRaw(arg('query'), ctx);
    default:
      if (token.type === 'atom' && /^[\d:*,]+$/.test(token.value)) {
        const ranges = parseSequenceSet(token.value, ctx.maxSeq);
        return (_entry, seq) => within(ranges, seq);
      }
      throw new BadCommand(`Unknown search key ${token.type === 'atom' ? token.value : ''}`.trim());
  }
}

function hasLabel(message: Message, label: string): boolean {
  return label === '\\Starred' ? message.flags.has('\\Flagged') : message.labels.has(label);
}

// ---- X-GM-RAW ----

type RawToken = { kind: 'open' | 'close' | 'or' } | { kind: 'term'; negate: boolean; field: string; value: string };

function rawTokens(query: string): RawToken[] {
  const tokens: RawToken[] = [];
  let i = 0;
  while (i < query.length && tokens.length < 500) {
    const c = query.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === '{') {
      tokens.push({ kind: 'open' });
      i++;
      continue;
    }
    if (c === ')' || c === '}') {
      tokens.push({ kind: 'close' });
      i++;
      continue;
    }
    let negate = false;
    if (c === '-' && i + 1 < query.length && !/\s/.test(query.charAt(i + 1))) {
      negate = true;
      i++;
    }
    let field = '';
    const fieldMatch = /^([a-z_0-9]+):/i.exec(query.slice(i));
    if (fieldMatch) {
      field = (fieldMatch[1] as string).toLowerCase();
      i += fieldMatch[0].length;
    }
    let value = '';
    if (query.charAt(i) === '"') {
      const close = query.indexOf('"', i + 1);
      const stop = close === -1 ? query.length : close;
      value = query.slice(i + 1, stop);
      i = stop + 1;
    } else {
      while (i < query.length && !/[\s(){}]/.test(query.charAt(i))) value += query.charAt(i++);
    }
    if (!field && !negate && value === 'OR') tokens.push({ kind: 'or' });
    else if (value || field) tokens.push({ kind: 'term', negate, field, value });
  }
  return tokens;
}

function gmailRaw(query: string, ctx: SearchContext): Predicate {
  const tokens = rawTokens(query);
  let at = 0;
  const sequence = (): Predicate => {
    const terms: Predicate[] = [];
    while (at < tokens.length && tokens[at]?.kind !== 'close') {
      let term = unary();
      while (tokens[at]?.kind === 'or') {
        at++;
        const left = term;
        const right = unary();
        term = (entry, seq) => left(entry, seq) || right(entry, seq);
      }
      terms.push(term);
    }
    return terms.length ? all(terms) : () => true;
  };
  const unary = (): Predicate => {
    const token = tokens[at++];
    if (!token) return () => true;
    if (token.kind === 'open') {
      const inner = sequence();
      if (tokens[at]?.kind === 'close') at++;
      return inner;
    }
    if (token.kind !== 'term') return () => true;
    const predicate = rawTerm(token.field, token.value, ctx);
    return token.negate ? (entry, seq) => !predicate(entry, seq) : predicate;
  };
  const predicate = sequence();
  return predicate;
}

const labelKey = (label: string) => label.toLowerCase().replace(/[\s/]+/g, '-');

function rawTerm(field: string, value: string, ctx: SearchContext): Predicate {
  const needle = value.toLowerCase();
  const ageLimit = () => {
    const match = /^(\d+)([dmy])$/i.exec(value);
    if (!match) throw new GmailError('NO', `Invalid search term ${field}:${value} (Failure)`);
    const days = { d: 1, m: 30, y: 365 }[(match[2] as string).toLowerCase() as 'd' | 'm' | 'y'];
    return Date.now() - Number(match[1]) * days * DAY;
  };
  const dateOf = () => {
    const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
    if (!match) throw new GmailError('NO', `Invalid search term ${field}:${value} (Failure)`);
    return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  };
  switch (field) {
    case '': {
      return (entry) => {
        const headers = headersOf(ctx, entry.message);
        const inHeaders = ['subject', 'from', 'to', 'cc'].some((name) => headers.get(name)?.some((v) => v.includes(needle)));
        return inHeaders || textOf(ctx, entry.message).includes(needle);
      };
    }
    case 'from':
    case 'to':
    case 'cc':
    case 'bcc':
    case 'subject':
      return (entry) => headerContains(ctx, entry.message, field, needle);
    case 'rfc822msgid': {
      const id = needle.replace(/^<|>$/g, '');
      return (entry) => (headersOf(ctx, entry.message).get('message-id') ?? []).some((v) => v.replace(/[<>\s]/g, '') === id);
    }
    case 'label':
    case 'in': {
      const system: Record<string, string> = {
        inbox: '\\Inbox',
        sent: '\\Sent',
        draft: '\\Draft',
        drafts: '\\Draft',
        important: '\\Important',
        starred: '\\Starred',
        trash: '\\Trash',
        spam: '\\Spam',
      };
      if (field === 'in' && (needle === 'anywhere' || needle === 'all')) return () => true;
      const systemLabel = system[needle];
      const key = labelKey(value);
      return (entry) => {
        if (systemLabel && hasLabel(entry.message, systemLabel)) return true;
        for (const label of entry.message.labels) if (!label.startsWith('\\') && labelKey(label) === key) return true;
        return false;
      };
    }
    case 'is':
      switch (needle) {
        case 'unread':
          return (entry) => !entry.message.flags.has('\\Seen');
        case 'read':
          return (entry) => entry.message.flags.has('\\Seen');
        case 'starred':
          return (entry) => entry.message.flags.has('\\Flagged');
        case 'important':
          return (entry) => entry.message.labels.has('\\Important');
        default:
          return () => false;
      }
    case 'has':
      if (needle === 'attachment') return (entry) => hasAttachment(ctx.mailbox.mime(entry.message));
      if (needle === 'userlabels') return (entry) => [...entry.message.labels].some((l) => !l.startsWith('\\'));
      if (needle === 'nouserlabels') return (entry) => [...entry.message.labels].every((l) => l.startsWith('\\'));
      return () => false;
    case 'newer_than': {
      const limit = ageLimit();
      return (entry) => entry.message.internalDate.getTime() > limit;
    }
    case 'older_than': {
      const limit = ageLimit();
      return (entry) => entry.message.internalDate.getTime() < limit;
    }
    case 'after':
    case 'newer': {
      const limit = dateOf();
      return (entry) => entry.message.internalDate.getTime() >= limit;
    }
    case 'before':
    case 'older': {
      const limit = dateOf();
      return (entry) => entry.message.internalDate.getTime() < limit;
    }
    default:
      // an operator we do not know: Gmail would search for the words
      return rawTerm('', `${field}:${value}`, ctx);
  }
}
