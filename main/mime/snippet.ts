// The message-list preview: the first words the sender wrote, not the quote of
// the mail they answer nor their signature.

const SNIPPET_LENGTH = 200;

// "On Mon, 1 Jan 2024, Ann <a@b> wrote:" and its common translations, some of
// which put the name after the verb ("Am 01.01.2024 schrieb Ann:")
const ATTRIBUTION =
  /^(?:on|am|le|el|il|op|em|w dniu|dne)\b.{0,300}\b(?:wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|napisał|napsal)\b.{0,120}:$/i;
// Where Outlook's and others' quoted original starts; nothing after it is new
const QUOTE_START =
  /^(?:-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|forwarded message|weitergeleitete nachricht)\s*-{2,}|_{10,})$/i;
// RFC 3676 4.3: the signature separator is "-- " on a line of its own
const SIGNATURE = /^-- ?$/;

export function makeSnippet(text: string): string {
  const picked = pick(text, true);
  // a mail that is only a quote or a forward still gets a preview
  return picked || pick(text, false);
}

function pick(text: string, skipQuotes: boolean): string {
  let out = '';
  let start = 0;
  while (start < text.length && out.length < SNIPPET_LENGTH) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (skipQuotes) {
      if (SIGNATURE.test(line) || QUOTE_START.test(line)) break;
      if (line.startsWith('>') || ATTRIBUTION.test(line)) continue;
      // an attribution folded over two lines: "On ..., Ann" / "<a@b> wrote:"
      if (/^(?:on|am|le)\b/i.test(line)) {
        const next = lineEnd(text, start);
        if (ATTRIBUTION.test(`${line} ${text.slice(start, next).trim()}`)) {
          start = next + 1;
          continue;
        }
      }
    }
    if (line) out += `${out ? ' ' : ''}${line.replace(/\s+/g, ' ')}`;
  }
  return truncate(out, SNIPPET_LENGTH);
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}

/** At most `max` characters, never splitting a surrogate pair, ending at a word boundary when one is near. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  const space = text.lastIndexOf(' ', cut);
  if (space > max * 0.75) cut = space;
  return text.slice(0, cut).trimEnd();
}
