import { FailureReason } from '../firehose/reasons.js';
import type { FirehoseRecord, Rejection, Verdict } from '../firehose/types.js';
import { failed, isRejection, ok } from '../firehose/verdicts.js';
import { classifyLateness, Timeliness } from '../lateness/classifyLateness.js';
import { kafkaCoordinates } from '../lateness/fallbackEnvelope.js';
import { createFallbackRouting } from '../lateness/fallbackRouting.js';
import type { LatenessConfig } from '../lateness/latenessConfig.js';
import type { Logger } from '../observability/logger.js';
import {
  type BatchDecoder,
  createRecordDecoder,
  type DecodedRecord,
  type RecordDecoder,
} from '../records/decodeRecord.js';
import type { BatchTransport } from '../senders/batchTransport.js';
import type { EventTimeStage } from '../time/eventTimeStage.js';
import type { PartitionWindow } from '../time/partitionWindow.js';
import { createFusedPartition, type FusedResult } from './fusedPartition.js';
import type { LineStage } from './lineStages.js';
import type { BatchProcessor } from './runBatch.js';
import { createScanReader } from './scanRecord.js';
import {
  asDecoded,
  decodeOrFail,
  encodeOutput,
  parseDecoded,
  type TransformedRecord,
} from './transformRecord.js';

/** What the partition processor is made of. */
export interface PartitionProcessorParts {
  /** Line stages run before partitioning (schema validation, your own). */
  readonly stages: readonly LineStage[];
  /** Where the event time is (`TIMESTAMP_FIELD` as keys). */
  readonly fieldPath: readonly string[];
  readonly eventTime: EventTimeStage;
  readonly lateness: LatenessConfig;
  /** Warn when one invocation touches more partitions than this. */
  readonly partitionWarningThreshold: number;
  /** The fallback stream's transport; undefined when no stream is set. */
  readonly fallback: BatchTransport | undefined;
  readonly logger: Logger;
  /** How gzip records are read (`DECOMPRESS`); default `auto`, 16 MiB. */
  readonly decoder?: BatchDecoder;
  /**
   * Reads a record into its lines; default: JSON input (the byte scanner
   * or `JSON.parse`, then `stages`). Log input passes its own.
   */
  readonly readRecord?: (
    record: FirehoseRecord,
    decode: RecordDecoder,
  ) => TransformedRecord | Rejection;
}

/**
 * The batch processor of EventTimePartitionFunction: decode, parse and run
 * the line stages (shared with TransformFunction), read each record's event
 * time, answer `Ok` with its partition keys; route late and early records to
 * the fallback stream (when one is set) and answer them from the delivery
 * outcome.
 *
 * @example
 * ```ts
 * const processor = createPartitionProcessor({ stages, eventTime, lateness, partitionWarningThreshold: 400, fallback, logger });
 * ```
 */
