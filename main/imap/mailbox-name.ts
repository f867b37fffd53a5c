// A folder path as an IMAP command argument, for our own IMAP code (the lean
// bulk connection; imapflow does this itself). Without UTF8=ACCEPT enabled,
// non-ASCII names travel in "modified UTF-7" (RFC 3501 5.1.3): printable
// ASCII as is ("&" as "&-"), anything else as "&" + base64 of its UTF-16BE
// with "," for "/" and no padding + "-".

export function encodeMailboxName(name: string): string {
  let out = '';
  let pending: number[] = []; // UTF-16 code units waiting to be encoded
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    for (let i = 0; i < pending.length; i++) bytes.writeUInt16BE(pending[i] as number, i * 2);
    out += `&${bytes.toString('base64').replace(/=+$/, '').replaceAll('/', ',')}-`;
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      flush();
      out += unit === 0x26 ? '&-' : name[i];
    } else {
      pending.push(unit);
    }
  }
  flush();
  return out;
}

/** An IMAP quoted string of an ASCII argument ("\" and '"' escaped); refuses what a quoted string cannot carry. */
export function quoted(value: string): string {
  if (/[^\x20-\x7e]/.test(value)) throw new Error('not an ASCII argument');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
