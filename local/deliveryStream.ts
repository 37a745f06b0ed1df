// One local delivery stream: records in (Direct PUT), the processor buffer
// and its Lambda invocations (retries, response checks), dynamic
// partitioning, the delivery buffers, and objects out to the sink, data
// under Prefix and failures under ErrorOutputPrefix, as Firehose does.
import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { PartitionKeys } from '#shared/firehose/types.js';
import {
  type BufferTarget,
  createDestinationBuffers,
  type OpenBuffer,
} from './destinationBuffers.ts';
import { FirehoseError, type FirehoseErrorKind } from './errorCodes.ts';
import { errorRecordLine } from './errorRecord.ts';
import { buildFirehoseEvent, firehoseRecordId } from './firehoseEvent.ts';
import { type InvokeFunction, invokeProcessor } from './invokeProcessor.ts';
import { MetadataExtractionError } from './jq/fieldPath.ts';
import type { ObjectSink } from './objectSinks.ts';
import {
  type BufferedRecord,
  createProcessorBuffer,
} from './processorBuffer.ts';
import {
  DeaggregationError,
  deaggregateJson,
} from './records/deaggregateJson.ts';
import type { CheckedAnswer } from './responseCheck.ts';
import type { StreamStats, WrittenObject } from './runReport.ts';
import { evaluatePrefix, objectName, PrefixError } from './s3Prefix.ts';
import { createSerialQueue } from './serialQueue.ts';
import type { StreamConfig } from './streamConfig.ts';

/** A record put into a stream; `arrivalMs` defaults to the clock's now. */
export interface LocalRecord {
  data: Buffer;
  arrivalMs?: number | undefined;
}

/** The simulated clock of a local run. */
export interface Clock {
  now(): number;
}

/** One running delivery stream. */
export interface DeliveryStream {
  readonly config: StreamConfig;
  readonly stats: StreamStats;
  /** Records in (Direct PUT), arriving now; returns their record ids. */
  put(items: readonly LocalRecord[]): string[];
  /** Earliest time at which a buffer must be flushed (undefined: none). */
  nextDeadline(): number | undefined;
  /** Flush every buffer whose interval has expired at `now`. */
  flushDue(now: number): void;
  /**
   * The arrival times of the oldest records not yet delivered (buffered,
   * being processed, or being written), one per place that holds records.
   */
  inFlightArrivals(): number[];
  readonly busy: boolean;
  idle(): Promise<void>;
}

/** At most this many batch failures are kept, with their detail, for the report. */
const KEPT_FAILURES = 10;

/**
 * @param options
 * @param options.config a stream of readDeliveryStreams()
 * @param options.serial the stream's number (for record ids)
 * @param options.clock the simulated clock
 * @param options.invoke
 * @param options.sink
 * @param options.activePartitionLimit
 * @param options.region
 * @param [options.onObject] told of every object written, after it is
 * @example
 *   const stream = createDeliveryStream({ config, serial: 1, clock, invoke, sink, activePartitionLimit: 500, region });
 *   stream.put([{ data: Buffer.from('{"a":1}'), arrivalMs }]);
 */
