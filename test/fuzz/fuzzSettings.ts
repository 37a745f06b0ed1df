/**
 * How many runs and which seed the fuzz properties use. `npm test` runs a
 * fixed seed with few runs (well under a minute for the whole suite);
 * `npm run fuzz -- --runs N [--seed S]` (scripts/fuzz.ts) sets
 * FUZZ_RUNS / FUZZ_SEED for a longer exploration.
 */
const DEFAULT_SEED = 20_261_001;

function readNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** fast-check parameters for a property: `defaultRuns` runs, or FUZZ_RUNS. */
export function fuzzParameters(defaultRuns: number): {
  numRuns: number;
  seed: number;
  endOnFailure: true;
} {
  const runs = readNumber('FUZZ_RUNS', 0);
  return {
    numRuns: runs > 0 ? runs : defaultRuns,
    seed: readNumber('FUZZ_SEED', DEFAULT_SEED),
    endOnFailure: true,
  };
}
