// Charset decoding for the fast path, limited to the charsets where it gives
// exactly what mailparser gives. mailparser decodes with libmime (iconv-lite,
// and encoding-japanese for ISO-2022-JP). For the single-byte charsets below
// we decode with the platform's TextDecoder (charsets.ts): the two agree byte
// for byte, except that iconv-lite reads the bytes the windows-125x tables
// leave undefined as U+FFFD where TextDecoder yields the C1 control of the
// same number: text with one of those is refused. The multibyte ones
// (Shift_JIS, ISO-2022-JP, GB2312, GBK, Big5) are decoded by libmime's own
// charset module, which its decode stream (mailparser's) is documented to
// equal for the whole text; text that decodes to U+FFFD anywhere (a broken
// sequence) is still left to the full parser, to be safe. Unknown charsets
// are refused. test/unit/mime/quick-charsets.test.ts checks every byte of every
// single-byte charset, and real and broken multibyte text, against parseMessage.
import { isAscii } from 'node:buffer';
import { decodeBytes } from '../charsets.ts';
import { libmimeCharsets } from '../mailparser-lazy.ts';

const SINGLE_BYTE_LABELS = [
  'iso-8859-1',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-9',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'koi8-r',
] as const;

/** Label -> whether it is read as a windows-125x table (with undefined bytes), per the WHATWG names TextDecoder resolves. */
const SINGLE_BYTE = new Map<string, boolean>(
  SINGLE_BYTE_LABELS.map((label) => [label, new TextDecoder(label).encoding.startsWith('windows-')]),
);

export const EXACT_SINGLE_BYTE_CHARSETS: readonly string[] = SINGLE_BYTE_LABELS;

/**
 * A text part's bytes as mailparser decodes them: with no charset, or one
 * that reads as ASCII or UTF-8 after dropping punctuation ("UTF_8", "us-ascii"),
 * as UTF-8 (a BOM kept); else through libmime's decoder for the charset.
 */
export function decodeBodyBytes(bytes: Buffer, charset: string | undefined): string | undefined {
  if (readsAsUtf8(charset)) return bytes.toString('utf8');
  if (MULTIBYTE.has((charset ?? '').trim().toLowerCase())) return multiByte(bytes, charset as string);
  return singleByte(bytes, charset ?? '');
}

/** Whether decodeBodyBytes knows the charset (it may still refuse some bytes in it). */
export function isExactBodyCharset(charset: string | undefined): boolean {
  const label = (charset ?? '').trim().toLowerCase();
  return readsAsUtf8(charset) || SINGLE_BYTE.has(label) || MULTIBYTE.has(label);
}

const MULTIBYTE_LABELS = ['iso-2022-jp', 'shift_jis', 'gb2312', 'gbk', 'big5'] as const;
const MULTIBYTE: ReadonlySet<string> = new Set(MULTIBYTE_LABELS);
export const EXACT_MULTIBYTE_CHARSETS: readonly string[] = MULTIBYTE_LABELS;

function multiByte(bytes: Buffer, charset: string): string | undefined {
  if (isAscii(bytes) && charset.toLowerCase() !== 'iso-2022-jp') return bytes.toString('latin1');
  const text = libmimeCharsets().decode(bytes, charset);
  // mailparser gets the text as UTF-8 bytes from libmime's stream: a lone surrogate would not survive that
  if (text.includes('\ufffd')) return undefined;
  return text;
}

function readsAsUtf8(charset: string | undefined): boolean {
  return !charset || /^(?:ascii|usascii|utf8)$/.test(charset.toLowerCase().replace(/[^a-z0-9]+/g, ''));
}

/**
 * The bytes of an RFC 2047 encoded word or an RFC 2231 parameter as libmime
 * decodes them: it resolves "us-ascii" (and "ascii") to windows-1252, as the
 * WHATWG encoding standard does, unlike the body path above.
 */
export function decodeWordBytes(bytes: Buffer, charset: string): string | undefined {
  const label = charset.trim().toLowerCase();
  if (label === 'utf-8' || label === 'utf8') return bytes.toString('utf8');
  if (MULTIBYTE.has(label)) return multiByte(bytes, label);
  return singleByte(bytes, label === 'us-ascii' || label === 'ascii' ? 'windows-1252' : label);
}

function singleByte(bytes: Buffer, charset: string): string | undefined {
  const label = charset.trim().toLowerCase();
  const windows = SINGLE_BYTE.get(label);
  if (windows === undefined) return undefined;
  // every charset here is ASCII below 0x80
  if (isAscii(bytes)) return bytes.toString('latin1');
  const text = decodeBytes(bytes, label);
  // C1 controls are what TextDecoder gives for the bytes windows-125x leaves undefined
  if (windows && /[\u0080-\u009f]/.test(text)) return undefined;
  return text;
}
