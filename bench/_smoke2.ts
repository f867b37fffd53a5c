import { parseMessage } from '../main/mime/parse-message.ts';
import { corpusMessage, generateCorpus } from '../test/corpus/generate.ts';

const t = performance.now();
const all = generateCorpus(20000);
const ms = performance.now() - t;
const bytes = all.reduce((s, m) => s + m.raw.length, 0);
console.log(`generated 20000 in ${ms.toFixed(0)} ms, ${(bytes / 1e6).toFixed(0)} MB, avg ${(bytes / 20000 / 1024).toFixed(1)} KB`);
const byKind = new Map<string, { n: number; bytes: number }>();
for (const m of all) {
  const k = byKind.get(m.expected.kind) ?? { n: 0, bytes: 0 };
  k.n++;
  k.bytes += m.raw.length;
  byKind.set(m.expected.kind, k);
}
for (const [k, v] of byKind) console.log(k, v.n, (v.bytes / v.n / 1024).toFixed(1), 'KB avg');
for (let i = 0; i < 40; i++) {
  const m = all[i]!;
  const p = await parseMessage(m.raw);
  const e = m.expected;
  const errs: string[] = [];
  if (p.subject !== e.subject) errs.push(`subject ${JSON.stringify(p.subject)} != ${JSON.stringify(e.subject)}`);
  if (p.from[0]?.name !== e.fromName) errs.push(`from ${JSON.stringify(p.from[0]?.name)} != ${JSON.stringify(e.fromName)}`);
  if (p.date !== e.date) errs.push(`date ${p.date} != ${e.date}`);
  for (const ph of e.bodyPhrases) if (!p.text.includes(ph)) errs.push(`phrase missing ${JSON.stringify(ph.slice(0, 80))}`);
  if (e.htmlPhrase && !p.html?.includes(e.htmlPhrase)) errs.push(`html phrase missing ${JSON.stringify(e.htmlPhrase)}`);
  if (!p.snippet.startsWith(e.snippetStart))
    errs.push(`snippet ${JSON.stringify(p.snippet.slice(0, 60))} !^ ${JSON.stringify(e.snippetStart)}`);
  const pa = p.attachments.map((a) => `${a.filename}|${a.contentType}|${a.size}|${a.inline}`).join(', ');
  const ea = e.attachments.map((a) => `${a.filename}|${a.contentType}|${a.size}|${a.inline}`).join(', ');
  if (pa !== ea) errs.push(`attachments ${pa} != ${ea}`);
  if (p.problems.length) errs.push(`problems ${p.problems.join('; ')}`);
  console.log(i, e.kind, e.charset, errs.length ? errs.join('\n    ') : 'ok');
}
