// `npm run fuzz -- [--runs N] [--seed S] [--only transform|partition|cloudWatchLogs]`:
// the fuzz properties of test/fuzz/ with more runs and a random seed (or
// the one given), for exploring; `npm test` runs them with a fixed seed
// and few runs. On failure, fast-check's counterexample and the seed are
// printed: `npm run fuzz -- --runs N --seed S` replays the run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '500' },
    seed: { type: 'string' },
    only: { type: 'string' },
  },
});

const runs = Number(values.runs);
if (!Number.isSafeInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive integer, got ${values.runs}`);
  process.exit(2);
}
const seed =
  values.seed === undefined
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(values.seed);
if (!Number.isSafeInteger(seed)) {
  console.error(`--seed must be an integer, got ${values.seed}`);
  process.exit(2);
}

const files =
  values.only === undefined
    ? ['test/fuzz/']
    : [`test/fuzz/${values.only}.fuzz.test.ts`];
// vitest's CLI entry (not in its package exports), run by this same node.
const vitest = fileURLToPath(
  new URL('../node_modules/vitest/vitest.mjs', import.meta.url),
);
console.log(`fuzz: ${runs} runs per property, seed ${seed}`);
const run = spawnSync(
  process.execPath,
  [vitest, 'run', ...files, '--testTimeout=0'],
  {
    stdio: 'inherit',
    env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
  },
);
if (run.status !== 0) {
  console.error(
    `fuzz: FAILED with seed ${seed}; replay: npm run fuzz -- --runs ${runs} --seed ${seed}`,
  );
  process.exit(run.status ?? 1);
}
console.log(`fuzz: passed (${runs} runs per property, seed ${seed})`);
