// Drives delivery streams on the real clock: a timer set to the earliest
// buffer deadline flushes what is due, and is set again after every put and
// every finished flush (a processed batch opens destination buffers with
// deadlines of their own). `drain` flushes everything, whatever its age.

/** What the driver needs of a stream (local/deliveryStream.ts). */
export interface DrivenStream {
  nextDeadline(): number | undefined;
  flushDue(now: number): void;
  readonly busy: boolean;
  idle(): Promise<void>;
}

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) =>
    clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * @example
 *   const driver = createRealClockDriver({ streams, onError: (e) => exit(e) });
 *   stream.put(items); driver.poke();
 *   await driver.drain(); // at shutdown
 */
export function createRealClockDriver({
  streams,
  onError,
  now = Date.now,
  timers = nodeTimers,
}: {
  streams: readonly DrivenStream[];
  /** A flush failed (an invocation could not run, the sink refused an object). */
  onError: (error: unknown) => void;
  now?: () => number;
  timers?: Timers;
}) {
  let timer: unknown;
  let armedFor: number | undefined;
  let stopped = false;

  function earliest(): number | undefined {
    let next: number | undefined;
    for (const stream of streams) {
      const deadline = stream.nextDeadline();
      if (deadline !== undefined && (next === undefined || deadline < next))
        next = deadline;
    }
    return next;
  }

  function disarm(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    armedFor = undefined;
  }

  function arm(): void {
    if (stopped) return;
    const next = earliest();
    if (next === undefined) {
      disarm();
      return;
    }
    if (armedFor !== undefined && armedFor <= next) return;
    disarm();
    armedFor = next;
    timer = timers.setTimeout(fire, Math.max(0, next - now()));
  }

  function fire(): void {
    timer = undefined;
    armedFor = undefined;
    const at = now();
    for (const stream of streams) stream.flushDue(at);
    poke();
  }

  /** Something was put or flushed: set the timer again, now and when the work is done. */
  function poke(): void {
    arm();
    Promise.all(streams.map((stream) => stream.idle())).then(arm, onError);
  }

  async function settle(): Promise<void> {
    do await Promise.all(streams.map((stream) => stream.idle()));
    while (streams.some((stream) => stream.busy));
  }

  return {
    poke,
    /** The time the timer is set for (undefined: nothing buffered). */
    get armedFor() {
      return armedFor;
    },
    /**
     * Stop the timer and flush every buffer until nothing is left (records
     * a flush sends to another stream, e.g. late data, included).
     */
    async drain(): Promise<void> {
      stopped = true;
      disarm();
      for (;;) {
        await settle();
        if (earliest() === undefined) return;
        for (const stream of streams) stream.flushDue(Number.POSITIVE_INFINITY);
      }
    },
  };
}
