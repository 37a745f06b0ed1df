// The local Firehose: the template's delivery streams, their processors as
// warm local Lambdas, the loopback API their fallback calls reach, and a
// simulated clock. Time is the records' arrival time: buffers flush when
// the clock passes their interval, so a run is fast (nothing waits) and
// the same input gives the same objects.
import {
  createResolver,
  DEFAULT_REGION,
  defaultTemplatePath,
  LOCAL_ACCOUNT_ID,
  readTemplate,
  resolveParameters,
  TemplateError,
} from '../scripts/lib/template.ts';
import type { PartitionCommitter } from './commit/partitionCommitter.ts';
import {
  createDeliveryStream,
  type DeliveryStream,
  type LocalRecord,
} from './deliveryStream.ts';
import { createLogCollector } from './functionLogs.ts';
import { createFunctionRunners } from './functionRunners.ts';
import { startIngestServer } from './ingestServer.ts';
import { createFolderSink, createS3Sink } from './objectSinks.ts';
import { buildReport, type RunReport } from './runReport.ts';
import { registerSharedModules } from './sharedModules.ts';
import {
  readDeliveryStreams,
  type SkippedStream,
  type StreamConfig,
} from './streamConfig.ts';

export type { LocalRecord } from './deliveryStream.ts';
export type {
  BatchFailure,
  RunReport,
  StreamReport,
} from './runReport.ts';
export type { StreamConfig } from './streamConfig.ts';

/** Options of startLocalFirehose. */
export interface LocalFirehoseOptions {
  templatePath?: string | undefined;
  parameterOverrides?: Record<string, string> | undefined;
  /** A parsed --env-vars document (SAM format), as `npm run invoke` takes it. */
  envVars?: unknown;
  region?: string | undefined;
  /** Output folder (default ./out). */
  out?: string | undefined;
  /** An S3 API instead of the folder. */
  s3Endpoint?: string | undefined;
  /** With s3Endpoint; default the streams' BucketARN. */
  bucket?: string | undefined;
  /** Default 500. */
  activePartitionLimit?: number | undefined;
  /** Where function logs go too. */
  echoLogs?: ((text: string) => void) | undefined;
}

/** A running local Firehose. */
export interface LocalFirehose {
  readonly endpoint: string;
  readonly streams: StreamConfig[];
  readonly skipped: SkippedStream[];
  readonly warnings: string[];
  readonly output: string;
  /** Records into a stream (by logical id or name), arriving now on the clock. */
  put(nameOrId: string, items: readonly LocalRecord[]): string[];
  /** Move the clock to `time`, flushing the buffers that expire on the way. */
  advanceTo(time: number): Promise<void>;
  /**
   * Let time pass until every buffer is flushed and written, and every
   * partition that received objects is committed (when the template has a
   * commit function for its stream).
   */
  drain(): Promise<void>;
  /** What happened, per stream, with the functions' metrics. */
  report(): RunReport;
  close(report?: RunReport): Promise<void>;
}

/** Firehose's default active-partition quota per stream. */
export const ACTIVE_PARTITION_LIMIT = 500;

/**
 * Start the template's streams. Feed them with `put`, move time with
 * `advanceTo`, then `drain()` (flush everything) and `close()`.
 *
 * @param [options]
 * @param [options.templatePath]
 * @param [options.parameterOverrides]
 * @param [options.region]
 * @param [options.out] output folder (default ./out)
 * @param [options.s3Endpoint] an S3 API instead of the folder
 * @param [options.bucket] with s3Endpoint; default the streams' BucketARN
 * @param [options.activePartitionLimit] default 500
 * @param [options.echoLogs] where function logs go too
 * @example
 *   const firehose = await startLocalFirehose({ out: './out' });
 *   firehose.put('EventStream', [{ data: Buffer.from('{…}'), arrivalMs }]);
 *   await firehose.drain();
 *   const report = firehose.report();
 *   await firehose.close();
 */
