/**
 * How long to wait before retry number `retry` (1 for the first retry):
 * exponential backoff with full jitter, a uniform draw in
 * `[0, min(maxDelayMs, baseDelayMs × 2^(retry − 1)))`. Full jitter spreads
 * the retries of concurrent callers that were throttled together.
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseDelayMs: 50, maxDelayMs: 1000, random: () => 0.5 }); // 100
 * ```
 */
export function backoffDelay(
  retry: number,
  options: {
    readonly baseDelayMs: number;
    readonly maxDelayMs: number;
    readonly random: () => number;
  },
): number {
  const ceiling = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** Math.max(0, retry - 1),
  );
  return Math.floor(options.random() * ceiling);
}
