// Single-part kinds: plain ASCII, UTF-8 with emoji, each legacy charset,
// quoted-printable and base64 bodies with long lines, HTML only, lines that
// trouble mbox and SMTP ("From ", "."), and replies in a thread.

import { type Builder, type Built, type Context, fileData, formatDate, messageIdOf, type Person } from './context.ts';
import { senderOf, sentAt, threadChain } from './cycle.ts';
import { encodeWords, parameter } from './encode.ts';
import { binaryPart, multipart, type TransferEncoding, textPart } from './mime.ts';
import { firstLine, htmlDocument, paragraphs, plainText, sentence, subjectLine } from './prose.ts';
import { Random } from './random.ts';
import { CHARSET_SAMPLES, charsetSample } from './samples.ts';

export function rootSubjectOf(seed: number, index: number): string {
  return subjectLine(new Random(seed, index, 17));
}

function asciiSignature(from: Person): string {
  return from.address.split('@')[0] ?? 'me';
}

export const plain: Builder = (ctx) => {
  const { rng } = ctx;
  const from = senderOf(ctx.seed, ctx.index);
  const opening = `Hi ${rng.pick(['all', 'team', 'there', 'folks', 'everyone'])},`;
  const paras = paragraphs(rng, rng.logUniform(200, 12_000));
  const text = `${opening}\n\n${plainText(paras)}\n\n${ctx.marker}\n\n-- \n${asciiSignature(from)}`;
  return {
    part: textPart(text, { charset: 'us-ascii', encoding: '7bit' }),
    from,
    subject: rootSubjectOf(ctx.seed, ctx.index),
    charset: 'us-ascii',
    bodyPhrases: [firstLine(paras)],
    htmlPhrase: null,
    snippetStart: opening,
    attachments: [],
  };
};

const ROTATING_ENCODINGS: TransferEncoding[] = ['quoted-printable', '8bit', 'base64'];

export const utf8: Builder = (ctx) => {
  const sample = charsetSample('utf-8');
  const encoding = ROTATING_ENCODINGS[ctx.occurrence % 3] as TransferEncoding;
  const extra = plainText(paragraphs(ctx.rng, ctx.rng.logUniform(100, 4000)));
  const subject = `${sample.subject} #${ctx.index}`;
  return {
    part: textPart(`${sample.body}\n\n${extra}\n\n${ctx.marker}`, { charset: 'utf-8', encoding }),
    from: { name: sample.senderName, address: sample.senderAddress, charset: 'utf-8', encoding: 'B' },
    subject,
    subjectHeader: encodeWords(subject, 'utf-8', ctx.occurrence % 2 ? 'Q' : 'B'),
    charset: 'utf-8',
    bodyPhrases: [sample.phrase],
    htmlPhrase: null,
    snippetStart: "Hi! Let's go hiking",
    attachments: [],
  };
};

/**
 * One legacy charset per message, in turn: body, Subject and sender name in
 * that charset; every other round with an attachment whose RFC 2231 filename
 * is in it too, and every other two rounds with Q rather than B encoded words.
 */
export const charset: Builder = (ctx) => {
  const sample = CHARSET_SAMPLES[ctx.occurrence % CHARSET_SAMPLES.length] ?? CHARSET_SAMPLES[0];
  if (!sample) throw new Error('no charset samples');
  const round = Math.floor(ctx.occurrence / CHARSET_SAMPLES.length);
  return charsetMessage(ctx, sample.charset, { withAttachment: round % 2 === 1, wordEncoding: round % 4 < 2 ? 'B' : 'Q' });
};

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  gpx: 'application/gpx+xml',
};

export interface CharsetMessageOptions {
  withAttachment: boolean;
  /** RFC 2047 encoding of the Subject and the sender's name. */
  wordEncoding: 'B' | 'Q';
}

export function charsetMessage(ctx: Context, charsetName: string, { withAttachment, wordEncoding }: CharsetMessageOptions): Built {
  const sample = charsetSample(charsetName);
  const subject = `${sample.subject} #${ctx.index}`;
  const text = textPart(`${sample.body}\n\n${ctx.marker}`, { charset: sample.charset, encoding: sample.encoding });
  const built = {
    from: { name: sample.senderName, address: sample.senderAddress, charset: sample.charset, encoding: wordEncoding } as Person,
    subject,
    subjectHeader: encodeWords(subject, sample.charset, wordEncoding),
    charset: sample.charset,
    bodyPhrases: [sample.phrase],
    htmlPhrase: null,
    snippetStart: sample.body.split('\n')[0] ?? '',
  };
  if (!withAttachment) return { ...built, part: text, attachments: [] };
  const type = TYPES[sample.filename.split('.').pop() ?? ''] ?? 'application/octet-stream';
  const content = fileData(ctx.rng, ctx.rng.logUniform(40, 8000), type);
  const file = binaryPart(content, {
    contentType: type,
    nameParameter: parameter('name', sample.filename, sample.charset),
    filenameParameter: parameter('filename', sample.filename, sample.charset),
    disposition: 'attachment',
  });
  return {
    ...built,
    part: multipart('mixed', `mixed-${ctx.index}`, [text, file]),
    attachments: [{ filename: sample.filename, contentType: type, size: content.size, inline: false }],
  };
}

