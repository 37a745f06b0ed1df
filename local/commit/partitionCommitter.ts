// PartitionCommitFunction on the local Firehose: the same configuration
// (the function's resolved Environment, read by readCommitConfig), the same
// decision and manifests (commitAtWatermark), with the watermark taken from
// the stream's own delivery bookkeeping (deliveryWatermark) instead of
// DataFreshness, at the function's schedule on the simulated clock.
import {
  type CommitConfig,
  readCommitConfig,
} from '#shared/commit/commitConfig.js';
import {
  commitAtWatermark,
  type PartitionStore,
} from '#shared/commit/commitPartitions.js';
import { type PartitionObject, SUCCESS_FILE } from '#shared/commit/manifest.js';
import { partitionPrefix } from '#shared/commit/partitionPrefix.js';
import { ConfigurationError } from '#shared/errors.js';
import {
  createPartitioner,
  type Partitioner,
} from '#shared/time/partitionWindow.js';
import type { Resolver, Template } from '../../scripts/lib/template.ts';
import type { WrittenObject } from '../runReport.ts';
import { deliveryWatermark } from './deliveryWatermark.ts';

/** The commit function of a template, as the local Firehose runs it. */
export interface CommitFunctionConfig {
  readonly functionLogicalId: string;
  /** The delivery stream's name (DELIVERY_STREAM_NAME). */
  readonly streamName: string;
  readonly config: CommitConfig;
  /** The schedule's cadence. */
  readonly intervalMs: number;
  /** Set when the schedule is not a rate(): what was used instead. */
  readonly warning: string | undefined;
}

/** How far a partition is looked for from one of its records' arrival. */
const MAX_WINDOW_STEPS = 10_000;

/** EventBridge's default schedule of the template. */
const DEFAULT_INTERVAL_MS = 300_000;
const RATE = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/;
const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * The template's partition commit functions: each function with a
 * Schedule event whose Environment names a delivery stream
 * (DELIVERY_STREAM_NAME) and its prefix (EVENTS_PREFIX), configured as
 * readCommitConfig reads it in Lambda.
 *
 * @example
 *   findCommitFunctions(template, resolver)[0]?.streamName; // 'local-EventStream'
 */
export function findCommitFunctions(
  template: Template,
  resolver: Resolver,
  warnings: string[] = [],
): CommitFunctionConfig[] {
  const found: CommitFunctionConfig[] = [];
  for (const [logicalId, resource] of Object.entries(
    template.Resources ?? {},
  )) {
    if (resource?.Type !== 'AWS::Serverless::Function') continue;
    if (
      resource.Condition !== undefined &&
      !resolver.condition(resource.Condition)
    )
      continue;
    const properties = resource.Properties as
      | { Environment?: { Variables?: unknown }; Events?: unknown }
      | undefined;
    const env = resolver.resolve(properties?.Environment?.Variables ?? {}) as
      | Record<string, unknown>
      | undefined;
    if (env?.DELIVERY_STREAM_NAME === undefined || !env.EVENTS_PREFIX) continue;
    const schedules = Object.values(
      (properties?.Events ?? {}) as Record<
        string,
        { Type?: unknown; Properties?: { Schedule?: unknown } }
      >,
    ).filter((event) => event?.Type === 'Schedule');
    const first = schedules[0];
    if (first === undefined) continue;
    const schedule = String(resolver.resolve(first.Properties?.Schedule));
    const strings: Record<string, string> = {};
    for (const [name, value] of Object.entries(env))
      strings[name] = String(value);
    const interval = scheduleInterval(schedule);
    let config: CommitConfig;
    try {
      config = readCommitConfig(strings);
    } catch (error) {
      // As in Lambda, a bad setting fails this function, not the streams.
      if (!(error instanceof ConfigurationError)) throw error;
      warnings.push(`${logicalId} is not run: ${error.message}`);
      continue;
    }
    found.push({
      functionLogicalId: logicalId,
      streamName: strings.DELIVERY_STREAM_NAME as string,
      config,
      intervalMs: interval ?? DEFAULT_INTERVAL_MS,
      warning:
        interval === undefined
          ? `${logicalId}: the local Firehose runs rate() schedules only; ${schedule} is run every 5 minutes`
          : undefined,
    });
  }
  return found;
}

/**
 * The period of a `rate(…)` expression; undefined for anything else.
 *
 * @example
 *   scheduleInterval('rate(5 minutes)'); // 300000
 */
export function scheduleInterval(schedule: string): number | undefined {
  const match = RATE.exec(schedule.trim());
  if (match === null) return undefined;
  const unit = UNIT_MS[(match[2] as string).replace(/s$/, '')] as number;
  const n = Number(match[1]);
  return n > 0 ? n * unit : undefined;
}

/** Where manifests are written (an ObjectSink). */
export interface ManifestSink {
  put(key: string, body: Buffer): Promise<void>;
}

/** A manifest written by a local commit. */
export interface WrittenManifest {
  readonly key: string;
  readonly bytes: number;
}

/** PartitionCommitFunction for one local stream. */
export interface PartitionCommitter {
  readonly functionLogicalId: string;
  readonly streamName: string;
  /** Tell it of an object the stream wrote. */
  noteObject(object: WrittenObject): void;
  /** Tell it a record arrived at `arrivalMs`. */
  noteArrival(arrivalMs: number): void;
  /** When it must run next (undefined: nothing left to commit). */
  nextTick(): number | undefined;
  /** Run at simulated time `now`, if a tick is due. */
  runDue(now: number): Promise<void>;
  readonly manifests: readonly WrittenManifest[];
  /** The last watermark (epoch ms), undefined before the first run. */
  readonly watermarkMs: number | undefined;
  /** Data objects written into a committed partition (should stay 0). */
  readonly afterCommit: number;
  /** Partitions with objects and no manifest. */
  readonly uncommitted: readonly string[];
}

