import { MailParser } from 'mailparser';
import { parseMessage } from '../main/mime/parse-message.ts';
import { runMailParser } from '../main/mime/run-mailparser.ts';
import { corpusMessage } from '../test/corpus/index.ts';

const which = Number(process.argv[2] ?? 0);
const raw = corpusMessage(which).raw;
console.log('kind', corpusMessage(which).expected.kind, raw.length);
async function bare(raw: Buffer) {
  const p = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false });
  p.end(raw);
  for await (const item of p as any) {
    if (item.type === 'attachment') {
      for await (const _ of item.content) {
      }
      item.release();
    }
  }
}
for (const [name, fn] of [
  ['bare MailParser', bare],
  ['runMailParser', (r: Buffer) => runMailParser(r)],
  ['parseMessage', parseMessage],
  ['bare MailParser', bare],
] as const) {
  for (let i = 0; i < 300; i++) await (fn as any)(raw);
  const n = 3000;
  const t = performance.now();
  for (let i = 0; i < n; i++) await (fn as any)(raw);
  const ms = performance.now() - t;
  console.log(name.padEnd(16), ((ms / n) * 1000).toFixed(0), 'µs/msg');
}
