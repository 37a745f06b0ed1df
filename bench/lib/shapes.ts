// The per-shape table of issue 11: five record shapes, with and without a
// final newline, in UTC and in one zone, against the four baselines a user
// would write instead, every contender in the same process, interleaved.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './children.ts';
import type { BenchContext } from './context.ts';
import {
  type Dataset,
  PARTITION_METADATA_BYTES,
  writeRecordsEvent,
} from './datasets.ts';
import {
  FunctionId,
  functionEnv,
  type PreparedFunction,
  type PreparedFunctions,
} from './functions.ts';
import {
  appLogJson,
  clickJson,
  numberArrayJson,
  orderJson,
  stringHeavyJson,
} from './records.ts';
import type {
  ContenderName,
  ContenderSpec,
  ShapesMeasurement,
  ShapesSpec,
} from './shapesChild.ts';
import { median } from './stats.ts';

/** A record shape of the table. */
export interface Shape {
  id: string;
  label: string;
  /** The field holding the event time (TIMESTAMP_FIELD). */
  timestampField: string;
  /** Record `index` as JSON text, without newline. */
  line: (index: number) => string;
}

export const SHAPES: readonly Shape[] = [
  {
    id: 'strings',
    label: 'string-heavy ~1 KiB (one 850-char field)',
    timestampField: 'ts',
    line: (index) => stringHeavyJson(index),
  },
  {
    id: 'applog',
    label: 'app log line ~1 KiB (user agent, nested object)',
    timestampField: 'ts',
    line: (index) => appLogJson(index),
  },
  {
    id: 'numbers',
    label: 'number array (100 floats, ~0.9 KiB)',
    timestampField: 'ts',
    line: (index) => numberArrayJson(index),
  },
  {
    id: 'orders',
    label: 'object-heavy orders 1 KiB',
    timestampField: 'timestamp',
    line: (index) => orderJson(index, 1024),
  },
  {
    id: 'clicks',
    label: '~80-byte click events',
    timestampField: 'ts',
    line: (index) => clickJson(index),
  },
];

/** The zone of the zoned partitioners (PARTITION_TIMEZONE). */
export const SHAPE_TIME_ZONE = 'America/New_York';
/** Seed of the order in which the contenders run in each round. */
export const SHAPE_ORDER_SEED = 20_261_101;

/** Targets: same-process ratios of medians (issue 11). */
export const SHAPE_TARGETS = {
  /** TransformFunction ÷ floor, records with a final newline. */
  transformVsFloor: 1.1,
  /** TransformFunction ÷ naive transform, records without one. */
  transformVsNaiveRaw: 1.5,
  /** EventTimePartitionFunction ÷ hand-written UTC partitioner. */
  partitionVsHandUtc: 1.8,
  /** The same, records without a final newline. */
  partitionVsHandUtcRaw: 1.5,
  /** EventTimePartitionFunction in SHAPE_TIME_ZONE ÷ the Intl partitioner. */
  partitionZoneVsIntl: 2.5,
} as const;

/** One row of the table: a shape, with or without final newline. */
export interface ShapeVariant {
  /** e.g. `clicks` or `clicks-raw` (what --shapes=RE matches). */
  id: string;
  shape: Shape;
  newline: boolean;
}

/** The variants whose id matches `filter`, in table order. */
export function shapeVariants(filter?: RegExp): ShapeVariant[] {
  return SHAPES.flatMap((shape) => [
    { id: shape.id, shape, newline: true },
    { id: `${shape.id}-raw`, shape, newline: false },
  ]).filter((variant) => filter === undefined || filter.test(variant.id));
}

/** The ratios of a row: the function's records/s ÷ a baseline's. */
export interface ShapeRatios {
  transformVsFloor: number;
  transformVsNaive: number;
  partitionVsHandUtc: number;
  partitionZoneVsIntl: number;
}

const RATIO_PAIRS: Record<
  keyof ShapeRatios,
  [fn: ContenderName, base: ContenderName]
> = {
  transformVsFloor: ['transform', 'floor'],
  transformVsNaive: ['transform', 'naive'],
  partitionVsHandUtc: ['partitionUtc', 'handUtc'],
  partitionZoneVsIntl: ['partitionZone', 'intlZone'],
};

export interface ShapeRow {
  id: string;
  shape: string;
  label: string;
  newline: boolean;
  status: 'ok' | 'invalid';
  problems: string[];
  records: number;
  requestBytes: number;
  payloadBytes: number;
  rounds: number;
  /** Median time of one call (handler + JSON.stringify of its response). */
  medianMs: Partial<Record<ContenderName, number>>;
  recordsPerSecond: Partial<Record<ContenderName, number>>;
  /** Medians over rounds of the per-round ratios. */
  ratios: ShapeRatios;
  roundRatios: Record<keyof ShapeRatios, number[]>;
}

function bundleContender(
  bench: BenchContext,
  name: ContenderName,
  fn: PreparedFunction,
  env: Record<string, string>,
): ContenderSpec {
  return {
    name,
    bundlePath: fn.bundlePath,
    handlerName: fn.handlerName,
    env: functionEnv(fn, bench.callerEnv, env),
  };
}

