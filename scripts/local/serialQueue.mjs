// Runs async tasks one after another (a stream's invocations and object
// writes keep their order) and tells when all are done.

/**
 * @example
 *   const queue = createSerialQueue();
 *   queue.push(() => write(object));
 *   await queue.idle();
 */
export function createSerialQueue() {
  let tail = Promise.resolve();
  let pending = 0;
  let failure;
  return {
    push(task) {
      pending++;
      tail = tail
        .then(() => (failure === undefined ? task() : undefined))
        .catch((error) => {
          failure ??= error;
        })
        .finally(() => {
          pending--;
        });
    },
    get pending() {
      return pending;
    },
    /** Resolves when every task pushed so far has run; rejects with the first failure. */
    async idle() {
      await tail;
      if (failure !== undefined) throw failure;
    },
  };
}
