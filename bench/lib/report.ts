// Print the benchmark's tables and evaluate the targets of issue #7.
import type { Settings, Target } from './context.ts';
import type { Dataset } from './datasets.ts';
import type { BundleSizes } from './functions.ts';
import type { MemoryRow } from './memory.ts';
import type { ProfileSummary } from './profile.ts';
import { printShapes, shapeTargets } from './reportShapes.ts';
import {
  BUNDLE_TARGET_BYTES,
  COLD_START_TARGET_MS,
  PEAK_RSS_TARGET_BYTES,
  RATIO_TARGETS,
  SIZES,
} from './scenarios.ts';
import type { ShapeRow } from './shapes.ts';
import type { ColdStartRow, FirstInvocationRow } from './startup.ts';
import {
  fixed,
  integer,
  kilobytes,
  mebibytes,
  megabytes,
  table,
} from './stats.ts';
import type { ThroughputRow } from './throughput.ts';

/** A dataset as results/latest.json describes it (without its path). */
export type DatasetSummary = Omit<Dataset, 'path'>;

/** Everything a run measured, as written to results/latest.json. */
export interface BenchResults {
  startedAt: string;
  machine: {
    loadAverage: { start: number; end: number };
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
  };
  settings: Settings & {
    profile: boolean;
    only: string | undefined;
    shapes: string | undefined;
    /** --memory: the memory table only (with --only / --shapes, those too). */
    memory: boolean;
  };
  datasets: Record<string, Record<string, DatasetSummary | undefined>>;
  bundles: ({ function: string } & BundleSizes)[];
  throughput: ThroughputRow[];
  coldStart: ColdStartRow[];
  firstInvocation: FirstInvocationRow[];
  memory: MemoryRow[];
  /** The per-shape table (issue 11). */
  shapes: ShapeRow[];
  profiles: Record<string, { path: string } & ProfileSummary> | undefined;
  targets?: Target[];
  elapsedSeconds?: number;
}

const sizeLabel = (key: string): string =>
  SIZES.find((s) => s.key === key)?.label ?? key;

function answersText(answers: Record<string, number> | undefined): string {
  return Object.entries(answers ?? {})
    .map(([result, n]) => `${integer(n)} ${result}`)
    .join(', ');
}

function section(title: string): void {
  console.log(`\n${title}`);
}

function printHeader(results: BenchResults): void {
  const { machine, settings, datasets } = results;
  console.log(
    `firehose-processors bench · node ${machine.node} · ${machine.platform} · ${machine.cpus} CPU (${machine.cpuModel}) · ${results.startedAt}`,
  );
  const load = machine.loadAverage;
  console.log(
    `load average (1 min) ${fixed(load.start, 2)} at start, ${fixed(load.end, 2)} at end${Math.max(load.start, load.end) > machine.cpus * 0.75 ? ' · the machine is busy: absolute figures are noisy, the ratios less so (baselines bracket every run)' : ''}`,
  );
  console.log(
    `throughput: ${settings.rounds} round(s) × ${settings.iterations} timed calls after ${settings.warmup} warm-up calls, a fresh process per scenario and round, baselines before and after each round; cold start: ${settings.coldRuns} interleaved runs; first invocation: ${settings.firstRuns} processes${settings.profile ? ' · PROFILING (figures slowed down)' : ''}`,
  );
  for (const size of SIZES) {
    const sets = datasets[size.key];
    if (sets === undefined) continue;
    const describe = (name: string): string | undefined => {
      const d = sets[name];
      if (d === undefined) return undefined;
      const extra =
        d.logEvents === undefined ? '' : `, ${integer(d.logEvents)} log events`;
      return `${name} ${integer(d.records)} records / ${megabytes(d.requestBytes)} MB request${extra}`;
    };
    console.log(
      `batches of ${size.label} records: ${[
        'transform',
        'partition',
        'cloudWatchLogs',
      ]
        .map(describe)
        .filter(Boolean)
        .join('; ')}`,
    );
  }
}

