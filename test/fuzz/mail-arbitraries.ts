import fc from 'fast-check';

// Generators of mail as servers and senders really send it, broken in the
// ways real mail is broken: headers with encoded words in any charset (and
// bogus ones), folded lines, addresses with groups and quotes, multiparts
// nested deep with odd, missing or repeated boundaries, every transfer
// encoding (and bogus ones), bare LF or CR, truncation anywhere, and random
// bytes put in. What they make is bytes, as a message arrives.

const CHARSETS = ['utf-8', 'UTF8', 'iso-8859-1', 'windows-1252', 'iso-2022-jp', 'gb2312', 'koi8-r', 'utf-7', 'x-unknown', '', 'utf-16'];
const ENCODINGS = ['7bit', '8bit', 'binary', 'base64', 'quoted-printable', 'BASE64', 'x-uuencode', 'bogus', ''];
const HEADER_NAMES = [
  'From',
  'To',
  'Cc',
  'Bcc',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'References',
  'In-Reply-To',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-Disposition',
  'Content-ID',
  'MIME-Version',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'Authentication-Results',
  'Received',
];

/** Text of any kind: ASCII, any Unicode, control characters, lone surrogates. */
const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\t', '"', '<>', '=?', '?=', ';', ',', '\\', '(comment)', '@', '\u0000', '\r', '\n', '=\r\n', '\u00ff'),
);