export function createPartitionProcessor(
  parts: PartitionProcessorParts,
): BatchProcessor {
  const rule = parts.lateness;
  const readDecoded = createDecodedReader(parts.stages, parts.fieldPath);
  const read =
    parts.readRecord ??
    ((record: FirehoseRecord, decode: RecordDecoder) =>
      decodeThen(record, decode, readDecoded));
  // JSON records without line stages: the fused path first.
  const fused =
    parts.readRecord === undefined && parts.stages.length === 0
      ? createFusedPartition(parts.fieldPath, parts.eventTime.fused, rule)
      : undefined;
  const found: FusedResult = { window: undefined, eventTimeMs: 0, output: '' };
  const decoder =
    parts.decoder ??
    createRecordDecoder({ mode: 'auto', maxDecompressedBytes: 16_777_216 });
  return async function partitionRecords(
    records,
    { summary, context, source },
  ) {
    const decode = decoder.forBatch();
    const verdicts: Verdict[] = new Array(records.length);
    const routing =
      parts.fallback === undefined
        ? undefined
        : createFallbackRouting(parts.fallback, rule, summary);
    const partitions = new Set<string>();
    let lastWindow: PartitionWindow | undefined;

    for (let i = 0; i < records.length; i++) {
      const record = records[i] as FirehoseRecord;
      const arrivalMs = record.approximateArrivalTimestamp;
      let transformed: TransformedRecord | Rejection;
      if (fused === undefined) {
        transformed = read(record, decode);
      } else {
        const decoded = decodeOrFail(record, decode);
        if (!('bytes' in decoded)) {
          verdicts[i] = decoded;
          continue;
        }
        if (fused(decoded.data, decoded.bytes, arrivalMs, found)) {
          const window = found.window as PartitionWindow;
          // Consecutive records mostly share their window (one instance
          // per window while cached): add its id once per run of them.
          if (window !== lastWindow) {
            partitions.add(window.id);
            lastWindow = window;
          }
          verdicts[i] = ok(found.output, window.keys, {
            windowEndMs: window.end,
            eventTimeMs: found.eventTimeMs,
          });
          continue;
        }
        transformed = readDecoded(record, decoded);
      }
      if (isRejection(transformed)) {
        verdicts[i] = transformed;
        continue;
      }
      const time = parts.eventTime(transformed.lines, arrivalMs);
      if (isRejection(time)) {
        verdicts[i] = time;
        continue;
      }
      if (time.usedArrival) summary.count('ArrivalTimeUsed');
      const timeliness = classifyLateness(
        {
          eventTimeMs: time.eventTimeMs,
          windowEndMs: time.window.end,
          arrivalMs,
        },
        rule,
      );
      if (timeliness !== Timeliness.onTime) {
        summary.count(timeliness === Timeliness.late ? 'Late' : 'Early');
        if (routing !== undefined) {
          const refused = routing.route(i, transformed.lines, {
            reason: timeliness,
            recordId: record.recordId,
            eventTimeMs: time.eventTimeMs,
            arrivalMs,
            partition: time.window.keys,
            sourceStream: source.deliveryStreamArn,
            kafka: kafkaCoordinates(record, source.sourceMSKArn),
          });
          if (refused !== undefined) verdicts[i] = refused;
          continue;
        }
      }
      partitions.add(time.window.id);
      // The timing goes into the marker if the record is re-ingested, to
      // judge its lateness again when it comes back (judgeReturned.ts).
      verdicts[i] = ok(encodeOutput(record, transformed), time.window.keys, {
        windowEndMs: time.window.end,
        eventTimeMs: time.eventTimeMs,
      });
    }

    summary.count('Partitions', partitions.size);
    if (partitions.size > parts.partitionWarningThreshold) {
      summary.count('PartitionWarning');
      parts.logger.log('warn', 'many partitions in one invocation', {
        partitions: partitions.size,
        threshold: parts.partitionWarningThreshold,
        hint: 'Firehose allows 500 active partitions per stream by default; late or bad event times spread data over many old partitions',
      });
    }

    await routing?.send(verdicts, context);
    // Defensive: a record without a verdict would break the contract.
    for (let i = 0; i < verdicts.length; i++) {
      verdicts[i] ??= failed(
        FailureReason.stageError,
        'no verdict was reached',
      );
    }
    return verdicts;
  };
}

/**
 * Without line stages, records are read by the byte scanner (only the
 * event-time field is parsed); anything it declines, and every record when
 * there are stages, goes through `JSON.parse`.
 */
function createDecodedReader(
  stages: readonly LineStage[],
  fieldPath: readonly string[],
): (
  original: FirehoseRecord,
  decoded: DecodedRecord,
) => TransformedRecord | Rejection {
  const scan = stages.length > 0 ? undefined : createScanReader(fieldPath);
  return function readDecoded(original, decoded) {
    const record = asDecoded(original, decoded);
    const bytes = decoded.bytes;
    return scan?.(record, bytes) ?? parseDecoded(record, bytes, stages);
  };
}

function decodeThen(
  record: FirehoseRecord,
  decode: RecordDecoder,
  readDecoded: (
    original: FirehoseRecord,
    decoded: DecodedRecord,
  ) => TransformedRecord | Rejection,
): TransformedRecord | Rejection {
  const decoded = decodeOrFail(record, decode);
  return 'bytes' in decoded ? readDecoded(record, decoded) : decoded;
}