function printBundles(results: BenchResults): void {
  section(
    'Bundles (KB = 1024 bytes; eager = handler file + chunks it imports statically)',
  );
  console.log(
    table(
      ['function', 'handler file', 'eager KB', 'loaded on demand (KB)'],
      results.bundles.map((b) => [
        b.function,
        b.handlerFile,
        kilobytes(b.eagerBytes),
        b.lazy.map((c) => `${c.file} ${kilobytes(c.bytes)}`).join(', ') ||
          '(none)',
      ]),
    ),
  );
}

function printThroughput(results: BenchResults): void {
  for (const size of SIZES) {
    const sized = results.throughput.filter((r) => r.size === size.key);
    if (sized.length === 0) continue;
    section(
      `Throughput · ${size.label} records (one handler call on a parsed event, medians; cpu = all threads; MB/s of decoded record data, MB = 10^6 B; ×base = records/s ÷ the baselines' around it, median over rounds)`,
    );
    const rows = sized.map((r) =>
      r.status === 'n/a'
        ? [r.label, 'n/a', '', '', '', '', '', '', r.note ?? '']
        : [
            r.label,
            integer(r.records),
            fixed(r.medianMs, 1),
            fixed(r.medianCpuMs, 1),
            `${fixed(100 * r.spread, 0)}%`,
            integer(r.recordsPerSecond),
            fixed(r.megabytesPerSecond, 1),
            r.ratio === undefined ? '1.00×' : `${fixed(r.ratio, 2)}×`,
            [
              r.status === 'invalid'
                ? `INVALID: ${(r.problems ?? []).join('; ')}`
                : answersText(r.answers),
              r.passthrough !== undefined && r.passthrough > 0
                ? `${fixed((100 * r.passthrough) / r.records, 0)}% passed through`
                : '',
              r.endpoint === undefined
                ? ''
                : `fallback ${fixed(r.endpoint.recordsPerInvocation, 0)} rec in ${fixed(r.endpoint.callsPerInvocation, 0)} call(s)`,
              r.drift === undefined
                ? ''
                : `first vs last run ${r.drift >= 0 ? '+' : ''}${fixed(100 * r.drift, 0)}% time`,
              r.roundRatios === undefined || r.roundRatios.length < 2
                ? ''
                : `rounds ${r.roundRatios.map((x) => fixed(x, 2)).join('/')}`,
              r.logEvents === undefined
                ? ''
                : `${integer((r.logEvents * 1000) / r.medianMs)} log events/s`,
            ]
              .filter(Boolean)
              .join(' · '),
          ],
    );
    console.log(
      table(
        [
          'scenario',
          'records',
          'ms',
          'cpu ms',
          'IQR',
          'records/s',
          'MB/s',
          '×base',
          'answers',
        ],
        rows,
      ),
    );
  }
}

function printColdStart(results: BenchResults): void {
  if (results.coldStart.length === 0) return;
  section(
    'Cold start (wall time of `node --input-type=module -e "await import(bundle)"` with the function\'s env, median; Δ = bundle − empty module)',
  );
  console.log(
    table(
      ['function', 'config', 'bundle ms', 'empty ms', 'Δ ms', 'paired Δ ms'],
      results.coldStart.map((r) =>
        r.status === 'n/a'
          ? [r.function, r.config ?? '', 'n/a', '', '', '']
          : [
              r.function,
              r.config,
              fixed(r.bundleMs),
              fixed(r.emptyMs),
              fixed(r.deltaMs),
              fixed(r.pairedDeltaMs),
            ],
      ),
    ),
  );
}

