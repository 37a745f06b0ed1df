/**
 * The event-time stage: read each line's timestamp, check that a record's
 * lines share one partition window, and return that window.
 */

import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';
import type { FailedVerdict } from '../firehose/types.js';
import { failed, failedFromError } from '../firehose/verdicts.js';
import type { JsonLine } from '../records/jsonLines.js';
import { readField } from './fieldPath.js';
import {
  eventTimeOfJsonBytes,
  parseEventTime,
  TimestampFormat,
} from './parseEventTime.js';
import type { PartitionConfig } from './partitionConfig.js';
import {
  createPartitioner,
  type Partitioner,
  type PartitionWindow,
} from './partitionWindow.js';

/** A record's event time and partition window. */
export interface EventTimeVerdict {
  readonly window: PartitionWindow;
  /** The latest event time of the record's lines (epoch ms). */
  readonly eventTimeMs: number;
  /** True when a line had no timestamp and its arrival time was used. */
  readonly usedArrival: boolean;
}

/** The stage: a record's lines and arrival time to a verdict. */
export interface EventTimeStage {
  (
    lines: readonly JsonLine[],
    arrivalMs: number | undefined,
  ): EventTimeVerdict | FailedVerdict;
  /**
   * What the partition function's fused path needs to decide a one-line
   * record as this stage would, without lines (see fusedPartition.ts);
   * a stage without it is always called with lines.
   */
  readonly fused?: FusedEventTime;
}

/** The stage's own rule, for a field value the byte scanner captured. */
export interface FusedEventTime {
  /**
   * The event time of the field's JSON text `bytes[start, end)` as the
   * stage reads it, or `NaN` whenever the stage must decide (another form,
   * out of range, invalid): see `eventTimeOfJsonBytes`.
   */
  instantOf(bytes: Uint8Array, start: number, end: number): number;
  /** The stage's partitioner (the same windows, the same cache). */
  readonly partition: Partitioner;
}

/** The settings the stage uses (see {@link PartitionConfig}). */
export type EventTimeStageConfig = Pick<
  PartitionConfig,
  | 'timestampField'
  | 'timestampFieldSpec'
  | 'timestampFormat'
  | 'granularity'
  | 'timeZone'
  | 'onMissingTimestamp'
  | 'earliestEventMs'
>;

/**
 * Create the event-time stage (once, at init). Each line must be a JSON
 * object (`not-an-object`); a line without the field (absent or null) takes
 * the arrival time when `onMissingTimestamp` is `arrival` and an arrival
 * time is known, else fails `missing-timestamp`; parse failures keep their
 * reason. All lines must fall into one window (`mixed-partitions`, decided
 * at the first line in another window). The arrival time must be in the
 * event-time range too (`timestamp-out-of-range`).
 *
 * @example
 * ```ts
 * const stage = createEventTimeStage(readPartitionConfig(process.env));
 * const out = stage(parseJsonLines(text).lines, record.approximateArrivalTimestamp);
 * if ('result' in out) return out; // ProcessingFailed
 * ok(data, out.window.keys);
 * ```
 */
export function createEventTimeStage(
  config: EventTimeStageConfig,
): EventTimeStage {
  const partition = createPartitioner(config);
  const options = {
    format: config.timestampFormat,
    timeZone: config.timeZone,
    earliestMs: config.earliestEventMs,
  };
  const useArrival = config.onMissingTimestamp === 'arrival';
  const arrivalOptions = {
    format: TimestampFormat.epoch_ms,
    earliestMs: config.earliestEventMs,
  };

  // The arrival time stands in for an event time, so it meets the same
  // range: keys stay four-digit years (readEvent already refused anything
  // outside the Date range).
  function arrivalTime(arrivalMs: number): number {
    try {
      return parseEventTime(Math.floor(arrivalMs), arrivalOptions);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      throw new RecordError(
        error.reason,
        `the arrival time (ON_MISSING_TIMESTAMP=arrival): ${error.detail}`,
      );
    }
  }

  const fusedOptions = {
    format: config.timestampFormat,
    earliestMs: config.earliestEventMs,
  };
  const fused: FusedEventTime = {
    instantOf: (bytes, start, end) =>
      eventTimeOfJsonBytes(bytes, start, end, fusedOptions),
    partition,
  };

  return Object.assign(
    function eventTimeStage(
      lines: readonly JsonLine[],
      arrivalMs: number | undefined,
    ): EventTimeVerdict | FailedVerdict {
      let first: PartitionWindow | undefined;
      let eventTimeMs = Number.NEGATIVE_INFINITY;
      let usedArrival = false;
      for (let index = 0; index < lines.length; index++) {
        const line = lines[index] as JsonLine;
        const value = line.value;
        if (
          typeof value !== 'object' ||
          value === null ||
          Array.isArray(value)
        ) {
          return failed(
            FailureReason.notAnObject,
            `${where(lines, index)}not a JSON object`,
          );
        }
        // The byte scanner hands over the field it already parsed.
        const raw =
          line.field !== undefined
            ? line.field.value
            : readField(value, config.timestampField);
        let ms: number;
        let window: PartitionWindow;
        try {
          if (raw !== undefined && raw !== null) {
            ms = parseEventTime(raw, options);
          } else if (useArrival && arrivalMs !== undefined) {
            ms = arrivalTime(arrivalMs);
            usedArrival = true;
          } else {
            return failed(
              FailureReason.missingTimestamp,
              `${where(lines, index)}field ${config.timestampFieldSpec} is missing or null`,
            );
          }
          window = partition(ms);
        } catch (error) {
          // RecordErrors keep their reason; anything else is a stage-error.
          const verdict = failedFromError(error);
          return failed(verdict.reason, where(lines, index) + verdict.detail);
        }
        if (ms > eventTimeMs) eventTimeMs = ms;
        if (first === undefined) first = window;
        else if (window.id !== first.id) {
          // The first line in another window settles it: reading on would
          // only cost time (55k lines in distinct hours took 300 ms).
          return failed(
            FailureReason.mixedPartitions,
            `line ${index + 1} falls into another partition than line 1`,
          );
        }
      }
      if (first === undefined) {
        return failed(
          FailureReason.missingTimestamp,
          'the record has no lines',
        );
      }
      return { window: first, eventTimeMs, usedArrival };
    },
    { fused },
  );
}

function where(lines: readonly JsonLine[], index: number): string {
  return lines.length > 1 ? `line ${index + 1}: ` : '';
}
