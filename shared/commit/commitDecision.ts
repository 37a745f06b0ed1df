/**
 * Which event-time partitions are complete: the commit decision, from the
 * watermark alone (never the wall clock), so that two runs seeing the same
 * datapoints decide the same.
 */
import type { Partitioner, PartitionWindow } from '../time/partitionWindow.js';

/** What the decision needs. */
export interface CommitRule {
  readonly allowedLatenessMs: number;
  /**
   * How far back, in watermark time, partitions are looked at: P is a
   * candidate when it became complete within the last `lookbackMs` before
   * the watermark.
   */
  readonly lookbackMs: number;
}

/**
 * True when every record of the partition has been delivered: an on-time
 * record arrived at or before `end + allowedLateness` (a later one is late
 * and was routed away), and every record that arrived before the watermark
 * is delivered; hence the strict inequality.
 *
 * @example
 * ```ts
 * isComplete(window, watermarkMs, 3_600_000); // watermarkMs > window.end + 1 h
 * ```
 */
export function isComplete(
  window: Pick<PartitionWindow, 'end'>,
  watermarkMs: number,
  allowedLatenessMs: number,
): boolean {
  return watermarkMs > window.end + allowedLatenessMs;
}

/**
 * The complete partitions whose completion instant (`end +
 * allowedLateness`) lies in [watermark − lookback, watermark), oldest
 * first. As the watermark moves forward by less than the lookback between
 * two runs, every partition is a candidate in at least one run after it
 * became complete.
 *
 * @example
 * ```ts
 * const partition = createPartitioner({ granularity: 'hour', timeZone: 'UTC' });
 * completePartitions(Date.parse('2026-03-01T12:30:00Z'), partition, { allowedLatenessMs: 3_600_000, lookbackMs: 7_200_000 });
 * // hours 09 and 10 of 2026-03-01
 * ```
 */
export function completePartitions(
  watermarkMs: number,
  partition: Partitioner,
  rule: CommitRule,
): PartitionWindow[] {
  const windows: PartitionWindow[] = [];
  const first = watermarkMs - rule.lookbackMs - rule.allowedLatenessMs;
  if (!Number.isFinite(first)) return windows;
  let window = partition(first);
  // partition(first) holds `first`, so its end is past it: in the lookback.
  while (isComplete(window, watermarkMs, rule.allowedLatenessMs)) {
    windows.push(window);
    window = partition(window.end);
  }
  return windows;
}
