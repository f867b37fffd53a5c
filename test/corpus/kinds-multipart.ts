// Multipart kinds: text + HTML alternatives, attachments (RFC 2231 and RFC
// 2047 named, bytes to ~1 MB), an HTML body with an inline cid: image
// (multipart/related, RFC 2387), and a forwarded message/rfc822.

import {
  type Builder,
  CORPUS_DOMAIN,
  type Context,
  envelopeHeaders,
  type FileData,
  fileData,
  formatDate,
  type Person,
  rootDateOf,
  withHeaders,
} from './context.ts';
import { senderOf } from './cycle.ts';
import { encodedWordParameter, parameter } from './encode.ts';
import { binaryPart, type Leaf, multipart, type Part, serialize, textPart } from './mime.ts';
import { escapeHtml, firstLine, htmlDocument, paragraphs, plainText, subjectLine } from './prose.ts';
import { Random } from './random.ts';
import { FILENAMES, PEOPLE } from './samples.ts';
import type { ExpectedAttachment } from './types.ts';

const GREETED = PEOPLE.map((p) => p.name.split(' ')[0] ?? '').filter((n) => /^[A-Za-z]+$/.test(n));

function textAndHtml(ctx: Context, size: number, extraHtml = '') {
  const paras = paragraphs(ctx.rng, size);
  const opening = `Dear ${ctx.rng.pick(GREETED)},`;
  const text = `${opening}\n\n${plainText(paras)}\n\n${ctx.marker}`;
  const html = htmlDocument([opening, ...paras.map((p) => p.text)], `${extraHtml}\n<p>${ctx.marker}</p>`);
  return {
    plain: textPart(text, { charset: 'utf-8', encoding: 'quoted-printable' }),
    html: textPart(html, { subtype: 'html', charset: 'utf-8', encoding: 'quoted-printable' }),
    opening,
    firstLine: firstLine(paras),
    htmlPhrase: `<p>${escapeHtml(paras[0]?.text ?? '').slice(0, 60)}`,
  };
}

