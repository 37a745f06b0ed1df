/**
 * The `_SUCCESS` manifest of a committed partition: exactly which objects
 * make up the partition, and on what the commit rests.
 */
import type { PartitionKeys } from '../firehose/types.js';

/** The file name of the commit marker, as Hadoop, Spark and Flink write it. */
export const SUCCESS_FILE = '_SUCCESS';

/** One data object of a partition. */
export interface PartitionObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

/** What the manifest says. */
export interface Manifest {
  readonly version: 1;
  readonly bucket: string;
  readonly prefix: string;
  readonly partition: PartitionKeys;
  /** The partition's event-time window [start, end), ISO-8601 UTC. */
  readonly window: { readonly start: string; readonly end: string };
  readonly objectCount: number;
  readonly bytes: number;
  readonly objects: readonly PartitionObject[];
  /** Every record that entered the stream before this was delivered. */
  readonly watermark: string;
  readonly allowedLatenessMs: number;
  readonly committedAt: string;
  readonly deliveryStream: string;
}

/** The manifest without its object list: the EventBridge event's detail. */
export type ManifestSummary = Omit<Manifest, 'objects'> & {
  readonly manifestKey: string;
};

/** What {@link buildManifest} needs. */
export interface ManifestInput {
  readonly bucket: string;
  readonly prefix: string;
  readonly partition: PartitionKeys;
  readonly startMs: number;
  readonly endMs: number;
  readonly objects: readonly PartitionObject[];
  readonly watermarkMs: number;
  readonly allowedLatenessMs: number;
  readonly committedAtMs: number;
  readonly deliveryStream: string;
}

/**
 * Build a manifest; objects are sorted by key so that the same listing
 * gives the same bytes.
 *
 * @example
 * ```ts
 * const manifest = buildManifest({ bucket, prefix, partition: window.keys, startMs: window.start, endMs: window.end, objects, watermarkMs, allowedLatenessMs, committedAtMs, deliveryStream });
 * manifest.objectCount; // objects.length
 * ```
 */
export function buildManifest(input: ManifestInput): Manifest {
  const objects = [...input.objects]
    .map((o) => ({ key: o.key, size: o.size, etag: o.etag }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    version: 1,
    bucket: input.bucket,
    prefix: input.prefix,
    partition: { ...input.partition },
    window: { start: iso(input.startMs), end: iso(input.endMs) },
    objectCount: objects.length,
    bytes: objects.reduce((sum, o) => sum + o.size, 0),
    objects,
    watermark: iso(input.watermarkMs),
    allowedLatenessMs: input.allowedLatenessMs,
    committedAt: iso(input.committedAtMs),
    deliveryStream: input.deliveryStream,
  };
}

/**
 * The manifest's text: JSON, then a newline.
 *
 * @example
 * ```ts
 * await store.putIfAbsent(`${prefix}_SUCCESS`, manifestText(manifest));
 * ```
 */
export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The summary published per commit (no object list: an event holds 256 KB).
 *
 * @example
 * ```ts
 * manifestSummary(manifest, 'events/year=2026/…/_SUCCESS').objectCount;
 * ```
 */
export function manifestSummary(
  manifest: Manifest,
  manifestKey: string,
): ManifestSummary {
  const { objects: _objects, ...summary } = manifest;
  return { ...summary, manifestKey };
}

/**
 * True for a key that is not a data object: a name starting with `_` or
 * `.` (Athena, Glue and Spark skip those), such as `_SUCCESS` itself.
 *
 * @example
 * ```ts
 * isHiddenKey('events/year=2026/_SUCCESS'); // true
 * ```
 */
export function isHiddenKey(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name.startsWith('_') || name.startsWith('.');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
