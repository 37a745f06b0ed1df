/**
 * The three functions as their handlers compose them (functions/*.ts),
 * with fake senders injected where routing is involved: the fallback
 * stream and re-ingestion. A sender refuses some entries (by a hash of the
 * id, so a run is reproducible) and records what it confirmed, so that the
 * contract check can tell whether a `Dropped` answer was confirmed.
 */
import { readCloudWatchLogsConfig } from '#shared/cloudwatch/cloudWatchLogsConfig.js';
import { createCloudWatchLogsProcessor } from '#shared/cloudwatch/cloudWatchLogsProcessor.js';
import type { FirehoseResponse } from '#shared/firehose/types.js';
import {
  checkTimestampField,
  readInputFormatConfig,
} from '#shared/formats/formatConfig.js';
import { createReturnedRecordJudge } from '#shared/lateness/judgeReturned.js';
import { readLatenessConfig } from '#shared/lateness/latenessConfig.js';
import { createLogger } from '#shared/observability/logger.js';
import type { LineStage } from '#shared/pipeline/lineStages.js';
import {
  readerForInputFormat,
  transformLogRecord,
} from '#shared/pipeline/logRecords.js';
import { createPartitionProcessor } from '#shared/pipeline/partitionRecords.js';
import { type Observability, runBatch } from '#shared/pipeline/runBatch.js';
import { transformRecord } from '#shared/pipeline/transformRecord.js';
import { createRecordDecoder } from '#shared/records/decodeRecord.js';
import { readDecompressConfig } from '#shared/records/decompressConfig.js';
import { createReingestPolicy } from '#shared/reingest/overflowPolicy.js';
import { readReingestConfig } from '#shared/reingest/reingestConfig.js';
import type { BatchEntry } from '#shared/senders/batchTransport.js';
import { createEventTimeStage } from '#shared/time/eventTimeStage.js';
import { readPartitionConfig } from '#shared/time/partitionConfig.js';
import { createPartitioner } from '#shared/time/partitionWindow.js';
import {
  createSchemaStage,
  readSchemaConfig,
} from '#shared/validation/schemaStage.js';
import { fakeContext } from '../helpers/records.js';
import {
  createFakeTransport,
  type FakeTransport,
  refused,
} from '../unit/senders/fakeTransport.js';

/** The functions the suite exercises. */
export const FunctionKind = {
  transform: 'transform',
  partition: 'partition',
  cloudWatchLogs: 'cloudWatchLogs',
} as const;
export type FunctionKind = (typeof FunctionKind)[keyof typeof FunctionKind];

/** The key the fuzz functions sign re-ingestion markers with. */
export const FUZZ_MARKER_KEY = 'fuzz-marker-key-of-at-least-32-characters';

/** What one invocation gave: a response or a thrown error, and what was sent. */
export interface Invocation {
  readonly response?: FirehoseResponse;
  readonly error?: unknown;
  /** Entry ids a fake sender confirmed (fallback and re-ingestion). */
  readonly confirmed: ReadonlySet<string>;
  /** Calls made to the re-ingestion senders (Firehose and Kinesis). */
  readonly reingestCalls: number;
}

export type FuzzFunction = (event: unknown) => Promise<Invocation>;

const ENV: Record<string, string> = {
  REINGEST_MARKER_KEY: FUZZ_MARKER_KEY,
  REINGEST_MAX_ATTEMPTS: '1',
  FALLBACK_MAX_ATTEMPTS: '1',
  FALLBACK_STREAM_NAME: 'fuzz-late',
  ALLOWED_LATENESS: '1h',
  MAX_FUTURE_SKEW: '5m',
};

function fakeSender(): FakeTransport {
  return createFakeTransport(
    () => ({
      each: (entry: BatchEntry) =>
        hash(entry.id) % 4 === 0 ? refused() : { ok: true },
    }),
    { latencyMs: 0 },
  );
}

function hash(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 16_777_619) >>> 0;
  }
  return h;
}

/**
 * Build one of the functions with `env` over the suite's defaults.
 *
 * @example
 * ```ts
 * const invoke = createFuzzFunction('partition', { ON_MISSING_TIMESTAMP: 'arrival' });
 * const { response, error, confirmed } = await invoke(event);
 * ```
 */
export function createFuzzFunction(
  kind: FunctionKind,
  overrides: Record<string, string> = {},
): FuzzFunction {
  const env = { ...ENV, ...overrides };
  const observability: Observability = {
    logger: createLogger({ LOG_LEVEL: 'error' }, {}, () => undefined),
    namespace: 'Fuzz',
    functionName: kind,
  };
  const reingest = fakeSender();
  const fallback = fakeSender();
  const transports = { firehose: () => reingest, kinesis: () => reingest };
  // As functions/eventTimePartition.ts: a record that comes back from
  // re-ingestion is judged late again on its new arrival time.
  const overflow = createReingestPolicy(readReingestConfig(env), {
    transports,
    ...(kind === 'partition'
      ? {
          judgeReturned: createReturnedRecordJudge({
            lateness: readLatenessConfig(env),
            fallback,
          }),
        }
      : {}),
  });
  const schemaStage = createSchemaStage(readSchemaConfig(env));
  const stages: LineStage[] = schemaStage === undefined ? [] : [schemaStage];
  const partitionConfig = readPartitionConfig(env);
  // As functions/*.ts compose them: DECOMPRESS, INPUT_FORMAT.
  const decoder = createRecordDecoder(readDecompressConfig(env));
  const inputFormat = readInputFormatConfig(env);
  const readLog = readerForInputFormat(inputFormat, stages);
  if (kind === 'partition') {
    checkTimestampField(
      inputFormat,
      partitionConfig.timestampField,
      partitionConfig.timestampFieldSpec,
    );
  }
  const processor =
    kind === 'transform'
      ? (records: Parameters<typeof transformRecord>[0][]) => {
          const decode = decoder.forBatch();
          return readLog === undefined
            ? records.map((record) => transformRecord(record, stages, decode))
            : records.map((record) =>
                transformLogRecord(readLog, record, decode),
              );
        }
      : kind === 'partition'
        ? createPartitionProcessor({
            stages,
            decoder,
            ...(readLog === undefined ? {} : { readRecord: readLog }),
            fieldPath: partitionConfig.timestampField,
            eventTime: createEventTimeStage(partitionConfig),
            lateness: readLatenessConfig(env),
            partitionWarningThreshold:
              partitionConfig.partitionWarningThreshold,
            fallback,
            logger: observability.logger,
          })
        : createCloudWatchLogsProcessor({
            config: readCloudWatchLogsConfig(env),
            partition: createPartitioner(partitionConfig),
            earliestEventMs: partitionConfig.earliestEventMs,
            partitionWarningThreshold:
              partitionConfig.partitionWarningThreshold,
            logger: observability.logger,
          });
  return async function invoke(event) {
    const startReingest = reingest.confirmed.length;
    const startCalls = reingest.calls.length;
    const startFallback = fallback.confirmed.length;
    let response: FirehoseResponse | undefined;
    let error: unknown;
    try {
      response = await runBatch(
        event,
        fakeContext(),
        processor as never,
        observability,
        overflow,
      );
    } catch (caught) {
      error = caught;
    }
    const confirmed = new Set([
      ...reingest.confirmed.slice(startReingest),
      ...fallback.confirmed.slice(startFallback),
    ]);
    const reingestCalls = reingest.calls.length - startCalls;
    return error === undefined
      ? { response, confirmed, reingestCalls }
      : { error, confirmed, reingestCalls };
  };
}
