import { parseMessage } from '../main/mime/parse-message.ts';
import { generateCorpus } from '../test/corpus/index.ts';

const kind = process.argv[2];
const corpus = generateCorpus(4000).filter((m) => !kind || m.expected.kind === kind);
const t = performance.now();
for (const { raw } of corpus) await parseMessage(raw);
const bytes = corpus.reduce((s, m) => s + m.raw.length, 0);
console.log(
  corpus.length,
  'msgs',
  (performance.now() - t).toFixed(0),
  'ms',
  (bytes / 1e6 / ((performance.now() - t) / 1000)).toFixed(1),
  'MB/s',
);
