// Throughput: every scenario in its own process, in rounds bracketed by the
// baselines (see measureThroughput).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildOptions, runChild } from './children.ts';
import type { BenchContext } from './context.ts';
import type { Dataset } from './datasets.ts';
import type { ReceivedCounts } from './fakeFirehose.ts';
import {
  functionEnv,
  type PreparedFunction,
  type PreparedFunctions,
} from './functions.ts';
import {
  BASELINE_OF,
  type Datasets,
  REFERENCES,
  SIZES,
  type Size,
  type SizeDatasets,
  type ThroughputScenario,
} from './scenarios.ts';
import { median, spread } from './stats.ts';
import type {
  InputMeasurement,
  ThroughputInput,
  ThroughputSpec,
} from './throughputChild.ts';

const lib = (name: string): string =>
  fileURLToPath(new URL(name, import.meta.url));

const measure = (spec: ThroughputSpec, options: ChildOptions) =>
  runChild<InputMeasurement[]>(lib('throughputChild.ts'), spec, options);

interface Rates {
  medianMs: number;
  medianCpuMs: number | undefined;
  spread: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
}

/** A throughput row of a scenario whose function is not built. */
export interface MissingRow {
  size: string;
  scenario: string;
  label: string;
  status: 'n/a';
  note: string;
}

/** One measured row of a throughput table (a baseline, reference or scenario). */
export interface MeasuredRow extends Rates {
  size: string;
  scenario: string;
  label: string;
  status: 'ok' | 'invalid';
  function?: string;
  env?: Record<string, string | undefined>;
  input: string;
  baselineInput?: string;
  records: number;
  requestBytes: number;
  payloadBytes: number;
  logEvents?: number | undefined;
  samplesMs: number[];
  runs: number;
  answers: Record<string, number>;
  passthrough?: number;
  endpoint?:
    | { callsPerInvocation: number; recordsPerInvocation: number }
    | undefined;
  problems?: string[];
  /** Against the baselines around each round (absent for baselines). */
  roundRatios?: number[];
  ratio?: number;
  drift?: number;
  perRunRecordsPerSecond?: number[];
}

export type ThroughputRow = MissingRow | MeasuredRow;

type ScenarioRun = InputMeasurement & { received: ReceivedCounts };
type BaselineRun = Record<string, InputMeasurement>;

function profilePath(bench: BenchContext, name: string): string | undefined {
  const { profileDir } = bench;
  return profileDir === undefined
    ? undefined
    : join(profileDir, `${name}.cpuprofile`);
}

function rates(samplesMs: number[], dataset: Dataset, cpuMs: number[]): Rates {
  const ms = median(samplesMs);
  return {
    medianMs: ms,
    medianCpuMs: cpuMs.length > 0 ? median(cpuMs) : undefined,
    spread: spread(samplesMs),
    recordsPerSecond: dataset.records / (ms / 1000),
    megabytesPerSecond: dataset.payloadBytes / 1e6 / (ms / 1000),
  };
}

/** The baselines of one size, for every batch shape, in one process. */
async function runBaselines(
  bench: BenchContext,
  size: Size,
  sets: SizeDatasets,
  round: number,
): Promise<BaselineRun> {
  const { node, settings, workDir, plainEnv } = bench;
  const inputs: ThroughputInput[] = [
    ...baselineInputs(sets).map(({ name, dataset, baseline }) => ({
      name,
      path: dataset.path,
      baseline,
    })),
    ...REFERENCES.map((ref) => ({
      name: ref.id,
      path: sets[ref.input].path,
      baseline: ref.baseline,
    })),
  ];
  const measured = await measure(
    {
      inputs,
      warmup: settings.warmup,
      iterations: settings.iterations,
      profilePath:
        round === 0 ? profilePath(bench, `baseline-${size.key}`) : undefined,
    },
    {
      node,
      env: plainEnv,
      cwd: workDir,
      execArgv: ['--max-old-space-size=512'],
    },
  );
  return Object.fromEntries(measured.map((m) => [m.name, m]));
}

