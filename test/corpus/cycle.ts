// The order kinds come in, and the conversations (threads) it makes.
//
// One round is 40 messages: mostly small text mail, some HTML, a few with
// attachments, which is the mix the sync benchmark wants (~35 KB average).
// Every kind appears in every round, so any 40 consecutive messages cover
// them all. Slot 0 starts a conversation; the "thread" slots answer it in a
// chain (slot 0 <- first thread slot <- second <- ...), with In-Reply-To and
// References as RFC 5322 3.6.4 says.
import { type Person, personOf, rootDateOf } from './context.ts';
import { Random } from './random.ts';
import type { Kind } from './types.ts';

export const CYCLE: readonly Kind[] = [
  'plain',
  'thread',
  'alternative',
  'charset',
  'plain',
  'attachments',
  'utf8',
  'thread',
  'html-only',
  'plain',
  'charset',
  'alternative',
  'related',
  'plain',
  'thread',
  'qp-base64',
  'charset',
  'plain',
  'alternative',
  'forward',
  'plain',
  'charset',
  'utf8',
  'thread',
  'alternative',
  'attachments',
  'plain',
  'html-only',
  'charset',
  'special-lines',
  'plain',
  'alternative',
  'charset',
  'plain',
  'utf8',
  'related',
  'alternative',
  'plain',
  'html-only',
  'attachments',
];

const THREAD_SLOTS = CYCLE.flatMap((kind, slot) => (kind === 'thread' ? [slot] : []));

export function kindOf(index: number): Kind {
  return CYCLE[index % CYCLE.length] as Kind;
}

/** How many messages of the same kind came before this one. */
export function occurrenceOf(index: number): number {
  const slot = index % CYCLE.length;
  const perRound = CYCLE.filter((k) => k === CYCLE[slot]).length;
  const before = CYCLE.slice(0, slot).filter((k) => k === CYCLE[slot]).length;
  return Math.floor(index / CYCLE.length) * perRound + before;
}

/** For a thread message: the indexes of the conversation before it, oldest (the root) first. */
export function threadChain(index: number): number[] {
  const base = index - (index % CYCLE.length);
  const position = THREAD_SLOTS.indexOf(index % CYCLE.length);
  return [base, ...THREAD_SLOTS.slice(0, Math.max(position, 0)).map((slot) => base + slot)];
}

/** When a plain or thread message was sent: replies come hours after what they answer. */
export function sentAt(seed: number, index: number): number {
  const chain = threadChain(index);
  const root = chain[0] ?? index;
  if (kindOf(index) !== 'thread') return rootDateOf(seed, index);
  const jitter = new Random(seed, index, 19).int(0, 4 * 3600) * 1000;
  return rootDateOf(seed, root) + chain.length * 5 * 3600_000 + jitter;
}

export function senderOf(seed: number, index: number): Person {
  return personOf(seed, index);
}
