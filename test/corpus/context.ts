// What every kind builder gets and returns, and the pieces they share:
// identities, dates, envelopes and attachment content.
import { base64Lines, mailbox } from './encode.ts';
import type { Header, Part } from './mime.ts';
import { Random } from './random.ts';
import { PEOPLE } from './samples.ts';
import type { Expected, ExpectedAttachment } from './types.ts';

export interface Context {
  index: number;
  seed: number;
  /** This message's own random stream. */
  rng: Random;
  /** Which round of the kind cycle, and which slot in it. */
  round: number;
  slot: number;
  /** How many messages of the same kind came before (to take turns between variants). */
  occurrence: number;
  /** An ASCII line unique to the message, put in its body. */
  marker: string;
}

export interface Person {
  name: string;
  address: string;
  /** Charset and encoding of the name's encoded words, when it needs them. */
  charset?: string;
  encoding?: 'B' | 'Q';
}

/** What a kind builds: the body, and the header fields and expectations that depend on it. */
export interface Built {
  part: Part;
  from: Person;
  subject: string;
  /** Subject header value as written (encoded words); defaults to UTF-8 encoded words when needed. */
  subjectHeader?: string;
  charset: string;
  bodyPhrases: string[];
  htmlPhrase: string | null;
  snippetStart: string;
  attachments: ExpectedAttachment[];
  inReplyTo?: string;
  references?: string[];
  date?: number;
}

export type Builder = (ctx: Context) => Built;

export const CORPUS_DOMAIN = 'corpus.tidings.test';

export function messageIdOf(seed: number, index: number): string {
  const tag = new Random(seed, index, 7).int(0, 36 ** 6 - 1).toString(36);
  return `<${index.toString(36)}.${seed.toString(36)}.${tag}@${CORPUS_DOMAIN}>`;
}

const START = Date.UTC(2017, 0, 1);
const SPAN = Date.UTC(2025, 11, 31) - START;

/** When a message that starts a conversation was sent: anywhere in the past years, to the second. */
export function rootDateOf(seed: number, index: number): number {
  return START + Math.floor((new Random(seed, index, 11).next() * SPAN) / 1000) * 1000;
}

export function personOf(seed: number, index: number): Person {
  return new Random(seed, index, 13).pick(PEOPLE);
}

// UTC offsets in minutes, as senders around the world write them
const OFFSETS = [0, 60, 120, -300, -420, 330, 540, 480, -180, 600, 345];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 3.3 date-time in a sender's zone. */
export function formatDate(utc: number, rng: Random): string {
  const offset = rng.pick(OFFSETS);
  const d = new Date(utc + offset * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const zone = `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} ${zone}`;
}

export function formatPerson(p: Person): string {
  return mailbox(p.name, p.address, p.charset ?? 'utf-8', p.encoding ?? 'B');
}

export interface EnvelopeFields {
  from: Person;
  to: Person[];
  subjectHeader: string;
  date: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}

export function envelopeHeaders(e: EnvelopeFields): Header[] {
  const headers: Header[] = [
    ['From', formatPerson(e.from)],
    ['To', e.to.map(formatPerson).join(',\r\n ')],
    ['Subject', e.subjectHeader],
    ['Date', e.date],
    ['Message-ID', e.messageId],
  ];
  if (e.inReplyTo) headers.push(['In-Reply-To', e.inReplyTo]);
  if (e.references?.length) headers.push(['References', e.references.join('\r\n ')]);
  headers.push(['MIME-Version', '1.0']);
  return headers;
}

/** Prepends header fields to a part (the envelope goes before Content-Type). */
export function withHeaders(part: Part, headers: Header[]): Part {
  return { ...part, headers: [...headers, ...part.headers] };
}

// Attachment bytes are slices of one pseudo-random pool (built once): random
// enough not to compress. The pool is also kept base64-encoded in 76-column
// lines (57 bytes each), so that an attachment's body is mostly a slice of
// those lines: 500 MB of attachments then cost copying, not encoding.
const LINE_BYTES = 57;
const LINE_LENGTH = 78; // 76 characters and CRLF
const POOL_LINES = 36_792; // just under 2 MiB
const POOL_SIZE = POOL_LINES * LINE_BYTES;
let pool: { bytes: Buffer; lines: Buffer } | null = null;

function randomPool(): { bytes: Buffer; lines: Buffer } {
  if (!pool) {
    const rng = new Random(0x5eed);
    const words = new Uint32Array(Math.ceil(POOL_SIZE / 4));
    for (let i = 0; i < words.length; i++) words[i] = Math.floor(rng.next() * 4294967296);
    const bytes = Buffer.from(words.buffer, 0, POOL_SIZE);
    pool = { bytes, lines: base64Lines(bytes) };
  }
  return pool;
}

const MAGIC: Record<string, Buffer> = {
  'application/pdf': Buffer.from('%PDF-1.4\n'),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  'application/zip': Buffer.from('PK\x03\x04', 'latin1'),
};

export interface FileData {
  size: number;
  /** The bytes, base64-encoded in CRLF-terminated lines (RFC 2045 6.8). */
  base64: Buffer[];
  /** The bytes themselves, assembled on demand (tests that compare content). */
  content(): Buffer;
}

/** `size` bytes that look like a file of `contentType` (its magic number first). */
export function fileData(rng: Random, size: number, contentType: string): FileData {
  const { bytes, lines } = randomPool();
  const magic = MAGIC[contentType] ?? Buffer.alloc(0);
  const fullLines = Math.floor(size / LINE_BYTES);
  if (size > POOL_SIZE) throw new Error(`fileData is for sizes up to ${POOL_SIZE} bytes`);
  // starts on a line of the pool, and ends inside it
  const first = rng.int(0, Math.floor((POOL_SIZE - size) / LINE_BYTES)) * LINE_BYTES;
  const content = () => {
    const out = Buffer.from(bytes.subarray(first, first + size));
    magic.copy(out, 0, 0, Math.min(magic.length, size));
    return out;
  };
  if (fullLines < 3) return { size, base64: [base64Lines(content())], content };
  // the first line carries the magic number and the last the remainder: encode
  // those two, take the full lines between from the pre-encoded pool
  const head = Buffer.from(bytes.subarray(first, first + LINE_BYTES));
  magic.copy(head);
  const lineOf = (byte: number) => (byte / LINE_BYTES) * LINE_LENGTH;
  const middle = lines.subarray(lineOf(first + LINE_BYTES), lineOf(first + fullLines * LINE_BYTES));
  const tail = bytes.subarray(first + fullLines * LINE_BYTES, first + size);
  return { size, base64: [base64Lines(head), middle, ...(tail.length ? [base64Lines(tail)] : [])], content };
}

export function expectedBase(ctx: Context, built: Built, messageId: string, date: number, to: Person[]): Expected {
  return {
    kind: 'plain',
    charset: built.charset,
    messageId,
    inReplyTo: built.inReplyTo ?? null,
    references: built.references ?? [],
    subject: built.subject,
    date: new Date(date).toISOString(),
    fromName: built.from.name,
    fromAddress: built.from.address,
    toAddresses: to.map((p) => p.address),
    bodyPhrases: [ctx.marker, ...built.bodyPhrases],
    htmlPhrase: built.htmlPhrase,
    snippetStart: built.snippetStart,
    attachments: built.attachments,
  };
}
