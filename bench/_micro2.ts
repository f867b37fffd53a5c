import { MailParser } from 'mailparser';
import { corpusMessage } from '../test/corpus/index.ts';

const raw = corpusMessage(Number(process.argv[2] ?? 0)).raw;
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
const n = 6000;
const t = performance.now();
for (let i = 0; i < n; i++) await bare(raw);
console.log((((performance.now() - t) / n) * 1000).toFixed(0), 'µs/msg');