function printFirstInvocation(results: BenchResults): void {
  if (results.firstInvocation.length === 0) return;
  section(
    'First invocation (fresh process: import, then the first call on a small batch with no late record; median)',
  );
  console.log(
    table(
      [
        'function',
        'config',
        'records',
        'import ms',
        '1st call ms',
        '2nd call ms',
        'start→1st answer ms',
        'SDK loaded?',
      ],
      results.firstInvocation.map((r) =>
        r.status === 'n/a'
          ? [r.function, 'n/a', '', '', '', '', '', '']
          : [
              r.function,
              r.config,
              integer(r.records),
              fixed(r.importMs),
              fixed(r.firstCallMs),
              fixed(r.secondCallMs),
              fixed(r.processStartToFirstAnswerMs),
              r.lazyChunks.length === 0 && r.sdkLoaded.length === 0
                ? 'no (no SDK chunk)'
                : r.sdkLoaded.length === 0
                  ? `no (${r.lazyChunks.join(', ')} not resolved)`
                  : `YES: ${r.sdkLoaded.join(', ')}`,
            ],
      ),
    ),
  );
  for (const r of results.firstInvocation) {
    if (r.status !== 'ok' || r.control === undefined) continue;
    console.log(
      `control: ${r.function} with ${r.control.late} late records of ${r.records} → ${answersText(r.control.answers)}; SDK resolved: ${r.control.sdkLoaded.length > 0 ? r.control.sdkLoaded.map((u) => u.replace(/^.*\/(?=[^/]+\/[^/]+\/[^/]+$)/, '…/')).join(', ') : 'NO (the trace would not see it!)'}`,
    );
    const modules = r.resolved.filter((u) => !u.startsWith('node:'));
    console.log(
      `resolved by ${r.function} without late records: ${modules.map((u) => u.replace(/^.*\//, '')).join(', ')} + ${r.resolved.length - modules.length} node: built-ins`,
    );
  }
}

function printMemory(results: BenchResults): void {
  if (results.memory.length === 0) return;
  section(
    "Peak memory (VmHWM of a fresh process running the compiled child: import, parse the request, handle it, serialise the response; MiB; over idle = peak − the empty process's peak, over naive = peak − the naive baseline's of the same size)",
  );
  const idle = results.memory.find((r) => r.size === '-');
  const naiveOf = (size: string) =>
    results.memory.find(
      (r) => r.size === size && r.label.startsWith('naive baseline'),
    );
  const over = (peak: number, reference: MemoryRow | undefined): string =>
    reference === undefined || reference.status === 'n/a'
      ? ''
      : signedMebibytes(peak - reference.peakRssBytes);
  console.log(
    table(
      [
        'process',
        'records',
        'request MB',
        'RSS after import',
        'peak RSS',
        'over idle',
        'over naive',
        'answers',
      ],
      results.memory.map((r) =>
        r.status === 'n/a'
          ? [`${r.label} · ${sizeLabel(r.size)}`, 'n/a', '', '', '', '', '', '']
          : [
              r.size === '-' ? r.label : `${r.label} · ${sizeLabel(r.size)}`,
              r.records === undefined ? '' : integer(r.records),
              r.requestBytes === undefined ? '' : megabytes(r.requestBytes),
              mebibytes(r.rssAfterImport),
              mebibytes(r.peakRssBytes),
              r.size === '-' ? '' : over(r.peakRssBytes, idle),
              r.size === '-' || r.label.startsWith('naive baseline')
                ? ''
                : over(r.peakRssBytes, naiveOf(r.size)),
              answersText(r.tally?.results),
            ],
      ),
    ),
  );
}

function signedMebibytes(bytes: number): string {
  return `${bytes >= 0 ? '+' : '-'}${mebibytes(Math.abs(bytes))}`;
}

function printProfiles(results: BenchResults): void {
  if (results.profiles === undefined) return;
  for (const [name, profile] of Object.entries(results.profiles)) {
    section(
      `Profile ${name}: self time, top functions (${fixed(profile.totalMs, 0)} ms sampled) — ${profile.path}`,
    );
    console.log(
      table(
        ['self ms', '%', 'where', 'function'],
        profile.functions.map((f) => [
          fixed(f.selfMs, 1),
          `${fixed(f.percent, 1)}%`,
          f.where,
          f.name,
        ]),
      ),
    );
  }
}

