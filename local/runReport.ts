// The report of a local run: per stream, what came in, what the processor
// answered, what went to the error prefix and why, what was written; plus
// the processor functions' own metrics (late, early, failure reasons).

import type { PartitionCommitter } from './commit/partitionCommitter.ts';
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
  /** MD5 of the body in quotes, as S3 gives a single-part put's ETag. */
  etag: string;
  /** Arrival of the object's oldest record. */
  oldestArrivalMs: number;
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
  /** `_SUCCESS` manifests written; null: no commit function for the stream. */
  committed: number | null;
  /** Those manifests, in the order written. */
  manifests: { key: string; bytes: number }[];
  /** The commit watermark at the end of the run (ISO-8601). */
  commitWatermark: string | null;
  /** Partitions that received objects and have no manifest. */
  uncommitted: string[];
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
  commits,
}: {
  streams: readonly { config: StreamConfig; stats: StreamStats }[];
  /** The commit functions' runs, by stream name. */
  commits?: ReadonlyMap<string, PartitionCommitter> | undefined;
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
    warnings: [...warnings, ...commitWarnings(commits)],
    skipped,
    streams: streams.map(({ config, stats }) => {
      const commit = commits?.get(config.name);
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
        committed: commit === undefined ? null : commit.manifests.length,
        manifests: commit === undefined ? [] : [...commit.manifests],
        commitWatermark: isoOrNull(commit?.watermarkMs),
        uncommitted: commit === undefined ? [] : [...commit.uncommitted],
        functionMetrics:
          config.processor === undefined
            ? {}
            : logs.counters(config.processor.functionLogicalId),
      };
    }),
  };
}

function commitWarnings(
  commits: ReadonlyMap<string, PartitionCommitter> | undefined,
): string[] {
  const warnings: string[] = [];
  for (const commit of commits?.values() ?? []) {
    if (commit.afterCommit > 0)
      warnings.push(
        `${commit.streamName}: ${commit.afterCommit} object(s) written into partitions already committed (re-ingested records keep their partition: see docs/partition-commit.md)`,
      );
    if (commit.uncommitted.length > 0)
      warnings.push(
        `${commit.streamName}: ${commit.uncommitted.length} partition(s) not committed by ${commit.functionLogicalId} (their prefix is not one it enumerates): ${commit.uncommitted.slice(0, 3).join(', ')}`,
      );
  }
  return warnings;
}

function isoOrNull(ms: number | undefined): string | null {
  return ms === undefined || !Number.isFinite(ms)
    ? null
    : new Date(ms).toISOString();
}
