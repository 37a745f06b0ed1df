import { RecordError } from '../errors.js';
import { DropReason } from '../firehose/reasons.js';
import type { FirehoseRecord, OutputPart, Verdict } from '../firehose/types.js';
import { dropped, failedFromError, okWithParts } from '../firehose/verdicts.js';
import type { Logger } from '../observability/logger.js';
import type { BatchProcessor } from '../pipeline/runBatch.js';
import { parseEventTime, TimestampFormat } from '../time/parseEventTime.js';
import type { Partitioner, PartitionWindow } from '../time/partitionWindow.js';
import type { CloudWatchLogsConfig } from './cloudWatchLogsConfig.js';
import {
  groupLogEvents,
  type LogEventGroup,
  type OutputBudget,
} from './groupLogEvents.js';
import { createLogEventWriter } from './logEventLine.js';
import { readCloudWatchLogs } from './readCloudWatchLogs.js';

/** What the CloudWatch Logs processor is made of. */
export interface CloudWatchLogsProcessorParts {
  readonly config: CloudWatchLogsConfig;
  /** The event-time partitioner (PARTITION_GRANULARITY, PARTITION_TIMEZONE). */
  readonly partition: Partitioner;
  /** EARLIEST_EVENT_TIME in epoch ms: older log events fail the record. */
  readonly earliestEventMs: number;
  /** Warn when one invocation touches more partitions than this. */
  readonly partitionWarningThreshold: number;
  readonly logger: Logger;
}

/**
 * The batch processor of CloudWatchLogsFunction. Per record: gunzip and
 * parse (see `readCloudWatchLogs`); a control message is `Dropped`; a data
 * message becomes one JSON line per log event, grouped by the event-time
 * partition of its `timestamp` (epoch ms), groups in order of first
 * appearance. The first group is the record's `Ok` answer with its keys;
 * every other group is an `extraParts` entry, re-ingested with its own
 * keys before the answer stands (or the record fails `mixed-partitions`
 * when re-ingestion is off). Nothing is filed under another partition.
 * All records of an invocation share `MAX_OUTPUT_BYTES` of output; a
 * record whose lines would pass it fails `output-too-large` as soon as
 * they do (see `groupLogEvents`), so memory stays bounded whatever the
 * request holds.
 *
 * @example
 * ```ts
 * const processor = createCloudWatchLogsProcessor({ config, partition, earliestEventMs: 0, partitionWarningThreshold: 400, logger });
 * ```
 */
export function createCloudWatchLogsProcessor(
  parts: CloudWatchLogsProcessorParts,
): BatchProcessor {
  function logsRecord(
    record: FirehoseRecord,
    windows: Set<string>,
    budget: OutputBudget,
  ): Verdict {
    try {
      const message = readCloudWatchLogs(
        record.data,
        parts.config.maxDecompressedBytes,
      );
      if (message.messageType === 'CONTROL_MESSAGE') {
        return dropped(DropReason.controlMessage);
      }
      const line = createLogEventWriter(message, parts.config.embedJsonMessage);
      const groups = groupLogEvents(message.logEvents, line, windowOf, budget);
      for (const group of groups) windows.add(group.id);
      const [first, ...others] = groups;
      const extra: OutputPart[] = others.map((group) => ({
        data: Buffer.from(group.text, 'utf8'),
        partitionKeys: group.keys,
      }));
      const main = first as LogEventGroup;
      return okWithParts(
        Buffer.from(main.text, 'utf8').toString('base64'),
        main.keys,
        extra,
      );
    } catch (error) {
      return failedFromError(error);
    }
  }

  function windowOf(timestamp: number, index: number): PartitionWindow {
    try {
      const ms = parseEventTime(timestamp, {
        format: TimestampFormat.epoch_ms,
        earliestMs: parts.earliestEventMs,
      });
      return parts.partition(ms);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      throw new RecordError(
        error.reason,
        `logEvents[${index}]: ${error.detail}`,
      );
    }
  }

  return function cloudWatchLogsRecords(records, { summary }) {
    const windows = new Set<string>();
    const limitBytes = parts.config.maxOutputBytes;
    const budget: OutputBudget = { remainingBytes: limitBytes, limitBytes };
    const verdicts = records.map((record) =>
      logsRecord(record, windows, budget),
    );
    summary.count('Partitions', windows.size);
    if (windows.size > parts.partitionWarningThreshold) {
      summary.count('PartitionWarning');
      parts.logger.log('warn', 'many partitions in one invocation', {
        partitions: windows.size,
        threshold: parts.partitionWarningThreshold,
        hint: 'Firehose allows 500 active partitions per stream by default; old or bad log event times spread data over many partitions',
      });
    }
    return verdicts;
  };
}
