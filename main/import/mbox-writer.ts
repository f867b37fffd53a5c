// Writing mboxrd (the export): a "From " line with the envelope sender and
// date, the message with every `>*From ` line given one more `>` (so that
// reading undoes exactly that: mbox-reader.ts), a line break at its end if it
// has none, and an empty line.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "From sender asctime-date\n", in UTC. */
export function fromLine(sender: string | null, date: number): string {
  const d = new Date(Number.isFinite(date) ? date : 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  const who = sender && /^[^\s]+$/.test(sender) ? sender : 'MAILER-DAEMON';
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `From ${who} ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}\n`;
}

/** The message as it goes into an mboxrd file after its "From " line. */
export function quoteMboxrd(raw: Uint8Array): Buffer[] {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const parts: Buffer[] = [];
  let copied = 0;
  let at = 0;
  while (at < bytes.length) {
    let p = at;
    while (bytes[p] === 0x3e) p++;
    if (bytes.length - p >= 5 && bytes.toString('latin1', p, p + 5) === 'From ') {
      parts.push(bytes.subarray(copied, at), Buffer.from('>'));
      copied = at;
    }
    const next = bytes.indexOf(0x0a, at);
    if (next < 0) break;
    at = next + 1;
    // jump to the next line that can need quoting
    const candidate = nextCandidate(bytes, at);
    if (candidate < 0) break;
    at = candidate;
  }
  parts.push(bytes.subarray(copied));
  const last = bytes[bytes.length - 1];
  parts.push(Buffer.from(last === 0x0a ? '\n' : '\n\n'));
  return parts;
}

/** The start of the next line from `from` that begins with 'F' or '>' (-1: none). */
function nextCandidate(bytes: Buffer, from: number): number {
  let at = from;
  while (at < bytes.length) {
    const c = bytes[at];
    if (c === 0x46 || c === 0x3e) return at;
    const next = bytes.indexOf(0x0a, at);
    if (next < 0) return -1;
    at = next + 1;
  }
  return -1;
}