async function runScenario(
  bench: BenchContext,
  size: Size,
  scenario: ThroughputScenario,
  fn: PreparedFunction,
  dataset: Dataset,
  round: number,
): Promise<ScenarioRun> {
  const { node, settings, callerEnv, server } = bench;
  server.take();
  const [measured] = await measure(
    {
      bundlePath: fn.bundlePath,
      handlerName: fn.handlerName,
      inputs: [{ name: scenario.input, path: dataset.path }],
      warmup: settings.warmup,
      iterations: settings.iterations,
      profilePath:
        round === 0
          ? profilePath(bench, `${scenario.id}-${size.key}`)
          : undefined,
    },
    {
      node,
      env: functionEnv(fn, callerEnv, scenario.env),
      cwd: fn.taskRoot,
      execArgv: [`--max-old-space-size=${fn.memoryMb}`],
    },
  );
  if (measured === undefined) throw new Error(`${scenario.id}: no result`);
  return { ...measured, received: server.take() };
}

/** The baseline inputs of a size that have a dataset. */
function baselineInputs(sets: SizeDatasets) {
  return Object.entries(BASELINE_OF).flatMap(([name, baseline]) => {
    const dataset = sets[name as keyof typeof BASELINE_OF];
    return dataset === undefined
      ? []
      : [{ name: name as keyof typeof BASELINE_OF, dataset, baseline }];
  });
}

function checkScenario(
  bench: BenchContext,
  scenario: ThroughputScenario,
  dataset: Dataset,
  runs: ScenarioRun[],
): string[] {
  const { settings } = bench;
  const problems: string[] = [];
  const invocations = settings.warmup + settings.iterations;
  const expected = scenario.expect?.(dataset);
  for (const run of runs) {
    if (!run.tally.valid) problems.push('not one answer per record');
    if (
      expected !== undefined &&
      JSON.stringify(sortKeys(run.tally.results)) !==
        JSON.stringify(sortKeys(withoutZeros(expected)))
    ) {
      problems.push(
        `answers ${JSON.stringify(run.tally.results)}, expected ${JSON.stringify(expected)}`,
      );
    }
    if (
      scenario.fallback &&
      run.received.records !== dataset.late * invocations
    ) {
      problems.push(
        `the endpoint received ${run.received.records} records, expected ${dataset.late * invocations}`,
      );
    }
  }
  return [...new Set(problems)];
}

/**
 * Every scenario of a size runs once per round, in its own process; the
 * baselines run before the first round and after each one, so that each
 * scenario's ratio is taken against the baselines measured just before and
 * just after it (drift of the machine cancels), then the median over rounds.
 */
