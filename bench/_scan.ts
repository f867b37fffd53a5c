import { base64Lines } from '../test/corpus/encode.ts';

const data = base64Lines(Buffer.alloc(1_000_000, 7).map((_, i) => (i * 7919) & 255) as Buffer);
const CLS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') CLS[c.charCodeAt(0)] = 1;
for (const c of '\r\n\t =') CLS[c.charCodeAt(0)] = 2;
function loop(v: Buffer) {
  let s = 0,
    bad = false;
  for (let i = 0; i < v.length; i++) {
    const k = CLS[v[i]!];
    if (k === 1) s++;
    else if (k === 0) bad = true;
  }
  return s + (bad ? 1 : 0);
}
const INVALID = /[^A-Za-z0-9+/=\r\n]/;
function viaRegex(v: Buffer) {
  const s = v.latin1Slice(0, v.length);
  const bad = INVALID.test(s);
  let lf = 0;
  for (let i = v.indexOf(10); i !== -1; i = v.indexOf(10, i + 1)) lf++;
  return bad ? -1 : v.length - 2 * lf;
}
function viaRegex2(v: Buffer) {
  const s = v.latin1Slice(0, v.length);
  const bad = INVALID.test(s);
  const eq = 0;
  return bad ? -1 : s.replace(/[\r\n=]/g, '').length;
}

import libbase64 from 'libbase64';

for (const [name, fn] of [
  ['loop', loop],
  ['regex+indexOf', viaRegex],
  ['regex+replace', viaRegex2],
  ['libbase64.decode', (v: Buffer) => (libbase64 as any).decode(v.toString('latin1')).length],
] as const) {
  for (let i = 0; i < 20; i++) (fn as any)(data);
  const t = performance.now();
  let r = 0;
  for (let i = 0; i < 100; i++) r = (fn as any)(data);
  const ms = (performance.now() - t) / 100;
  console.log(
    name.padEnd(18),
    ms.toFixed(2),
    'ms per',
    (data.length / 1e6).toFixed(2),
    'MB →',
    ((data.length / 1e6 / ms) * 1000).toFixed(0),
    'MB/s',
    r,
  );
}
