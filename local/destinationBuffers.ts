// Firehose's delivery buffers in front of S3: one per partition (one only
// without dynamic partitioning) and one per error output type, each
// flushed at BufferingHints SizeInMBs or IntervalInSeconds after it
// opened; at most `activeLimit` partitions open at once.
import type { ErrorOutputType } from './errorCodes.ts';

/** Which buffer a chunk goes to: a data partition or an error folder. */
export type BufferTarget =
  | {
      readonly kind: 'data';
      readonly key: string;
      /** The Prefix's keys; a key the record lacks is undefined. */
      readonly partitionKeys?: Readonly<Record<string, string | undefined>>;
    }
  | {
      readonly kind: 'error';
      readonly key: string;
      readonly errorOutputType: ErrorOutputType;
    };

/** An open buffer: its chunks, counts and the arrival of its oldest record. */
export type OpenBuffer = BufferTarget & {
  chunks: Buffer[];
  bytes: number;
  records: number;
  oldestArrivalMs: number;
  deadline: number;
};

/**
 * @param options
 * @param options.sizeBytes
 * @param options.intervalMs
 * @param options.activeLimit open data partitions allowed
 * @example
 *   const buffers = createDestinationBuffers({ sizeBytes, intervalMs, activeLimit: 500 });
 *   buffers.add({ key, kind: 'data', partitionKeys }, chunk, arrivalMs, now);
 */
export function createDestinationBuffers({
  sizeBytes,
  intervalMs,
  activeLimit,
}: {
  sizeBytes: number;
  intervalMs: number;
  activeLimit: number;
}) {
  const open = new Map<string, OpenBuffer>();
  let activeData = 0;
  return {
    /**
     * Add a chunk to the buffer `target.key`. Returns 'limit' (a new data
     * partition past the limit: nothing added), 'full' (flush it now) or
     * 'ok'.
     */
    add(
      target: BufferTarget,
      chunk: Buffer,
      arrivalMs: number,
      now: number,
    ): 'limit' | 'full' | 'ok' {
      let buffer = open.get(target.key);
      if (buffer === undefined) {
        if (target.kind === 'data' && activeData >= activeLimit) return 'limit';
        buffer = {
          ...target,
          chunks: [],
          bytes: 0,
          records: 0,
          oldestArrivalMs: arrivalMs,
          deadline: now + intervalMs,
        };
        open.set(target.key, buffer);
        if (target.kind === 'data') activeData++;
      }
      buffer.chunks.push(chunk);
      buffer.bytes += chunk.length;
      buffer.records++;
      buffer.oldestArrivalMs = Math.min(buffer.oldestArrivalMs, arrivalMs);
      return buffer.bytes >= sizeBytes ? 'full' : 'ok';
    },
    /** Earliest interval expiry among open buffers. */
    nextDeadline(): number | undefined {
      let next: number | undefined;
      for (const buffer of open.values())
        if (next === undefined || buffer.deadline < next)
          next = buffer.deadline;
      return next;
    },
    /** The arrival of the oldest record in any open buffer. */
    oldestArrivalMs(): number | undefined {
      let oldest: number | undefined;
      for (const buffer of open.values())
        if (oldest === undefined || buffer.oldestArrivalMs < oldest)
          oldest = buffer.oldestArrivalMs;
      return oldest;
    },
    /** Keys of the buffers whose interval has expired at `now`, oldest first. */
    due(now: number): string[] {
      return [...open.values()]
        .filter((buffer) => buffer.deadline <= now)
        .sort((a, b) => a.deadline - b.deadline)
        .map((buffer) => buffer.key);
    },
    /** Close a buffer and return it (its partition stops being active). */
    take(key: string): OpenBuffer | undefined {
      const buffer = open.get(key);
      open.delete(key);
      if (buffer?.kind === 'data') activeData--;
      return buffer;
    },
  };
}
