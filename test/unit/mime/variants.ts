// Randomly built messages that sit on the edges the fast path has to get
// right (quick-extract.ts): LF-only line ends, transport padding after
// delimiters, preambles and epilogues, missing close delimiters, empty parts,
// lines that almost are delimiters, charset labels and their aliases,
// quoted-printable with trailing blanks and broken escapes, base64 with junk,
// parameters quoted, folded, continued (RFC 2231) or encoded (RFC 2047),
// dispositions of every kind, Content-IDs with and without cid: references,
// encoded words next to each other. Plenty of them are broken on purpose:
// the fast path must either leave them to parseMessage or agree with it.
import { base64Lines, encodeText, quotedPrintable } from '../../corpus/encode.ts';
import { Random } from '../../corpus/random.ts';

const WORDS = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'über',
  'café',
  'naïve',
  '—',
  '€5',
  'ok',
  '--',
  '=',
  '=3D',
  'a=b',
  '_x_',
  '😀',
  'cid:img1',
];
const CHARSETS = [
  '',
  'utf-8',
  'UTF-8',
  '"utf-8"',
  'utf8',
  'us-ascii',
  'US-ASCII',
  'iso-8859-1',
  'ISO-8859-1',
  'latin1',
  'iso-8859-2',
  'iso-8859-15',
  'windows-1252',
  'windows-1251',
  'koi8-r',
  'cp1252',
  'shift_jis',
  'x-unknown',
  'utf-7',
];
const SINGLE_BYTE = new Set(['iso-8859-1', 'latin1', 'iso-8859-2', 'iso-8859-15', 'windows-1252', 'windows-1251', 'koi8-r', 'cp1252']);
const ENCODINGS = ['', '7bit', '8bit', '8BIT', 'binary', 'quoted-printable', 'Quoted-Printable', 'base64', 'BASE64', 'x-uuencode'];
const BOUNDARIES = ['b1', '----=_Part_0_12345.678', 'simple boundary', '=_abc', 'x--y', "'()+_,-./:=?", 'b1-2'];
const NAMES = [
  'report.pdf',
  'Übersicht März.pdf',
  'a b.txt',
  'naïve "quoted".doc',
  'x.png',
  '€.xlsx',
  'very long name of a file that goes on and on.docx',
];

class Builder {
  readonly rng: Random;
  /** Built with CRLF; one message in five is turned into LF-only at the end. */
  readonly eol = '\r\n';
  private readonly lfOnly: boolean;

  constructor(seed: number, index: number) {
    this.rng = new Random(seed, index, 0xfa57);
    this.lfOnly = this.rng.chance(0.2);
  }

  message(): Buffer {
    const { rng } = this;
    const head: Buffer[] = [this.field('From', this.from()), this.field('To', this.to())];
    if (rng.chance(0.15)) head.push(this.field('To', 'second@example.com'));
    if (rng.chance(0.3)) head.push(this.field('Cc', this.to()));
    if (rng.chance(0.9)) head.push(this.field('Subject', this.subject()));
    if (rng.chance(0.05)) head.push(this.field('Subject', 'second subject'));
    head.push(this.field('Date', 'Mon, 3 Jun 2024 09:00:00 +0000'), this.field('Message-ID', '<v@example.com>'));
    if (rng.chance(0.05)) head.push(Buffer.from(`X-Raw: caf\xe9${this.eol}`, 'latin1'));
    const body = this.part(0, [], true);
    const raw = Buffer.concat([...head, body]);
    return this.lfOnly ? Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') : raw;
  }

  private line(text: string): string {
    return `${text}${this.eol}`;
  }

  private field(name: string, value: string): Buffer {
    return Buffer.from(this.line(`${name}: ${value}`), 'latin1');
  }

  private from(): string {
    return this.rng.pick([
      'Ann Example <ann@example.com>',
      '"Example, Ann" <ann@example.com>',
      '=?utf-8?B?w4RubmU=?= <anne@example.com>',
      '=?iso-8859-1?Q?J=FCrgen?= <j@example.de>',
      'ann@example.com',
      'Group: a@example.com, b@example.com;',
      '',
      'undisclosed-recipients:;',
      '=?utf-8?Q?Ann_=E2=80=94_Ex?= <a@xn--mnchen-3ya.de>',
    ]);
  }

