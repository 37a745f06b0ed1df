// What the benchmark measures: record sizes, the throughput scenarios with
// their expected answers, and the targets of issue #7.
import type { BaselineName } from './baseline.ts';
import type { Env } from './context.ts';
import type { Dataset } from './datasets.ts';
import { FunctionId } from './functions.ts';

/** A record size of the throughput and memory runs. */
export interface Size {
  key: SizeKey;
  label: string;
  bytes: number;
}

export type SizeKey = '1k' | '100b';

/** The datasets of one record size, by name (see run.ts buildDatasets). */
export interface SizeDatasets {
  transform: Dataset;
  transformRaw: Dataset;
  partition: Dataset;
  partitionLate: Dataset;
  cloudWatchLogs?: Dataset;
}

export type DatasetName = keyof SizeDatasets;

/** Every dataset of a run: by record size, and the small batches. */
export interface Datasets {
  bySize: Record<SizeKey, SizeDatasets>;
  /** First-invocation batches of SMALL_BATCH_RECORDS records. */
  small: {
    onTime: Dataset;
    cloudWatchLogs: Dataset | undefined;
    late: Dataset;
  };
}

/** A throughput scenario: a function, its environment and its input. */
export interface ThroughputScenario {
  id: string;
  label: string;
  fn: FunctionId;
  env: Env;
  input: DatasetName;
  /** The baseline input the ratio is taken against. */
  baseline: keyof typeof BASELINE_OF;
  /** The answers expected, by result. */
  expect?: (dataset: Dataset) => Record<string, number>;
  /** Every Ok answer should pass the input through. */
  passthrough?: boolean;
  /** Late records go to the loopback fallback endpoint. */
  fallback?: boolean;
}

/** Record sizes of the throughput and memory runs. */
export const SIZES: readonly Size[] = [
  { key: '1k', label: '1 KiB', bytes: 1024 },
  { key: '100b', label: '100 B', bytes: 100 },
];

/** Log events per CloudWatch Logs record (one subscription delivery). */
export const CWL_EVENTS_PER_RECORD = 10;
/** Every LATE_EVERY-th record of the late scenario arrives late (10%). */
export const LATE_EVERY = 10;
/** Records of the first-invocation batch (1 KiB each). */
export const SMALL_BATCH_RECORDS = 100;

const allOk = (dataset: Dataset): Record<string, number> => ({
  Ok: dataset.records,
});

/** The baseline measured on each batch shape (see baseline.ts). */
export const BASELINE_OF = {
  transform: 'transform',
  partition: 'transform',
  cloudWatchLogs: 'cloudWatchLogs',
} as const satisfies Partial<Record<DatasetName, BaselineName>>;

/**
 * Reference rows measured with the baselines (same processes): the floor
 * of a validating transform, as a ratio to the naive baseline.
 */
export const REFERENCES: readonly {
  id: string;
  label: string;
  /** A dataset every size has. */
  input: 'transform' | 'partition';
  baseline: BaselineName;
}[] = [
  {
    id: 'floor-parse-only',
    label: 'floor · decode + JSON.parse, pass-through',
    input: 'transform',
    baseline: 'parseOnly',
  },
];

/**
 * The throughput scenarios, in the order they run. `input` names a
 * dataset, `baseline` the baseline input the ratio is taken against.
 */
