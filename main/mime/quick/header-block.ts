// The header block of a message or a MIME part, read straight from the raw
// bytes for the fast path (see quick-extract.ts). It keeps only the fields the
// caller names, and reads them the way mailparser's splitter (mailsplit) and
// libmime do, so that the values are the very strings mailparser would decode:
// lines end at LF (a CR before it is dropped), a line starting with SP or HTAB
// continues the field (RFC 5322 2.2.3), and the block ends at the first empty
// line. Whatever does not fit that simple picture is refused (undefined), and
// the caller falls back to the full parser:
// - a line that is not `name:` or a continuation (junk), and a first line
//   "From ..." or "POST ..." even with a colon (mailsplit reads those as an
//   mbox separator or an HTTP request line);
// - a wanted field with a byte above 0x7F (raw 8-bit headers: mailparser and
//   the envelope reader have their own rules for those) or a control character;
// - a line that starts with "--", which may be a boundary delimiter where a
//   part's header should be (mailsplit checks every line against them);
// - a block larger than any real one (mailsplit has limits of its own there).

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;
const DASH = 0x2d;

/** Far below mailsplit's 1 MiB (at 64 bytes a line at least): beyond it the full parser decides. */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_HEADER_LINES = 1000;

export interface HeaderBlock {
  /** Unfolded values of the wanted fields, by lowercase name, in order of appearance. */
  fields: Map<string, string[]>;
  /** Offset of the first body byte: after the empty line, or the end of the input when there is none. */
  bodyStart: number;
  /** False when the input ended before an empty line did. */
  ended: boolean;
}

// field-name (RFC 5322 2.2): printable ASCII except ":"
const NAME_CHAR = new Uint8Array(256);
for (let c = 0x21; c <= 0x7e; c++) NAME_CHAR[c] = c === COLON ? 0 : 1;

export function readHeaderBlock(raw: Buffer, start: number, wanted: ReadonlySet<string>): HeaderBlock | undefined {
  const fields = new Map<string, string[]>();
  // the wanted field being read: where its value starts and where it ends so far
  let name: string | null = null;
  let valueStart = 0;
  let fieldEnd = 0;
  let inField = false;
  let lines = 0;
  const keep = () => {
    if (name === null) return;
    const value = unfold(raw.toString('latin1', valueStart, fieldEnd));
    const list = fields.get(name);
    if (list) list.push(value);
    else fields.set(name, [value]);
    name = null;
  };

  // mailsplit takes a first line "From ..." for an mbox separator and "POST ..." for an HTTP request line, not for a field
  if (/^(?:from|post) /i.test(raw.toString('latin1', start, start + 5))) return undefined;
  let pos = start;
  while (pos < raw.length) {
    const lf = raw.indexOf(LF, pos);
    const lineEnd = lf < 0 ? raw.length : lf;
    const contentEnd = lineEnd > pos && raw[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (contentEnd === pos) {
      // "\r\n" or "\n" ends the block; a lone CR at the very end is something else
      if (lf < 0) return undefined;
      keep();
      return { fields, bodyStart: lf + 1, ended: true };
    }
    if (++lines > MAX_HEADER_LINES || lineEnd - start > MAX_HEADER_BYTES) return undefined;

    const first = raw[pos] as number;
    if (first === SP || first === HTAB) {
      // a continuation line, before any field: mailsplit would take it for a field of its own
      if (!inField) return undefined;
      if (name !== null) {
        if (!plainAscii(raw, pos, contentEnd)) return undefined;
        fieldEnd = contentEnd;
      }
    } else {
      keep();
      if (first === DASH && raw[pos + 1] === DASH) return undefined;
      let i = pos;
      while (i < contentEnd && NAME_CHAR[raw[i] as number] === 1) i++;
      const nameEnd = i;
      while (i < contentEnd && (raw[i] === SP || raw[i] === HTAB)) i++;
      if (nameEnd === pos || raw[i] !== COLON || i >= contentEnd) return undefined;
      inField = true;
      const fieldName = raw.toString('latin1', pos, nameEnd).toLowerCase();
      if (wanted.has(fieldName)) {
        if (!plainAscii(raw, i + 1, contentEnd)) return undefined;
        name = fieldName;
        valueStart = i + 1;
        fieldEnd = contentEnd;
      }
    }
    pos = lf < 0 ? raw.length : lf + 1;
  }
  // no empty line: everything is header, the body is empty
  keep();
  return { fields, bodyStart: raw.length, ended: false };
}

/** Printable ASCII and HTAB only. */
function plainAscii(raw: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = raw[i] as number;
    if (c > 0x7e || (c < SP && c !== HTAB)) return false;
  }
  return true;
}

/**
 * A field value as libmime's decodeHeader gives it to mailparser and mailsplit:
 * every line break with the blanks after it becomes one space, then trimmed.
 */
function unfold(latin1: string): string {
  return latin1.replace(/(?:\r?\n|\r)[ \t]*/g, ' ').trim();
}
