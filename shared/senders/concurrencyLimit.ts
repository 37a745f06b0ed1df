/**
 * A counting semaphore: at most `limit` holders at a time, served in
 * arrival order.
 *
 * @example
 * ```ts
 * const limit = createConcurrencyLimit(4);
 * const release = await limit.acquire();
 * try { await call(); } finally { release(); }
 * ```
 */
export interface ConcurrencyLimit {
  /** Resolves with a `release` function once a slot is free. */
  acquire(): Promise<() => void>;
}

/**
 * Create a {@link ConcurrencyLimit} allowing `limit` concurrent holders.
 *
 * @example
 * ```ts
 * const limit = createConcurrencyLimit(2);
 * ```
 */
export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  let active = 0;
  const waiting: Array<() => void> = [];

  function release(): void {
    const next = waiting.shift();
    // A waiter inherits the slot, so `active` does not change.
    if (next === undefined) active--;
    else next();
  }

  function acquire(): Promise<() => void> {
    const releaseOnce = once(release);
    if (active < limit) {
      active++;
      return Promise.resolve(releaseOnce);
    }
    return new Promise((resolve) => waiting.push(() => resolve(releaseOnce)));
  }

  return { acquire };
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
