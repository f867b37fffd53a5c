import { generateCorpus } from '../test/corpus/generate.ts';

const t = performance.now();
const all = generateCorpus(20000);
console.log(`generated in ${(performance.now() - t).toFixed(0)} ms`);