export async function measureThroughput(
  bench: BenchContext,
  functions: PreparedFunctions,
  datasets: Datasets,
): Promise<ThroughputRow[]> {
  const { settings, progress, scenarios } = bench;
  const rows: ThroughputRow[] = [];
  for (const size of SIZES) {
    const sets = datasets.bySize[size.key];
    const baselineRuns: BaselineRun[] = [];
    const scenarioRuns = new Map<string, ScenarioRun[]>();
    progress(`throughput ${size.label}: naive baselines`);
    baselineRuns.push(await runBaselines(bench, size, sets, 0));
    for (let round = 0; round < settings.rounds; round++) {
      for (const scenario of scenarios) {
        const fn = functions[scenario.fn];
        const dataset = sets[scenario.input];
        if (fn === undefined || dataset === undefined) continue;
        progress(
          `throughput ${size.label}, round ${round + 1}/${settings.rounds}: ${scenario.label}`,
        );
        const runs = scenarioRuns.get(scenario.id) ?? [];
        runs.push(await runScenario(bench, size, scenario, fn, dataset, round));
        scenarioRuns.set(scenario.id, runs);
      }
      progress(`throughput ${size.label}: naive baselines`);
      baselineRuns.push(await runBaselines(bench, size, sets, round + 1));
    }

    const baselines: Partial<Record<string, MeasuredRow>> = {};
    const ofRun = (run: BaselineRun, name: string): InputMeasurement => {
      const measured = run[name];
      if (measured === undefined) throw new Error(`no baseline run ${name}`);
      return measured;
    };
    for (const { name, dataset } of baselineInputs(sets)) {
      const perRun = baselineRuns.map((run) => ofRun(run, name).samplesMs);
      const first = ofRun(baselineRuns[0] as BaselineRun, name);
      baselines[name] = {
        size: size.key,
        scenario: `baseline-${name}`,
        label: `naive baseline · ${name} batch`,
        input: name,
        records: dataset.records,
        requestBytes: dataset.requestBytes,
        payloadBytes: dataset.payloadBytes,
        logEvents: dataset.logEvents,
        samplesMs: perRun.flat(),
        runs: perRun.length,
        answers: first.tally.results,
        // Last run against first: how much the machine drifted.
        drift:
          median(perRun[0] ?? []) / median(perRun[perRun.length - 1] ?? []) - 1,
        perRunRecordsPerSecond: perRun.map(
          (samples) => dataset.records / (median(samples) / 1000),
        ),
        status: 'ok',
        ...rates(
          perRun.flat(),
          dataset,
          baselineRuns.flatMap((run) => ofRun(run, name).cpuMs),
        ),
      };
      rows.push(baselines[name]);
    }
    for (const ref of REFERENCES) {
      const dataset = sets[ref.input];
      const perRun = baselineRuns.map((run) => ofRun(run, ref.id).samplesMs);
      const first = ofRun(baselineRuns[0] as BaselineRun, ref.id);
      // Against the baseline of the same process: no drift at all.
      const runRatios = baselineRuns.map(
        (run) =>
          median(ofRun(run, ref.input).samplesMs) /
          median(ofRun(run, ref.id).samplesMs),
      );
      rows.push({
        size: size.key,
        scenario: ref.id,
        label: ref.label,
        input: ref.input,
        records: dataset.records,
        requestBytes: dataset.requestBytes,
        payloadBytes: dataset.payloadBytes,
        samplesMs: perRun.flat(),
        runs: perRun.length,
        answers: first.tally.results,
        passthrough: first.tally.passthrough,
        roundRatios: runRatios,
        ratio: median(runRatios),
        status: 'ok',
        ...rates(
          perRun.flat(),
          dataset,
          baselineRuns.flatMap((run) => ofRun(run, ref.id).cpuMs),
        ),
      });
    }
    for (const scenario of scenarios) {
      const fn = functions[scenario.fn];
      const dataset = sets[scenario.input];
      if (fn === undefined || dataset === undefined) {
        rows.push({
          size: size.key,
          scenario: scenario.id,
          label: scenario.label,
          status: 'n/a',
          note: `${scenario.fn} is not in template.yaml`,
        });
        continue;
      }
      const runs = scenarioRuns.get(scenario.id) ?? [];
      const around = baselines[scenario.baseline]?.perRunRecordsPerSecond;
      if (runs[0] === undefined || around === undefined) {
        throw new Error(`${scenario.id}: no runs or no baseline runs`);
      }
      const roundRatios = runs.map((run, round) => {
        const rps = dataset.records / (median(run.samplesMs) / 1000);
        const [before = Number.NaN, after = Number.NaN] = around.slice(
          round,
          round + 2,
        );
        return rps / ((before + after) / 2);
      });
      const problems = checkScenario(bench, scenario, dataset, runs);
      const invocations = runs.length * (settings.warmup + settings.iterations);
      const calls = runs.reduce((sum, run) => sum + run.received.calls, 0);
      const sent = runs.reduce((sum, run) => sum + run.received.records, 0);
      rows.push({
        size: size.key,
        scenario: scenario.id,
        label: scenario.label,
        function: fn.logicalId,
        env: scenario.env,
        input: scenario.input,
        baselineInput: scenario.baseline,
        records: dataset.records,
        requestBytes: dataset.requestBytes,
        payloadBytes: dataset.payloadBytes,
        logEvents: dataset.logEvents,
        samplesMs: runs.flatMap((run) => run.samplesMs),
        runs: runs.length,
        answers: runs[0].tally.results,
        passthrough: runs[0].tally.passthrough,
        endpoint:
          calls > 0
            ? {
                callsPerInvocation: calls / invocations,
                recordsPerInvocation: sent / invocations,
              }
            : undefined,
        status: problems.length === 0 ? 'ok' : 'invalid',
        problems,
        roundRatios,
        ratio: median(roundRatios),
        ...rates(
          runs.flatMap((run) => run.samplesMs),
          dataset,
          runs.flatMap((run) => run.cpuMs),
        ),
      });
    }
  }
  return rows;
}

function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

function sortKeys<T>(object: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(object).sort(([a], [b]) => a.localeCompare(b)),
  );
}