export async function startLocalFirehose(
  options: LocalFirehoseOptions = {},
): Promise<LocalFirehose> {
  const started = performance.now();
  const templatePath = options.templatePath ?? defaultTemplatePath;
  const region = options.region ?? DEFAULT_REGION;
  const parameterOverrides = options.parameterOverrides ?? {};
  const template = readTemplate(templatePath);
  const parameters = resolveParameters(template, parameterOverrides);
  const {
    streams: configs,
    skipped,
    warnings,
  } = readDeliveryStreams(template, { parameters, region });
  if (configs.length === 0) {
    throw new TemplateError(
      'the template has no AWS::KinesisFirehose::DeliveryStream with an ExtendedS3DestinationConfiguration',
    );
  }
  const sinkBucket =
    options.s3Endpoint === undefined
      ? undefined
      : (options.bucket ?? configs[0]?.bucket ?? 'local-bucket');
  const sink =
    options.s3Endpoint === undefined || sinkBucket === undefined
      ? createFolderSink(options.out ?? 'out')
      : await createS3Sink({
          endpoint: options.s3Endpoint,
          bucket: sinkBucket,
          region,
        });

  let now = Number.NEGATIVE_INFINITY;
  const clock = { now: () => (Number.isFinite(now) ? now : Date.now()) };
  const byName = new Map<string, DeliveryStream>();
  const server = await startIngestServer({
    findStream: (name) => byName.get(name),
    accountId: LOCAL_ACCOUNT_ID,
  });
  const logs = createLogCollector({
    echo: options.echoLogs,
    labelFor: (functionId) => {
      const served = configs
        .filter((config) => config.processor?.functionLogicalId === functionId)
        .map((config) => config.logicalId);
      return `[${[...served, functionId].join(' ')}]`;
    },
  });
  const runners = createFunctionRunners({
    template,
    templatePath,
    parameters,
    parameterOverrides,
    envVars: options.envVars,
    region,
    firehoseEndpoint: server.endpoint,
    logs,
  });
  // PartitionCommitFunction runs here, on the simulated clock, from the
  // streams' own delivery bookkeeping (docs/partition-commit.md, Locally).
  // It is shared/commit's code: loaded once the hook lets Node find it.
  registerSharedModules();
  const { createPartitionCommitter, findCommitFunctions } = await import(
    './commit/partitionCommitter.ts'
  );
  const commitFunctions = findCommitFunctions(
    template,
    createResolver(template, { parameters, region }),
    warnings,
  );
  for (const commit of commitFunctions)
    if (commit.warning !== undefined) warnings.push(commit.warning);
  const committers = new Map<string, PartitionCommitter>();
  const streams = configs.map((config, index) => {
    const commit = commitFunctions.find((c) => c.streamName === config.name);
    let committer: PartitionCommitter | undefined;
    const stream = createDeliveryStream({
      config,
      serial: index + 1,
      clock,
      invoke: runners.invoke,
      sink,
      activePartitionLimit:
        options.activePartitionLimit ?? ACTIVE_PARTITION_LIMIT,
      region,
      onObject: (object) => committer?.noteObject(object),
    });
    if (commit !== undefined) {
      committer = createPartitionCommitter({
        commit,
        bucket:
          options.s3Endpoint === undefined
            ? config.bucket
            : sink.label.slice('s3://'.length),
        inFlightArrivals: () => stream.inFlightArrivals(),
        sink,
      });
      committers.set(config.name, committer);
    }
    return stream;
  });
  for (const stream of streams) {
    // The name the functions see (FALLBACK_STREAM_NAME), the logical id, the ARN.
    for (const key of [
      stream.config.name,
      stream.config.logicalId,
      stream.config.arn,
    ])
      byName.set(key, stream);
  }
  let firstArrival: number | undefined;

  function findStream(nameOrId: string): DeliveryStream {
    const stream = byName.get(nameOrId);
    if (stream === undefined) {
      throw new TemplateError(
        `no delivery stream ${nameOrId}; the template's streams: ${streams.map((s) => s.config.logicalId).join(', ')}`,
      );
    }
    return stream;
  }

  async function settle(): Promise<void> {
    while (streams.some((stream) => stream.busy))
      await Promise.all(streams.map((stream) => stream.idle()));
    await Promise.all(streams.map((stream) => stream.idle()));
  }

  async function advanceTo(time: number): Promise<void> {
    for (;;) {
      await settle();
      const deadlines = streams
        .map((stream) => stream.nextDeadline())
        .filter((deadline): deadline is number => deadline !== undefined);
      const ticks = [...committers.values()]
        .map((committer) => committer.nextTick())
        .filter((tick): tick is number => tick !== undefined);
      if (deadlines.length === 0 && ticks.length === 0) break;
      const next = Math.min(...deadlines, ...ticks);
      if (next > time) break;
      now = Math.max(now, next);
      for (const stream of streams) stream.flushDue(now);
      // The commit at a tick sees the objects flushed at that instant.
      await settle();
      for (const committer of committers.values()) await committer.runDue(now);
    }
    if (Number.isFinite(time) && time > now) now = time;
  }

  return {
    endpoint: server.endpoint,
    streams: streams.map((stream) => stream.config),
    skipped,
    warnings,
    output: sink.describe(),
    put(nameOrId, items) {
      const stream = findStream(nameOrId);
      firstArrival ??= clock.now();
      const committer = committers.get(stream.config.name);
      if (committer !== undefined)
        for (const item of items)
          committer.noteArrival(item.arrivalMs ?? clock.now());
      return stream.put(items);
    },
    advanceTo,
    drain: () => advanceTo(Number.POSITIVE_INFINITY),
    report() {
      return buildReport({
        streams,
        logs,
        calls: server.calls,
        output: sink.describe(),
        outputLabel: sink.label,
        wallMs: performance.now() - started,
        simulated: { firstArrivalMs: firstArrival, lastMs: clock.now() },
        warnings,
        skipped,
        commits: committers,
      });
    },
    async close(report) {
      await runners.close();
      await server.close();
      sink.finish(report ?? {});
    },
  };
}

/**
 * Replay records through a stream end to end: start, put each record at
 * its arrival time, drain, report, close.
 *
 * @param options startLocalFirehose options, and:
 * @param options.stream logical id or name of the input stream
 * @param options.records in arrival order
 * @param [options.onProgress]
 * @example
 *   const report = await runLocalFirehose({ stream: 'EventStream', records, out: './out' });
 */
export async function runLocalFirehose({
  stream,
  records,
  onProgress,
  ...options
}: LocalFirehoseOptions & {
  /** Logical id or name of the input stream. */
  stream: string;
  /** In arrival order; read one at a time (an input is never held whole). */
  records:
    | Iterable<LocalRecord & { arrivalMs: number }>
    | AsyncIterable<LocalRecord & { arrivalMs: number }>;
  onProgress?: ((done: number) => void) | undefined;
}): Promise<RunReport> {
  const firehose = await startLocalFirehose(options);
  let report: RunReport | undefined;
  try {
    let done = 0;
    for await (const record of records) {
      await firehose.advanceTo(record.arrivalMs);
      firehose.put(stream, [record]);
      done++;
      if (onProgress !== undefined && done % 100 === 0) onProgress(done);
    }
    await firehose.drain();
    onProgress?.(done);
    report = firehose.report();
    return report;
  } finally {
    await firehose.close(report);
  }
}
