// Collects what the functions log while the local Firehose runs: the
// metrics of their "invocation summary" lines (EMF: Failed.<reason>,
// Dropped.<reason>, Late, Early, …), added up per function, and a tail of
// the log for error messages. Optionally echoes everything to a stream.

const TAIL_LINES = 40;

/** Where a function's output goes: its stdout/stderr chunks. */
export type LogSink = (chunk: Buffer) => void;

/** The metrics and log tail of the functions of a run. */
export interface LogCollector {
  /** A runner logSink for one function. */
  sinkFor(logicalId: string): LogSink;
  /** Summed metrics of a function (empty object when none). */
  counters(logicalId: string): Record<string, number>;
  /** The last lines logged, for error reports. */
  tail(): string[];
}

interface SummaryEntry {
  message?: unknown;
  _aws?: { CloudWatchMetrics?: { Metrics?: { Name: string }[] }[] };
  [metric: string]: unknown;
}

/**
 * @param [options]
 * @param [options.echo] e.g. process.stderr.write
 * @example
 *   const logs = createLogCollector();
 *   runnerOptions.logSink = logs.sinkFor('EventTimePartitionFunction');
 *   logs.counters('EventTimePartitionFunction')['Failed.invalid-json'];
 */
export function createLogCollector(
  options: {
    echo?: ((text: string) => void) | undefined;
    /** What each echoed line starts with, e.g. `[EventStream EventTimePartitionFunction]`. */
    labelFor?: (logicalId: string) => string;
  } = {},
): LogCollector {
  const counters = new Map<string, Record<string, number>>();
  const tail: string[] = [];

  function take(logicalId: string, line: string): void {
    tail.push(`${logicalId}: ${line}`);
    if (tail.length > TAIL_LINES) tail.shift();
    if (!line.startsWith('{')) return;
    let entry: SummaryEntry;
    try {
      entry = JSON.parse(line) as SummaryEntry;
    } catch {
      return;
    }
    if (entry?.message !== 'invocation summary' || entry._aws === undefined)
      return;
    const sums = counters.get(logicalId) ?? {};
    for (const metric of entry._aws.CloudWatchMetrics?.[0]?.Metrics ?? []) {
      // A per-invocation distinct count does not add up across invocations.
      if (metric.Name === 'Partitions') continue;
      const value = entry[metric.Name];
      if (typeof value === 'number')
        sums[metric.Name] = (sums[metric.Name] ?? 0) + value;
    }
    counters.set(logicalId, sums);
  }

  return {
    /** A runner logSink for one function. */
    sinkFor(logicalId) {
      let partial = '';
      const label = options.labelFor?.(logicalId) ?? `[${logicalId}]`;
      return (chunk) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          // Each echoed line says which stream's processor wrote it.
          options.echo?.(`${label} ${line}\n`);
          if (line !== '') take(logicalId, line);
        }
      };
    },
    /** Summed metrics of a function (empty object when none). */
    counters: (logicalId) => ({ ...(counters.get(logicalId) ?? {}) }),
    /** The last lines logged, for error reports. */
    tail: () => [...tail],
  };
}
