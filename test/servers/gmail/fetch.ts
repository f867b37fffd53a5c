// FETCH items for the Gmail stand-in: what a client may ask for, and one
// message's answer. The answer is pieces (text and the raw bytes as they
// are), written as they come, so a fetch of thousands of large messages is
// never one string. ENVELOPE and BODYSTRUCTURE are cached on the message.

import type { Entry, Folder, Mailbox, Message } from './mailbox';
import { bodyStructure, envelope, type SectionSpec, sectionBytes } from './mime';
import { atomOrQuoted, BadCommand, encodeMutf7, imapDate, type Piece, quote, type Token } from './wire';

export type FetchItem =
  | { kind: 'UID' | 'FLAGS' | 'INTERNALDATE' | 'RFC822.SIZE' | 'ENVELOPE' | 'BODYSTRUCTURE' | 'BODY' | 'MODSEQ' }
  | { kind: 'X-GM-MSGID' | 'X-GM-THRID' | 'X-GM-LABELS' }
  | {
      kind: 'section';
      /** The name the answer carries, e.g. "BODY[HEADER.FIELDS (REFERENCES)]" or "BODY[]<0>". */
      name: string;
      peek: boolean;
      spec: SectionSpec;
      partial?: [number, number];
    };

const SIMPLE = new Set([
  'UID',
  'FLAGS',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY',
  'MODSEQ',
  'X-GM-MSGID',
  'X-GM-THRID',
  'X-GM-LABELS',
]);

const MACROS: Record<string, string[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

export function parseFetchItems(token: Token): FetchItem[] {
  if (token.type === 'atom' && MACROS[token.value.toUpperCase()]) {
    return (MACROS[token.value.toUpperCase()] as string[]).map((kind) => ({ kind }) as FetchItem);
  }
  const tokens = token.type === 'list' ? token.items : [token];
  if (tokens.length === 0) throw new BadCommand('Empty fetch list.');
  return tokens.map(parseItem);
}

function parseItem(token: Token): FetchItem {
  if (token.type !== 'atom') throw new BadCommand('Invalid fetch item.');
  const upper = token.value.toUpperCase();
  if (SIMPLE.has(upper)) return { kind: upper } as FetchItem;
  if (upper === 'RFC822') return { kind: 'section', name: 'RFC822', peek: false, spec: { path: [], kind: '', fields: [] } };
  if (upper === 'RFC822.HEADER')
    return { kind: 'section', name: 'RFC822.HEADER', peek: true, spec: { path: [], kind: 'HEADER', fields: [] } };
  if (upper === 'RFC822.TEXT') return { kind: 'section', name: 'RFC822.TEXT', peek: false, spec: { path: [], kind: 'TEXT', fields: [] } };
  const match = /^BODY(\.PEEK)?\[([^\]]*)\](?:<(\d{1,10})(?:\.(\d{1,10}))?>)?$/i.exec(token.value);
  if (!match) throw new BadCommand(`Unknown fetch item ${token.value}.`);
  const spec = parseSection(match[2] as string);
  const partial: [number, number] | undefined =
    match[3] !== undefined ? [Number(match[3]), match[4] !== undefined ? Number(match[4]) : Number.MAX_SAFE_INTEGER] : undefined;
  const section = [
    spec.path.join('.'),
    spec.kind ? `${spec.path.length ? '.' : ''}${spec.kind}` : '',
    spec.kind.startsWith('HEADER.FIELDS') ? ` (${spec.fields.join(' ')})` : '',
  ].join('');
  return {
    kind: 'section',
    name: `BODY[${section}]${partial ? `<${partial[0]}>` : ''}`,
    peek: match[1] !== undefined,
    spec,
    ...(partial ? { partial } : {}),
  };
}

function parseSection(text: string): SectionSpec {
  let rest = text.trim();
  const path: number[] = [];
  for (let m = /^(\d{1,5})(\.|$)/.exec(rest); m; m = /^(\d{1,5})(\.|$)/.exec(rest)) {
    const n = Number(m[1]);
    if (n === 0 || path.length > 32) throw new BadCommand('Invalid section.');
    path.push(n);
    rest = rest.slice(m[0].length);
  }
  const fieldsMatch = /^(HEADER\.FIELDS(?:\.NOT)?)\s*\(([^)]*)\)$/i.exec(rest);
  if (fieldsMatch) {
    const fields = (fieldsMatch[2] as string)
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((field) => field.replace(/^"|"$/g, '').toUpperCase());
    if (fields.length === 0) throw new BadCommand('Empty header field list.');
    return { path, kind: (fieldsMatch[1] as string).toUpperCase() as 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT', fields };
  }
  const kind = rest.toUpperCase();
  if (kind === '' || kind === 'HEADER' || kind === 'TEXT' || (kind === 'MIME' && path.length > 0)) {
    return { path, kind: kind as SectionSpec['kind'], fields: [] };
  }
  throw new BadCommand('Invalid section.');
}

