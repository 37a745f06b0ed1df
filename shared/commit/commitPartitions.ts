/**
 * One commit run: the watermark from DataFreshness, the complete partitions
 * in the lookback, and for each one not yet committed a `_SUCCESS`
 * manifest, written only if absent. The reading and writing are ports the
 * caller passes in (S3, CloudWatch and EventBridge in Lambda).
 */
import type { Partitioner } from '../time/partitionWindow.js';
import { type CommitRule, completePartitions } from './commitDecision.js';
import {
  buildManifest,
  type ManifestSummary,
  manifestSummary,
  manifestText,
  type PartitionObject,
  SUCCESS_FILE,
} from './manifest.js';
import { type PartitionPrefix, partitionPrefix } from './partitionPrefix.js';
import {
  computeWatermark,
  type FreshnessDatapoint,
  type FreshnessWindow,
  freshnessWindow,
  type Watermark,
} from './watermark.js';

/** Where partitions and their manifests are stored. */
export interface PartitionStore {
  /** The data objects under a prefix, and whether its `_SUCCESS` exists. */
  list(
    prefix: string,
  ): Promise<{ objects: PartitionObject[]; committed: boolean }>;
  /** Write `body` at `key` unless the key exists (then: `exists`). */
  putIfAbsent(key: string, body: string): Promise<'written' | 'exists'>;
}

/** Reads the DataFreshness datapoints of a window. */
export type FreshnessSource = (
  window: FreshnessWindow,
) => Promise<FreshnessDatapoint[]>;

/** Tells the world about one commit. */
export type CommitPublisher = (summary: ManifestSummary) => Promise<void>;

/** How DataFreshness is read and read into a watermark. */
export interface FreshnessRule {
  readonly periodMs: number;
  readonly publicationDelayMs: number;
  /** `undefined`: an idle stream holds the watermark. */
  readonly idleAfterMs: number | undefined;
}

/** Everything a run needs. */
export interface CommitOptions {
  readonly bucket: string;
  readonly deliveryStream: string;
  readonly prefix: PartitionPrefix;
  readonly partition: Partitioner;
  readonly rule: CommitRule;
  readonly freshness: FreshnessRule;
  readonly readFreshness: FreshnessSource;
  readonly store: PartitionStore;
  readonly publish?: CommitPublisher | undefined;
  /** Partitions handled at once (S3 requests in flight). */
  readonly concurrency: number;
}

/** What a run did. */
export interface CommitReport {
  readonly watermark: Watermark;
  /** Complete partitions in the lookback. */
  readonly candidates: number;
  /** Prefixes committed by this run. */
  readonly committed: readonly string[];
  /** Complete partitions found committed already (by an earlier run). */
  readonly alreadyCommitted: number;
  /** Commits whose event could not be published. */
  readonly publishFailures: readonly { prefix: string; error: unknown }[];
}

/**
 * Run one commit at `nowMs` (the schedule event's time: the run decides
 * from the datapoints up to it, never from the wall clock).
 *
 * @example
 * ```ts
 * const report = await commitPartitions(Date.parse(event.time), options);
 * report.committed; // ['events/year=2026/month=03/day=01/hour=10/']
 * ```
 */
export async function commitPartitions(
  nowMs: number,
  options: CommitOptions,
): Promise<CommitReport> {
  const window = freshnessWindow(nowMs, {
    periodMs: options.freshness.periodMs,
    publicationDelayMs: options.freshness.publicationDelayMs,
    spanMs: options.rule.lookbackMs,
  });
  const datapoints = await options.readFreshness(window);
  const watermark = computeWatermark(
    datapoints,
    window,
    options.freshness.idleAfterMs,
  );
  return commitAtWatermark(watermark, nowMs, options);
}

/** What {@link commitAtWatermark} needs: no freshness source. */
export type WatermarkCommitOptions = Omit<
  CommitOptions,
  'freshness' | 'readFreshness'
>;

/**
 * Commit the complete partitions at a known watermark (the second half of
 * {@link commitPartitions}); a local Firehose passes the watermark of its
 * own delivery bookkeeping. `committedAtMs` goes into the manifests.
 *
 * @example
 * ```ts
 * await commitAtWatermark({ watermarkMs, evidence: 'freshness', datapoints: 0 }, clock.now(), options);
 * ```
 */
export async function commitAtWatermark(
  watermark: Watermark,
  committedAtMs: number,
  options: WatermarkCommitOptions,
): Promise<CommitReport> {
  if (watermark.watermarkMs === undefined) {
    return {
      watermark,
      candidates: 0,
      committed: [],
      alreadyCommitted: 0,
      publishFailures: [],
    };
  }
  const watermarkMs: number = watermark.watermarkMs;
  const windows = completePartitions(
    watermarkMs,
    options.partition,
    options.rule,
  );
  const committed: string[] = [];
  const publishFailures: { prefix: string; error: unknown }[] = [];
  let alreadyCommitted = 0;

  async function commitOne(index: number): Promise<void> {
    const partition = windows[index];
    if (partition === undefined) return;
    const prefix = partitionPrefix(options.prefix, partition.keys);
    const listing = await options.store.list(prefix);
    if (listing.committed) {
      alreadyCommitted++;
      return;
    }
    const manifest = buildManifest({
      bucket: options.bucket,
      prefix,
      partition: partition.keys,
      startMs: partition.start,
      endMs: partition.end,
      objects: listing.objects,
      watermarkMs,
      allowedLatenessMs: options.rule.allowedLatenessMs,
      committedAtMs,
      deliveryStream: options.deliveryStream,
    });
    const key = `${prefix}${SUCCESS_FILE}`;
    const outcome = await options.store.putIfAbsent(
      key,
      manifestText(manifest),
    );
    if (outcome === 'exists') {
      alreadyCommitted++;
      return;
    }
    committed.push(prefix);
    if (options.publish === undefined) return;
    try {
      await options.publish(manifestSummary(manifest, key));
    } catch (error) {
      publishFailures.push({ prefix, error });
    }
  }

  // A fixed pool of workers over the windows, oldest first.
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.concurrency, windows.length)) },
    async () => {
      while (next < windows.length) await commitOne(next++);
    },
  );
  await Promise.all(workers);
  committed.sort();
  return {
    watermark,
    candidates: windows.length,
    committed,
    alreadyCommitted,
    publishFailures,
  };
}