/** An RFC 2047 encoded word, well-formed or not. */
const encodedWord = fc
  .tuple(fc.constantFrom(...CHARSETS), fc.constantFrom('B', 'Q', 'b', 'q', 'X'), anyText, fc.boolean())
  .map(([charset, enc, text, valid]) => {
    const payload =
      enc.toUpperCase() === 'B' && valid
        ? Buffer.from(text, 'utf8').toString('base64')
        : text.replace(/[?\s]/g, (c) => `=${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
    return `=?${charset}?${enc}?${payload}?=`;
  });

const address = fc.oneof(
  fc.tuple(anyText, anyText).map(([name, local]) => `"${name}" <${local}@example.test>`),
  fc.tuple(encodedWord, anyText).map(([name, local]) => `${name} <${local}@x>`),
  anyText,
  fc.constantFrom('undisclosed-recipients:;', 'Group: a@b.c, "q\\"x" <d@e>;', '<>', '@', 'a@', '<a@b', 'a@b>', '"unterminated <a@b>'),
);

const headerValue = fc.oneof(
  anyText,
  encodedWord,
  fc.array(fc.oneof(anyText, encodedWord), { maxLength: 5 }).map((words) => words.join(' ')),
  fc.array(address, { minLength: 1, maxLength: 4 }).map((list) => list.join(', ')),
  fc.constantFrom('Mon, 07 Dec 2026 09:00:00 +0000', 'Thu, 31 Feb 1999 25:61:61 +9999', 'yesterday', '0', 'Fri, 1 Jan 100000 00:00:00 GMT'),
  fc.array(fc.constantFrom('<a@b>', '<', '>', 'c@d', '<<x@y>>'), { maxLength: 6 }).map((ids) => ids.join(' ')),
);

/** One header line (maybe folded, maybe with raw 8-bit bytes). */
const header = fc
  .tuple(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string({ maxLength: 12 })), headerValue, fc.nat({ max: 3 }))
  .map(([name, value, folds]) => {
    let line = `${name}: ${value}`;
    for (let i = 0; i < folds && line.length > 4; i++) {
      const at = Math.floor(line.length / (i + 2));
      line = `${line.slice(0, at)}\r\n ${line.slice(at)}`;
    }
    return line;
  });

interface Leaf {
  kind: 'leaf';
  type: string;
  charset: string;
  encoding: string;
  disposition: string | null;
  body: string;
}
interface Multi {
  kind: 'multi';
  subtype: string;
  boundary: string;
  parts: Part[];
  /** Leave out the closing boundary (a truncated or careless sender). */
  unclosed: boolean;
  preamble: string;
}
type Part = Leaf | Multi;

const leaf: fc.Arbitrary<Leaf> = fc.record({
  kind: fc.constant('leaf' as const),
  type: fc.constantFrom('text/plain', 'text/html', 'application/octet-stream', 'image/png', 'message/rfc822', 'text/calendar', 'bogus', ''),
  charset: fc.constantFrom(...CHARSETS),
  encoding: fc.constantFrom(...ENCODINGS),
  disposition: fc.option(
    fc.constantFrom('attachment', 'inline', 'attachment; filename="a.pdf"', "attachment; filename*=UTF-8''%E2%82%AC.txt", 'x'),
  ),
  body: fc.oneof(
    anyText,
    fc.string({ maxLength: 400 }),
    fc.constantFrom('<html><body><p>Hi <b>there</p><script>x</script>', '=3D=\r\n=ZZ=', '////', 'begin 644 a\nM\nend', '<img src=cid:a>'),
  ),
});

const part: fc.Arbitrary<Part> = fc.letrec<{ part: Part }>((tie) => ({
  part: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constant('multi' as const),
      subtype: fc.constantFrom('mixed', 'alternative', 'related', 'digest', 'report', 'signed', 'bogus'),
      boundary: fc.oneof(fc.constantFrom('b1', '', '--', ' spaced ', '"quoted"', 'x'.repeat(80)), fc.string({ maxLength: 20 })),
      parts: fc.array(tie('part'), { maxLength: 4 }),
      unclosed: fc.boolean(),
      preamble: fc.oneof(fc.constant(''), anyText),
    }),
  ),
})).part;

function encodeBody(body: string, encoding: string): string {
  const lower = encoding.toLowerCase();
  if (lower === 'base64') return Buffer.from(body, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  if (lower === 'quoted-printable')
    return body.replace(/[^\x20-\x3c\x3e-\x7e\r\n]/g, (c) => `=${(c.charCodeAt(0) & 0xff).toString(16).toUpperCase().padStart(2, '0')}`);
  return body;
}

function serializePart(p: Part, depth: number): string {
  if (p.kind === 'leaf') {
    const lines = [
      `Content-Type: ${p.type}${p.charset ? `; charset=${p.charset}` : ''}`,
      ...(p.encoding ? [`Content-Transfer-Encoding: ${p.encoding}`] : []),
      ...(p.disposition ? [`Content-Disposition: ${p.disposition}`] : []),
    ];
    return `${lines.join('\r\n')}\r\n\r\n${encodeBody(p.body, p.encoding)}`;
  }
  const b = p.boundary;
  const inner = p.parts.map((child) => `--${b}\r\n${serializePart(child, depth + 1)}\r\n`).join('');
  return `Content-Type: multipart/${p.subtype}; boundary="${b}"\r\n\r\n${p.preamble}\r\n${inner}${p.unclosed ? '' : `--${b}--\r\n`}`;
}

/** A byte-level change to what was made: the ways mail gets damaged on its way. */
const damage = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('lf' as const) }),
  fc.record({ kind: fc.constant('cr' as const) }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('noHeaderBlock' as const) }),
);

type Damage = typeof damage extends fc.Arbitrary<infer D> ? D : never;

function damaged(raw: Buffer, change: Damage): Buffer {
  switch (change.kind) {
    case 'none':
      return raw;
    case 'truncate':
      return raw.subarray(0, Math.floor(raw.length * change.at));
    case 'lf':
      return Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    case 'cr':
      return Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\r'), 'latin1');
    case 'bytes': {
      const at = Math.floor(raw.length * change.at);
      return Buffer.concat([raw.subarray(0, at), Buffer.from(change.bytes), raw.subarray(at)]);
    }
    case 'noHeaderBlock': {
      const text = raw.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      return end < 0 ? raw : Buffer.from(text.slice(end + 4), 'latin1');
    }
  }
}

/** A whole message as bytes: headers, a body tree, then maybe damaged. */
export const rawMessage: fc.Arbitrary<Buffer> = fc
  .tuple(fc.array(header, { maxLength: 12 }), part, damage, fc.boolean())
  .map(([headers, body, change, latin1]) => {
    const text = `${headers.join('\r\n')}${headers.length ? '\r\n' : ''}MIME-Version: 1.0\r\n${serializePart(body, 0)}`;
    // Raw 8-bit headers come both ways: UTF-8 bytes, or each character's low byte (Latin-1).
    return damaged(Buffer.from(text, latin1 ? 'latin1' : 'utf8'), change);
  });

/** Anything at all, and mail's own punctuation in random order. */
export const junkBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
  fc
    .array(
      fc.constantFrom('\r\n', '\n', ':', ' ', '--', 'boundary=', 'Content-Type: multipart/mixed; ', '=?', '?=', '"', '\r\n\r\n', 'a'),
      {
        maxLength: 200,
      },
    )
    .map((pieces) => Buffer.from(pieces.join(''), 'latin1')),
);