/** A long logical line: quoted-printable has to break it softly, base64 does not care. */
export const qpBase64: Builder = (ctx) => {
  const { rng } = ctx;
  const long = Array.from({ length: rng.int(15, 40) }, () => sentence(rng)).join(' ');
  const opening = 'Grüße — naïve café résumé, as promised:';
  const encoding: TransferEncoding = ctx.occurrence % 2 ? 'base64' : 'quoted-printable';
  const middle = Math.floor(long.length / 3);
  return {
    part: textPart(`${opening}\n\n${long}\n\n${ctx.marker}`, { charset: 'utf-8', encoding }),
    from: senderOf(ctx.seed, ctx.index),
    subject: subjectLine(rng),
    charset: 'utf-8',
    bodyPhrases: [opening, long.slice(middle, middle + 300)],
    htmlPhrase: null,
    snippetStart: opening,
    attachments: [],
  };
};

export const htmlOnly: Builder = (ctx) => {
  const { rng } = ctx;
  const paras = paragraphs(rng, rng.logUniform(300, 8000));
  const entities = '<p>Caf&eacute; at 5&nbsp;pm costs &#8364;5 &amp; more &mdash; see&nbsp;you &lt;there&gt;</p>';
  const html = htmlDocument(
    paras.map((p) => p.text),
    `${entities}\n<p>${ctx.marker}</p>`,
  );
  const encoding: TransferEncoding = ctx.occurrence % 2 ? 'base64' : 'quoted-printable';
  return {
    part: textPart(html, { subtype: 'html', charset: 'utf-8', encoding }),
    from: senderOf(ctx.seed, ctx.index),
    subject: subjectLine(rng),
    charset: 'utf-8',
    bodyPhrases: [paras[0]?.text ?? '', 'Café at 5 pm costs €5 & more — see you <there>'],
    htmlPhrase: entities,
    snippetStart: (paras[0]?.text ?? '').slice(0, 40),
    attachments: [],
  };
};

/** Lines an mbox writer escapes (">From ") or SMTP dot-stuffs, and one far past 998 characters. */
export const specialLines: Builder = (ctx) => {
  const { rng } = ctx;
  const long = Array.from({ length: 25 }, () => sentence(rng)).join(' ');
  const lines = [
    'Hello,',
    '',
    'From the start, this line begins with From and a space.',
    '.hidden line starting with a dot',
    '.',
    '..double dot line',
    'From here on, another From line.',
    long,
    ctx.marker,
  ];
  return {
    part: textPart(lines.join('\n'), { charset: 'us-ascii', encoding: '7bit' }),
    from: senderOf(ctx.seed, ctx.index),
    subject: 'From the start: lines with dots',
    charset: 'us-ascii',
    bodyPhrases: [lines[2] ?? '', '.hidden line starting with a dot\n.\n..double dot line', long],
    htmlPhrase: null,
    snippetStart: 'Hello, From the start',
    attachments: [],
  };
};

/** A reply: top-posted, or answering below the quote (so the snippet has to skip it). */
export const thread: Builder = (ctx) => {
  const { rng, seed } = ctx;
  const chain = threadChain(ctx.index);
  const parent = chain.at(-1) ?? 0;
  const parentSender = senderOf(seed, parent);
  const opening = rng.pick(['Thanks for this.', 'Sounds good to me.', 'I disagree, sorry.', 'Quick answer below.', 'Agreed!']);
  const answer = `${opening}\n\n${plainText(paragraphs(rng, rng.logUniform(100, 3000)))}\n\n${ctx.marker}`;
  const quote = plainText(paragraphs(rng, 400))
    .split('\n')
    .map((l) => `> ${l}`.trimEnd())
    .join('\n');
  const attribution = `On ${formatDate(sentAt(seed, parent), new Random(seed, parent, 23))}, ${parentSender.name || parentSender.address} wrote:`;
  const text = ctx.occurrence % 2 ? `${attribution}\n${quote}\n\n${answer}` : `${answer}\n\n${attribution}\n${quote}`;
  return {
    part: textPart(text, { charset: 'utf-8', encoding: 'quoted-printable' }),
    from: senderOf(seed, ctx.index),
    subject: `Re: ${rootSubjectOf(seed, chain[0] ?? 0)}`,
    charset: 'utf-8',
    bodyPhrases: [opening],
    htmlPhrase: null,
    snippetStart: opening,
    attachments: [],
    inReplyTo: messageIdOf(seed, parent),
    references: chain.map((i) => messageIdOf(seed, i)),
    date: sentAt(seed, ctx.index),
  };
};