/**
 * @param options
 * @param options.commit the function, from findCommitFunctions
 * @param options.inFlightArrivals the stream's (DeliveryStream.inFlightArrivals)
 * @param options.sink where the manifests go, beside the objects
 * @param options.bucket the bucket named in the manifests
 * @example
 *   const committer = createPartitionCommitter({ commit, inFlightArrivals: () => stream.inFlightArrivals(), sink });
 *   await committer.runDue(now);
 */
export function createPartitionCommitter({
  commit,
  inFlightArrivals,
  sink,
  bucket,
}: {
  commit: CommitFunctionConfig;
  bucket: string;
  inFlightArrivals: () => readonly number[];
  sink: ManifestSink;
}): PartitionCommitter {
  const { config, intervalMs } = commit;
  const partition: Partitioner = createPartitioner(config);
  const lateness = config.allowedLatenessMs;
  // Objects of the partitions not yet committed, by prefix; a committed
  // partition keeps only its name.
  const open = new Map<string, PartitionObject[]>();
  const committed = new Set<string>();
  // When each partition with objects completes (end + lateness); a prefix
  // the partitioner does not produce is left out (and reported).
  const completions = new Map<string, number>();
  const manifests: WrittenManifest[] = [];
  let firstArrival: number | undefined;
  let lastTick: number | undefined;
  let watermarkMs: number | undefined;
  let afterCommit = 0;

  const store: PartitionStore = {
    async list(prefix) {
      return {
        objects: open.get(prefix) ?? [],
        committed: committed.has(prefix),
      };
    },
    async putIfAbsent(key, body) {
      const prefix = key.slice(0, key.length - SUCCESS_FILE.length);
      if (committed.has(prefix)) return 'exists';
      const bytes = Buffer.from(body);
      await sink.put(key, bytes);
      committed.add(prefix);
      open.delete(prefix);
      completions.delete(prefix);
      manifests.push({ key, bytes: bytes.length });
      return 'written';
    },
  };

  /** The first tick instant strictly after `ms`. */
  function tickAfter(ms: number): number {
    return (Math.floor(ms / intervalMs) + 1) * intervalMs;
  }

  /**
   * True when there is nothing left to commit: nothing in flight and
   * every partition that received objects committed, or (keys the
   * partitioner never produces) the watermark far past the last arrival.
   */
  /**
   * The completion instant of the partition at `prefix`, found from the
   * arrival of one of its records: on time, so the window ends at or
   * after `arrival − lateness`; a bounded walk forward from there.
   */
  function completionOf(prefix: string, arrivalMs: number): number | undefined {
    let window = partition(arrivalMs - lateness);
    for (let step = 0; step < MAX_WINDOW_STEPS; step++) {
      if (partitionPrefix(config.prefix, window.keys) === prefix)
        return window.end + lateness;
      window = partition(window.end);
    }
    return undefined;
  }

  function nextTick(): number | undefined {
    if (lastTick === undefined) return undefined;
    const regular = tickAfter(lastTick);
    if (inFlightArrivals().length > 0) return regular;
    // Nothing in flight: the watermark is the clock, and no tick before
    // the next touched partition completes changes what it holds.
    let next: number | undefined;
    for (const [prefix, completion] of completions)
      if (!committed.has(prefix) && (next === undefined || completion < next))
        next = completion;
    return next === undefined ? undefined : Math.max(regular, tickAfter(next));
  }

  return {
    functionLogicalId: commit.functionLogicalId,
    streamName: commit.streamName,
    noteObject(object) {
      if (object.kind !== 'data') return;
      const prefix = object.key.slice(0, object.key.lastIndexOf('/') + 1);
      if (committed.has(prefix)) {
        afterCommit++;
        return;
      }
      let objects = open.get(prefix);
      if (objects === undefined) {
        objects = [];
        open.set(prefix, objects);
        const completion = completionOf(prefix, object.oldestArrivalMs);
        if (completion !== undefined) completions.set(prefix, completion);
      }
      objects.push({ key: object.key, size: object.bytes, etag: object.etag });
    },
    noteArrival(arrivalMs) {
      firstArrival ??= arrivalMs;
      // Ticks up to the arrival have run (the clock got there first): the
      // schedule goes on from the arrival's period.
      const period = Math.floor(arrivalMs / intervalMs) * intervalMs;
      lastTick = Math.max(lastTick ?? period, period);
    },
    nextTick,
    async runDue(now) {
      const due = nextTick();
      if (due === undefined || due > now || firstArrival === undefined) return;
      lastTick = now;
      const w = deliveryWatermark(inFlightArrivals(), now);
      // Every partition completing at or after `since` is a candidate:
      // earlier ones were candidates of an earlier run (or completed
      // before the stream's first record, and can hold nothing); empty
      // ones only within CommitLookback, so that a quiet spell of years
      // does not write a manifest an hour (partitions with objects are
      // ticked for when they complete, so they are always in it).
      const since = Math.max(
        watermarkMs ?? firstArrival,
        w - config.lookbackMs,
      );
      if (w <= since) return;
      await commitAtWatermark(
        { watermarkMs: w, evidence: 'freshness', datapoints: 0 },
        now,
        {
          bucket,
          deliveryStream: config.deliveryStreamName,
          prefix: config.prefix,
          partition,
          rule: { allowedLatenessMs: lateness, lookbackMs: w - since + 1 },
          store,
          concurrency: 1,
        },
      );
      watermarkMs = w;
    },
    manifests,
    get watermarkMs() {
      return watermarkMs;
    },
    get afterCommit() {
      return afterCommit;
    },
    get uncommitted() {
      return [...open.keys()].sort();
    },
  };
}