/**
 * Measure every selected variant in its own process (all contenders of a
 * variant in that one process), and return the table's rows.
 */
export async function measureShapes(
  bench: BenchContext,
  functions: PreparedFunctions,
  variants: readonly ShapeVariant[],
): Promise<ShapeRow[]> {
  const { node, settings, workDir, server, progress } = bench;
  const transform = functions[FunctionId.transform];
  const partition = functions[FunctionId.partition];
  if (transform === undefined || partition === undefined) {
    throw new Error('the per-shape table needs both built bundles');
  }
  const rows: ShapeRow[] = [];
  const canonicalRecords = new Map<string, number>();
  for (const variant of variants) {
    const { shape } = variant;
    // Without a newline, the same records as with one (a fair pair).
    const dataset = writeRecordsEvent(
      join(workDir, `shape-${variant.id}.json`),
      shape.line,
      {
        canonical: variant.newline,
        answerExtraBytes: PARTITION_METADATA_BYTES,
        maxRecords: canonicalRecords.get(shape.id) ?? Number.POSITIVE_INFINITY,
      },
    );
    if (variant.newline) canonicalRecords.set(shape.id, dataset.records);
    const partitionEnv = {
      RECORD_SCHEMA: '',
      TIMESTAMP_FIELD: shape.timestampField,
    };
    const spec: ShapesSpec = {
      eventPath: dataset.path,
      timestampField: shape.timestampField,
      timeZone: SHAPE_TIME_ZONE,
      rounds: settings.shapeRounds,
      warmup: settings.shapeWarmup,
      seed: SHAPE_ORDER_SEED + rows.length,
      contenders: [
        bundleContender(bench, 'transform', transform, { RECORD_SCHEMA: '' }),
        bundleContender(bench, 'partitionUtc', partition, {
          ...partitionEnv,
          PARTITION_TIMEZONE: 'UTC',
        }),
        bundleContender(bench, 'partitionZone', partition, {
          ...partitionEnv,
          PARTITION_TIMEZONE: SHAPE_TIME_ZONE,
        }),
        { name: 'naive', baseline: 'naive' },
        { name: 'floor', baseline: 'floor' },
        { name: 'handUtc', baseline: 'handUtc' },
        { name: 'intlZone', baseline: 'intlZone' },
      ],
    };
    progress(
      `shapes: ${variant.id} (${dataset.records} records, ${settings.shapeRounds} rounds)`,
    );
    server.take();
    const measured = await runChild<ShapesMeasurement>(
      fileURLToPath(new URL('shapesChild.ts', import.meta.url)),
      spec,
      {
        node,
        env: functionEnv(partition, bench.callerEnv, partitionEnv),
        cwd: partition.taskRoot,
        execArgv: [
          `--max-old-space-size=${Math.max(transform.memoryMb, partition.memoryMb)}`,
          // With --profile: one CPU profile of the whole row (every
          // contender), shapes-<row>.cpuprofile in the profile folder.
          ...(bench.profileDir === undefined
            ? []
            : [
                '--cpu-prof',
                `--cpu-prof-dir=${bench.profileDir}`,
                `--cpu-prof-name=shapes-${variant.id}.cpuprofile`,
              ]),
        ],
      },
    );
    const received = server.take();
    const problems = [...measured.problems];
    if (received.records > 0) {
      problems.push(`${received.records} records sent to the fallback`);
    }
    rows.push(shapeRow(variant, dataset, measured, problems));
  }
  return rows;
}

function shapeRow(
  variant: ShapeVariant,
  dataset: Dataset,
  measured: ShapesMeasurement,
  problems: string[],
): ShapeRow {
  const samples = measured.samplesMs;
  const medianMs: ShapeRow['medianMs'] = {};
  const recordsPerSecond: ShapeRow['recordsPerSecond'] = {};
  for (const [name, ms] of Object.entries(samples)) {
    const value = median(ms);
    medianMs[name as ContenderName] = value;
    recordsPerSecond[name as ContenderName] = dataset.records / (value / 1000);
  }
  const roundRatios = {} as ShapeRow['roundRatios'];
  const ratios = {} as ShapeRatios;
  for (const [key, [fn, base]] of Object.entries(RATIO_PAIRS) as [
    keyof ShapeRatios,
    [ContenderName, ContenderName],
  ][]) {
    const fnMs = samples[fn] ?? [];
    const baseMs = samples[base] ?? [];
    // Same round, same process: a baseline's time ÷ the function's.
    roundRatios[key] = fnMs.map((ms, i) => (baseMs[i] ?? Number.NaN) / ms);
    ratios[key] = median(roundRatios[key]);
  }
  return {
    id: variant.id,
    shape: variant.shape.id,
    label: variant.shape.label,
    newline: variant.newline,
    status: problems.length === 0 ? 'ok' : 'invalid',
    problems,
    records: dataset.records,
    requestBytes: dataset.requestBytes,
    payloadBytes: dataset.payloadBytes,
    rounds: measured.rounds,
    medianMs,
    recordsPerSecond,
    ratios,
    roundRatios,
  };
}