export function createDeliveryStream({
  config,
  serial,
  clock,
  invoke,
  sink,
  activePartitionLimit,
  region,
  onObject,
}: {
  config: StreamConfig;
  serial: number;
  clock: Clock;
  invoke: InvokeFunction;
  sink: Pick<ObjectSink, 'put'>;
  activePartitionLimit: number;
  region: string;
  onObject?: ((object: WrittenObject) => void) | undefined;
}): DeliveryStream {
  const queue = createSerialQueue();
  const stats: StreamStats = {
    logicalId: config.logicalId,
    name: config.name,
    recordsIn: 0,
    bytesIn: 0,
    ok: 0,
    dropped: 0,
    processingFailed: 0,
    delivered: 0,
    invocations: 0,
    invocationErrors: {},
    errorRecords: {},
    batchFailures: [],
    moreBatchFailures: 0,
    partitions: new Set(),
    objects: [],
    initError: undefined,
  };
  let sequence = 0;
  const processorBuffer =
    config.processor === undefined
      ? undefined
      : createProcessorBuffer({
          sizeBytes: config.processor.bufferSizeBytes,
          intervalMs: config.processor.intervalMs,
          deliveryStreamArn: config.arn,
        });
  const buffers = createDestinationBuffers({
    sizeBytes: config.buffering.sizeBytes,
    intervalMs: config.buffering.intervalMs,
    activeLimit: config.dynamicPartitioning
      ? activePartitionLimit
      : Number.POSITIVE_INFINITY,
  });
  const checkedPartitions = new Set<string>();
  // The oldest arrival of each batch at its processor and of each buffer
  // being written: with the open buffers, what is not yet delivered.
  const processing = new Set<{ oldestArrivalMs: number }>();
  const writing = new Set<{ oldestArrivalMs: number }>();

  function put(items: readonly LocalRecord[]): string[] {
    const now = clock.now();
    const ids: string[] = [];
    for (const item of items) {
      sequence++;
      const record: BufferedRecord = {
        recordId: firehoseRecordId(serial, sequence),
        data: item.data,
        arrivalMs: item.arrivalMs ?? now,
      };
      ids.push(record.recordId);
      stats.recordsIn++;
      stats.bytesIn += record.data.length;
      if (processorBuffer === undefined) {
        deliverUnprocessed(record);
        continue;
      }
      if (!processorBuffer.fits(record)) dispatch();
      if (processorBuffer.add(record, now)) dispatch();
    }
    return ids;
  }

  // No Lambda: de-aggregation and jq keys (MetadataExtraction) if any.
  function deliverUnprocessed(record: BufferedRecord): void {
    let parts = [record.data];
    try {
      if (config.deaggregateJson) parts = deaggregateJson(record.data);
    } catch (error) {
      if (!(error instanceof DeaggregationError)) throw error;
      deliverError(
        record,
        FirehoseError.metadataExtractionFailed,
        1,
        record.data,
      );
      return;
    }
    for (const part of parts) {
      let keys: PartitionKeys | undefined;
      try {
        keys = config.metadataQuery?.extract(part.toString('utf8'));
      } catch (error) {
        if (!(error instanceof MetadataExtractionError)) throw error;
        deliverError(record, FirehoseError.metadataExtractionFailed, 1, part);
        continue;
      }
      deliver(record, withDelimiter(part), keys, 1);
    }
  }

  function withDelimiter(data: Buffer): Buffer {
    return config.appendDelimiter ? Buffer.concat([data, NEWLINE]) : data;
  }

  function dispatch(): void {
    if (processorBuffer === undefined) return;
    const batch = processorBuffer.take();
    const processor = config.processor;
    if (batch.length === 0 || processor === undefined) return;
    const held = {
      oldestArrivalMs: batch.reduce(
        (oldest, record) => Math.min(oldest, record.arrivalMs),
        Number.POSITIVE_INFINITY,
      ),
    };
    processing.add(held);
    queue.push(async () => {
      try {
        await processBatch(batch, processor);
      } finally {
        processing.delete(held);
      }
    });
  }

  async function processBatch(
    batch: BufferedRecord[],
    processor: NonNullable<StreamConfig['processor']>,
  ): Promise<void> {
    const outcome = await invokeProcessor({
      event: buildFirehoseEvent({
        invocationId: randomUUID(),
        deliveryStreamArn: config.arn,
        region,
        records: batch,
      }),
      processor,
      invoke,
      onInvocation(errorType) {
        stats.invocations++;
        if (errorType !== undefined)
          stats.invocationErrors[errorType] =
            (stats.invocationErrors[errorType] ?? 0) + 1;
      },
    });
    if (outcome.error === undefined) {
      routeAnswers(batch, outcome.answers, outcome.attempt);
      return;
    }
    stats.initError ??= outcome.initError;
    keepFailure(outcome.error.code, outcome.detail, batch.length);
    for (const record of batch)
      deliverError(record, outcome.error, outcome.attemptsMade, record.data);
  }

  function keepFailure(code: string, detail: string, records: number): void {
    if (stats.batchFailures.length < KEPT_FAILURES)
      stats.batchFailures.push({ code, detail, records });
    else stats.moreBatchFailures++;
  }

  function routeAnswers(
    batch: readonly BufferedRecord[],
    answers: ReadonlyMap<string, CheckedAnswer>,
    attempt: number,
  ): void {
    for (const record of batch) {
      const answer = answers.get(record.recordId);
      // checkProcessorResponse guarantees an answer for every record id.
      if (answer === undefined) continue;
      if (answer.result === 'Ok') {
        stats.ok++;
        deliver(
          record,
          withDelimiter(answer.data),
          answer.partitionKeys,
          attempt,
        );
      } else if (answer.result === 'Dropped') {
        stats.dropped++;
      } else {
        stats.processingFailed++;
        deliverError(
          record,
          FirehoseError.processingFailedStatus,
          attempt,
          record.data,
        );
      }
    }
  }

  function deliver(
    record: BufferedRecord,
    data: Buffer,
    partitionKeys: PartitionKeys | undefined,
    attempt: number,
  ): void {
    let target: BufferTarget = { kind: 'data', key: 'data' };
    if (config.dynamicPartitioning) {
      // Key order follows the Prefix; a missing key stays (undefined) so
      // that evaluatePrefix names it.
      const keys: Record<string, string | undefined> = {};
      for (const name of config.prefix.lambdaKeys)
        keys[name] = partitionKeys?.[name];
      target = { kind: 'data', key: JSON.stringify(keys), partitionKeys: keys };
      if (!checkedPartitions.has(target.key)) {
        try {
          evaluatePrefix(config.prefix, {
            arrivalMs: record.arrivalMs,
            timeZone: config.timeZone,
            partitionKeys: keys,
          });
          checkedPartitions.add(target.key);
        } catch (error) {
          if (!(error instanceof PrefixError)) throw error;
          deliverError(
            record,
            FirehoseError.metadataExtractionFailed,
            attempt,
            data,
          );
          return;
        }
      }
    }
    const state = buffers.add(target, data, record.arrivalMs, clock.now());
    if (state === 'limit') {
      deliverError(
        record,
        FirehoseError.activePartitionsLimitExceeded,
        attempt,
        data,
      );
      return;
    }
    stats.delivered++;
    stats.partitions.add(target.key);
    if (state === 'full') scheduleWrite(target.key);
  }

  function deliverError(
    record: BufferedRecord,
    error: FirehoseErrorKind,
    attemptsMade: number,
    rawData: Uint8Array,
  ): void {
    const line = errorRecordLine({
      rawData: Buffer.from(rawData).toString('base64'),
      arrivalMs: record.arrivalMs,
      error,
      attemptsMade,
      attemptEndingMs: clock.now(),
      lambdaArn: config.processor?.lambdaArn,
    });
    const target: BufferTarget = {
      kind: 'error',
      key: `error:${error.outputType}`,
      errorOutputType: error.outputType,
    };
    stats.errorRecords[error.code] = (stats.errorRecords[error.code] ?? 0) + 1;
    const state = buffers.add(
      target,
      Buffer.from(line),
      record.arrivalMs,
      clock.now(),
    );
    if (state === 'full') scheduleWrite(target.key);
  }

  function scheduleWrite(key: string): void {
    const buffer = buffers.take(key);
    if (buffer === undefined) return;
    writing.add(buffer);
    queue.push(async () => {
      try {
        await writeObject(buffer);
      } finally {
        writing.delete(buffer);
      }
    });
  }

  async function writeObject(buffer: OpenBuffer): Promise<void> {
    const prefix = evaluatePrefix(
      buffer.kind === 'data' ? config.prefix : config.errorPrefix,
      {
        arrivalMs: buffer.oldestArrivalMs,
        timeZone: config.timeZone,
        partitionKeys:
          buffer.kind === 'data' ? buffer.partitionKeys : undefined,
        errorOutputType:
          buffer.kind === 'error' ? buffer.errorOutputType : undefined,
      },
    );
    const plain = Buffer.concat(buffer.chunks);
    if (plain.length === 0) return; // Ok records with empty data only
    const body = config.compression === 'GZIP' ? gzipSync(plain) : plain;
    const key =
      prefix +
      objectName(config.name, buffer.oldestArrivalMs, config.compression);
    await sink.put(key, body);
    const written: WrittenObject = {
      key,
      kind: buffer.kind,
      bytes: body.length,
      records: buffer.records,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      oldestArrivalMs: buffer.oldestArrivalMs,
    };
    stats.objects.push(written);
    onObject?.(written);
  }

  return {
    config,
    stats,
    put,
    nextDeadline() {
      const deadlines = [processorBuffer?.deadline(), buffers.nextDeadline()];
      const set = deadlines.filter((d) => d !== undefined);
      return set.length === 0 ? undefined : Math.min(...set);
    },
    flushDue(now) {
      const processorDeadline = processorBuffer?.deadline();
      if (processorDeadline !== undefined && processorDeadline <= now)
        dispatch();
      for (const key of buffers.due(now)) scheduleWrite(key);
    },
    inFlightArrivals() {
      const arrivals = [
        processorBuffer?.oldestArrivalMs(),
        buffers.oldestArrivalMs(),
        ...[...processing, ...writing].map((held) => held.oldestArrivalMs),
      ];
      return arrivals.filter((arrival) => arrival !== undefined);
    },
    get busy() {
      return queue.pending > 0;
    },
    idle: () => queue.idle(),
  };
}

const NEWLINE = Buffer.from('\n');
