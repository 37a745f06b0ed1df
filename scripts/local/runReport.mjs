// The report of a local run: per stream, what came in, what the processor
// answered, what went to the error prefix and why, what was written; plus
// the processor functions' own metrics (late, early, failure reasons).

/**
 * @example
 *   buildReport({ streams, logs, calls, output, wallMs, simulated, warnings, skipped });
 */
export function buildReport({
  streams,
  logs,
  calls,
  output,
  outputLabel,
  wallMs,
  simulated,
  warnings,
  skipped,
}) {
  return {
    output,
    outputLabel,
    wallMs: Math.round(wallMs),
    simulated: {
      firstArrival: isoOrNull(simulated.firstArrivalMs),
      lastFlush: isoOrNull(simulated.lastMs),
    },
    api: { ...calls },
    warnings,
    skipped,
    streams: streams.map(({ config, stats }) => {
      const data = stats.objects.filter((o) => o.kind === 'data');
      const errors = stats.objects.filter((o) => o.kind === 'error');
      return {
        logicalId: config.logicalId,
        name: config.name,
        function: config.processor?.functionLogicalId,
        recordsIn: stats.recordsIn,
        bytesIn: stats.bytesIn,
        ok: stats.ok,
        dropped: stats.dropped,
        processingFailed: stats.processingFailed,
        delivered: stats.delivered,
        invocations: stats.invocations,
        invocationErrors: { ...stats.invocationErrors },
        batchFailures: [...stats.batchFailures],
        errorRecords: { ...stats.errorRecords },
        partitions: config.dynamicPartitioning ? stats.partitions.size : 0,
        objects: stats.objects.length,
        dataObjects: data.length,
        errorObjects: errors.length,
        bytesOut: stats.objects.reduce((sum, o) => sum + o.bytes, 0),
        keys: stats.objects.map((o) => ({ key: o.key, bytes: o.bytes })),
        functionMetrics:
          config.processor === undefined
            ? {}
            : logs.counters(config.processor.functionLogicalId),
      };
    }),
  };
}

function isoOrNull(ms) {
  return ms === undefined || !Number.isFinite(ms)
    ? null
    : new Date(ms).toISOString();
}
