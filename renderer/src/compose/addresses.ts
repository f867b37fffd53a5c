import type { Address } from '../../../shared/mail';

// Turning what a person types or pastes into an address field into
// addresses: "Ada <ada@example.com>, bob@example.com; "Lovelace, Ada" <a@b.c>".
// Nothing here refuses input: an address that does not look right becomes a
// chip marked invalid, so the user sees it and fixes it; the core validates
// again before sending.

/** local@domain with no spaces or brackets; Unicode allowed (SMTPUTF8). */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)*$/;

export function isValidAddress(address: string): boolean {
  return address.length <= 320 && ADDRESS.test(address);
}

/** Splits on commas, semicolons and line breaks outside quotes and angle brackets. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of text) {
    if (char === '"' && !angle) quoted = !quoted;
    else if (char === '<' && !quoted) angle = true;
    else if (char === '>' && !quoted) angle = false;
    if (!quoted && !angle && (char === ',' || char === ';' || char === '\n' || char === '\r')) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** One entry: `Name <address>`, `"Quoted, Name" <address>`, `<address>` or a bare address. */
export function parseAddress(entry: string): Address {
  const text = entry.trim();
  const angled = /^(.*?)<([^<>]*)>\s*$/.exec(text);
  if (angled) {
    let name = (angled[1] ?? '').trim();
    if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1).replace(/\\(.)/g, '$1');
    return { name, address: (angled[2] ?? '').trim() };
  }
  // "mailto:" pasted from a link.
  return { name: '', address: text.replace(/^mailto:/i, '') };
}

export function parseAddressList(text: string): Address[] {
  return splitList(text).map(parseAddress);
}

/**
 * While typing: the entries ended by a separator become addresses, the text
 * after the last separator stays in the field ("ada@x.org, bo" -> [ada], "bo").
 */
export function splitFinished(text: string): { done: Address[]; rest: string } {
  const parts = splitList(`${text}\u0000`);
  const last = parts.pop() ?? '';
  const rest = last.slice(0, -1).trimStart();
  return { done: parts.map(parseAddress), rest };
}

/** The same address ignoring case (domain and, in practice, local part). */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Adds addresses to a list, leaving out ones already in it. */
export function addAddresses(list: Address[], more: Address[]): Address[] {
  const result = [...list];
  for (const address of more) {
    if (!result.some((a) => sameAddress(a.address, address.address))) result.push(address);
  }
  return result;
}

/** What a chip shows: the name, else the address. */
export function chipLabel(address: Address): string {
  return address.name.trim() || address.address;
}
