// HTML to plain text for the full-text index and the snippet, when a message
// has no text/plain part. Deliberately simple (no DOM, no layout): drop the
// elements whose content is never shown, turn block boundaries into line
// breaks, strip the remaining tags and decode character references. Every step
// is linear in the input, whatever the markup (mail HTML is untrusted).

const HIDDEN_ELEMENTS = /<(script|style|head|title|template|noscript)\b/gi;
const BLOCK_TAG = /<\/?(?:p|div|br|tr|li|ul|ol|h[1-6]|table|blockquote|pre|hr|section|article|header|footer|dd|dt)\b[^>]*>/gi;
const ANY_TAG = /<\/?[a-zA-Z][^>]*>|<!--[\s\S]*?-->|<![^>]*>|<\?[^>]*>/g;

export function htmlToText(html: string): string {
  const text = decodeEntities(removeHiddenElements(html).replace(BLOCK_TAG, '\n').replace(ANY_TAG, ''));
  return text
    .replace(/[ \t\f\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Removes <script>, <style>, <head>... with their content. Found with indexOf
 * rather than one lazy regex, which would rescan to the end of the input for
 * every unclosed element (quadratic). An unclosed one hides the rest, as it
 * does in a browser.
 */
function removeHiddenElements(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let pos = 0;
  HIDDEN_ELEMENTS.lastIndex = 0;
  for (let m = HIDDEN_ELEMENTS.exec(html); m; m = HIDDEN_ELEMENTS.exec(html)) {
    if (m.index < pos) continue;
    out += html.slice(pos, m.index);
    const close = lower.indexOf(`</${(m[1] ?? '').toLowerCase()}`, m.index + m[0].length);
    if (close < 0) return out;
    const gt = html.indexOf('>', close);
    pos = gt < 0 ? html.length : gt + 1;
    HIDDEN_ELEMENTS.lastIndex = pos;
  }
  return out + html.slice(pos);
}

// The named references mail HTML actually uses: markup, Latin-1 (what editors
// emit for accented letters) and typography. Others are left as written.
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  zwnj: '',
  zwj: '',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  hellip: '…',
  bull: '•',
  middot: '·',
  prime: '′',
  laquo: '«',
  raquo: '»',
  lsaquo: '‹',
  rsaquo: '›',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  plusmn: '±',
  times: '×',
  divide: '÷',
  para: '¶',
  sect: '§',
  dagger: '†',
  Dagger: '‡',
  permil: '‰',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  iexcl: '¡',
  iquest: '¿',
  szlig: 'ß',
  OElig: 'Œ',
  oelig: 'œ',
  Scaron: 'Š',
  scaron: 'š',
  Zcaron: 'Ž',
  zcaron: 'ž',
  Yuml: 'Ÿ',
  rarr: '→',
  larr: '←',
  uarr: '↑',
  darr: '↓',
  check: '✓',
};

// Latin-1 letters by the names HTML gives them (&Auml; &eacute; &oslash; ...)
const LATIN1_NAMES =
  'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml - Oslash Ugrave Uacute Ucirc Uuml Yacute THORN';
LATIN1_NAMES.split(' ').forEach((name, i) => {
  if (name === '-') return; // U+00D7 is &times;
  NAMED[name] = String.fromCharCode(0xc0 + i);
  // the lowercase letter sits 0x20 above: &Auml; -> &auml;, &THORN; -> &thorn;
  NAMED[name.toLowerCase()] = String.fromCharCode(0xe0 + i);
});
NAMED.yuml = 'ÿ';

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    // NUL, surrogates and out-of-range become U+FFFD, as in the HTML standard
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

/** Plain text as HTML, for a text/plain part shown next to HTML parts. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
  return `<div style="white-space: pre-wrap">${escaped}</div>`;
}
