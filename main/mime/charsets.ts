// Charset decoding for the few places that do not go through mailparser (raw
// 8-bit headers, the fallback header reader). Node ships full ICU, so
// TextDecoder knows every WHATWG encoding label: the ISO-8859 and windows
// families, KOI8-R/U, Shift_JIS, EUC-JP, ISO-2022-JP, GBK/GB18030, Big5,
// EUC-KR. Mail bodies go through mailparser (iconv-lite, encoding-japanese).

const decoders = new Map<string, TextDecoder | null>();

function decoderFor(charset: string): TextDecoder | null {
  const label = charset.trim().toLowerCase();
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = null; // a label TextDecoder does not know: read as UTF-8 (below)
    }
    decoders.set(label, decoder);
  }
  return decoder;
}

/** Bytes to text; an unknown charset is read as UTF-8 (invalid bytes become U+FFFD). */
export function decodeBytes(bytes: Uint8Array, charset: string): string {
  const decoder = decoderFor(charset) ?? decoderFor('utf-8');
  return decoder ? decoder.decode(bytes) : Buffer.from(bytes).toString('utf8');
}
