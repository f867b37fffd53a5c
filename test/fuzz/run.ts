import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TARGETS } from './targets';

// `npm run fuzz -- [--cases N] [--target NAME] [--seed S] [--bound-ms MS]`:
// property-based fuzzing of the readers of what servers and senders send
// (targets.ts), N cases each (default 100,000), every target in a process of
// its own. A crash, a wrong answer or a case over the time bound is printed
// with its shrunk counterexample and the seed that finds it again; a process
// that stops reporting progress for STALL_MS is a hang, killed and reported.
// Not part of `npm test`: it takes minutes.

const STALL_MS = 60_000;
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    target: { type: 'string', multiple: true },
    seed: { type: 'string' },
    'bound-ms': { type: 'string', default: '2000' },
  },
});
const cases = Number(values.cases);
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);
const chosen = values.target?.length ? TARGETS.filter((t) => values.target?.includes(t.name)) : TARGETS;
if (!Number.isInteger(cases) || cases < 1 || chosen.length === 0) {
  console.error(`Usage: npm run fuzz -- [--cases N] [--target ${TARGETS.map((t) => t.name).join('|')}] [--seed S] [--bound-ms MS]`);
  process.exit(2);
}

interface Outcome {
  target: string;
  cases: number;
  seconds: number;
  failed: boolean;
  hang?: boolean;
  error?: string;
  counterexample?: string;
  seed: number;
  path?: string;
}

function runTarget(name: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [join(import.meta.dirname, 'worker.ts'), name, String(cases), String(seed), values['bound-ms'] as string], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let done = 0;
    let result: Outcome | undefined;
    let buffered = '';
    const started = performance.now();
    let watchdog = setTimeout(stalled, STALL_MS);
    function stalled() {
      child.kill('SIGKILL');
      result = {
        target: name,
        cases: done,
        seconds: Math.round((performance.now() - started) / 1000),
        failed: true,
        hang: true,
        error: `no progress for ${STALL_MS / 1000} s after ${done} cases: a hang (run again with --seed ${seed} --target ${name})`,
        seed,
      };
    }
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        let message: { kind?: string; done?: number } & Partial<Outcome>;
        try {
          message = JSON.parse(line);
        } catch {
          process.stdout.write(`${line}\n`); // something the code under test printed
          continue;
        }
        if (message.kind === 'progress' && typeof message.done === 'number') {
          done = message.done;
          clearTimeout(watchdog);
          watchdog = setTimeout(stalled, STALL_MS);
        } else if (message.kind === 'result') result = message as Outcome;
      }
    });
    child.on('exit', (code) => {
      clearTimeout(watchdog);
      resolve(
        result ?? {
          target: name,
          cases: done,
          seconds: Math.round((performance.now() - started) / 1000),
          failed: true,
          error: `the fuzzing process exited with ${code} before it finished (a crash of the process itself)`,
          seed,
        },
      );
    });
  });
}

console.log(`Fuzzing ${chosen.length} target(s), ${cases} cases each, seed ${seed}.`);
const outcomes: Outcome[] = [];
for (const target of chosen) {
  console.log(`- ${target.name}: ${target.about}`);
  const outcome = await runTarget(target.name);
  outcomes.push(outcome);
  console.log(
    outcome.failed
      ? `  FAILED after ${outcome.cases} cases (${outcome.seconds} s): ${outcome.error}\n  counterexample: ${outcome.counterexample ?? '(none: see above)'}\n  again: --target ${outcome.target} --seed ${outcome.seed}${outcome.path ? ` (path ${outcome.path})` : ''}`
      : `  ok: ${outcome.cases} cases in ${outcome.seconds} s`,
  );
}
const failed = outcomes.filter((o) => o.failed);
console.log(
  `\n${outcomes.reduce((n, o) => n + o.cases, 0)} cases over ${outcomes.length} target(s): ${failed.length === 0 ? '0 crashes, 0 hangs' : `${failed.length} target(s) failed`}.`,
);
process.exit(failed.length === 0 ? 0 : 1);
