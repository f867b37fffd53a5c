import fc from 'fast-check';
import { ConfigError, parseClientConfig } from '../../main/accounts/discovery/config-xml';
import { fetchAttributes } from '../../main/imap/fetch-attributes';
import { headerFetchOf } from '../../main/imap/fetched-headers';
import { type ImapResponse, ResponseReader } from '../../main/imap/response-reader';
import { parseMessage } from '../../main/mime/parse-message';
import { quickExtract } from '../../main/mime/quick-extract';
import { MultilineDecoder } from '../../main/pop3/multiline-decoder';
import { junkBytes, rawMessage } from './mail-arbitraries';

// What is fuzzed, and what must hold for every input. Crashing is never
// allowed: the readers of what a server or a sender sends either answer or
// refuse with their own, expected error. Where a round trip is defined (an
// IMAP stream, a POP3 body), the answer must also be exactly right however
// the bytes are split into chunks.

export interface Target {
  name: string;
  about: string;
  /** The inputs. */
  input: fc.Arbitrary<unknown>;
  /** One case: returns (or resolves) when the property holds, throws (or rejects) when it does not. */
  check(input: never): void | Promise<void>;
}

/** A target with its input's type checked against its check. */
function target<T>(name: string, about: string, input: fc.Arbitrary<T>, check: (input: T) => void | Promise<void>): Target {
  return { name, about, input, check: check as (input: never) => void | Promise<void> };
}

const mail = fc.oneof({ weight: 3, arbitrary: rawMessage }, { weight: 1, arbitrary: junkBytes });

/** Where to cut a stream of `length` bytes into chunks (as TCP may). */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

function chunked(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

// ---- IMAP ----

/** Text of a response line: no CR, LF or braces (a line ending in "{N}" announces a literal). */
const lineText = fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n{}]/g, 'x'));

const imapResponse = fc.record({
  pieces: fc.array(fc.tuple(lineText, fc.uint8Array({ maxLength: 300 })), { maxLength: 4 }),
  last: lineText,
});

/** Tokens of a FETCH response, nested and unbalanced, with quoted strings, escapes, NIL and literals. */
const fetchToken = fc.oneof(
  fc.constantFrom(
    '(',
    ')',
    'NIL',
    'UID',
    'FLAGS',
    'ENVELOPE',
    'INTERNALDATE',
    'RFC822.SIZE',
    'BODY[HEADER.FIELDS (REFERENCES)]',
    'X-GM-LABELS',
    '\\Seen',
    '"',
    '\\',
  ),
  fc.nat().map(String),
  fc.string({ maxLength: 12 }).map((s) => `"${s.replace(/"/g, '\\"')}"`),
  fc.string({ maxLength: 8 }),
);

const fetchResponse: fc.Arbitrary<ImapResponse> = fc
  .tuple(
    fc.nat({ max: 99999 }),
    fc.array(fc.array(fetchToken, { maxLength: 30 }), { minLength: 1, maxLength: 4 }),
    fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 3 }),
  )
  .map(([seq, pieces, literals]) => {
    const parts = pieces.map((tokens, i) => `${i === 0 ? `* ${seq} FETCH (` : ''}${tokens.join(' ')}`);
    const count = Math.min(literals.length, parts.length - 1);
    return { parts: parts.slice(0, count + 1), literals: literals.slice(0, count).map((l) => Buffer.from(l)) };
  });

// ---- POP3 ----

const pop3Body = fc.array(
  fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('.', '..', '.x', '. ', '...', '')).map((l) => l.replace(/[\r\n]/g, '')),
  { maxLength: 20 },
);

// ---- autoconfig ----

const GOOD_CONFIG = `<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="example.com"><domain>example.com</domain>
<incomingServer type="imap"><hostname>imap.example.com</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username><authentication>OAuth2</authentication></outgoingServer>
</emailProvider><oAuth2><issuer>accounts.example.com</issuer><scope>mail</scope></oAuth2></clientConfig>`;

const xmlEdit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  cut: fc.nat({ max: 20 }),
  insert: fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      '<',
      '>',
      '</',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '&amp;',
      '&#0;',
      '&#xFFFFFFFF;',
      '&bogus;',
      '"',
      "'",
      '<?x?>',
      '<!DOCTYPE x [<!ENTITY a "b">]>',
    ),
  ),
});

const xmlDocument = fc.oneof(
  fc.array(xmlEdit, { maxLength: 6 }).map((edits) =>
    edits.reduce((doc, e) => {
      const at = Math.floor(doc.length * e.at);
      return doc.slice(0, at) + e.insert + doc.slice(at + e.cut);
    }, GOOD_CONFIG),
  ),
  fc.string({ maxLength: 300 }),
);

