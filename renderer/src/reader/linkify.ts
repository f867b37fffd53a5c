// Plain-text mail: URLs and addresses become links, everything else stays text
// (rendered by React, so nothing in it is ever interpreted as markup).
//
// A hand-written scanner, not a regular expression: an address pattern tried
// at every position of a long word reads to the word's end each time, so a
// 40,000-character word took seconds and a 500 KB message froze the window.
// Here each character is read a bounded number of times: URLs end at the end
// of their word, and the search for the next "@" and the next URL start
// resumes where it stopped.

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Sentence punctuation right after a URL belongs to the sentence, not the URL.
const TRAILING = /[.,;:!?'")\]}>]+$/;
/** What a URL may contain: anything but white space, angle brackets and quotes. */
const URL_STOP = /[\s<>"']/;

// Character classes by code (a regular expression per character costs twice the old whole-text pattern).
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isLabel(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 45; // A-Z a-z 0-9 -
}
function isWord(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95; // \w
}
function isLocal(c: number): boolean {
  return isLabel(c) || c === 46 || c === 95 || c === 37 || c === 43; // and . _ % +
}
function isUrlChar(c: number): boolean {
  if (c === 32 || c === 60 || c === 62 || c === 34 || c === 39 || (c >= 9 && c <= 13)) return false;
  return c < 128 || !URL_STOP.test(String.fromCharCode(c)); // other Unicode white space
}

type Match = { start: number; end: number };

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  const urls = new UrlFinder(text);
  const emails = new EmailFinder(text);
  let pos = 0; // where the search resumes (after the whole match, trimmed punctuation included)
  let last = 0; // end of the text already placed in a segment
  for (;;) {
    const url = urls.next(pos);
    const email = emails.next(pos);
    // The earlier match wins; at the same start a URL ("www.a@b.com" is one).
    const match = url && (!email || url.start <= email.start) ? url : email;
    if (!match) break;
    const isEmail = match === email && match !== url;
    let found = text.slice(match.start, match.end);
    pos = match.end;
    const trailing = TRAILING.exec(found)?.[0] ?? '';
    // Keep a closing parenthesis that closes one inside the URL (Wikipedia links).
    const keepParen = trailing.startsWith(')') && found.slice(0, -trailing.length).includes('(') ? 1 : 0;
    found = found.slice(0, found.length - trailing.length + keepParen);
    // A URL is more than its "www." or "http://" (the trimmed punctuation may have been all of it).
    if (!found || (!isEmail && !/^(?:https?:\/\/|www\.)./.test(found))) continue;
    if (match.start > last) segments.push({ kind: 'text', text: text.slice(last, match.start) });
    const href = isEmail ? `mailto:${found}` : found.toLowerCase().startsWith('www.') ? `https://${found}` : found;
    segments.push({ kind: 'link', text: found, href });
    last = match.start + found.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** "http://", "https://" or "www." at the start of a word, followed by at least one URL character; the URL runs to the end of the word. */
class UrlFinder {
  private found: Match | null = null;
  private searchedTo = 0; // no URL starts in [0, searchedTo) other than `found`
  // The next "http" and "www." at or after the search (each looked up once per occurrence).
  private http = -1;
  private www = -1;
  // The last run of URL characters read: a URL starting inside it ends at its end.
  private runStart = 0;
  private runEnd = 0;
  constructor(private readonly text: string) {}

  next(pos: number): Match | null {
    if (this.found && this.found.start >= pos) return this.found;
    const text = this.text;
    let from = Math.max(pos, this.searchedTo);
    this.found = null;
    while (from < text.length) {
      if (this.http !== text.length && this.http < from) this.http = indexOrEnd(text, 'http', from);
      if (this.www !== text.length && this.www < from) this.www = indexOrEnd(text, 'www.', from);
      const at = Math.min(this.http, this.www);
      if (at >= text.length) break;
      from = at + 1;
      const prefix = text.startsWith('www.', at) ? 4 : text.startsWith('https://', at) ? 8 : text.startsWith('http://', at) ? 7 : 0;
      if (prefix === 0 || (at > 0 && isWord(text.charCodeAt(at - 1)))) continue;
      const end = this.urlEnd(at + prefix);
      if (end === at + prefix) continue;
      this.found = { start: at, end };
      break;
    }
    this.searchedTo = this.found ? this.found.start : text.length;
    return this.found;
  }

  private urlEnd(from: number): number {
    if (from >= this.runStart && from < this.runEnd) return this.runEnd;
    let end = from;
    while (end < this.text.length && isUrlChar(this.text.charCodeAt(end))) end++;
    this.runStart = from;
    this.runEnd = end;
    return end;
  }
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}

/**
 * An address: the run of local-part characters before an "@" (from where the
 * search resumed), then a domain of dot-separated labels ending in one whose
 * letters (two or more) make the top-level domain. Neither run contains an
 * "@", so the runs read for successive "@"s do not overlap.
 */
class EmailFinder {
  private found: Match | null = null;
  private at = -1; // the "@" of `found`
  private searchedTo = 0; // no valid "@" in [0, searchedTo) other than `found`'s
  constructor(private readonly text: string) {}

  next(pos: number): Match | null {
    const text = this.text;
    if (this.found && this.at > pos) {
      if (this.found.start >= pos) return this.found;
      // The search resumed inside this address's local part: it now starts there.
      this.found = { start: pos, end: this.found.end };
      return this.found;
    }
    this.found = null;
    let from = Math.max(pos, this.searchedTo);
    while (from < text.length) {
      const at = text.indexOf('@', from);
      if (at < 0) break;
      from = at + 1;
      let start = at;
      while (start > pos && isLocal(text.charCodeAt(start - 1))) start--;
      if (start === at) continue;
      const end = domainEnd(text, at + 1);
      if (end < 0) continue;
      this.found = { start, end };
      this.at = at;
      break;
    }
    this.searchedTo = this.found ? this.at : text.length;
    return this.found;
  }
}

/** Where the domain starting at `from` ends: after the letters of its last label that starts with two letters (not the first label); -1 if none. */
function domainEnd(text: string, from: number): number {
  let i = from;
  let end = -1;
  let label = 0; // which label `i` is in
  for (;;) {
    const labelStart = i;
    while (i < text.length && isLabel(text.charCodeAt(i))) i++;
    if (i === labelStart) break; // an empty label ends the domain (and the first must not be empty)
    if (label > 0) {
      let letters = labelStart;
      while (letters < i && isLetter(text.charCodeAt(letters))) letters++;
      if (letters - labelStart >= 2) end = letters;
    }
    if (text[i] !== '.') break;
    i++;
    label++;
  }
  return end;
}
