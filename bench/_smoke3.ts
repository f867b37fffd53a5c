import { parseMessage } from '../main/mime/parse-message.ts';
import { hugeMessage, malformedMessages } from '../test/corpus/malformed.ts';

for (const m of malformedMessages()) {
  const t = performance.now();
  const p = await parseMessage(m.raw);
  console.log(
    `${m.name} (${m.raw.length} B, ${(performance.now() - t).toFixed(0)} ms): subject=${JSON.stringify(p.subject)} failed=${p.parseFailed} text=${JSON.stringify(p.text.slice(0, 60))}\n   problems: ${p.problems.join(' | ')}`,
  );
}
const t0 = performance.now();
const h = hugeMessage();
const t1 = performance.now();
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const p = await parseMessage(h.raw);
clearInterval(timer);
console.log(
  `huge ${(h.raw.length / 1e6).toFixed(1)} MB built in ${(t1 - t0).toFixed(0)} ms, parsed in ${(performance.now() - t1).toFixed(0)} ms; rss +${((process.memoryUsage().rss - rss0) / 1e6).toFixed(0)} MB, peak +${((peak - rss0) / 1e6).toFixed(0)} MB; attachments ${JSON.stringify(p.attachments)} expected ${h.attachmentSize}; text ${p.text.length} html ${p.html?.length} problems ${p.problems}`,
);
