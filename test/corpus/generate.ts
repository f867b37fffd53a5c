// The corpus: deterministic raw RFC 5322 messages (CRLF) with what a correct
// parser must find in each. Message i depends only on (i, seed), so any
// message can be built on its own, and the sync tests and the benchmark can
// stream 20,000 of them into Dovecot without holding them all.
import { type Builder, type Built, type Context, envelopeHeaders, expectedBase, formatDate, messageIdOf, withHeaders } from './context.ts';
import { CYCLE, kindOf, occurrenceOf, sentAt } from './cycle.ts';
import { headerText } from './encode.ts';
import { alternative, attachments, forward, related } from './kinds-multipart.ts';
import { charset, htmlOnly, plain, qpBase64, specialLines, thread, utf8 } from './kinds-text.ts';
import { serialize } from './mime.ts';
import { Random } from './random.ts';
import { PEOPLE } from './samples.ts';
import type { CorpusMessage, Kind } from './types.ts';

const BUILDERS: Record<Kind, Builder> = {
  plain,
  utf8,
  charset,
  'qp-base64': qpBase64,
  alternative,
  attachments,
  related,
  forward,
  thread,
  'html-only': htmlOnly,
  'special-lines': specialLines,
};

export const DEFAULT_SEED = 1;

export function contextFor(index: number, seed: number): Context {
  return {
    index,
    seed,
    rng: new Random(seed, index),
    round: Math.floor(index / CYCLE.length),
    slot: index % CYCLE.length,
    occurrence: occurrenceOf(index),
    marker: `Ref: TID-${seed}-${index}`,
  };
}

/** Message `index` of the corpus for `seed`. */
export function corpusMessage(index: number, seed = DEFAULT_SEED): CorpusMessage {
  const ctx = contextFor(index, seed);
  const kind = kindOf(index);
  return assemble(ctx, BUILDERS[kind](ctx), kind);
}

/** Puts the envelope on what a kind built, and says what a parser must find. */
export function assemble(ctx: Context, built: Built, kind: Kind): CorpusMessage {
  const rng = new Random(ctx.seed, ctx.index, 3);
  const to = [rng.pick(PEOPLE), ...(rng.chance(0.3) ? [rng.pick(PEOPLE)] : [])];
  const date = built.date ?? sentAt(ctx.seed, ctx.index);
  const messageId = messageIdOf(ctx.seed, ctx.index);
  const headers = envelopeHeaders({
    from: built.from,
    to,
    subjectHeader: built.subjectHeader ?? headerText(built.subject, 'utf-8'),
    date: formatDate(date, rng),
    messageId,
    ...(built.inReplyTo ? { inReplyTo: built.inReplyTo } : {}),
    ...(built.references ? { references: built.references } : {}),
  });
  const raw = serialize(withHeaders(built.part, headers));
  return { raw, expected: { ...expectedBase(ctx, built, messageId, date, to), kind } };
}

/** Messages 0..count-1, one at a time. */
export function* iterateCorpus(count: number, seed = DEFAULT_SEED): Generator<CorpusMessage> {
  for (let i = 0; i < count; i++) yield corpusMessage(i, seed);
}

export function generateCorpus(count: number, seed = DEFAULT_SEED): CorpusMessage[] {
  return Array.from(iterateCorpus(count, seed));
}