export const TARGETS: Target[] = [
  target(
    'mime-quick',
    'the fast path of the MIME parser (quickExtract): answers or declines, never throws',
    fc.tuple(mail, fc.boolean()),
    ([raw, envelope]) => {
      quickExtract(raw, { envelope });
    },
  ),
  target(
    'mime-full',
    'the mailparser path (parseMessage): never rejects; always a listing with text, and no NUL in it',
    mail,
    async (raw) => {
      const parsed = await parseMessage(raw);
      if (typeof parsed.text !== 'string' || typeof parsed.subject !== 'string') throw new Error('no text or subject');
      if (parsed.text.includes('\0') || parsed.subject.includes('\0')) throw new Error('a NUL reached the listing');
    },
  ),
  target(
    'imap-reader',
    'IMAP responses split into whole lines and literals exactly, however the stream is chunked; junk is refused only for its limits',
    fc.tuple(imapResponse, cuts, junkBytes),
    ([response, at, junk]) => {
      const wire = Buffer.concat([
        ...response.pieces.flatMap(([text, literal]) => [Buffer.from(`${text}{${literal.length}}\r\n`, 'latin1'), Buffer.from(literal)]),
        Buffer.from(`${response.last}\r\n`, 'latin1'),
      ]);
      const got: ImapResponse[] = [];
      const reader = new ResponseReader({ maxLineBytes: 4096, maxLiteralBytes: 1024 }, (r) => got.push(r));
      for (const chunk of chunked(wire, at)) reader.push(chunk);
      const expected = {
        parts: [...response.pieces.map(([text]) => text), response.last],
        literals: response.pieces.map(([, l]) => Buffer.from(l)),
      };
      if (got.length !== 1) throw new Error(`${got.length} responses instead of 1`);
      const [one] = got as [ImapResponse];
      if (JSON.stringify(one.parts) !== JSON.stringify(expected.parts)) throw new Error('text parts differ');
      if (one.literals.length !== expected.literals.length || one.literals.some((l, i) => !l.equals(expected.literals[i] as Buffer)))
        throw new Error('literals differ');
      // Junk: whole responses, or a refusal in the reader's own words.
      const junkReader = new ResponseReader({ maxLineBytes: 512, maxLiteralBytes: 512 }, () => undefined);
      try {
        for (const chunk of chunked(junk, at)) junkReader.push(chunk);
      } catch (error) {
        if (!(error instanceof Error) || !/^The server sent a (line longer|literal of)/.test(error.message)) throw error;
      }
    },
  ),
  target(
    'imap-fetch',
    'FETCH attributes and the header fetch (fetch-attributes.ts, fetched-headers.ts): an answer or undefined, never a throw',
    fetchResponse,
    (response) => {
      fetchAttributes(response);
      headerFetchOf(response);
    },
  ),
  target(
    'pop3-multiline',
    'the POP3 multi-line decoder undoes dot-stuffing exactly and finds the end, however the stream is chunked',
    fc.tuple(pop3Body, fc.uint8Array({ maxLength: 20 }), cuts),
    ([lines, after, at]) => {
      const body = lines.map((l) => `${l}\r\n`).join('');
      const stuffed = lines.map((l) => `${l.startsWith('.') ? '.' : ''}${l}\r\n`).join('');
      const wire = Buffer.concat([Buffer.from(`${stuffed}.\r\n`, 'latin1'), Buffer.from(after)]);
      const decoder = new MultilineDecoder();
      const out: Buffer[] = [];
      let rest: Buffer | undefined;
      for (const chunk of chunked(wire, at)) {
        if (rest) {
          rest = Buffer.concat([rest, chunk]);
          continue;
        }
        const result = decoder.push(chunk);
        out.push(...result.parts.map((p) => Buffer.from(p)));
        if (result.rest) rest = Buffer.from(result.rest);
      }
      if (Buffer.concat(out).toString('latin1') !== body) throw new Error('the decoded body differs');
      if (!(rest ?? Buffer.alloc(0)).equals(Buffer.from(after))) throw new Error('what followed the end differs');
    },
  ),
  target(
    'autoconfig-xml',
    'the autoconfig reader (config-xml.ts): a config, or a ConfigError that says why; nothing else',
    xmlDocument,
    (xml) => {
      try {
        parseClientConfig(xml);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
      }
    },
  ),
];
