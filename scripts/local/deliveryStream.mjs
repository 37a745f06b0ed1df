// One local delivery stream: records in (Direct PUT), the processor buffer
// and its Lambda invocations (retries, response checks), dynamic
// partitioning, the delivery buffers, and objects out to the sink, data
// under Prefix and failures under ErrorOutputPrefix, as Firehose does.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MetadataExtractionError } from '../../local/jq/fieldPath.ts';
import {
  DeaggregationError,
  deaggregateJson,
} from '../../local/records/deaggregateJson.ts';
import { createDestinationBuffers } from './destinationBuffers.mjs';
import { FirehoseError } from './errorCodes.mjs';
import { errorRecordLine } from './errorRecord.mjs';
import { buildFirehoseEvent, firehoseRecordId } from './firehoseEvent.mjs';
import { invokeProcessor } from './invokeProcessor.mjs';
import { createProcessorBuffer } from './processorBuffer.mjs';
import { evaluatePrefix, objectName, PrefixError } from './s3Prefix.mjs';
import { createSerialQueue } from './serialQueue.mjs';

/** At most this many batch failures are kept, with their detail, for the report. */
const KEPT_FAILURES = 10;

/**
 * @param {object} options
 * @param {object} options.config a stream of readDeliveryStreams()
 * @param {number} options.serial the stream's number (for record ids)
 * @param {{ now(): number }} options.clock the simulated clock
 * @param {(logicalId: string, event: object) => Promise<unknown>} options.invoke
 * @param {{ put(key: string, body: Buffer): Promise<void> }} options.sink
 * @param {number} options.activePartitionLimit
 * @param {string} options.region
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
}) {
  const queue = createSerialQueue();
  const stats = {
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
    partitions: new Set(),
    objects: [],
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
  const checkedPartitions = new Set();

  function put(items) {
    const now = clock.now();
    const ids = [];
    for (const item of items) {
      sequence++;
      const record = {
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
  function deliverUnprocessed(record) {
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
      let keys;
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

  function withDelimiter(data) {
    return config.appendDelimiter ? Buffer.concat([data, NEWLINE]) : data;
  }

  function dispatch() {
    const batch = processorBuffer.take();
    if (batch.length > 0) queue.push(() => processBatch(batch));
  }

  async function processBatch(batch) {
    const outcome = await invokeProcessor({
      event: buildFirehoseEvent({
        invocationId: randomUUID(),
        deliveryStreamArn: config.arn,
        region,
        records: batch,
      }),
      processor: config.processor,
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
    keepFailure(outcome.error.code, outcome.detail, batch.length);
    for (const record of batch)
      deliverError(record, outcome.error, outcome.attemptsMade, record.data);
  }

  function keepFailure(code, detail, records) {
    if (stats.batchFailures.length < KEPT_FAILURES)
      stats.batchFailures.push({ code, detail, records });
  }

  function routeAnswers(batch, answers, attempt) {
    for (const record of batch) {
      const answer = answers.get(record.recordId);
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

  function deliver(record, data, partitionKeys, attempt) {
    let target = { kind: 'data', key: 'data' };
    if (config.dynamicPartitioning) {
      const keys = {};
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

  function deliverError(record, error, attemptsMade, rawData) {
    const line = errorRecordLine({
      rawData: Buffer.from(rawData).toString('base64'),
      arrivalMs: record.arrivalMs,
      error,
      attemptsMade,
      attemptEndingMs: clock.now(),
      lambdaArn: config.processor?.lambdaArn,
    });
    const target = {
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

  function scheduleWrite(key) {
    const buffer = buffers.take(key);
    if (buffer !== undefined) queue.push(() => writeObject(buffer));
  }

  async function writeObject(buffer) {
    const prefix = evaluatePrefix(
      buffer.kind === 'data' ? config.prefix : config.errorPrefix,
      {
        arrivalMs: buffer.oldestArrivalMs,
        timeZone: config.timeZone,
        partitionKeys: buffer.partitionKeys,
        errorOutputType: buffer.errorOutputType,
      },
    );
    const plain = Buffer.concat(buffer.chunks);
    if (plain.length === 0) return; // Ok records with empty data only
    const body = config.compression === 'GZIP' ? gzipSync(plain) : plain;
    const key =
      prefix +
      objectName(config.name, buffer.oldestArrivalMs, config.compression);
    await sink.put(key, body);
    stats.objects.push({
      key,
      kind: buffer.kind,
      bytes: body.length,
      records: buffer.records,
    });
  }

  return {
    config,
    stats,
    put,
    /** Earliest time at which a buffer must be flushed (undefined: none). */
    nextDeadline() {
      const deadlines = [processorBuffer?.deadline(), buffers.nextDeadline()];
      const set = deadlines.filter((d) => d !== undefined);
      return set.length === 0 ? undefined : Math.min(...set);
    },
    /** Flush every buffer whose interval has expired at `now`. */
    flushDue(now) {
      const processorDeadline = processorBuffer?.deadline();
      if (processorDeadline !== undefined && processorDeadline <= now)
        dispatch();
      for (const key of buffers.due(now)) scheduleWrite(key);
    },
    get busy() {
      return queue.pending > 0;
    },
    idle: () => queue.idle(),
  };
}

const NEWLINE = Buffer.from('\n');
