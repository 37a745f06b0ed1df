/**
 * The marker of a re-ingested record: one JSON line put in front of the
 * output that is sent back into the source stream.
 *
 * ```text
 * {"reingestedBy":"firehose-processors","version":1,"partitionKeys":{"year":"2026",…}}\n
 * <the record's output: newline-terminated JSON Lines>
 * ```
 *
 * When the record comes back, the processor strips the line and answers
 * the rest `Ok` with those keys, untouched (it was processed already).
 * Without the processor, the line stays in front of the data in S3: it is
 * a valid JSON line, easy to filter out.
 */
import { FailureReason } from '../firehose/reasons.js';
import type { FailedVerdict, PartitionKeys } from '../firehose/types.js';
import { failed } from '../firehose/verdicts.js';

const TAG = '{"reingestedBy":"firehose-processors"';
const TAG_BYTES = Buffer.from(TAG, 'utf8');
// Base64 of the tag's first whole 3-byte groups: any marked record's
// base64 data starts with it, so the check needs no decoding.
const TAG_BASE64 = TAG_BYTES.subarray(
  0,
  TAG_BYTES.length - (TAG_BYTES.length % 3),
).toString('base64');
const VERSION = 1;
const MAX_MARKER_BYTES = 4096;
const KEY_NAME = /^[A-Za-z0-9_]{1,64}$/;
const KEY_VALUE = /^[A-Za-z0-9_.:-]{1,128}$/;
const MARKER_FIELDS = new Set(['reingestedBy', 'version', 'partitionKeys']);

/** A re-ingested record's output and partition keys, marker removed. */
export interface ReingestedData {
  readonly payload: Buffer;
  readonly partitionKeys: PartitionKeys | undefined;
}

/**
 * The marker line for output with these partition keys.
 *
 * @example
 * ```ts
 * Buffer.concat([markerLine({ year: '2026' }), output]);
 * ```
 */
export function markerLine(partitionKeys?: PartitionKeys): Buffer {
  const keys =
    partitionKeys === undefined
      ? ''
      : `,"partitionKeys":${JSON.stringify(partitionKeys)}`;
  return Buffer.from(`${TAG},"version":${VERSION}${keys}}\n`, 'utf8');
}

/**
 * Whether a record's base64 data starts like a marked record (cheap: no
 * decoding). {@link readReingested} then tells for sure.
 *
 * @example
 * ```ts
 * if (looksReingested(record.data)) readReingested(decodeBase64(record.data));
 * ```
 */
export function looksReingested(base64: string): boolean {
  return base64.startsWith(TAG_BASE64);
}

/**
 * Read a marked record: its output and keys; `undefined` when the data has
 * no marker; a `ProcessingFailed` (`invalid-reingest-marker`) when it
 * starts like one but the line is not a valid marker (never trusted: the
 * keys become S3 prefixes).
 *
 * @example
 * ```ts
 * const marked = readReingested(Buffer.from(record.data, 'base64'));
 * if (marked !== undefined && !isRejection(marked)) ok(marked.payload.toString('base64'), marked.partitionKeys);
 * ```
 */
export function readReingested(
  data: Buffer,
): ReingestedData | FailedVerdict | undefined {
  if (!data.subarray(0, TAG_BYTES.length).equals(TAG_BYTES)) return undefined;
  const end = data.indexOf(0x0a, TAG_BYTES.length);
  if (end === -1 || end >= MAX_MARKER_BYTES) {
    return invalid(`no newline within ${MAX_MARKER_BYTES} bytes`);
  }
  let marker: unknown;
  try {
    marker = JSON.parse(data.toString('utf8', 0, end));
  } catch {
    return invalid('the marker line is not JSON');
  }
  const { version, partitionKeys } = marker as Record<string, unknown>;
  if (Object.keys(marker as object).some((k) => !MARKER_FIELDS.has(k))) {
    return invalid('unknown field in the marker line');
  }
  if (version !== VERSION) return invalid(`unsupported version ${version}`);
  if (partitionKeys === undefined) {
    return { payload: data.subarray(end + 1), partitionKeys: undefined };
  }
  const keys = readKeys(partitionKeys);
  if (keys === undefined) {
    return invalid(
      'partitionKeys must map 1-64 [A-Za-z0-9_] names to 1-128 [A-Za-z0-9_.:-] values',
    );
  }
  return { payload: data.subarray(end + 1), partitionKeys: keys };
}

function readKeys(value: unknown): PartitionKeys | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > 16) return undefined;
  for (const [name, key] of entries) {
    if (!KEY_NAME.test(name)) return undefined;
    if (typeof key !== 'string' || !KEY_VALUE.test(key) || /^\.+$/.test(key)) {
      return undefined;
    }
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

function invalid(detail: string): FailedVerdict {
  return failed(FailureReason.invalidReingestMarker, detail);
}
