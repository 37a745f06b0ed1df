import { RecordError } from '../errors.js';
import { FailureReason } from '../firehose/reasons.js';
import type { PartitionKeys } from '../firehose/types.js';
import type { LogEvent } from './readCloudWatchLogs.js';

/** The log event lines of one partition window, in order. */
export interface LogEventGroup {
  readonly id: string;
  readonly keys: PartitionKeys;
  text: string;
}

/**
 * What one invocation may still build: output bytes shared by its records
 * in order (`MAX_OUTPUT_BYTES`). A record that fails gives its bytes back.
 */
export interface OutputBudget {
  remainingBytes: number;
  readonly limitBytes: number;
}

/**
 * Group a data message's log events by partition window, in order of
 * first appearance, writing each event's line with `line`. Every line's
 * bytes are taken from `budget` as it is written, so building stops at
 * the first line that does not fit: a small gzip record that repeats a
 * huge log group name over many events (1e6 characters × 400 events built
 * 400 MB) costs at most the budget plus one line, never its full output.
 * The bytes stay taken when the groups are returned (they are the
 * record's answer or re-ingested parts).
 *
 * @throws RecordError `output-too-large` (the budget is given back first);
 *   whatever `windowOf` throws.
 * @example
 * ```ts
 * const budget = { remainingBytes: 33_554_432, limitBytes: 33_554_432 };
 * const groups = groupLogEvents(message.logEvents, line, windowOf, budget);
 * ```
 */
export function groupLogEvents(
  events: readonly LogEvent[],
  line: (event: LogEvent) => string,
  windowOf: (
    timestamp: number,
    index: number,
  ) => { readonly id: string; readonly keys: PartitionKeys },
  budget: OutputBudget,
): LogEventGroup[] {
  const groups = new Map<string, LogEventGroup>();
  let used = 0;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as LogEvent;
    const window = windowOf(event.timestamp, index);
    const text = line(event);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > budget.remainingBytes - used) {
      // Nothing was taken yet: the record's bytes are given back by not
      // taking them, and its partial output is garbage.
      throw new RecordError(
        FailureReason.outputTooLarge,
        `logEvents[${index}]: the output would pass the ${budget.limitBytes} bytes one invocation may build (MAX_OUTPUT_BYTES); ${used} bytes built for this record`,
      );
    }
    used += bytes;
    let group = groups.get(window.id);
    if (group === undefined) {
      group = { id: window.id, keys: window.keys, text: '' };
      groups.set(window.id, group);
    }
    group.text += text;
  }
  budget.remainingBytes -= used;
  return [...groups.values()];
}
