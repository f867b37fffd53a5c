import fc from 'fast-check';
import { TARGETS } from './targets';

// Runs one target's cases in a process of its own (run.ts starts it and
// watches it): prints a JSON line every PROGRESS_EVERY cases, and at the end
// one with the result. A case slower than the time bound fails like a crash
// (and is shrunk like one); a case that never returns is caught by run.ts,
// which stops hearing progress.

const [name, casesText, seedText, boundText] = process.argv.slice(2);
const target = TARGETS.find((t) => t.name === name);
if (!target) {
  console.error(`No fuzz target ${name}; there are: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}
const cases = Number(casesText);
const seed = Number(seedText);
const boundMs = Number(boundText);
const PROGRESS_EVERY = 500;

let done = 0;
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const property = fc.asyncProperty(target.input, async (input) => {
  const started = performance.now();
  await target.check(input as never);
  const ms = performance.now() - started;
  done++;
  if (done % PROGRESS_EVERY === 0) say({ kind: 'progress', done });
  if (ms > boundMs) throw new Error(`slow: one case took ${Math.round(ms)} ms (bound ${boundMs} ms)`);
});

const started = performance.now();
const details = await fc.check(property, { numRuns: cases, seed, endOnFailure: false, verbose: 0 });
const result = {
  kind: 'result',
  target: target.name,
  cases: details.numRuns,
  seconds: Math.round((performance.now() - started) / 100) / 10,
  failed: details.failed,
  seed: details.seed,
  ...(details.failed
    ? {
        error: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
        counterexample: fc.stringify(details.counterexample),
        path: details.counterexamplePath,
      }
    : {}),
};
say(result);
process.exit(details.failed ? 1 : 0);