export const alternative: Builder = (ctx) => {
  const body = textAndHtml(ctx, ctx.rng.logUniform(300, 10_000));
  return {
    part: multipart('alternative', `alt-${ctx.index}`, [body.plain, body.html]),
    from: senderOf(ctx.seed, ctx.index),
    subject: subjectLine(ctx.rng),
    charset: 'utf-8',
    bodyPhrases: [body.firstLine],
    htmlPhrase: body.htmlPhrase,
    snippetStart: body.opening,
    attachments: [],
  };
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: Latin-1 range test
const LATIN1 = /^[\x00-\xff]*$/;

/** Takes turns between the ways senders name files: RFC 2231 in UTF-8, RFC 2231 in ISO-8859-1, RFC 2047 in quotes. */
function namedFile(ctx: Context, n: number, content: FileData, name: string, type: string): Leaf {
  const style = (ctx.occurrence + n) % 3;
  const charset = style === 1 && LATIN1.test(name) ? 'iso-8859-1' : 'utf-8';
  const param = (key: string) => (style === 2 ? encodedWordParameter(key, name) : parameter(key, name, charset));
  return binaryPart(content, {
    contentType: type,
    nameParameter: param('name'),
    filenameParameter: param('filename'),
    disposition: 'attachment',
  });
}

/**
 * From a few bytes to ~1 MB: some are tiny (signatures, calendar bits),
 * the rest log-uniform from 16 KB (so that the corpus averages ~35 KB).
 */
function attachmentSize(rng: Random): number {
  return rng.chance(0.15) ? rng.logUniform(1, 2000) : rng.logUniform(16_000, 1_000_000);
}

export const attachments: Builder = (ctx) => {
  const { rng } = ctx;
  const body = textAndHtml(ctx, rng.logUniform(200, 3000));
  const count = 1 + (rng.chance(0.35) ? 1 : 0) + (rng.chance(0.15) ? 1 : 0);
  const files: Part[] = [];
  const expected: ExpectedAttachment[] = [];
  for (let n = 0; n < count; n++) {
    const file = rng.pick(FILENAMES);
    const content = fileData(rng, attachmentSize(rng), file.type);
    files.push(namedFile(ctx, n, content, file.name, file.type));
    expected.push({ filename: file.name, contentType: file.type, size: content.size, inline: false });
  }
  // half send only text, half text and HTML
  const text = ctx.occurrence % 2 ? multipart('alternative', `alt-${ctx.index}`, [body.plain, body.html]) : body.plain;
  return {
    part: multipart('mixed', `mixed-${ctx.index}`, [text, ...files]),
    from: senderOf(ctx.seed, ctx.index),
    subject: `${subjectLine(rng)} (${count} attached)`,
    charset: 'utf-8',
    bodyPhrases: [body.firstLine],
    htmlPhrase: ctx.occurrence % 2 ? body.htmlPhrase : null,
    snippetStart: body.opening,
    attachments: expected,
  };
};

/** The structure Apple Mail and Thunderbird send for HTML with an embedded image. */
export const related: Builder = (ctx) => {
  const cid = `logo-${ctx.index}@${CORPUS_DOMAIN}`;
  const body = textAndHtml(ctx, ctx.rng.logUniform(300, 4000), `<p><img src="cid:${cid}" alt="logo" width="120"></p>`);
  const image = fileData(ctx.rng, ctx.rng.logUniform(500, 40_000), 'image/png');
  const logo = binaryPart(image, {
    contentType: 'image/png',
    nameParameter: 'name="logo.png"',
    filenameParameter: 'filename="logo.png"',
    disposition: 'inline',
    contentId: cid,
  });
  // RFC 2387 3.1: type names the root part's type
  const rich = multipart('related', `rel-${ctx.index}`, [body.html, logo], [], 'type="text/html"');
  return {
    part: multipart('alternative', `alt-${ctx.index}`, [body.plain, rich]),
    from: senderOf(ctx.seed, ctx.index),
    subject: subjectLine(ctx.rng),
    charset: 'utf-8',
    bodyPhrases: [body.firstLine],
    htmlPhrase: `cid:${cid}`,
    snippetStart: body.opening,
    attachments: [{ filename: 'logo.png', contentType: 'image/png', size: image.size, inline: true }],
  };
};

/**
 * A forwarded mail as message/rfc822: shown inline (no Content-Disposition,
 * its text and attachments are the message's) or attached as a .eml file.
 */
export const forward: Builder = (ctx) => {
  const { seed, index } = ctx;
  const innerRng = new Random(seed, index, 29);
  const original: Person = innerRng.pick(PEOPLE.filter((p) => p.name));
  const innerPhrase = `Original text ${index}: ${firstLine(paragraphs(innerRng, 100))}`;
  const innerText = textPart(`${innerPhrase}\n\n${plainText(paragraphs(innerRng, innerRng.logUniform(200, 3000)))}`, {
    charset: 'utf-8',
    encoding: '8bit',
  });
  const withFile = ctx.occurrence % 4 < 2;
  const innerContent = fileData(innerRng, innerRng.logUniform(100, 20_000), 'application/pdf');
  const innerBody: Part = withFile
    ? multipart('mixed', `inner-${index}`, [
        innerText,
        binaryPart(innerContent, {
          contentType: 'application/pdf',
          nameParameter: 'name="minutes.pdf"',
          filenameParameter: 'filename="minutes.pdf"',
          disposition: 'attachment',
        }),
      ])
    : innerText;
  const innerSubject = `Original: ${subjectLine(innerRng)}`;
  const inner = serialize(
    withHeaders(
      innerBody,
      envelopeHeaders({
        from: original,
        to: [senderOf(seed, index)],
        subjectHeader: innerSubject,
        date: formatDate(rootDateOf(seed, index) - 86_400_000, innerRng),
        messageId: `<fwd-${index}.${seed}@example.org>`,
      }),
    ),
  );
  const attached = ctx.occurrence % 2 === 1;
  const messagePart: Leaf = {
    headers: attached
      ? [
          ['Content-Type', 'message/rfc822; name="forwarded.eml"'],
          ['Content-Disposition', 'attachment; filename="forwarded.eml"'],
        ]
      : [['Content-Type', 'message/rfc822']],
    body: inner,
  };
  const opening = 'Forwarding this, see below.';
  const outer = textPart(`${opening}\n\n${ctx.marker}`, { charset: 'utf-8', encoding: '7bit' });
  const pdf: ExpectedAttachment = { filename: 'minutes.pdf', contentType: 'application/pdf', size: innerContent.size, inline: false };
  return {
    part: multipart('mixed', `fwd-${index}`, [outer, messagePart]),
    from: senderOf(seed, index),
    subject: `Fwd: ${innerSubject}`,
    charset: 'utf-8',
    bodyPhrases: attached ? [opening] : [opening, innerPhrase],
    htmlPhrase: null,
    snippetStart: opening,
    // the CRLF that ends the inner message belongs to the closing delimiter
    attachments: attached
      ? [{ filename: 'forwarded.eml', contentType: 'message/rfc822', size: inner.length - 2, inline: false }]
      : withFile
        ? [pdf]
        : [],
  };
};