  private to(): string {
    return this.rng.pick([
      'you@example.com',
      'A <a@example.com>, B <b@example.com>',
      'x@example.com,\r\n\ty@example.com',
      '"q\\"uote" <q@example.com>',
    ]);
  }

  private subject(): string {
    return this.rng.pick([
      'Plain subject',
      '  spaced   subject  ',
      'folded\r\n subject\r\n\tthird',
      '=?utf-8?B?SGVsbG8gd29ybGQ=?=',
      '=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?utf-8?q?K=C3=B6ln?=',
      '=?utf-8?B?w6k=?= =?utf-8?B?w6k=?=',
      '=?utf-8?B?w6k=?==?utf-8?Q?=C3=A9?=',
      '=?utf-8?B?4oKs?=\r\n =?UTF-8?B?4oKs?=',
      '=?iso-8859-1?Q?caf=E9?=',
      '=?us-ascii?Q?caf=E9?=',
      '=?windows-1252?Q?=80=81?=',
      '=?utf-8?Q?a_b?= c =?utf-8?Q?d?=',
      '=?utf-8?B?w6?=',
      '=?utf-8?Q?=E2=82?= =?utf-8?Q?=AC?=',
      '=?utf-8?B?4oI=?= =?utf-8?B?rA==?=',
      '=?x-unknown?Q?abc?=',
      '=?utf-8*en?Q?abc?=',
      'Re: =?utf-8?Q??=',
      '=?utf-8?Q?a?=b',
      '=?koi8-r?B?8NLJ18XU?=',
      '',
    ]);
  }

