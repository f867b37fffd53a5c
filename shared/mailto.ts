// mailto: URLs (RFC 6068), as a browser or the OS hands them to a mail
// client: "mailto:a@example.com,b@example.com?cc=c@example.com&subject=Hi&body=Line%0D%0Anext".
//
// Pure: the core turns the result into a new draft (compose.start's
// `mailto`), and the Electron app only checks that an argument is one.
//
// What RFC 6068 says and what is done here:
// - Addresses in the path and in `to=` fields are all recipients; `cc=` and
//   `bcc=` add theirs. Percent-encoding is UTF-8; `+` is a plus, never a space.
// - Only to, cc, bcc, subject, body and in-reply-to are taken. Every other
//   header (From, Sender, Reply-To, Attach, ...) is dropped: a link on a web
//   page must not be able to choose who the mail seems to come from, or
//   attach a file of the user's (§7 of the RFC).
// - A broken escape ("%zz", a lone "%") is kept as written, not refused: the
//   user sees it in the draft and can fix it.

export interface MailtoRecipient {
  name: string;
  address: string;
}

export interface MailtoFields {
  to: MailtoRecipient[];
  cc: MailtoRecipient[];
  bcc: MailtoRecipient[];
  subject: string;
  /** Plain text with \n line breaks. */
  body: string;
  /** "<id@host>", when the link answers a message. */
  inReplyTo: string | null;
}

/** Longer URLs are refused: no real link is this long, and everything else in the app has a size limit too. */
export const MAX_MAILTO_LENGTH = 64 * 1024;

export class MailtoError extends Error {}

/** Whether a string (a command-line argument, a URL the OS opened) is a mailto: URL worth handing to parseMailto. */
export function isMailtoUrl(value: string): boolean {
  return /^mailto:/i.test(value) && value.length <= MAX_MAILTO_LENGTH;
}

export function parseMailto(url: string): MailtoFields {
  if (!/^mailto:/i.test(url)) throw new MailtoError('Not a mailto: link.');
  if (url.length > MAX_MAILTO_LENGTH) throw new MailtoError('This mailto: link is too long.');
  const rest = url.slice('mailto:'.length);
  // A fragment is not part of a mailto URI; browsers may still pass one along.
  const withoutFragment = rest.split('#', 1)[0] ?? '';
  const question = withoutFragment.indexOf('?');
  const path = question < 0 ? withoutFragment : withoutFragment.slice(0, question);
  const query = question < 0 ? '' : withoutFragment.slice(question + 1);

  const fields: MailtoFields = { to: [], cc: [], bcc: [], subject: '', body: '', inReplyTo: null };
  fields.to.push(...addressList(percentDecode(path)));
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const name = percentDecode(equals < 0 ? pair : pair.slice(0, equals)).toLowerCase();
    const value = equals < 0 ? '' : percentDecode(pair.slice(equals + 1));
    switch (name) {
      case 'to':
      case 'cc':
      case 'bcc':
        fields[name].push(...addressList(value));
        break;
      case 'subject':
        // A subject is one line: a link's line breaks would start new headers.
        if (!fields.subject) fields.subject = oneLine(value);
        break;
      case 'body':
        if (!fields.body) fields.body = value.replace(/\r\n?/g, '\n');
        break;
      case 'in-reply-to': {
        const id = oneLine(value).trim();
        if (!fields.inReplyTo && /^<[^\s<>]{1,994}>$/.test(id)) fields.inReplyTo = id;
        break;
      }
      default:
      // Any other header is ignored on purpose (see the top of the file).
    }
  }
  return fields;
}

const utf8 = new TextEncoder();

/** %XX escapes decoded as UTF-8 bytes; anything that is not a valid escape stays as written. */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const hex = text[i] === '%' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
      continue;
    }
    // One UTF-16 code point as its UTF-8 bytes.
    const point = text.codePointAt(i) as number;
    const char = String.fromCodePoint(point);
    for (const byte of utf8.encode(char)) bytes.push(byte);
    i += char.length;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
}

function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * An address list as people write it in links: "a@x.org, Bo <b@y.org>",
 * "\"Doe, Jo\" <jo@z.org>". Commas inside quotes or angle brackets do not
 * split. An entry that is not an address is kept as typed (the draft marks it).
 */
export function addressList(text: string): MailtoRecipient[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of text) {
    if (char === '"' && !angle) quoted = !quoted;
    else if (char === '<' && !quoted) angle = true;
    else if (char === '>' && !quoted) angle = false;
    if ((char === ',' || char === ';') && !quoted && !angle) {
      entries.push(current);
      current = '';
    } else current += char;
  }
  entries.push(current);
  const recipients: MailtoRecipient[] = [];
  for (const entry of entries) {
    const clean = oneLine(entry);
    if (!clean) continue;
    const named = /^(.*?)\s*<([^<>]*)>$/.exec(clean);
    if (named) {
      const name = (named[1] ?? '')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .replace(/\\(.)/g, '$1');
      const address = (named[2] ?? '').trim();
      if (address) recipients.push({ name, address });
    } else recipients.push({ name: '', address: clean });
  }
  return recipients;
}