export const THROUGHPUT_SCENARIOS: readonly ThroughputScenario[] = [
  {
    id: 'transform',
    label: 'transform · no schema · canonical',
    fn: FunctionId.transform,
    env: { RECORD_SCHEMA: '' },
    input: 'transform',
    baseline: 'transform',
    expect: allOk,
    passthrough: true,
  },
  {
    id: 'transform-raw',
    label: 'transform · no schema · no trailing \\n',
    fn: FunctionId.transform,
    env: { RECORD_SCHEMA: '' },
    input: 'transformRaw',
    baseline: 'transform',
    expect: allOk,
  },
  {
    id: 'transform-schema',
    label: 'transform · schema=order · canonical',
    fn: FunctionId.transform,
    env: { RECORD_SCHEMA: 'order' },
    input: 'transform',
    baseline: 'transform',
    expect: allOk,
    passthrough: true,
  },
  {
    id: 'transform-schema-raw',
    label: 'transform · schema=order · no trailing \\n',
    fn: FunctionId.transform,
    env: { RECORD_SCHEMA: 'order' },
    input: 'transformRaw',
    baseline: 'transform',
    expect: allOk,
  },
  {
    id: 'partition',
    label: 'partition · no schema · no late',
    fn: FunctionId.partition,
    env: { RECORD_SCHEMA: '' },
    input: 'partition',
    baseline: 'partition',
    expect: allOk,
    passthrough: true,
  },
  {
    id: 'partition-schema',
    label: 'partition · schema=order · no late',
    fn: FunctionId.partition,
    env: { RECORD_SCHEMA: 'order' },
    input: 'partition',
    baseline: 'partition',
    expect: allOk,
    passthrough: true,
  },
  {
    id: 'partition-late',
    label: 'partition · no schema · 10% late → loopback',
    fn: FunctionId.partition,
    env: { RECORD_SCHEMA: '' },
    input: 'partitionLate',
    baseline: 'partition',
    expect: (dataset: Dataset) => ({
      Ok: dataset.records - dataset.late,
      Dropped: dataset.late,
    }),
    fallback: true,
  },
  {
    id: 'cloudwatch-logs',
    label: `CloudWatch Logs · gzip, ${CWL_EVENTS_PER_RECORD} events/record`,
    fn: FunctionId.cloudWatchLogs,
    env: {},
    input: 'cloudWatchLogs',
    baseline: 'cloudWatchLogs',
    // One partition per record (events of the same hour), nothing
    // re-ingested: the batch is sized so that the output fits.
    expect: allOk,
  },
];

/** Throughput targets: handler ÷ baseline (records/s), for every size. */
export const RATIO_TARGETS: readonly { scenario: string; min: number }[] = [
  { scenario: 'transform', min: 2 },
  { scenario: 'transform-schema', min: 1.3 },
  { scenario: 'partition', min: 1.5 },
];

/** Cold start over an empty module, with a schema configured. */
export const COLD_START_TARGET_MS = 25;
export const COLD_START_CONFIGS: readonly {
  fn: FunctionId;
  label: string;
  env: Env;
  target?: boolean;
}[] = [
  {
    fn: FunctionId.transform,
    label: 'RECORD_SCHEMA=order',
    env: { RECORD_SCHEMA: 'order' },
    target: true,
  },
  {
    fn: FunctionId.transform,
    label: 'no schema',
    env: { RECORD_SCHEMA: '' },
  },
  {
    fn: FunctionId.partition,
    label: 'RECORD_SCHEMA=order',
    env: { RECORD_SCHEMA: 'order' },
    target: true,
  },
  {
    fn: FunctionId.partition,
    label: 'no schema',
    env: { RECORD_SCHEMA: '' },
  },
  { fn: FunctionId.cloudWatchLogs, label: 'template defaults', env: {} },
];

/** Handler bundle (with its static chunks), before any SDK code. */
export const BUNDLE_TARGET_BYTES = 150 * 1024;
/** Peak RSS of a process handling one full batch. */
export const PEAK_RSS_TARGET_BYTES = 128 * 1_048_576;

/**
 * Memory runs: each function's heaviest configuration on a full batch (the
 * targets), and references that are not targets (`target: false`): the
 * partition batch without late records tells the pipeline's own peak from
 * what loading and calling the SDK adds.
 */
export const MEMORY_SCENARIOS: readonly {
  fn: FunctionId;
  label: string;
  env: Env;
  input: DatasetName;
  target?: false;
}[] = [
  {
    fn: FunctionId.transform,
    label: 'transform · schema=order · no trailing \\n (re-encodes all)',
    env: { RECORD_SCHEMA: 'order' },
    input: 'transformRaw',
  },
  {
    fn: FunctionId.partition,
    label: 'partition · schema=order · 10% late (loads the SDK)',
    env: { RECORD_SCHEMA: 'order' },
    input: 'partitionLate',
  },
  {
    fn: FunctionId.partition,
    label: 'partition · schema=order · no late records (no SDK)',
    env: { RECORD_SCHEMA: 'order' },
    input: 'partition',
    target: false,
  },
  {
    fn: FunctionId.cloudWatchLogs,
    label: 'CloudWatch Logs · template defaults',
    env: {},
    input: 'cloudWatchLogs',
  },
];
