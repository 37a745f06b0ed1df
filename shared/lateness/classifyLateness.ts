/** How a record's event time relates to its arrival time. */
export const Timeliness = {
  onTime: 'on-time',
  /** Arrived after its partition closed (window end + allowed lateness). */
  late: 'late',
  /** Event time too far ahead of arrival (producer clock wrong). */
  early: 'early',
} as const;
export type Timeliness = (typeof Timeliness)[keyof typeof Timeliness];

/** Lateness thresholds, read once at init. */
export interface LatenessRule {
  readonly allowedLatenessMs: number;
  readonly maxFutureSkewMs: number;
}

/**
 * Decide whether a record is on time, late or early. Only the record's own
 * times are used (its event time, its partition window and Firehose's
 * `approximateArrivalTimestamp`), never the wall clock, so a retried
 * invocation decides exactly the same way.
 *
 * - late: `arrival > window.end + allowedLateness` (the window is half-open,
 *   so `end` is the first instant after the partition)
 * - early: `eventTime > arrival + maxFutureSkew`
 * - an unknown arrival time (not a finite number) counts as on time.
 *
 * @example
 * ```ts
 * classifyLateness({ eventTimeMs, windowEndMs: window.end, arrivalMs }, rule); // 'late'
 * ```
 */
export function classifyLateness(
  times: {
    readonly eventTimeMs: number;
    readonly windowEndMs: number;
    readonly arrivalMs: unknown;
  },
  rule: LatenessRule,
): Timeliness {
  const arrival = times.arrivalMs;
  if (typeof arrival !== 'number' || !Number.isFinite(arrival)) {
    return Timeliness.onTime;
  }
  if (arrival > times.windowEndMs + rule.allowedLatenessMs)
    return Timeliness.late;
  if (times.eventTimeMs > arrival + rule.maxFutureSkewMs)
    return Timeliness.early;
  return Timeliness.onTime;
}
