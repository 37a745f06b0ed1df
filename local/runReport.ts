// The report of a local run: per stream, what came in, what the processor
// answered, what went to the error prefix and why, what was written; plus
// the processor functions' own metrics (late, early, failure reasons).
import type { LogCollector } from './functionLogs.ts';
import type { IngestCalls } from './ingestServer.ts';
import type { SkippedStream, StreamConfig } from './streamConfig.ts';

/** A batch whose invocation or response failed, kept for the report. */
export interface BatchFailure {
  code: string;
  detail: string;
  records: number;
}

/** An object written by a stream. */
export interface WrittenObject {
  key: string;
  kind: 'data' | 'error';
  bytes: number;
  records: number;
}

/** A stream's running counts (deliveryStream.ts keeps them). */
export interface StreamStats {
  logicalId: string;
  name: string;
  recordsIn: number;
  bytesIn: number;
  ok: number;
  dropped: number;
  processingFailed: number;
  delivered: number;
  invocations: number;
  invocationErrors: Record<string, number>;
  errorRecords: Record<string, number>;
  batchFailures: BatchFailure[];
  /** Batch failures beyond those kept in batchFailures. */
  moreBatchFailures: number;
  partitions: Set<string>;
  objects: WrittenObject[];
  /** The first init error of the stream's function, when it failed to start. */
  initError: string | undefined;
}

/** What happened in one stream. */
export interface StreamReport {
  logicalId: string;
  name: string;
  function: string | undefined;
  recordsIn: number;
  bytesIn: number;
  ok: number;
  dropped: number;
  processingFailed: number;
  delivered: number;
  invocations: number;
  invocationErrors: Record<string, number>;
  batchFailures: BatchFailure[];
  /** Batch failures not listed in batchFailures. */
  moreBatchFailures: number;
  /** The function's init error (`errorType: message`), when it failed to start. */
  initError: string | undefined;
  errorRecords: Record<string, number>;
  partitions: number;
  objects: number;
  dataObjects: number;
  errorObjects: number;
  bytesOut: number;
  keys: { key: string; bytes: number }[];
  functionMetrics: Record<string, number>;
}

/** The report of a local run. */
export interface RunReport {
  output: string;
  outputLabel: string;
  wallMs: number;
  simulated: { firstArrival: string | null; lastFlush: string | null };
  api: IngestCalls;
  warnings: string[];
  skipped: SkippedStream[];
  streams: StreamReport[];
}

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
}: {
  streams: readonly { config: StreamConfig; stats: StreamStats }[];
  logs: LogCollector;
  calls: IngestCalls;
  output: string;
  outputLabel: string;
  wallMs: number;
  simulated: { firstArrivalMs: number | undefined; lastMs: number };
  warnings: string[];
  skipped: SkippedStream[];
}): RunReport {
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
        moreBatchFailures: stats.moreBatchFailures,
        initError: stats.initError,
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

function isoOrNull(ms: number | undefined): string | null {
  return ms === undefined || !Number.isFinite(ms)
    ? null
    : new Date(ms).toISOString();
}
