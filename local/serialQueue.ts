// Runs async tasks one after another (a stream's invocations and object
// writes keep their order) and tells when all are done.

/**
 * @example
 *   const queue = createSerialQueue();
 *   queue.push(() => write(object));
 *   await queue.idle();
 */
export function createSerialQueue() {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  let failure: unknown;
  return {
    push(task: () => Promise<unknown> | undefined): void {
      pending++;
      tail = tail
        .then(async () => {
          if (failure === undefined) await task();
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          pending--;
        });
    },
    get pending(): number {
      return pending;
    },
    /** Resolves when every task pushed so far has run; rejects with the first failure. */
    async idle(): Promise<void> {
      await tail;
      if (failure !== undefined) throw failure;
    },
  };
}