  private charset(): { label: string; bytes: (text: string) => Buffer } {
    const label = this.rng.pick(CHARSETS);
    const bare = label.replace(/"/g, '').toLowerCase();
    if (SINGLE_BYTE.has(bare)) {
      // random high bytes: every one of them has to decode as mailparser decodes it
      return {
        label,
        bytes: (text) => {
          const ascii = Buffer.from(text.replace(/[^\x20-\x7e\n]/g, '?'), 'latin1');
          const out: number[] = [];
          for (const b of ascii) out.push(b !== 0x0a && this.rng.chance(0.05) ? this.rng.int(0x80, 0xff) : b);
          return Buffer.from(out);
        },
      };
    }
    if (bare === 'shift_jis') return { label, bytes: (text) => encodeText(`${text}日本語`, 'shift_jis') };
    return {
      label,
      bytes: (text) => {
        const bytes = Buffer.from(text, 'utf8');
        // now and then a byte that is not UTF-8
        return this.rng.chance(0.05) ? Buffer.concat([bytes, Buffer.from([0xc3])]) : bytes;
      },
    };
  }

  private text(html: boolean, boundaries: string[]): string {
    const { rng } = this;
    const lines: string[] = [];
    for (let i = rng.int(0, 12); i > 0; i--) {
      const kind = rng.int(0, 12);
      if (kind === 0) lines.push('');
      else if (kind === 1) lines.push('-- ');
      else if (kind === 2 && boundaries.length) lines.push(`--${rng.pick(boundaries)}${rng.pick(['x', ' x', '-', '---', ''])}`);
      else if (kind === 3) lines.push(`trailing blanks${rng.pick([' ', '\t', '  \t'])}`);
      else if (kind === 4) lines.push('> quoted line');
      else if (kind === 5) lines.push('On Mon, 1 Jan 2024, Ann <a@b.c> wrote:');
      else if (kind === 6) lines.push('x'.repeat(rng.int(70, 1200)));
      else if (kind === 7 && html) lines.push(`<p>Image <img src="cid:${rng.pick(['img1', 'img2', 'img%31'])}"> &amp; &eacute;</p>`);
      else lines.push(Array.from({ length: rng.int(1, 12) }, () => rng.pick(WORDS)).join(' '));
    }
    // now and then a body long enough to cross mailparser's 64 KB input slices
    if (rng.chance(0.03))
      lines.push(...Array.from({ length: rng.int(900, 2500) }, (_, i) => `${rng.pick(WORDS)} line ${i} ${'y'.repeat(rng.int(0, 80))}`));
    const text = lines.join('\n');
    return html && rng.chance(0.7) ? `<html><head><style>p{}</style></head><body>${text}</body></html>` : text;
  }

  private transfer(bytes: Buffer): { encoding: string; body: Buffer } {
    const { rng } = this;
    const encoding = rng.pick(ENCODINGS);
    const crlf = Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    let body: Buffer;
    const lower = encoding.toLowerCase();
    if (lower === 'quoted-printable') {
      let qp = quotedPrintable(crlf).toString('latin1');
      // blanks before line ends, and soft breaks that are soft only once those are gone (as libqp reads them)
      if (rng.chance(0.3))
        qp = qp.replace(/\r\n/g, () => (rng.chance(0.7) ? '\r\n' : rng.pick([' \r\n', '=\r\n', '= \r\n', '=\r \n', '\r \n', '=\t\n'])));
      if (rng.chance(0.2)) qp += rng.pick(['=', '= ', '=4', '=ZZ', '=3d', '=\r\n', 'x=\r\n=41', '=4=\r\n1', '=\r\r\n']);
      body = Buffer.from(qp, 'latin1');
    } else if (lower === 'base64') {
      let b64 = base64Lines(crlf).toString('latin1');
      if (rng.chance(0.15)) b64 = rng.pick([`${b64}!`, `${b64}QQ`, b64.replace(/=+/, ''), `QQ==${b64}`, b64.replace(/\r\n/g, ' \r\n')]);
      body = Buffer.from(b64, 'latin1');
    } else body = crlf;
    return { encoding, body };
  }

  private params(type: string, extra: [string, string][]): string {
    const { rng } = this;
    const parts = [rng.chance(0.1) ? type.toUpperCase() : type];
    for (const [name, value] of extra) {
      const quoted = rng.chance(0.5) || /[\s;"=()]/.test(value) ? `"${value}"` : value;
      parts.push(`${rng.chance(0.1) ? name.toUpperCase() : name}${rng.chance(0.1) ? ' = ' : '='}${quoted}`);
    }
    const sep = rng.pick(['; ', ';', `;\r\n\t`, ';\r\n ']);
    return parts.join(sep) + (rng.chance(0.1) ? ';' : '');
  }

  private filename(key: string): string {
    const { rng } = this;
    const name = rng.pick(NAMES);
    const style = rng.int(0, 5);
    if (style === 0) return `${key}="${name.replace(/"/g, '')}"`;
    if (style === 1) return `${key}*=utf-8''${encodeURIComponent(name)}`;
    if (style === 2)
      return `${key}*=iso-8859-1'de'${[...encodeText(name.replace(/[^\u0020-\u00ff]/g, '?'), 'iso-8859-1')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`;
    if (style === 3) {
      const enc = encodeURIComponent(name);
      const cut = Math.floor(enc.length / 2);
      return `${key}*0*=utf-8''${enc.slice(0, cut).replace(/%[0-9A-F]?$/, '')};\r\n ${key}*1*=${enc.slice(cut - (enc.slice(0, cut).match(/%[0-9A-F]?$/)?.[0].length ?? 0))}`;
    }
    if (style === 4) return `${key}="=?utf-8?B?${Buffer.from(name).toString('base64')}?="`;
    return `${key}=${rng.pick(['plain.txt', '"with;semicolon.txt"', 'Invoice(1).pdf', '""', 'x\\y.txt'])}`;
  }

  private headerBlock(lines: string[]): string {
    const spelled = lines.map((l) =>
      this.rng.chance(0.05)
        ? l.replace(/^([\w-]+):/, (_m, name: string) => this.rng.pick([`${name.toLowerCase()}:`, `${name.toUpperCase()}:`, `${name} :`]))
        : l,
    );
    if (this.rng.chance(0.03)) spelled.push('Content-ID: <img2>');
    return `${spelled.map((l) => this.line(l)).join('')}${this.eol}`;
  }

  private part(depth: number, boundaries: string[], root: boolean): Buffer {
    const { rng } = this;
    const choice = depth >= 3 ? rng.int(0, 3) : rng.int(0, 8);
    if (choice >= 5) return this.multipart(depth, boundaries, root);
    if (choice === 4) return this.attachment(boundaries);
    const html = choice === 2 || choice === 3;
    const cs = this.charset();
    const { encoding, body } = this.transfer(cs.bytes(rng.chance(0.1) ? '' : this.text(html, boundaries)));
    const params: [string, string][] = cs.label ? [['charset', cs.label.replace(/"/g, '')]] : [];
    if (!html && rng.chance(0.05)) params.push(['format', 'flowed']);
    const lines: string[] = [];
    if (!(root && rng.chance(0.1)) && !(rng.chance(0.05) && !root))
      lines.push(`Content-Type: ${this.params(html ? 'text/html' : 'text/plain', params)}`);
    if (encoding) lines.push(`Content-Transfer-Encoding: ${encoding}`);
    if (rng.chance(0.15))
      lines.push(`Content-Disposition: ${rng.pick(['inline', 'attachment', 'INLINE', 'foo', `inline; ${this.filename('filename')}`])}`);
    if (rng.chance(0.05)) lines.push('Content-ID: <img1>');
    return Buffer.concat([Buffer.from(this.headerBlock(lines), 'latin1'), body]);
  }

  private attachment(boundaries: string[]): Buffer {
    const { rng } = this;
    const type = rng.pick(['application/pdf', 'image/png', 'application/octet-stream', 'text/calendar', 'message/rfc822', 'text/plain']);
    const lines: string[] = [];
    const name = rng.chance(0.7) ? `;\r\n ${this.filename('name')}` : '';
    lines.push(`Content-Type: ${type}${name}`);
    if (rng.chance(0.8)) {
      const disposition = rng.pick(['attachment', 'inline', 'Attachment', 'foo']);
      lines.push(`Content-Disposition: ${disposition}${rng.chance(0.7) ? `; ${this.filename('filename')}` : ''}`);
    }
    if (rng.chance(0.4)) {
      const cid = rng.pick(['img1', 'img2', 'img1@x', '<img1>']);
      lines.push(`Content-ID: ${cid.startsWith('<') ? cid : `<${cid}>`}`);
    }
    let body: string;
    if (type === 'message/rfc822') {
      body =
        this.line('Subject: inner') + this.eol + this.line('inner text') + (boundaries.length ? this.line(`--${boundaries[0]}-inner`) : '');
      if (rng.chance(0.5)) lines.push('Content-Transfer-Encoding: 7bit');
    } else {
      lines.push('Content-Transfer-Encoding: base64');
      body = base64Lines(Buffer.alloc(rng.chance(0.1) ? rng.int(50_000, 200_000) : rng.int(0, 300), rng.int(0, 255))).toString('latin1');
    }
    return Buffer.from(this.headerBlock(lines) + body, 'latin1');
  }

  private multipart(depth: number, boundaries: string[], root: boolean): Buffer {
    const { rng } = this;
    const subtype = rng.pick(['mixed', 'alternative', 'related', 'alternative', 'mixed', 'signed', 'MIXED']);
    let boundary = rng.pick(BOUNDARIES);
    if (boundaries.includes(boundary)) boundary = `${boundary}-${depth}`;
    const inner = [...boundaries, boundary];
    const params: [string, string][] = [['boundary', boundary]];
    if (subtype === 'related' && rng.chance(0.5)) params.push(['type', 'text/html']);
    const header = this.headerBlock([
      `Content-Type: ${this.params(`multipart/${subtype}`, params)}`,
      ...(root ? ['MIME-Version: 1.0'] : []),
    ]);
    const out: Buffer[] = [Buffer.from(header, 'latin1')];
    if (rng.chance(0.3)) out.push(Buffer.from(this.line('This is a multi-part message in MIME format.'), 'latin1'));
    const count = rng.chance(0.05) ? 0 : rng.int(1, 4);
    const pad = () => (rng.chance(0.1) ? rng.pick([' ', '\t', '  ', '\r']) : '');
    for (let i = 0; i < count; i++) {
      out.push(Buffer.from(`--${boundary}${pad()}${this.eol}`, 'latin1'));
      out.push(this.part(depth + 1, inner, false));
      // the line end before the next delimiter belongs to it (RFC 2046 5.1.1)
      out.push(Buffer.from(this.eol, 'latin1'));
    }
    const close = rng.int(0, 9);
    if (close > 0) out.push(Buffer.from(`--${boundary}--${pad()}${close > 1 ? this.eol : ''}`, 'latin1'));
    if (close > 1 && rng.chance(0.2)) out.push(Buffer.from(this.line(`epilogue --${boundary}`), 'latin1'));
    return Buffer.concat(out);
  }
}

/** Message `index` of the variants for `seed`. */
export function variantMessage(index: number, seed = 1): Buffer {
  return new Builder(seed, index).message();
}
