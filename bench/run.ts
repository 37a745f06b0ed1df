#!/usr/bin/env node
// `npm run bench`: throughput, the per-shape table, cold start, first
// invocation and peak memory of the BUILT bundles (dist/), each
// measurement in fresh processes, with naive baselines measured in the same
// run. Prints tables and the targets of issues #7 and #11 (PASS/MISS with
// margins) and writes bench/results/latest.json. A benchmark prints
// figures; nothing here is a timed assertion in tests.
//
// Usage: node bench/run.ts [--quick] [--only=RE] [--shapes[=RE]] [--memory]
//                          [--profile[=DIR]] [--json=PATH]
//   --quick    fewer iterations and runs (a smoke run, noisier figures)
//   --only=RE  only the throughput scenarios whose id matches RE (e.g.
//              '^transform$|^partition$'), with their baselines; the other
//              sections (per-shape table included) are skipped (for
//              investigations)
//   --access-log  only the access-log scenario (issue 15): TransformFunction
//              with INPUT_FORMAT=apache_combined against a naive
//              regex-per-line baseline (bench/accessLog.ts)
//   --shapes[=RE]  only the per-shape table (issue 11), its rows whose id
//              matches RE: strings, applog, numbers, orders, clicks, each
//              also with -raw (no final newline), e.g. --shapes='^clicks';
//              with --only, both the selected scenarios and the table
//   --memory   only the peak-memory table (issue 11): one full batch per
//              function and size in a fresh process, next to an empty
//              process and the naive baseline; with --only or --shapes,
//              those sections too
//   --profile  also write a CPU profile of the timed calls of each throughput
//              scenario (first round) to DIR (default: a temporary folder)
//              and print the hot spots, mapped to the TypeScript sources
//              through the bundles' source maps (figures are then slower)
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyChildScripts } from './lib/childBundles.ts';
import type { BenchContext, Env, Settings } from './lib/context.ts';
import {
  type Dataset,
  PARTITION_METADATA_BYTES,
  writeCloudWatchLogsEvent,
  writeOrdersEvent,
} from './lib/datasets.ts';
import { startFakeFirehose } from './lib/fakeFirehose.ts';
import { FunctionId, prepareFunctions } from './lib/functions.ts';
import { measureMemory } from './lib/memory.ts';
import { type ProfileSummary, summarizeProfile } from './lib/profile.ts';
import {
  type BenchResults,
  type DatasetSummary,
  printReport,
} from './lib/report.ts';
import {
  CWL_EVENTS_PER_RECORD,
  type Datasets,
  LATE_EVERY,
  SIZES,
  type SizeDatasets,
  type SizeKey,
  SMALL_BATCH_RECORDS,
  THROUGHPUT_SCENARIOS,
} from './lib/scenarios.ts';
import { measureShapes, shapeVariants } from './lib/shapes.ts';
import { measureColdStarts, measureFirstInvocations } from './lib/startup.ts';
import { measureThroughput } from './lib/throughput.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(benchDir, '..');

const args = process.argv.slice(2);
const flag = (name: string): string | undefined =>
  args.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
const flagValue = (name: string): string | undefined =>
  flag(name)?.split('=').slice(1).join('=');