/** A full body: BODY[] / BODY.PEEK[] / RFC822, no partial. What the download counters count. */
export function isFullBody(item: FetchItem): boolean {
  return item.kind === 'section' && item.spec.kind === '' && item.spec.path.length === 0 && !item.partial;
}

export interface RenderContext {
  mailbox: Mailbox;
  folder: Folder;
  utf8: boolean;
  condstore: boolean;
}

function cached(message: Message, key: string, make: () => Piece[]): Piece[] {
  let found = message.cache.get(key) as Piece[] | undefined;
  if (!found) {
    found = make();
    message.cache.set(key, found);
  }
  return found;
}

export function flagList(entry: Entry): string {
  const flags = [...entry.message.flags];
  if (entry.deleted) flags.push('\\Deleted');
  return `(${flags.join(' ')})`;
}

/** A label as X-GM-LABELS carries it: system labels quoted ("\\Inbox"), others as atom or quoted, in modified UTF-7 unless UTF8=ACCEPT. */
export function labelText(label: string, utf8: boolean): string {
  if (label.startsWith('\\')) return quote(label);
  return atomOrQuoted(utf8 ? label : encodeMutf7(label));
}

/** The message's labels, less the one of the folder it is read in (Gmail leaves that out). */
export function labelList(message: Message, folder: Folder, utf8: boolean): string {
  const labels = [...message.labels].filter((label) => label.startsWith('\\')).sort();
  if (message.flags.has('\\Flagged')) labels.push('\\Starred');
  labels.push(...[...message.labels].filter((label) => !label.startsWith('\\')).sort());
  const own = folder.label;
  return `(${labels
    .filter((label) => label !== own)
    .map((label) => labelText(label, utf8))
    .join(' ')})`;
}

/** The items of one message's FETCH answer (without "* n FETCH (" and ")"). */
export function renderItems(entry: Entry, items: readonly FetchItem[], ctx: RenderContext): Piece[] {
  const message = entry.message;
  const out: Piece[] = [];
  for (const item of items) {
    if (out.length) out.push(' ');
    switch (item.kind) {
      case 'UID':
        out.push(`UID ${entry.uid}`);
        break;
      case 'FLAGS':
        out.push(`FLAGS ${flagList(entry)}`);
        break;
      case 'INTERNALDATE':
        out.push(`INTERNALDATE "${imapDate(message.internalDate)}"`);
        break;
      case 'RFC822.SIZE':
        out.push(`RFC822.SIZE ${message.raw.length}`);
        break;
      case 'ENVELOPE':
        out.push('ENVELOPE ', ...cached(message, 'envelope', () => envelope(ctx.mailbox.mime(message))));
        break;
      case 'BODYSTRUCTURE':
        out.push('BODYSTRUCTURE ', ...cached(message, 'bodystructure', () => bodyStructure(message.raw, ctx.mailbox.mime(message), true)));
        break;
      case 'BODY':
        out.push('BODY ', ...cached(message, 'body', () => bodyStructure(message.raw, ctx.mailbox.mime(message), false)));
        break;
      case 'MODSEQ':
        out.push(`MODSEQ (${message.modseq})`);
        break;
      case 'X-GM-MSGID':
        out.push(`X-GM-MSGID ${message.msgid}`);
        break;
      case 'X-GM-THRID':
        out.push(`X-GM-THRID ${message.thrid}`);
        break;
      case 'X-GM-LABELS':
        out.push(`X-GM-LABELS ${labelList(message, ctx.folder, ctx.utf8)}`);
        break;
      case 'section': {
        const whole =
          item.spec.kind === '' && item.spec.path.length === 0
            ? message.raw
            : sectionBytes(message.raw, ctx.mailbox.mime(message), item.spec);
        let bytes = whole;
        if (item.partial) {
          const [start, length] = item.partial;
          bytes = start >= whole.length ? Buffer.alloc(0) : whole.subarray(start, Math.min(whole.length, start + length));
        }
        out.push(`${item.name} {${bytes.length}}\r\n`, bytes);
        break;
      }
    }
  }
  return out;
}
