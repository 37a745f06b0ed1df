import { FailureReason } from '../firehose/reasons.js';
import type { BatchEntry, BatchLimits } from './batchTransport.js';

/**
 * Limits of Firehose `PutRecordBatch` (API_PutRecordBatch): 500 records,
 * 4 MiB of raw data per call, 1,000 KiB per record (before base64).
 *
 * @example
 * ```ts
 * packBatches(entries, PutRecordBatchLimits);
 * ```
 */
export const PutRecordBatchLimits = {
  maxRecordsPerCall: 500,
  maxBytesPerCall: 4_194_304,
  maxBytesPerRecord: 1_024_000,
} as const satisfies BatchLimits;

/**
 * An entry that no call can carry, with the reason reported for it.
 *
 * @example
 * ```ts
 * const rejected: RejectedEntry<BatchEntry> = { entry, bytes: 1_024_001, reason: 'too-large-for-fallback' };
 * ```
 */
export interface RejectedEntry<T extends BatchEntry> {
  readonly entry: T;
  readonly bytes: number;
  readonly reason: typeof FailureReason.tooLargeForFallback;
}

/**
 * The calls to make, and the entries left out.
 *
 * @example
 * ```ts
 * const { calls, rejected } = packBatches(entries);
 * ```
 */
export interface PackedBatches<T extends BatchEntry> {
  readonly calls: T[][];
  readonly rejected: RejectedEntry<T>[];
}

interface OpenCall<T> {
  readonly entries: T[];
  bytes: number;
}

/**
 * Pack entries into as few calls as the limits allow. First fit in input
 * order: each entry joins the first call it fits in, so the entries of a
 * call keep their input order; a call is never over the record or byte
 * limit. It never makes more calls than cutting the input into consecutive
 * runs would (at most one call opens per such run) and is optimal when the
 * record count binds.
 * Entries over `maxBytesPerRecord` are returned in `rejected`.
 *
 * @example
 * ```ts
 * const { calls, rejected } = packBatches(
 *   [{ id: 'a', data: new Uint8Array(10) }],
 *   PutRecordBatchLimits,
 * );
 * // calls: [[{ id: 'a', … }]], rejected: []
 * ```
 */
export function packBatches<T extends BatchEntry>(
  entries: readonly T[],
  limits: BatchLimits = PutRecordBatchLimits,
): PackedBatches<T> {
  assertLimits(limits);
  const calls: OpenCall<T>[] = [];
  // Calls that reached the record limit leave this list, which keeps the
  // scan short for many small entries.
  let open: OpenCall<T>[] = [];
  const rejected: RejectedEntry<T>[] = [];
  for (const entry of entries) {
    const bytes = entryBytes(entry);
    if (bytes > limits.maxBytesPerRecord) {
      rejected.push({
        entry,
        bytes,
        reason: FailureReason.tooLargeForFallback,
      });
      continue;
    }
    let target = open.find(
      (call) => call.bytes + bytes <= limits.maxBytesPerCall,
    );
    if (target === undefined) {
      target = { entries: [], bytes: 0 };
      calls.push(target);
      open.push(target);
    }
    target.entries.push(entry);
    target.bytes += bytes;
    if (target.entries.length >= limits.maxRecordsPerCall) {
      open = open.filter((call) => call !== target);
    }
  }
  return { calls: calls.map((call) => call.entries), rejected };
}

/**
 * The bytes an entry counts for in a call: its data, plus its partition key
 * (UTF-8) when it has one (Kinesis counts keys toward its limits).
 *
 * @example
 * ```ts
 * entryBytes({ id: 'a', data: new Uint8Array(10), partitionKey: 'k1' }); // 12
 * ```
 */
export function entryBytes(entry: BatchEntry): number {
  const key = entry.partitionKey;
  return (
    entry.data.byteLength + (key === undefined ? 0 : Buffer.byteLength(key))
  );
}

function assertLimits(limits: BatchLimits): void {
  const { maxRecordsPerCall, maxBytesPerCall, maxBytesPerRecord } = limits;
  if (
    !Number.isInteger(maxRecordsPerCall) ||
    maxRecordsPerCall < 1 ||
    !(maxBytesPerRecord >= 0) ||
    !(maxBytesPerCall >= maxBytesPerRecord)
  ) {
    throw new RangeError(`Invalid batch limits: ${JSON.stringify(limits)}`);
  }
}