for (const arg of args) {
  if (
    !/^--(quick|profile|json|only|shapes|memory|access-log)(=.*)?$/.test(arg)
  ) {
    console.error(`unknown option ${arg}; see the header of bench/run.ts`);
    process.exit(2);
  }
}
const quick = flag('quick') !== undefined;
if (flag('access-log') !== undefined) {
  // Its own process and its own figures (lines/s, ratio to the baseline).
  const child = spawnSync(
    process.execPath,
    [
      join(benchDir, 'accessLog.ts'),
      ...(quick ? ['--iterations', '5', '--rounds', '1'] : []),
    ],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}
const only =
  flag('only') === undefined ? undefined : new RegExp(flagValue('only') ?? '');
const shapesFlag = flag('shapes');
const memoryOnly = flag('memory') !== undefined;
const shapesFilter =
  shapesFlag === undefined || flagValue('shapes') === undefined
    ? undefined
    : new RegExp(flagValue('shapes') ?? '');
// --shapes alone: the per-shape table only; --only alone: no table;
// --memory alone: the memory table only.
const everything =
  only === undefined && shapesFlag === undefined && !memoryOnly;
const scenarios = THROUGHPUT_SCENARIOS.filter(
  (scenario) => everything || only?.test(scenario.id) === true,
);
const variants =
  everything || shapesFlag !== undefined ? shapeVariants(shapesFilter) : [];
const settings: Settings = quick
  ? {
      rounds: 1,
      warmup: 2,
      iterations: 5,
      coldRuns: 6,
      firstRuns: 3,
      shapeRounds: 3,
      shapeWarmup: 1,
    }
  : {
      rounds: 3,
      warmup: 3,
      iterations: 5,
      coldRuns: 15,
      firstRuns: 7,
      shapeRounds: 15,
      shapeWarmup: 2,
    };

const started = performance.now();
const loadAtStart = loadavg()[0] ?? Number.NaN;
const progress = (text: string): void => {
  process.stderr.write(
    `[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}\n`,
  );
};

/** Node 22 from node_modules/.bin (the machine's own node is older). */
function nodeBinary(): string {
  const local = join(projectRoot, 'node_modules', '.bin', 'node');
  return existsSync(local) ? realpathSync(local) : process.execPath;
}

const node = nodeBinary();
const nodeVersion = execFileSync(node, ['-p', 'process.version'], {
  encoding: 'utf8',
}).trim();
const workDir = mkdtempSync(join(tmpdir(), 'firehose-bench-'));
const profileDir =
  flag('profile') === undefined
    ? undefined
    : resolve(
        flagValue('profile') ||
          mkdtempSync(join(tmpdir(), 'firehose-bench-profiles-')),
      );
if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
const server = await startFakeFirehose();

// Fake credentials and a loopback endpoint: nothing leaves the machine.
const callerEnv: Env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LANG: process.env.LANG,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK0000000',
  AWS_SECRET_ACCESS_KEY: 'bench-secret-not-a-real-key',
  AWS_ENDPOINT_URL_FIREHOSE: server.endpoint,
  AWS_ENDPOINT_URL_KINESIS: server.endpoint,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};
const plainEnv: Env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TZ: 'UTC',
};
// What every section needs to start its measuring processes.
const bench: BenchContext = {
  node,
  settings,
  workDir,
  children: lazyChildScripts(workDir),
  callerEnv,
  plainEnv,
  server,
  progress,
  profileDir,
  scenarios,
};

