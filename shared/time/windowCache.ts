/**
 * A bounded cache of partition windows so that a batch of thousands of
 * records in a few windows resolves each window once: the most recent
 * windows first, then windows seen in the same time bucket.
 */

/** What the cache needs of a window. */
export interface CachedWindow {
  readonly start: number;
  readonly end: number;
}

/** Find or remember windows by instant. */
export interface WindowCache<W extends CachedWindow> {
  /** The cached window holding `epochMs`, if any. */
  find(epochMs: number): W | undefined;
  /** Remember `window` (found for `epochMs`); returns the cached instance. */
  add(epochMs: number, window: W): W;
}

const RECENT = 4;

/**
 * Create a window cache. `bucketMs` groups instants (an hour, or a minute
 * for minute windows); `limit` bounds the entries, cleared when full.
 *
 * @example
 * ```ts
 * const cache = createWindowCache<PartitionWindow>(3_600_000);
 * const window = cache.find(t) ?? cache.add(t, compute(t));
 * ```
 */
export function createWindowCache<W extends CachedWindow>(
  bucketMs: number,
  limit = 2048,
): WindowCache<W> {
  const recent: W[] = [];
  let buckets = new Map<number, W[]>();
  let byStart = new Map<number, W>();
  let entries = 0;

  function remember(window: W): void {
    if (recent[0] === window) return;
    const index = recent.indexOf(window);
    if (index !== -1) recent.splice(index, 1);
    else if (recent.length === RECENT) recent.pop();
    recent.unshift(window);
  }

  return {
    find(epochMs) {
      // A hit among the recent windows stays where it is: batches alternate
      // between a few windows, and moving one to the front each time cost
      // more than the look-up it saves.
      for (let i = 0; i < recent.length; i++) {
        const window = recent[i] as W;
        if (window.start <= epochMs && epochMs < window.end) return window;
      }
      const list = buckets.get(Math.floor(epochMs / bucketMs));
      if (list === undefined) return undefined;
      for (const window of list) {
        if (window.start <= epochMs && epochMs < window.end) {
          remember(window);
          return window;
        }
      }
      return undefined;
    },
    add(epochMs, window) {
      if (entries >= limit) {
        buckets = new Map();
        byStart = new Map();
        entries = 0;
      }
      const known = byStart.get(window.start);
      const cached = known?.end === window.end ? known : window;
      if (cached === window) byStart.set(window.start, window);
      const bucket = Math.floor(epochMs / bucketMs);
      const list = buckets.get(bucket);
      if (list === undefined) buckets.set(bucket, [cached]);
      else list.push(cached);
      entries++;
      remember(cached);
      return cached;
    },
  };
}
