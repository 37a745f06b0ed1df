import { DropReason } from '../firehose/reasons.js';
import type { Verdict } from '../firehose/types.js';
import { dropped, failed } from '../firehose/verdicts.js';
import type { BatchTransport } from '../senders/batchTransport.js';
import { sendBatches } from '../senders/sendBatches.js';

/** A record to send to the fallback stream instead of its partition. */
export interface RoutedRecord {
  readonly recordId: string;
  readonly payload: Uint8Array;
}

/** How the fallback stream is reached, and within what time. */
export interface FallbackOptions {
  readonly transport: BatchTransport;
  /** Absolute time (Date.now clock) by which sending has ended. */
  readonly deadline: number;
  readonly maxAttempts: number;
}

/**
 * Send routed records to the fallback stream and decide each one's answer:
 * `Dropped` (`delivered-to-fallback`) only when PutRecordBatch confirmed it,
 * otherwise `ProcessingFailed` (`fallback-failed`, or
 * `too-large-for-fallback` over 1,000 KiB) so that Firehose keeps it in the
 * error prefix. Never `Ok`: the record's partition has closed.
 *
 * @example
 * ```ts
 * const verdicts = await routeToFallback(routed, { transport, deadline, maxAttempts: 6 });
 * ```
 */
export async function routeToFallback(
  routed: readonly RoutedRecord[],
  options: FallbackOptions,
): Promise<Map<string, Verdict>> {
  const report = await sendBatches(
    routed.map((r) => ({ id: r.recordId, data: r.payload })),
    {
      transport: options.transport,
      deadline: options.deadline,
      maxAttempts: options.maxAttempts,
    },
  );
  const verdicts = new Map<string, Verdict>();
  for (const [recordId, outcome] of report.outcomes) {
    verdicts.set(
      recordId,
      outcome.delivered
        ? dropped(DropReason.deliveredToFallback)
        : failed(
            outcome.reason,
            `${outcome.detail.code}: ${outcome.detail.message} (${outcome.detail.attempts} attempt(s), stopped by ${outcome.detail.stoppedBy})`,
          ),
    );
  }
  return verdicts;
}
