import { createRequire } from 'node:module';

// mailparser, loaded the first time it is needed rather than when the core
// starts: loading it (with libmime, iconv-lite's tables and mailsplit) took
// about 150 ms of the ~450 ms the core needed to start answering, and a
// restart with nothing new to read (the common case) never needs it on the
// main thread. It is CommonJS, so it can be loaded on the spot, synchronously.
// Everything in main/ takes mailparser's values from here; type imports from
// 'mailparser' directly are fine (they vanish when compiled).

const requireCommonJs = createRequire(import.meta.url);
let loaded: typeof import('mailparser') | undefined;

export function mailparser(): typeof import('mailparser') {
  loaded ??= requireCommonJs('mailparser') as typeof import('mailparser');
  return loaded;
}

let loadedLibmime: typeof import('libmime')['default'] | undefined;

/** libmime (mailparser's and imapflow's header decoding), loaded on first use like mailparser. */
export function libmime(): typeof import('libmime')['default'] {
  loadedLibmime ??= requireCommonJs('libmime') as typeof import('libmime')['default'];
  return loadedLibmime;
}

let loadedCharsets: { decode(bytes: Buffer, charset: string): string } | undefined;

/** libmime's charset decoding (what its decode stream, and so mailparser, gives for a whole text). */
export function libmimeCharsets(): { decode(bytes: Buffer, charset: string): string } {
  loadedCharsets ??= requireCommonJs('libmime/lib/charset.js') as { decode(bytes: Buffer, charset: string): string };
  return loadedCharsets;
}