function evaluateTargets(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const ratioTarget = (min: number, row: ThroughputRow): void => {
    const label = `${row.label} · ${sizeLabel(row.size)} ≥ ${min}× baseline`;
    if (row.status !== 'ok' || row.ratio === undefined) {
      targets.push({ label, pass: false, value: 'invalid run', margin: '' });
      return;
    }
    targets.push({
      label,
      pass: row.ratio >= min,
      value: `${fixed(row.ratio, 2)}×`,
      margin: `${row.ratio >= min ? '+' : ''}${fixed(100 * (row.ratio / min - 1), 0)}%`,
    });
  };
  for (const { scenario, min } of RATIO_TARGETS) {
    for (const row of results.throughput.filter(
      (r) => r.scenario === scenario,
    )) {
      ratioTarget(min, row);
    }
  }
  for (const row of results.coldStart) {
    if (row.status !== 'ok' || !row.target) continue;
    const headroom = COLD_START_TARGET_MS - row.deltaMs;
    targets.push({
      label: `cold start ${row.function} (${row.config}) ≤ ${COLD_START_TARGET_MS} ms over empty`,
      pass: row.deltaMs <= COLD_START_TARGET_MS,
      value: `${fixed(row.deltaMs)} ms`,
      margin: `${headroom >= 0 ? '' : '-'}${fixed(Math.abs(headroom))} ms ${headroom >= 0 ? 'headroom' : 'over'}`,
    });
  }
  for (const bundle of results.bundles) {
    const headroom = BUNDLE_TARGET_BYTES - bundle.eagerBytes;
    targets.push({
      label: `bundle ${bundle.function} ≤ ${kilobytes(BUNDLE_TARGET_BYTES)} KB before SDK code`,
      pass: headroom >= 0,
      value: `${kilobytes(bundle.eagerBytes)} KB`,
      margin: `${kilobytes(Math.abs(headroom))} KB ${headroom >= 0 ? 'headroom' : 'over'}`,
    });
  }
  for (const row of results.memory) {
    if (row.status === 'n/a' || row.target !== true) continue;
    const headroom = PEAK_RSS_TARGET_BYTES - row.peakRssBytes;
    targets.push({
      label: `peak RSS ${row.function} · ${sizeLabel(row.size)} full batch ≤ ${mebibytes(PEAK_RSS_TARGET_BYTES)} MiB`,
      pass: headroom >= 0,
      value: `${mebibytes(row.peakRssBytes)} MiB`,
      margin: `${mebibytes(Math.abs(headroom))} MiB ${headroom >= 0 ? 'headroom' : 'over'}`,
    });
  }
  for (const row of results.memory) {
    if (row.status === 'n/a' || row.target !== true) continue;
    const naive = results.memory.find(
      (r) => r.size === row.size && r.label.startsWith('naive baseline'),
    );
    if (naive === undefined || naive.status === 'n/a') continue;
    const headroom = naive.peakRssBytes - row.peakRssBytes;
    targets.push({
      label: `peak RSS ${row.function} · ${sizeLabel(row.size)} full batch ≤ the naive baseline's (${mebibytes(naive.peakRssBytes)} MiB)`,
      pass: headroom >= 0,
      value: `${mebibytes(row.peakRssBytes)} MiB`,
      margin: `${mebibytes(Math.abs(headroom))} MiB ${headroom >= 0 ? 'headroom' : 'over'}`,
    });
  }
  for (const row of results.firstInvocation) {
    if (row.status !== 'ok' || row.lazyChunks.length === 0) continue;
    const controlSeen =
      row.control === undefined || row.control.sdkLoaded.length > 0;
    targets.push({
      label: `${row.function}: first invocation without late records does not load the SDK`,
      pass: row.sdkLoaded.length === 0 && controlSeen,
      value: row.sdkLoaded.length === 0 ? 'not loaded' : 'LOADED',
      margin:
        row.control === undefined
          ? 'no SDK URL resolved'
          : controlSeen
            ? 'control with late records: loaded'
            : 'control failed: the trace misses it',
    });
  }
  targets.push(...shapeTargets(results.shapes));
  return targets;
}

function printTargets(targets: readonly Target[]): void {
  section('Targets');
  console.log(
    table(
      ['', 'target', 'measured', 'margin'],
      targets.map((t) => [
        t.pass ? 'PASS' : 'MISS',
        t.label,
        t.value,
        t.margin,
      ]),
    ),
  );
  const missed = targets.filter((t) => !t.pass).length;
  console.log(
    missed === 0
      ? `all ${targets.length} targets met`
      : `${missed} of ${targets.length} targets missed`,
  );
}

/** Print every section; returns the evaluated targets. */
export function printReport(results: BenchResults): Target[] {
  printHeader(results);
  printBundles(results);
  printThroughput(results);
  printShapes(results.shapes, results.settings);
  printColdStart(results);
  printFirstInvocation(results);
  printMemory(results);
  printProfiles(results);
  const targets = evaluateTargets(results);
  printTargets(targets);
  return targets;
}
