// Throughput: every scenario in its own process, in rounds bracketed by the
// baselines (see measureThroughput).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './children.mjs';
import { functionEnv } from './functions.mjs';
import { BASELINE_OF, REFERENCES, SIZES } from './scenarios.mjs';
import { median, spread } from './stats.mjs';

const lib = (name) => fileURLToPath(new URL(name, import.meta.url));

function profilePath(bench, name) {
  const { profileDir } = bench;
  return profileDir === undefined
    ? undefined
    : join(profileDir, `${name}.cpuprofile`);
}

function rates(samplesMs, dataset, cpuMs) {
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
async function runBaselines(bench, size, sets, round) {
  const { node, settings, workDir, plainEnv } = bench;
  const inputs = [
    ...Object.entries(BASELINE_OF)
      .filter(([name]) => sets[name] !== undefined)
      .map(([name, baseline]) => ({ name, path: sets[name].path, baseline })),
    ...REFERENCES.map((ref) => ({
      name: ref.id,
      path: sets[ref.input].path,
      baseline: ref.baseline,
    })),
  ];
  const measured = await runChild(
    lib('throughputChild.mjs'),
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

async function runScenario(bench, size, scenario, fn, dataset, round) {
  const { node, settings, callerEnv, server } = bench;
  server.take();
  const [measured] = await runChild(
    lib('throughputChild.mjs'),
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
  return { ...measured, received: server.take() };
}

function checkScenario(bench, scenario, dataset, runs) {
  const { settings } = bench;
  const problems = [];
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
export async function measureThroughput(bench, functions, datasets) {
  const { settings, progress, scenarios } = bench;
  const rows = [];
  for (const size of SIZES) {
    const sets = datasets[size.key];
    const baselineRuns = [];
    const scenarioRuns = new Map();
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

    const baselines = {};
    for (const name of Object.keys(BASELINE_OF)) {
      const dataset = sets[name];
      if (dataset === undefined) continue;
      const perRun = baselineRuns.map((run) => run[name].samplesMs);
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
        answers: baselineRuns[0][name].tally.results,
        // Last run against first: how much the machine drifted.
        drift: median(perRun[0]) / median(perRun[perRun.length - 1]) - 1,
        perRunRecordsPerSecond: perRun.map(
          (samples) => dataset.records / (median(samples) / 1000),
        ),
        status: 'ok',
        ...rates(
          perRun.flat(),
          dataset,
          baselineRuns.flatMap((run) => run[name].cpuMs),
        ),
      };
      rows.push(baselines[name]);
    }
    for (const ref of REFERENCES) {
      const dataset = sets[ref.input];
      const perRun = baselineRuns.map((run) => run[ref.id].samplesMs);
      // Against the baseline of the same process: no drift at all.
      const runRatios = baselineRuns.map(
        (run) =>
          median(run[ref.input].samplesMs) / median(run[ref.id].samplesMs),
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
        answers: baselineRuns[0][ref.id].tally.results,
        passthrough: baselineRuns[0][ref.id].tally.passthrough,
        roundRatios: runRatios,
        ratio: median(runRatios),
        status: 'ok',
        ...rates(
          perRun.flat(),
          dataset,
          baselineRuns.flatMap((run) => run[ref.id].cpuMs),
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
      const runs = scenarioRuns.get(scenario.id);
      const base = baselines[scenario.baseline];
      const roundRatios = runs.map((run, round) => {
        const rps = dataset.records / (median(run.samplesMs) / 1000);
        const [before, after] = base.perRunRecordsPerSecond.slice(
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

function withoutZeros(counts) {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

function sortKeys(object) {
  return Object.fromEntries(
    Object.entries(object).sort(([a], [b]) => a.localeCompare(b)),
  );
}