try {
  const functions = prepareFunctions(workDir);
  for (const id of [FunctionId.transform, FunctionId.partition]) {
    if (functions[id] === undefined) {
      throw new Error(`no built bundle for ${id}: run npm run build`);
    }
  }
  const hasCwl = functions[FunctionId.cloudWatchLogs] !== undefined;
  progress(
    `node ${nodeVersion}; functions: ${Object.keys(functions).join(', ')}`,
  );

  const datasets =
    scenarios.length > 0 || everything || memoryOnly
      ? buildDatasets(hasCwl)
      : undefined;
  const throughput =
    datasets === undefined || scenarios.length === 0
      ? []
      : await measureThroughput(bench, functions, datasets);
  const shapes = await measureShapes(bench, functions, variants);
  const coldStart =
    everything && datasets ? measureColdStarts(bench, functions) : [];
  const firstInvocation =
    everything && datasets
      ? await measureFirstInvocations(bench, functions, datasets)
      : [];
  const memory =
    (everything || memoryOnly) && datasets
      ? await measureMemory(bench, functions, datasets)
      : [];
  const profiles = profileDir === undefined ? undefined : summarizeProfiles();

  const results: BenchResults = {
    startedAt: new Date(
      Date.now() - (performance.now() - started),
    ).toISOString(),
    machine: {
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? Number.NaN },
      node: nodeVersion,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
    },
    settings: {
      ...settings,
      profile: profileDir !== undefined,
      only: only?.source,
      memory: memoryOnly,
      shapes:
        shapesFlag === undefined ? undefined : (shapesFilter?.source ?? ''),
    },
    datasets: datasets === undefined ? {} : describeDatasets(datasets),
    bundles: Object.values(functions).flatMap((fn) =>
      fn === undefined ? [] : [{ function: fn.logicalId, ...fn.sizes }],
    ),
    throughput,
    coldStart,
    firstInvocation,
    memory,
    shapes,
    profiles,
  };
  results.targets = printReport(results);
  results.elapsedSeconds = (performance.now() - started) / 1000;
  const jsonPath = resolve(
    flagValue('json') || join(benchDir, 'results', 'latest.json'),
  );
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\nwrote ${jsonPath} in ${results.elapsedSeconds.toFixed(0)} s${profileDir === undefined ? '' : `; profiles in ${profileDir}`}`,
  );
} finally {
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ inputs

function buildDatasets(hasCwl: boolean): Datasets {
  const bySize: Partial<Record<SizeKey, SizeDatasets>> = {};
  for (const size of SIZES) {
    const file = (name: string): string =>
      join(workDir, `${size.key}-${name}.json`);
    const transform = writeOrdersEvent(file('transform'), {
      bytes: size.bytes,
    });
    const partition = writeOrdersEvent(file('partition'), {
      bytes: size.bytes,
      answerExtraBytes: PARTITION_METADATA_BYTES,
    });
    const sets: SizeDatasets = {
      transform,
      transformRaw: writeOrdersEvent(file('transform-raw'), {
        bytes: size.bytes,
        canonical: false,
        maxRecords: transform.records,
      }),
      partition,
      partitionLate: writeOrdersEvent(file('partition-late'), {
        bytes: size.bytes,
        lateEvery: LATE_EVERY,
        maxRecords: partition.records,
      }),
    };
    if (hasCwl) {
      sets.cloudWatchLogs = writeCloudWatchLogsEvent(file('cwl'), {
        bytes: size.bytes,
        eventsPerRecord: CWL_EVENTS_PER_RECORD,
      });
    }
    bySize[size.key] = sets;
  }
  const small: Datasets['small'] = {
    onTime: writeOrdersEvent(join(workDir, 'small.json'), {
      bytes: 1024,
      maxRecords: SMALL_BATCH_RECORDS,
    }),
    cloudWatchLogs: hasCwl
      ? writeCloudWatchLogsEvent(join(workDir, 'small-cwl.json'), {
          bytes: 1024,
          eventsPerRecord: CWL_EVENTS_PER_RECORD,
          maxRecords: SMALL_BATCH_RECORDS / CWL_EVENTS_PER_RECORD,
        })
      : undefined,
    late: writeOrdersEvent(join(workDir, 'small-late.json'), {
      bytes: 1024,
      lateEvery: LATE_EVERY,
      maxRecords: SMALL_BATCH_RECORDS,
    }),
  };
  progress('datasets written');
  return { bySize: bySize as Record<SizeKey, SizeDatasets>, small };
}

/** The datasets as results/latest.json lists them: by size, then small. */
function describeDatasets(
  datasets: Datasets,
): Record<string, Record<string, DatasetSummary | undefined>> {
  const describe = (sets: Record<string, Dataset | undefined>) =>
    Object.fromEntries(
      Object.entries(sets).flatMap(([name, dataset]) => {
        if (dataset === undefined) return [];
        const { path: _path, ...rest } = dataset;
        return [[name, rest]];
      }),
    );
  return {
    ...Object.fromEntries(
      Object.entries(datasets.bySize).map(([size, sets]) => [
        size,
        describe({ ...sets }),
      ]),
    ),
    small: describe(datasets.small),
  };
}

// ---------------------------------------------------------------- profiles

function summarizeProfiles(): Record<
  string,
  { path: string } & ProfileSummary
> {
  const out: Record<string, { path: string } & ProfileSummary> = {};
  if (profileDir === undefined) return out;
  for (const size of SIZES) {
    for (const scenario of scenarios) {
      const path = join(profileDir, `${scenario.id}-${size.key}.cpuprofile`);
      if (existsSync(path)) {
        out[`${scenario.id}-${size.key}`] = { path, ...summarizeProfile(path) };
      }
    }
    const path = join(profileDir, `baseline-${size.key}.cpuprofile`);
    if (existsSync(path)) {
      out[`baseline-${size.key}`] = { path, ...summarizeProfile(path) };
    }
  }
  // The per-shape rows: one profile each, of all its contenders.
  for (const name of readdirSync(profileDir).sort()) {
    const row = /^shapes-(.+)\.cpuprofile$/.exec(name);
    if (row === null) continue;
    const path = join(profileDir, name);
    out[`shapes-${row[1]}`] = { path, ...summarizeProfile(path, 25) };
  }
  return out;
}
