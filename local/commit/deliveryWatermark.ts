/**
 * The local Firehose's watermark, from its own delivery bookkeeping rather
 * than from DataFreshness: the arrival time of the oldest record not yet
 * delivered (every record that arrived before it has been), or the
 * simulated clock when nothing is in flight. It feeds the same commit
 * decision as PartitionCommitFunction (shared/commit/commitPartitions.ts,
 * `commitAtWatermark`).
 */

/**
 * The watermark at `nowMs` given the arrival times (epoch ms) of the
 * records still buffered or being processed.
 *
 * @example
 * ```ts
 * deliveryWatermark([t0 + 5_000, t0 + 1_000], t0 + 60_000); // t0 + 1_000
 * deliveryWatermark([], t0 + 60_000); // t0 + 60_000
 * ```
 */
export function deliveryWatermark(
  inFlightArrivals: Iterable<number>,
  nowMs: number,
): number {
  let oldest = nowMs;
  for (const arrival of inFlightArrivals) {
    if (arrival < oldest) oldest = arrival;
  }
  return oldest;
}
