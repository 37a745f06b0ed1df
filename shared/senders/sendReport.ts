import type { FailureReason } from '../firehose/reasons.js';
import type { BatchEntry } from './batchTransport.js';

/**
 * Why `sendBatches` gave up on an entry.
 *
 * @example
 * ```ts
 * if (outcome.detail.stoppedBy === StopCause.deadline) metrics.add('FallbackOutOfTime');
 * ```
 */
export const StopCause = {
  /** Over the per-record limit: never sent. */
  tooLarge: 'too-large',
  /** The endpoint refused it in a way a retry would not change. */
  notRetryable: 'not-retryable',
  /** `maxAttempts` calls carried it and none confirmed it. */
  maxAttempts: 'max-attempts',
  /** No time was left for another attempt before the deadline. */
  deadline: 'deadline',
} as const;

export type StopCause = (typeof StopCause)[keyof typeof StopCause];

/**
 * Why an entry was not delivered, for logs.
 *
 * @example
 * ```ts
 * const detail: FailureDetail = { code: 'ServiceUnavailableException', message: 'Slow down.', attempts: 6, stoppedBy: 'max-attempts' };
 * ```
 */
export interface FailureDetail {
  /** Last error code (`ServiceUnavailableException`, `TimeoutError`…). */
  readonly code: string;
  readonly message: string;
  /** Calls that carried the entry (0 if never sent). */
  readonly attempts: number;
  readonly stoppedBy: StopCause;
}

/**
 * What happened to one entry. `delivered: true` means the endpoint confirmed
 * it. `delivered: false` does NOT prove it was not stored: if its last call
 * timed out (`code: 'TimeoutError'`), the endpoint may still have it.
 *
 * @example
 * ```ts
 * const outcome = report.outcomes.get(recordId);
 * if (outcome?.delivered) answer = dropped(DropReason.deliveredToFallback);
 * ```
 */
export type EntryOutcome =
  | { readonly delivered: true; readonly attempts: number }
  | {
      readonly delivered: false;
      readonly reason:
        | typeof FailureReason.tooLargeForFallback
        | typeof FailureReason.fallbackFailed;
      readonly detail: FailureDetail;
    };

/**
 * The result of `sendBatches`: one outcome per input id, in input order,
 * and counters for logs and metrics.
 *
 * @example
 * ```ts
 * logger.info('fallback sent', { delivered: report.delivered, failed: report.failed, calls: report.calls });
 * ```
 */
export interface SendReport {
  readonly outcomes: ReadonlyMap<string, EntryOutcome>;
  readonly delivered: number;
  readonly failed: number;
  /** Transport calls started, retries included. */
  readonly calls: number;
}

/**
 * Assemble the report in input order from outcomes recorded in any order.
 *
 * @throws Error if an entry has no outcome (a bug in the sender).
 * @example
 * ```ts
 * buildReport(entries, outcomesById, 3);
 * ```
 */
export function buildReport(
  entries: readonly BatchEntry[],
  outcomes: ReadonlyMap<string, EntryOutcome>,
  calls: number,
): SendReport {
  const ordered = new Map<string, EntryOutcome>();
  let delivered = 0;
  for (const { id } of entries) {
    const outcome = outcomes.get(id);
    if (outcome === undefined) throw new Error(`No outcome for entry ${id}`);
    ordered.set(id, outcome);
    if (outcome.delivered) delivered++;
  }
  return {
    outcomes: ordered,
    delivered,
    failed: ordered.size - delivered,
    calls,
  };
}
